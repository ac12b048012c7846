import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { errorBoundary, type RepliableLike } from '../../src/bot/errorBoundary.ts';
import { createLogger } from '../../src/logger.ts';
import { UserError } from '../../src/UserError.ts';

/** A recording stand-in for a discord.js interaction (plain object, no module mocks). */
function fakeInteraction(state: { deferred?: boolean; replied?: boolean; ephemeral?: boolean | null } = {}) {
  const calls: Array<{ method: string; options: Record<string, unknown> }> = [];
  const interaction: RepliableLike = {
    id: 'i1',
    deferred: state.deferred ?? false,
    replied: state.replied ?? false,
    ephemeral: state.ephemeral ?? null,
    reply: async (options) => void calls.push({ method: 'reply', options }),
    editReply: async (options) => void calls.push({ method: 'editReply', options }),
    followUp: async (options) => void calls.push({ method: 'followUp', options }),
  };
  return { interaction, calls };
}

function capturingLogger() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const EPHEMERAL = 64;

describe('errorBoundary', () => {
  it('shows a UserError message as is, ephemeral, without a reference id', async () => {
    const { interaction, calls } = fakeInteraction();
    const { logger } = capturingLogger();
    await errorBoundary(interaction, logger, { command: 'x' }, async () => {
      throw new UserError('not_in_voice', 'Join a voice channel first.');
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.method).toBe('reply');
    expect(calls[0]?.options.content).toBe('Join a voice channel first.');
    expect(calls[0]?.options.flags).toBe(EPHEMERAL);
  });

  it('logs any other error with a reference id and quotes only the id to the user', async () => {
    const { interaction, calls } = fakeInteraction();
    const { logger, lines } = capturingLogger();
    await errorBoundary(interaction, logger, { command: 'start' }, async () => {
      throw new Error('db exploded: secret internals');
    }, () => 'ref12345');
    const content = String(calls[0]?.options.content);
    expect(content).toContain('ref12345');
    expect(content).not.toContain('exploded');
    const logged = lines().find((l) => l.msg === 'interaction failed');
    expect(logged?.referenceId).toBe('ref12345');
    expect(JSON.stringify(logged?.err)).toContain('db exploded');
  });

  it('replaces an ephemeral deferred reply, and follows up after a button deferUpdate or a reply', async () => {
    const { logger } = capturingLogger();
    const fail = async () => {
      throw new UserError('x', 'nope');
    };
    const deferredEphemeral = fakeInteraction({ deferred: true, ephemeral: true });
    await errorBoundary(deferredEphemeral.interaction, logger, {}, fail);
    expect(deferredEphemeral.calls.map((c) => c.method)).toEqual(['editReply']);

    const deferredUpdate = fakeInteraction({ deferred: true, ephemeral: null });
    await errorBoundary(deferredUpdate.interaction, logger, {}, fail);
    expect(deferredUpdate.calls.map((c) => c.method)).toEqual(['followUp']);
    expect(deferredUpdate.calls[0]?.options.flags).toBe(EPHEMERAL);

    const replied = fakeInteraction({ replied: true, ephemeral: true });
    await errorBoundary(replied.interaction, logger, {}, fail);
    expect(replied.calls.map((c) => c.method)).toEqual(['followUp']);
  });

  it('never throws, even when replying fails', async () => {
    const { interaction } = fakeInteraction();
    interaction.reply = async () => {
      throw new Error('Unknown interaction');
    };
    const { logger, lines } = capturingLogger();
    await expect(errorBoundary(interaction, logger, {}, async () => {
      throw new Error('boom');
    })).resolves.toBeUndefined();
    expect(lines().some((l) => l.msg === 'could not send the error reply')).toBe(true);
  });

  it('does nothing extra when the handler succeeds', async () => {
    const { interaction, calls } = fakeInteraction();
    const { logger } = capturingLogger();
    let ran = false;
    await errorBoundary(interaction, logger, {}, async () => {
      ran = true;
    });
    expect(ran).toBe(true);
    expect(calls).toEqual([]);
  });
});
