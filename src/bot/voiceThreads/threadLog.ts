import { pino, type Logger } from 'pino';

/**
 * Logging across the voice-thread boundary: a voice thread's loggers write pino lines into
 * messages ({@link postingLogger}); the main thread writes each through the logger of the
 * interview it belongs to ({@link relog}), so its bindings (guild, interview), redaction and
 * secret masking apply exactly as to the main thread's own lines.
 */

/** A pino logger at `level` whose every line goes to `post` instead of a stream. */
export function postingLogger(level: string, post: (line: string) => void): Logger {
  return pino({ level, base: null, timestamp: false }, { write: (line: string) => post(line) });
}

type LogMethod = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
const METHODS: Record<number, LogMethod> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** Writes one line of a {@link postingLogger} through `logger`; a line that is not pino JSON is logged as such. */
export function relog(logger: Logger, line: string): void {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    logger.warn('a voice thread wrote a log line that is not JSON');
    return;
  }
  const { level, msg, ...fields } = record;
  const method = METHODS[typeof level === 'number' ? level : 30] ?? 'info';
  logger[method]({ ...fields, thread: 'voice' }, typeof msg === 'string' ? msg : '');
}
