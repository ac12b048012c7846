import { encodeWav, parseWav } from '../../../src/voice/wav.ts';
import { synthesizeWithFestival } from '../speech/festival.ts';
import { encodeOggOpus } from './oggOpus.ts';
import { openAiRefusal } from './openAiError.ts';
import { kokoroSpeechRefusal, type ServerKind } from './serverQuirks.ts';
import type { SpeechFault, SpeechFaults } from './speechFaults.ts';
import { checkSpeechRequest, type SpeechRequest } from './speechRequestRules.ts';
import type { RouteContext } from './types.ts';

/** Pacing of streamed audio and the rate of WAV output. */
export interface SpeechRouteOptions {
  /** Bytes per written chunk of streamed audio (default 4800 = 100 ms of 24 kHz s16le). */
  speechChunkBytes?: number;
  /** Pause between chunks in ms (default 0: chunks are written on successive event-loop turns). */
  speechChunkIntervalMs?: number;
  /** Sample rate of `wav` output (default 24 000, as OpenAI and Kokoro; Piper voices give 22 050). */
  speechWavSampleRateHz?: number;
  /**
   * Canned mode: every speech request (once it passed the checks) gets this WAV, whatever the
   * input, at once (festival does not run). It must be 24 kHz mono s16le, the rate OpenAI
   * answers with; `wav` requests get it as is. For load benches: the figure is the bot's cost.
   */
  cannedSpeechWav?: Buffer;
}

/** The rate OpenAI uses for `pcm` and `opus`: 24 kHz mono. */
const PCM_SAMPLE_RATE_HZ = 24_000;
/** What a misconfigured server or proxy sends with a 200: not audio. */
const GARBAGE = Buffer.from('<html><body><h1>502 Bad Gateway</h1></body></html>\n'.repeat(400), 'latin1');

/**
 * POST /v1/audio/speech: refuses what the emulated server refuses (OpenAI: checkSpeechRequest;
 * Kokoro-FastAPI: kokoroSpeechRefusal), then festival speaks `input`. `pcm` (24 kHz s16le) and
 * `opus` (Ogg Opus, 20 ms packets at 24 kHz) are streamed in chunks; `wav` is sent whole, or
 * streamed with an unknown data size as Kokoro does. Other formats are valid but not produced
 * here: 501 with a stand-in error. Injected faults (`faults`) can drop the response mid-body,
 * reset the next connection or send a body that is not audio.
 */
export async function speechRoute(ctx: RouteContext, opts: SpeechRouteOptions, faults: SpeechFaults, kind: ServerKind): Promise<void> {
  if (faults.takeReset()) {
    ctx.call.fault = 'connection_reset';
    ctx.call.finishedAtMs = performance.now();
    ctx.req.socket.destroy();
    return;
  }
  const body = JSON.parse(ctx.rawBody.toString('utf8')) as Record<string, unknown>;
  ctx.call.body = body;
  const checked = check(body, kind);
  if ('status' in checked) {
    ctx.call.refused = checked.message;
    ctx.sendJson(checked.status, checked.body);
    return;
  }
  if (checked.format !== 'pcm' && checked.format !== 'wav' && checked.format !== 'opus') {
    const refusal = openAiRefusal(501, `stand-in produces response_format pcm, wav and opus only, not ${checked.format}`, { type: 'stand_in_error', code: 'stand_in_error' });
    ctx.sendJson(refusal.status, refusal.body);
    return;
  }
  const fault = faults.take();
  const started = performance.now();
  const wavRateHz = opts.speechWavSampleRateHz ?? PCM_SAMPLE_RATE_HZ;
  const spoken = opts.cannedSpeechWav ?? await synthesizeWithFestival(checked.input, { sampleRateHz: checked.format === 'wav' ? wavRateHz : PCM_SAMPLE_RATE_HZ });
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
  const contentType = { pcm: 'audio/pcm', wav: 'audio/wav', opus: 'audio/opus' }[checked.format];
  if (fault?.at === 'garbage') {
    res.writeHead(200, { 'content-type': contentType, 'content-length': String(GARBAGE.length) });
    res.end(GARBAGE, finished);
    return;
  }
  if (checked.format === 'wav' && kind !== 'kokoro') {
    res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': String(spoken.length) });
    if (fault?.at === 'mid_body') {
      dropAfter(ctx, spoken.subarray(0, fault.afterBytes ?? Math.floor(spoken.length / 2)));
      return;
    }
    res.end(spoken, finished);
    return;
  }
  const pcm = parseWav(spoken).pcm;
  const bytes = checked.format === 'pcm' ? pcm : checked.format === 'opus' ? encodeOggOpus(pcm, PCM_SAMPLE_RATE_HZ) : streamedWav(pcm, wavRateHz);
  await streamBytes(ctx, bytes, contentType, opts, fault);
  if (ctx.gone() || fault?.at === 'mid_body') return;
  res.end(finished);
}

function check(body: Record<string, unknown>, kind: ServerKind): SpeechRequest | { status: number; body: unknown; message: string } {
  if (kind === 'kokoro') {
    const refusal = kokoroSpeechRefusal(body);
    if (refusal) return refusal;
    return { model: body.model as string, input: body.input as string, voice: body.voice, format: (body.response_format ?? 'mp3') as SpeechRequest['format'] };
  }
  const checked = checkSpeechRequest(body);
  return 'status' in checked ? { status: checked.status, body: checked.body, message: checked.body.error.message } : checked;
}

/** A WAV as a streaming writer makes it: the header cannot know the length, so sizes say 0xFFFFFFFF. */
function streamedWav(pcm: Buffer, sampleRateHz: number): Buffer {
  const wav = encodeWav(pcm, sampleRateHz);
  wav.writeUInt32LE(0xffff_ffff, 4);
  wav.writeUInt32LE(0xffff_ffff, 40);
  return wav;
}

/** Streams bytes in chunks; for a `mid_body` fault, stops after `afterBytes` and drops the socket. */
async function streamBytes(ctx: RouteContext, bytes: Buffer, contentType: string, opts: SpeechRouteOptions, fault: SpeechFault | undefined): Promise<void> {
  const { res } = ctx;
  const chunkBytes = opts.speechChunkBytes ?? 4_800;
  const dropAtBytes = fault?.at === 'mid_body' ? Math.max(0, Math.min(fault.afterBytes ?? chunkBytes, bytes.length - 1)) : Infinity;
  res.writeHead(200, { 'content-type': contentType, 'transfer-encoding': 'chunked' });
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
    if (ctx.gone()) return;
    const end = Math.min(offset + chunkBytes, dropAtBytes);
    if (end >= dropAtBytes) {
      dropAfter(ctx, bytes.subarray(offset, Math.max(offset, end)));
      return;
    }
    const ok = res.write(bytes.subarray(offset, end));
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
