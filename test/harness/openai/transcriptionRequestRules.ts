import { invalidValueMessage, openAiRefusal, type OpenAiRefusal } from './openAiError.ts';

/** Upload extensions OpenAI accepts, in the order its refusal lists them. */
export const TRANSCRIPTION_FORMATS = ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm'] as const;
/** `response_format` values of /v1/audio/transcriptions. */
export const TRANSCRIPTION_RESPONSE_FORMATS = ['json', 'text', 'srt', 'verbose_json', 'vtt'] as const;
/** OpenAI's cap on the whole upload (the request body), in bytes: 25 MiB. */
export const TRANSCRIPTION_MAX_BYTES = 26_214_400;

/** The 184 two-letter ISO-639-1 codes. */
const ISO_639_1 = new Set(
  ('aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu ' +
    'fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ' +
    'ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os ' +
    'pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ' +
    'ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu').split(' '),
);

/** A transcription request the stand-in accepted. */
export interface TranscriptionRequest {
  file: Buffer;
  extension: (typeof TRANSCRIPTION_FORMATS)[number];
  responseFormat: (typeof TRANSCRIPTION_RESPONSE_FORMATS)[number];
  language?: string;
}

/** The 413 OpenAI sends before reading a body over {@link TRANSCRIPTION_MAX_BYTES}. */
export function checkUploadSize(bodyBytes: number): OpenAiRefusal | null {
  if (bodyBytes <= TRANSCRIPTION_MAX_BYTES) return null;
  return openAiRefusal(413, `Maximum content size limit (${TRANSCRIPTION_MAX_BYTES}) exceeded (${bodyBytes} bytes read)`, { type: 'server_error' });
}

/**
 * Checks the multipart fields of POST /v1/audio/transcriptions as OpenAI does. The format is
 * decided by the file name's extension (OpenAI refuses a `.opus` file holding Ogg Opus).
 */
export function checkTranscriptionRequest(fields: Record<string, string>, file: { data: Buffer; filename?: string } | undefined): TranscriptionRequest | OpenAiRefusal {
  if (!fields.model) return openAiRefusal(400, 'you must provide a model parameter');
  if (!file) return openAiRefusal(400, "[{'type': 'missing', 'loc': ('body', 'file'), 'msg': 'Field required'}]");
  const extension = /\.([^./]+)$/.exec(file.filename ?? '')?.[1]?.toLowerCase();
  if (!extension || !(TRANSCRIPTION_FORMATS as readonly string[]).includes(extension)) {
    return openAiRefusal(400, `Invalid file format. Supported formats: [${TRANSCRIPTION_FORMATS.map((f) => `'${f}'`).join(', ')}]`);
  }
  const language = fields.language;
  if (language !== undefined && !ISO_639_1.has(language)) {
    return openAiRefusal(400, `Invalid language '${language}'. Language parameter must be specified in ISO-639-1 format.`, { param: 'language', code: 'invalid_language_format' });
  }
  const responseFormat = fields.response_format ?? 'json';
  if (!(TRANSCRIPTION_RESPONSE_FORMATS as readonly string[]).includes(responseFormat)) {
    return openAiRefusal(400, invalidValueMessage(responseFormat, TRANSCRIPTION_RESPONSE_FORMATS), { param: 'response_format', code: 'invalid_value' });
  }
  return {
    file: file.data,
    extension: extension as TranscriptionRequest['extension'],
    responseFormat: responseFormat as TranscriptionRequest['responseFormat'],
    ...(language !== undefined ? { language } : {}),
  };
}
