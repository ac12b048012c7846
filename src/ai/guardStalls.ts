import { Readable } from 'node:stream';
import { AiError, type AiCapability } from './AiError.ts';

/**
 * Wraps a byte stream so that a source which stops sending mid-way fails instead of hanging:
 * when the consumer is waiting for data and none arrives for `idleMs`, the returned stream is
 * destroyed with a retryable {@link AiError}. Time the consumer spends not reading (e.g.
 * playback pacing) does not count, because the source is only read on demand.
 */
export function guardStalls(source: Readable, idleMs: number, capability: AiCapability): Readable {
  const iterator = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  async function* guarded(): AsyncGenerator<Buffer> {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new AiError(capability, `${capability} audio stream stalled for ${idleMs} ms`, { retryable: true })), idleMs);
      });
      try {
        const next = await Promise.race([iterator.next(), stalled]);
        if (next.done) return;
        yield next.value;
      } finally {
        clearTimeout(timer);
      }
    }
  }
  const out = Readable.from(guarded(), { objectMode: false });
  // The source is only read on demand: an error before the first read (a body cut off while
  // the audio waits to be played) must still reach the wrapper, whose owner handles it.
  source.once('error', (error) => out.destroy(error));
  // Ending the wrapper for any reason (error, destroy, abort) releases the HTTP body at once.
  out.once('close', () => source.destroy());
  return out;
}
