import { aiErrorKind } from '../ai/aiErrorKind.ts';
import { OpenAiTextToSpeech } from '../ai/OpenAiTextToSpeech.ts';
import type { Config } from '../config.ts';
import { createLogger } from '../logger.ts';
import { fail, pass, type CheckResult } from './CheckResult.ts';
import { checkModelListed } from './checkModelListed.ts';
import { decodeSpeechAudio } from './decodeSpeechAudio.ts';
import { describeAiFailure } from './describeAiFailure.ts';
import { speechLikeProblem } from './speechLikeProblem.ts';

const NAME = 'Text to speech';
const FORMAT_FIX = 'set TTS_RESPONSE_FORMAT to a format the server really returns (pcm is 24 kHz raw PCM as OpenAI sends it; wav and opus carry their own format)';

/**
 * Synthesizes "Hello." through the real {@link OpenAiTextToSpeech} (one attempt) in
 * TTS_RESPONSE_FORMAT, decodes all of it without ffmpeg and checks that it looks like speech.
 */
export async function checkTextToSpeech(config: Config['tts']): Promise<CheckResult> {
  const unlisted = await checkModelListed(NAME, 'tts', 'TTS', config);
  if (unlisted) return unlisted;
  const tts = new OpenAiTextToSpeech({ ...config, maxRetries: 0, logger: createLogger({ level: 'silent' }) });
  const label = `${config.model} (voice ${config.voice}, ${config.responseFormat})`;
  let audio;
  try {
    audio = await tts.synthesize('Hello.');
  } catch (err) {
    const { detail, fix } = describeAiFailure('TTS', config, err);
    return fail(NAME, `${label}: ${detail}`, aiErrorKind(err) === 'bad_reply' ? FORMAT_FIX : fix);
  }
  let decoded;
  try {
    decoded = await decodeSpeechAudio(audio);
  } catch (err) {
    return fail(NAME, `${label}: the audio could not be decoded: ${(err as Error).message.slice(0, 160)}`, FORMAT_FIX);
  }
  const problem = speechLikeProblem(decoded);
  if (problem) return fail(NAME, `${label}: ${problem}`, FORMAT_FIX);
  const seconds = (decoded.samples.length / decoded.channels / decoded.sampleRateHz).toFixed(2);
  return pass(NAME, `${label}: ${seconds} s of speech at ${decoded.sampleRateHz / 1000} kHz`);
}
