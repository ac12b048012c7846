import { type AudioResource, createAudioResource, StreamType } from '@discordjs/voice';
import prism from 'prism-media';
import { pipeline, type Readable, type Transform } from 'node:stream';
import type { SpeechAudio } from '../ai/TextToSpeech.ts';
import { PcmOpusEncoder } from './PcmOpusEncoder.ts';
import { TwentyMsOpus } from './TwentyMsOpus.ts';

/**
 * Turns synthesised speech into an AudioResource the @discordjs/voice player plays without
 * ffmpeg and without inline volume: PCM is encoded to 20 ms Opus packets as it streams in (so
 * playback starts before the whole audio has arrived); Ogg Opus is demuxed, and re-encoded only
 * if its packets are not 20 ms long (see {@link TwentyMsOpus}).
 * @throws Error when the PCM sample rate is not one Opus encodes natively
 */
export function createSpeechResource(audio: SpeechAudio): AudioResource<null> {
  return createAudioResource(opusPacketStream(audio), { inputType: StreamType.Opus, inlineVolume: false });
}

/** Speech → an object-mode stream of 20 ms Opus packets; errors of the source destroy it. */
export function opusPacketStream(audio: SpeechAudio): Readable {
  if (audio.format === 'ogg_opus') {
    return pipeline(audio.stream, new prism.opus.OggDemuxer() as Transform, new TwentyMsOpus(), () => undefined);
  }
  return pcmPacketStream(audio);
}

function pcmPacketStream(audio: Extract<SpeechAudio, { format: 'pcm_s16le' }>): Readable {
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
