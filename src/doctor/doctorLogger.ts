import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../logger.ts';

/** A logger for the providers the doctor builds: nothing is printed, warning messages are kept. */
export function doctorLogger(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        try {
          const msg = (JSON.parse(line) as { msg?: unknown }).msg;
          if (typeof msg === 'string') warnings.push(msg);
        } catch {
          // not a JSON line: nothing to keep
        }
      }
      callback();
    },
  });
  return { logger: createLogger({ level: 'warn', destination }), warnings };
}
