import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { LanguageModel } from './LanguageModel.ts';
import { OpenAiLanguageModel } from './OpenAiLanguageModel.ts';
import { OpenAiSpeechToText } from './OpenAiSpeechToText.ts';
import { OpenAiTextToSpeech } from './OpenAiTextToSpeech.ts';
import type { SpeechToText } from './SpeechToText.ts';
import type { TextToSpeech } from './TextToSpeech.ts';

/** The three AI capabilities the bot uses. */
export interface AiProviders {
  llm: LanguageModel;
  stt: SpeechToText;
  tts: TextToSpeech;
}

/**
 * Builds the OpenAI-compatible providers from config: each capability has its own base URL,
 * key, model, timeout and retry count, so chat can go to Ollama and speech elsewhere.
 */
export function createAiProviders(config: Config, logger: Logger): AiProviders {
  return {
    llm: new OpenAiLanguageModel({ ...config.llm, logger }),
    stt: new OpenAiSpeechToText({ ...config.stt, logger }),
    tts: new OpenAiTextToSpeech({ ...config.tts, logger }),
  };
}
