import type { CapabilityHealth } from './CapabilityHealth.ts';
import type { LanguageModel } from './LanguageModel.ts';
import type { SpeechToText } from './SpeechToText.ts';
import type { SpeechAudio, TextToSpeech } from './TextToSpeech.ts';

/** The three capabilities, as {@link withCapabilityHealth} wraps them. */
export interface AiCapabilities {
  llm: LanguageModel;
  stt: SpeechToText;
  tts: TextToSpeech;
}

/**
 * Wraps the providers so that every call's outcome is recorded in `health`: a resolved chat,
 * structured call or transcription is a success, a rejection a failure. Speech counts when
 * its audio stream ends (success) or fails (failure), since the body can break after the
 * headers. A call the caller aborted, or audio it stopped reading, records nothing: that says
 * nothing about the service. Results and errors pass through unchanged.
 */
export function withCapabilityHealth(providers: AiCapabilities, health: CapabilityHealth): AiCapabilities {
  const { llm, stt, tts } = providers;
  const track = async <T>(capability: 'llm' | 'stt', signal: AbortSignal | undefined, call: Promise<T>): Promise<T> => {
    try {
      const value = await call;
      health.succeeded(capability);
      return value;
    } catch (err) {
      if (!signal?.aborted) health.failed(capability, err);
      throw err;
    }
  };
  return {
    llm: {
      chat: (messages, options) => track('llm', options?.signal, llm.chat(messages, options)),
      structured: (messages, schema, name, options) => track('llm', options?.signal, llm.structured(messages, schema, name, options)),
    },
    stt: {
      transcribe: (wav, options) => track('stt', options?.signal, stt.transcribe(wav, options)),
    },
    tts: {
      synthesize: async (text, options) => {
        let audio: SpeechAudio;
        try {
          audio = await tts.synthesize(text, options);
        } catch (err) {
          if (!options?.signal?.aborted) health.failed('tts', err);
          throw err;
        }
        // 'end' and 'close' listeners do not start the flow or take the errors from their owner.
        audio.stream.once('end', () => health.succeeded('tts'));
        audio.stream.once('close', () => {
          const error = audio.stream.errored;
          if (error && !options?.signal?.aborted) health.failed('tts', error);
        });
        return audio;
      },
    },
  };
}
