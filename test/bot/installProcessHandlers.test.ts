import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { installProcessHandlers } from '../../src/bot/installProcessHandlers.ts';
import { createLogger } from '../../src/logger.ts';

const TOKEN = 'MTIzNDU2Nzg5.discord-token-value';

function capture(): { logger: ReturnType<typeof createLogger>; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString('utf8'));
      cb();
    },
  });
  const logger = createLogger({ level: 'debug', secrets: [TOKEN], destination });
  return { logger, lines: () => chunks.join('').split('\n').filter((l) => l).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('installProcessHandlers', () => {
  let uninstall: (() => void) | undefined;
  afterEach(() => uninstall?.());

  it('logs an unhandled rejection with a reference id, masking secrets, without shutting down', () => {
    const { logger, lines } = capture();
    const fatal: string[] = [];
    uninstall = installProcessHandlers(logger, (r) => fatal.push(r));
    process.emit('unhandledRejection', new Error(`failed with ${TOKEN}`), Promise.resolve());
    const [line] = lines();
    expect(line?.msg).toBe('unhandled promise rejection');
    expect(line?.referenceId).toMatch(/^[0-9a-f]{8}$/);
    expect(JSON.stringify(line)).not.toContain(TOKEN);
    expect(fatal).toEqual([]);
  });

  it('logs an uncaught exception as fatal and asks for shutdown', () => {
    const { logger, lines } = capture();
    const fatal: string[] = [];
    uninstall = installProcessHandlers(logger, (r) => fatal.push(r));
    (process.emit as (event: string, ...args: unknown[]) => boolean)('uncaughtException', new Error('boom'), 'uncaughtException');
    const [line] = lines();
    expect(line?.level).toBe(60);
    expect((line?.err as { message: string }).message).toBe('boom');
    expect(fatal).toEqual(['uncaught exception']);
  });

  it('removes its handlers when uninstalled', () => {
    const before = [process.listenerCount('unhandledRejection'), process.listenerCount('uncaughtException')];
    const remove = installProcessHandlers(capture().logger, () => undefined);
    expect([process.listenerCount('unhandledRejection'), process.listenerCount('uncaughtException')]).toEqual([before[0]! + 1, before[1]! + 1]);
    remove();
    expect([process.listenerCount('unhandledRejection'), process.listenerCount('uncaughtException')]).toEqual(before);
  });
});
