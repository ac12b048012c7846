import type { AudioResource } from '@discordjs/voice';
import type { SpeechAudio } from '../ai/TextToSpeech.ts';

/**
 * Speech audio → a playable resource. Placeholder until VOICE's `createSpeechResource` lands
 * (src/voice/); voice interviews cannot play audio before then.
 */
export function createSpeechResourceForBot(audio: SpeechAudio): AudioResource {
  audio.stream.destroy();
  throw new Error('voice playback is not wired yet (waiting for src/voice/createSpeechResource.ts)');
}
