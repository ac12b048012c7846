import { type AudioResource, createAudioResource, StreamType } from '@discordjs/voice';
import { Readable } from 'node:stream';
import type { SpeechAudio } from '../ai/TextToSpeech.ts';
import { createSpeechResource } from './createSpeechResource.ts';
import { OPUS_RATES_HZ } from './PcmOpusEncoder.ts';

/**
 * Something the bot can say, before it becomes a player's AudioResource: Opus packets of 20 ms
 * each, ready to send (cached phrases), or speech streaming from the TTS provider (encoded as
 * it plays). Kept as data rather than a resource so it can be played in another thread (the
 * voice threads, see src/bot/voiceThreads) where the encoding then happens too.
 */
export type Playable =
  | { kind: 'opus'; packets: readonly Buffer[] }
  | { kind: 'speech'; audio: SpeechAudio };

/**
 * Synthesised speech as a {@link Playable}.
 * @throws Error (and destroys the stream) when the PCM sample rate is not one Opus encodes natively,
 *   so a bad provider reply fails where it is made, not later in the player
 */
export function playableSpeech(audio: SpeechAudio): Playable {
  if (audio.format === 'pcm_s16le' && !OPUS_RATES_HZ.has(audio.sampleRateHz)) {
    audio.stream.destroy();
    throw new Error(`Opus cannot encode ${audio.sampleRateHz} Hz without resampling; use 8, 12, 16, 24 or 48 kHz`);
  }
  return { kind: 'speech', audio };
}

/** A player resource for `playable` (a fresh one each call: resources play once). */
export function toAudioResource(playable: Playable): AudioResource<null> {
  if (playable.kind === 'speech') return createSpeechResource(playable.audio);
  return createAudioResource(Readable.from(playable.packets), { inputType: StreamType.Opus, inlineVolume: false });
}
