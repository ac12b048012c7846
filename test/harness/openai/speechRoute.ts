import { parseWav } from '../../../src/voice/wav.ts';
import { synthesizeWithFestival } from '../speech/festival.ts';
import type { RouteContext } from './types.ts';

/** Pacing of streamed PCM. */
export interface SpeechRouteOptions {
  /** Bytes per written chunk of PCM (default 4800 = 100 ms at 24 kHz s16le). */
  speechChunkBytes?: number;
  /** Pause between chunks in ms (default 0: chunks are written on successive event-loop turns). */
  speechChunkIntervalMs?: number;
}

/** The rate OpenAI uses for `pcm`: 24 kHz s16le mono. */
const PCM_SAMPLE_RATE_HZ = 24_000;

/**
 * POST /v1/audio/speech: festival speaks `input` at 24 kHz. `pcm` is streamed raw (header
 * stripped) in chunks; `wav` is sent whole. Other formats are refused with 400.
 */
export async function speechRoute(ctx: RouteContext, opts: SpeechRouteOptions): Promise<void> {
  const body = JSON.parse(ctx.rawBody.toString('utf8')) as { model?: string; input?: string; voice?: unknown; response_format?: string };
  ctx.call.body = body;
  const format = body.response_format ?? 'mp3';
  if (typeof body.input !== 'string' || body.input.trim() === '') {
    ctx.sendJson(400, { error: { message: 'input is required', type: 'invalid_request_error', code: null } });
    return;
  }
  if (format !== 'pcm' && format !== 'wav') {
    ctx.sendJson(400, { error: { message: `stand-in supports response_format pcm and wav, not ${format}`, type: 'invalid_request_error', code: null } });
    return;
  }
  const started = performance.now();
  const wav = await synthesizeWithFestival(body.input, { sampleRateHz: PCM_SAMPLE_RATE_HZ });
  const remainingLatencyMs = ctx.latency.speechMs - (performance.now() - started);
  if (remainingLatencyMs > 0) await ctx.wait(remainingLatencyMs);
  if (ctx.gone()) return;
  const { res, call } = ctx;
  call.status = 200;
  call.firstByteAtMs = performance.now();
  if (format === 'wav') {
    res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': String(wav.length) });
    res.end(wav, () => { call.finishedAtMs = performance.now(); });
    return;
  }
  const pcm = parseWav(wav).pcm;
  const chunkBytes = opts.speechChunkBytes ?? 4_800;
  res.writeHead(200, { 'content-type': 'audio/pcm', 'transfer-encoding': 'chunked' });
  for (let offset = 0; offset < pcm.length; offset += chunkBytes) {
    if (ctx.gone()) return;
    const ok = res.write(pcm.subarray(offset, offset + chunkBytes));
    if (!ok) await new Promise<void>((resolve) => { res.once('drain', resolve); res.once('close', resolve); });
    if (opts.speechChunkIntervalMs) await ctx.wait(opts.speechChunkIntervalMs);
    else await new Promise<void>((resolve) => setImmediate(resolve));
  }
  res.end(() => { call.finishedAtMs = performance.now(); });
}
