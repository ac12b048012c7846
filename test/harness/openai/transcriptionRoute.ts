import { parseWav } from '../../../src/voice/wav.ts';
import { recognizeWithPocketsphinx } from '../speech/pocketsphinx.ts';
import { punctuateFromCorpus } from '../speech/sphinxVocabulary.ts';
import { openAiRefusal } from './openAiError.ts';
import { parseMultipart } from './parseMultipart.ts';
import { promptRefusal, transcriptionModelRefusal, type ServerKind, type ServerRefusal } from './serverQuirks.ts';
import { checkTranscriptionRequest, checkUploadSize } from './transcriptionRequestRules.ts';
import type { RouteContext } from './types.ts';

/** How the emulated server differs from OpenAI here. */
export interface TranscriptionServer {
  kind: ServerKind;
  /** Installed models (speaches refuses any other). */
  models: readonly string[];
  /** Refuse any request with a `prompt` field, as some servers do (FastAPI's 422). */
  refusePrompt: boolean;
  /** Recognise with a model of these sentences only (a fast stand-in for benchmarks); undefined: all English. */
  corpus?: readonly string[];
  /** With `corpus`: write a recognised corpus sentence with its punctuation, as a punctuating STT does. */
  punctuate?: () => boolean;
  /** Canned mode: every accepted upload is "recognised" as this text at once (pocketsphinx does not run). */
  cannedTranscript?: string;
}

/**
 * POST /v1/audio/transcriptions: refuses what OpenAI refuses (size, format by extension,
 * language, response_format, missing model or file) and what the emulated server refuses on
 * top (a model speaches has not installed, a `prompt` when told to), then pocketsphinx recognises the uploaded
 * 16 kHz mono WAV (other accepted formats get a 501 stand-in error: nothing here decodes them).
 * Replies in the requested response_format. The call log keeps the form fields and the file's
 * name and size, not the audio.
 */
export async function transcriptionRoute(ctx: RouteContext, server: TranscriptionServer): Promise<void> {
  const refuse = (refusal: ReturnType<typeof openAiRefusal>): void => {
    ctx.call.refused = refusal.body.error.message;
    ctx.sendJson(refusal.status, refusal.body);
  };
  const tooBig = checkUploadSize(ctx.rawBody.length);
  if (tooBig) return refuse(tooBig);
  const fields: Record<string, string> = {};
  let file: { data: Buffer; filename?: string } | undefined;
  const logged: Record<string, unknown> = {};
  for (const part of parseMultipart(ctx.rawBody, ctx.req.headers['content-type'])) {
    if (part.name === 'file') {
      file = { data: part.data, ...(part.filename !== undefined ? { filename: part.filename } : {}) };
      logged.file = { filename: part.filename, contentType: part.contentType, bytes: part.data.length };
    } else {
      fields[part.name] = part.data.toString('utf8');
      logged[part.name] = fields[part.name];
    }
  }
  ctx.call.body = logged;
  const checked = checkTranscriptionRequest(fields, file);
  if ('status' in checked) return refuse(checked);
  const quirk: ServerRefusal | null = transcriptionModelRefusal(server.kind, fields.model, server.models) ?? (server.refusePrompt && fields.prompt !== undefined ? promptRefusal() : null);
  if (quirk) {
    ctx.call.refused = quirk.message;
    ctx.sendJson(quirk.status, quirk.body);
    return;
  }
  if (checked.extension !== 'wav') {
    const refusal = openAiRefusal(501, `stand-in recognises WAV uploads only, not .${checked.extension}`, { type: 'stand_in_error', code: 'stand_in_error' });
    ctx.sendJson(refusal.status, refusal.body);
    return;
  }
  const started = performance.now();
  const heard = server.cannedTranscript ?? await recognizeWithPocketsphinx(checked.file, server.corpus ? { corpus: server.corpus } : {});
  const text = server.cannedTranscript === undefined && server.corpus && server.punctuate?.() ? punctuateFromCorpus(heard, server.corpus) : heard;
  const remainingLatencyMs = ctx.latency.transcriptionMs - (performance.now() - started);
  if (remainingLatencyMs > 0) await ctx.wait(remainingLatencyMs);
  if (ctx.gone()) return;
  const wav = parseWav(checked.file);
  const durationS = wav.pcm.length / (wav.sampleRateHz * wav.channels * (wav.bitsPerSample / 8));
  switch (checked.responseFormat) {
    case 'json':
      return ctx.sendJson(200, { text });
    case 'verbose_json':
      return ctx.sendJson(200, {
        task: 'transcribe', language: checked.language ?? 'english', duration: durationS, text,
        segments: [{ id: 0, seek: 0, start: 0, end: durationS, text, tokens: [], temperature: 0, avg_logprob: 0, compression_ratio: 1, no_speech_prob: 0 }],
      });
    case 'text':
      return sendText(ctx, 'text/plain; charset=utf-8', `${text}\n`);
    case 'srt':
      return sendText(ctx, 'text/plain; charset=utf-8', `1\n${timestamp(0, ',')} --> ${timestamp(durationS, ',')}\n${text}\n\n`);
    case 'vtt':
      return sendText(ctx, 'text/plain; charset=utf-8', `WEBVTT\n\n${timestamp(0, '.')} --> ${timestamp(durationS, '.')}\n${text}\n\n`);
  }
}

function sendText(ctx: RouteContext, contentType: string, body: string): void {
  ctx.call.status = 200;
  ctx.call.firstByteAtMs = performance.now();
  ctx.res.writeHead(200, { 'content-type': contentType });
  ctx.res.end(body, () => { ctx.call.finishedAtMs = performance.now(); });
}

/** hh:mm:ss,mmm (SRT) or hh:mm:ss.mmm (VTT). */
function timestamp(seconds: number, separator: ',' | '.'): string {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${separator}${pad(ms % 1000, 3)}`;
}
