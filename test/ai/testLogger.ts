import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger.ts';

/** A debug-level logger whose JSON lines are kept in `lines`, to check what providers log. */
export function testLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...chunk.toString('utf8').split('\n').filter((l) => l.length > 0));
      cb();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}

/** Fast backoff for tests: retries are real, waits are short. */
export const FAST_RETRY = { baseDelayMs: 5, maxDelayMs: 20 } as const;
