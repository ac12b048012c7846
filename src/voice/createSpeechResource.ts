import { type AudioResource, createAudioResource, StreamType } from '@discordjs/voice';
import { pipeline, type Readable } from 'node:stream';
import type { SpeechAudio } from '../ai/TextToSpeech.ts';
import { PcmOpusEncoder } from './PcmOpusEncoder.ts';

/**
 * Turns synthesised speech into an AudioResource the @discordjs/voice player plays without
 * ffmpeg and without inline volume: PCM is encoded to 20 ms Opus packets as it streams in (so
 * playback starts before the whole audio has arrived); Ogg Opus is only demuxed.
 * @throws Error when the PCM sample rate is not one Opus encodes natively
 */
export function createSpeechResource(audio: SpeechAudio): AudioResource<null> {
  if (audio.format === 'ogg_opus') {
    return createAudioResource(audio.stream, { inputType: StreamType.OggOpus, inlineVolume: false });
  }
  return createAudioResource(opusPacketStream(audio), { inputType: StreamType.Opus, inlineVolume: false });
}

/** PCM speech → an object-mode stream of 20 ms Opus packets; errors of the source destroy it. */
export function opusPacketStream(audio: Extract<SpeechAudio, { format: 'pcm_s16le' }>): Readable {
  let encoder: PcmOpusEncoder;
  try {
    encoder = new PcmOpusEncoder({ sampleRateHz: audio.sampleRateHz, channels: audio.channels });
  } catch (error) {
    audio.stream.destroy();
    throw error;
  }
  // pipeline() destroys both streams on error; the player sees the error on the resource.
  return pipeline(audio.stream, encoder, () => undefined);
}
