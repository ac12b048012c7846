import { readFile } from 'node:fs/promises';
import { AiError } from '../ai/AiError.ts';
import { OpenAiSpeechToText } from '../ai/OpenAiSpeechToText.ts';
import type { Config } from '../config.ts';
import { createLogger } from '../logger.ts';
import { fail, pass, type CheckResult } from './CheckResult.ts';
import { checkModelListed } from './checkModelListed.ts';
import { describeAiFailure } from './describeAiFailure.ts';

const NAME = 'Speech to text';

/** Festival saying "hello", 16 kHz mono s16le, 0.9 s: made with `echo hello | text2wave -F 16000`. */
export const HELLO_CLIP = new URL('./assets/hello.wav', import.meta.url);

/**
 * Transcribes the shipped clip through the real {@link OpenAiSpeechToText} (one attempt) with
 * the language hint and a prompt, as interviews send them (unless STT_SEND_LANGUAGE/PROMPT are
 * off), and expects "hello" back. A server that refuses the request with the prompt but takes
 * it without one fails with the fix STT_SEND_PROMPT=false.
 */
export async function checkSpeechToText(config: Config['stt']): Promise<CheckResult> {
  const unlisted = await checkModelListed(NAME, 'stt', 'STT', config);
  if (unlisted) return unlisted;
  const wav = await readFile(HELLO_CLIP);
  const stt = (over: Partial<Config['stt']> = {}): OpenAiSpeechToText => new OpenAiSpeechToText({ ...config, ...over, maxRetries: 0, logger: createLogger({ level: 'silent' }) });
  const options = { language: 'en', prompt: 'A greeting.' };
  let text: string;
  try {
    text = await stt().transcribe(wav, options);
  } catch (err) {
    if (config.sendPrompt && isRefusal(err) && (await worksWithoutPrompt(stt({ sendPrompt: false }), wav))) {
      return fail(NAME, `${config.model}: the server refuses transcriptions that carry a prompt (HTTP ${(err as AiError).status})`, 'set STT_SEND_PROMPT=false');
    }
    const { detail, fix } = describeAiFailure('STT', config, err);
    return fail(NAME, `${config.model}: ${detail}`, fix);
  }
  if (!/\bhel+o\b/i.test(text)) {
    const heard = text === '' ? 'nothing' : `"${text.slice(0, 60)}"`;
    return fail(NAME, `${config.model} heard ${heard} in a clip saying "hello"`, 'check that STT_MODEL is a speech recognition model for English (e.g. whisper-1, Systran/faster-whisper-small)');
  }
  return pass(NAME, `${config.model} heard "${text.slice(0, 60)}"`);
}

function isRefusal(err: unknown): boolean {
  return err instanceof AiError && (err.status === 400 || err.status === 422);
}

async function worksWithoutPrompt(stt: OpenAiSpeechToText, wav: Buffer): Promise<boolean> {
  try {
    await stt.transcribe(wav, { language: 'en', prompt: 'A greeting.' });
    return true;
  } catch {
    return false;
  }
}
