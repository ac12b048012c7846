import { describe, expect, it } from 'vitest';
import { buildCustomId, parseCustomId } from '../../src/bot/customId.ts';

describe('customId', () => {
  it('round-trips the live and bot actions', () => {
    const id = '3f2b1c9e-1d2a-4c5b-9e8f-0a1b2c3d4e5f';
    for (const action of ['repeat', 'done', 'skip', 'end'] as const) {
      expect(parseCustomId(buildCustomId(action, id))).toEqual({ kind: 'live', action, interviewId: id });
    }
    for (const action of ['queue-leave', 'delete-confirm', 'delete-cancel'] as const) {
      expect(parseCustomId(buildCustomId(action, '123456789012345678'))).toEqual({ kind: 'bot', action, id: '123456789012345678' });
    }
  });

  it('round-trips the modal actions', () => {
    expect(parseCustomId(buildCustomId('rubric-edit', 'technical'))).toEqual({ kind: 'modal', action: 'rubric-edit', id: 'technical' });
  });

  it('ignores other bots’ ids, unknown actions and malformed or oversized ids', () => {
    for (const customId of ['other:done:1', 'hotseat:explode:1', 'hotseat:done:', 'hotseat:done:a b', 'hotseat:done:1:2', `hotseat:done:${'x'.repeat(65)}`, 'hotseat:done']) {
      expect(parseCustomId(customId), customId).toBeNull();
    }
  });

  it('stays within Discord’s 100-character customId limit for the longest id it accepts, and refuses to build others', () => {
    const longest = buildCustomId('delete-confirm', 'x'.repeat(64));
    expect(longest.length).toBeLessThanOrEqual(100);
    expect(parseCustomId(longest)).not.toBeNull();
    expect(() => buildCustomId('delete-confirm', 'x'.repeat(65))).toThrow(/not a valid customId/);
    expect(() => buildCustomId('done', 'a b')).toThrow(/not a valid customId/);
  });
});
