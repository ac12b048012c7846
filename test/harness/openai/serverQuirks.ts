import { pydanticError } from './pydanticError.ts';

/**
 * Which server the stand-in behaves like. `openai` is the default; the others are the
 * self-hosted servers the README has recipes for, with the differences that matter to Hotseat:
 * - `ollama` (OpenAI-compatible /v1 of Ollama): an unknown model is a 404 "not found, try
 *   pulling it first"; `/v1/models` lists the pulled models (owned_by "library").
 * - `speaches` (faster-whisper server): a model that is not installed is a 404 with FastAPI's
 *   `{"detail": "Model '…' is not installed locally…"}`; `language` and `prompt` are accepted.
 * - `kokoro` (Kokoro-FastAPI): models tts-1, tts-1-hd, kokoro, gpt-4o-mini-tts only; Kokoro voices
 *   (af_heart…) or the OpenAI names it maps (alloy, ash, coral, echo, fable, onyx, nova, sage,
 *   shimmer; not ballad, verse, marin, cedar); errors as `{"detail": {error, message, type}}`;
 *   formats mp3, opus, aac, flac, wav, pcm (a bad one is FastAPI's 422); WAV is streamed with
 *   an unknown data size in its header.
 */
export type ServerKind = 'openai' | 'ollama' | 'speaches' | 'kokoro';

/** What `/v1/models` lists when the test gives no list. */
export const DEFAULT_MODELS: Record<ServerKind, readonly string[]> = {
  openai: ['gpt-4o-mini', 'gpt-4o', 'whisper-1', 'gpt-4o-mini-transcribe', 'tts-1', 'tts-1-hd', 'gpt-4o-mini-tts'],
  ollama: ['llama3.1:8b', 'qwen2.5:7b-instruct'],
  speaches: ['Systran/faster-whisper-small', 'Systran/faster-distil-whisper-small.en'],
  kokoro: ['tts-1', 'tts-1-hd', 'kokoro'],
};

/** A refusal in the server's own body shape; `message` is what the call log records. */
export interface ServerRefusal {
  status: number;
  body: unknown;
  message: string;
}

const KOKORO_MODELS = ['tts-1', 'tts-1-hd', 'kokoro', 'gpt-4o-mini-tts'];
const KOKORO_VOICE_MAP: Record<string, string> = {
  alloy: 'am_v0adam', ash: 'af_v0nicole', coral: 'bf_v0emma', echo: 'af_v0bella', fable: 'af_sarah',
  onyx: 'bm_george', nova: 'bf_v0isabella', sage: 'am_michael', shimmer: 'af_sky',
};
const KOKORO_VOICES = ['af_heart', 'af_bella', 'af_nicole', 'af_sarah', 'af_sky', 'am_adam', 'am_michael', 'bf_emma', 'bf_isabella', 'bm_george', 'bm_lewis', 'am_v0adam', 'af_v0nicole', 'bf_v0emma', 'af_v0bella', 'bf_v0isabella'];
const KOKORO_FORMATS = ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'];

/** The body of GET /v1/models in the server's shape. */
export function modelsBody(kind: ServerKind, ids: readonly string[]): unknown {
  const owner = kind === 'ollama' ? 'library' : kind === 'openai' ? 'system' : kind;
  return { object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: owner })) };
}

/** Ollama's 404 for a model that was not pulled; null when the model is there or the server is not Ollama. */
export function chatModelRefusal(kind: ServerKind, model: unknown, models: readonly string[]): ServerRefusal | null {
  if (kind !== 'ollama' || (typeof model === 'string' && models.includes(model))) return null;
  const message = `model "${String(model)}" not found, try pulling it first`;
  return { status: 404, message, body: { error: { message, type: 'api_error', param: null, code: null } } };
}

/** speaches' 404 for a model that is not installed; null otherwise. */
export function transcriptionModelRefusal(kind: ServerKind, model: string | undefined, models: readonly string[]): ServerRefusal | null {
  if (kind !== 'speaches' || (model !== undefined && models.includes(model))) return null;
  const message = `Model '${model ?? ''}' is not installed locally. You can download the model using \`POST /v1/models\``;
  return { status: 404, message, body: { detail: message } };
}

/** A server that does not take `prompt` (FastAPI's answer to an unexpected form field it forbids). */
export function promptRefusal(): ServerRefusal {
  const message = pydanticError('extra_forbidden', 'prompt', 'Extra inputs are not permitted');
  return { status: 422, message, body: { detail: message } };
}

/** Kokoro-FastAPI's checks of a speech body (model, voice, format); null when it would synthesize. */
export function kokoroSpeechRefusal(body: Record<string, unknown>): ServerRefusal | null {
  const detail = (error: string, message: string, status = 400): ServerRefusal => ({ status, message, body: { detail: { error, message, type: 'invalid_request_error' } } });
  const format = body.response_format ?? 'mp3';
  if (!KOKORO_FORMATS.includes(String(format))) {
    const message = `Input should be ${KOKORO_FORMATS.slice(0, -1).map((f) => `'${f}'`).join(', ')} or 'pcm'`;
    return { status: 422, message, body: { detail: [{ type: 'literal_error', loc: ['body', 'response_format'], msg: message, input: format }] } };
  }
  if (typeof body.model !== 'string' || !KOKORO_MODELS.includes(body.model)) return detail('invalid_model', `Unsupported model: ${String(body.model)}`);
  const voice = typeof body.voice === 'string' ? (KOKORO_VOICE_MAP[body.voice] ?? body.voice) : '';
  if (!KOKORO_VOICES.includes(voice)) {
    return detail('validation_error', `Voice '${voice}' not found. Available voices: ${[...KOKORO_VOICES].sort().join(', ')}`);
  }
  if (typeof body.input !== 'string' || body.input.trim() === '') return detail('validation_error', 'Text is empty after preprocessing');
  return null;
}
