import { invalidValueMessage, openAiRefusal, type OpenAiRefusal } from './openAiError.ts';
import { pydanticError } from './pydanticError.ts';

/** OpenAI's speech voices, in the order its "Supported values" message lists them. */
export const SPEECH_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer', 'verse', 'marin', 'cedar'] as const;
/** Formats /v1/audio/speech can return. */
export const SPEECH_FORMATS = ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'] as const;
/** Longest `input`, in characters (code points). */
export const SPEECH_INPUT_MAX_CHARS = 4_096;
const SPEED_MIN = 0.25;
const SPEED_MAX = 4;

/** A speech body the stand-in accepted. */
export interface SpeechRequest {
  model: string;
  input: string;
  voice: unknown;
  format: (typeof SPEECH_FORMATS)[number];
}

/** Checks a POST /v1/audio/speech body as OpenAI does: the request, or OpenAI's refusal. */
export function checkSpeechRequest(body: Record<string, unknown>): SpeechRequest | OpenAiRefusal {
  const refuse = (message: string, param: string | null = null, code: string | null = null): OpenAiRefusal => openAiRefusal(400, message, { param, code });
  for (const field of ['model', 'input', 'voice'] as const) {
    if (body[field] === undefined || body[field] === null) return refuse(pydanticError('missing', field, 'Field required'));
  }
  if (typeof body.model !== 'string') return refuse(pydanticError('string_type', 'model', 'Input should be a valid string'));
  if (typeof body.input !== 'string') return refuse(pydanticError('string_type', 'input', 'Input should be a valid string'));
  const chars = [...body.input].length;
  if (chars === 0) return refuse(pydanticError('string_too_short', 'input', 'String should have at least 1 character', { min_length: 1 }));
  if (chars > SPEECH_INPUT_MAX_CHARS) {
    return refuse(pydanticError('string_too_long', 'input', `String should have at most ${SPEECH_INPUT_MAX_CHARS} characters`, { max_length: SPEECH_INPUT_MAX_CHARS }));
  }
  const customVoice = typeof body.voice === 'object' && typeof (body.voice as { id?: unknown }).id === 'string';
  if (!customVoice && !(SPEECH_VOICES as readonly unknown[]).includes(body.voice)) {
    return refuse(invalidValueMessage(body.voice, SPEECH_VOICES), 'voice', 'invalid_value');
  }
  const format = body.response_format ?? 'mp3';
  if (!(SPEECH_FORMATS as readonly unknown[]).includes(format)) return refuse(invalidValueMessage(format, SPEECH_FORMATS), 'response_format', 'invalid_value');
  if (body.speed !== undefined && body.speed !== null) {
    if (typeof body.speed !== 'number') return refuse(pydanticError('float_type', 'speed', 'Input should be a valid number'));
    if (body.speed < SPEED_MIN) return refuse(pydanticError('greater_than_equal', 'speed', `Input should be greater than or equal to ${SPEED_MIN}`, { ge: SPEED_MIN }));
    if (body.speed > SPEED_MAX) return refuse(pydanticError('less_than_equal', 'speed', `Input should be less than or equal to ${SPEED_MAX}`, { le: '4.0' }));
  }
  return { model: body.model, input: body.input, voice: body.voice, format: format as SpeechRequest['format'] };
}
