import { parseWav } from '../../../src/voice/wav.ts';
import { synthesizeWithFestival } from '../speech/festival.ts';
import { openAiRefusal } from './openAiError.ts';
import type { SpeechFault, SpeechFaults } from './speechFaults.ts';
import { checkSpeechRequest } from './speechRequestRules.ts';
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
 * POST /v1/audio/speech: refuses what OpenAI refuses (see checkSpeechRequest), then festival
 * speaks `input` at 24 kHz. `pcm` is streamed raw (header stripped) in chunks; `wav` is sent
 * whole. OpenAI's other formats are valid but not produced here: 501 with a stand-in error.
 * Injected faults (`faults`) can drop the response mid-body or reset the next connection.
 */
export async function speechRoute(ctx: RouteContext, opts: SpeechRouteOptions, faults: SpeechFaults): Promise<void> {
  if (faults.takeReset()) {
    ctx.call.fault = 'connection_reset';
    ctx.call.finishedAtMs = performance.now();
    ctx.req.socket.destroy();
    return;
  }
  const body = JSON.parse(ctx.rawBody.toString('utf8')) as Record<string, unknown>;
  ctx.call.body = body;
  const checked = checkSpeechRequest(body);
  if ('status' in checked) {
    ctx.call.refused = checked.body.error.message;
    ctx.sendJson(checked.status, checked.body);
    return;
  }
  if (checked.format !== 'pcm' && checked.format !== 'wav') {
    const refusal = openAiRefusal(501, `stand-in produces response_format pcm and wav only, not ${checked.format}`, { type: 'stand_in_error', code: 'stand_in_error' });
    ctx.sendJson(refusal.status, refusal.body);
    return;
  }
  const fault = faults.take();
  const started = performance.now();
  const wav = await synthesizeWithFestival(checked.input, { sampleRateHz: PCM_SAMPLE_RATE_HZ });
  const remainingLatencyMs = ctx.latency.speechMs - (performance.now() - started);
  if (remainingLatencyMs > 0) await ctx.wait(remainingLatencyMs);
  if (ctx.gone()) return;
  const { res, call } = ctx;
  call.status = 200;
  call.firstByteAtMs = performance.now();
  if (fault) call.fault = fault.at;
  const finished = (): void => {
    call.finishedAtMs = performance.now();
    if (fault?.at === 'after_body') faults.resetNext();
  };
  if (checked.format === 'wav') {
    res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': String(wav.length) });
    if (fault?.at === 'mid_body') {
      dropAfter(ctx, wav.subarray(0, fault.afterBytes ?? Math.floor(wav.length / 2)));
      return;
    }
    res.end(wav, finished);
    return;
  }
  await streamPcm(ctx, parseWav(wav).pcm, opts, fault);
  if (ctx.gone() || fault?.at === 'mid_body') return;
  res.end(finished);
}

/** Streams PCM in chunks; for a `mid_body` fault, stops after `afterBytes` and drops the socket. */
async function streamPcm(ctx: RouteContext, pcm: Buffer, opts: SpeechRouteOptions, fault: SpeechFault | undefined): Promise<void> {
  const { res } = ctx;
  const chunkBytes = opts.speechChunkBytes ?? 4_800;
  const dropAtBytes = fault?.at === 'mid_body' ? Math.max(0, Math.min(fault.afterBytes ?? chunkBytes, pcm.length - 1)) : Infinity;
  res.writeHead(200, { 'content-type': 'audio/pcm', 'transfer-encoding': 'chunked' });
  for (let offset = 0; offset < pcm.length; offset += chunkBytes) {
    if (ctx.gone()) return;
    const end = Math.min(offset + chunkBytes, dropAtBytes);
    if (end >= dropAtBytes) {
      dropAfter(ctx, pcm.subarray(offset, Math.max(offset, end)));
      return;
    }
    const ok = res.write(pcm.subarray(offset, end));
    if (!ok) await new Promise<void>((resolve) => { res.once('drain', resolve); res.once('close', resolve); });
    if (opts.speechChunkIntervalMs) await ctx.wait(opts.speechChunkIntervalMs);
    else await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Writes `last`, then destroys the socket once it is flushed: the client sees a truncated body. */
function dropAfter(ctx: RouteContext, last: Buffer): void {
  const drop = (): void => {
    ctx.call.finishedAtMs = performance.now();
    ctx.req.socket.destroy();
  };
  if (last.length === 0) {
    ctx.res.flushHeaders();
    setImmediate(drop);
    return;
  }
  ctx.res.write(last, drop);
}
