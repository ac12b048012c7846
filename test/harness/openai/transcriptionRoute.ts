import { recognizeWithPocketsphinx } from '../speech/pocketsphinx.ts';
import { parseMultipart } from './parseMultipart.ts';
import type { RouteContext } from './types.ts';

/**
 * POST /v1/audio/transcriptions: pocketsphinx recognises the uploaded 16 kHz mono WAV.
 * Replies `{ text }` (or plain text for response_format 'text'). The call log keeps the
 * form fields and the file's name and size, not the audio.
 */
export async function transcriptionRoute(ctx: RouteContext): Promise<void> {
  const parts = parseMultipart(ctx.rawBody, ctx.req.headers['content-type']);
  const fields: Record<string, unknown> = {};
  let file: Buffer | undefined;
  for (const part of parts) {
    if (part.name === 'file') {
      file = part.data;
      fields.file = { filename: part.filename, contentType: part.contentType, bytes: part.data.length };
    } else {
      fields[part.name] = part.data.toString('utf8');
    }
  }
  ctx.call.body = fields;
  if (!file) {
    ctx.sendJson(400, { error: { message: 'file is required', type: 'invalid_request_error', code: null } });
    return;
  }
  const started = performance.now();
  const text = await recognizeWithPocketsphinx(file);
  const remainingLatencyMs = ctx.latency.transcriptionMs - (performance.now() - started);
  if (remainingLatencyMs > 0) await ctx.wait(remainingLatencyMs);
  if (ctx.gone()) return;
  if (fields.response_format === 'text') {
    ctx.call.status = 200;
    ctx.call.firstByteAtMs = performance.now();
    ctx.res.writeHead(200, { 'content-type': 'text/plain' });
    ctx.res.end(text, () => { ctx.call.finishedAtMs = performance.now(); });
    return;
  }
  ctx.sendJson(200, { text });
}
