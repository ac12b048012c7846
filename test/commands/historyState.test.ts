import { describe, expect, it } from 'vitest';
import { buildCustomId, parseCustomId } from '../../src/bot/customId.ts';
import { decodeHistoryState, encodeHistoryState, type HistoryState } from '../../src/commands/interview/historyState.ts';
import { parseSince } from '../../src/commands/interview/parseSince.ts';
import { UserError } from '../../src/UserError.ts';

const DAY_MS = 86_400_000;

describe('history state in a customId', () => {
  it('round-trips every filter and stays within Discord’s 100 characters at its longest', () => {
    const longest: HistoryState = { ownerId: '9'.repeat(20), page: 1000, userId: '8'.repeat(20), type: 'technical', sinceMs: 99_999_999_999_000 };
    const customId = buildCustomId('history-page', encodeHistoryState(longest));
    expect(customId.length).toBeLessThanOrEqual(100);
    const parsed = parseCustomId(customId);
    expect(parsed).toEqual({ kind: 'bot', action: 'history-page', id: encodeHistoryState(longest) });
    expect(decodeHistoryState(parsed?.kind === 'bot' ? parsed.id : '')).toEqual(longest);
    const everyone: HistoryState = { ownerId: '123', page: 2, userId: null, type: 'hr', sinceMs: null };
    expect(decodeHistoryState(encodeHistoryState(everyone))).toEqual(everyone);
    const mine: HistoryState = { ownerId: '123', page: 1, userId: '123', type: null, sinceMs: 1_764_547_200_000 };
    expect(decodeHistoryState(encodeHistoryState(mine))).toEqual(mine);
  });

  it('refuses ids it did not make', () => {
    for (const id of ['', '1_1_0_a', '1_0_0_a_0', 'x_1_0_a_0', '1_1_0_z_0', '1_1_u_a_0', '1_1_0_a_-5', '1_1_0_a_0_9', '1_12345_0_a_0']) {
      expect(decodeHistoryState(id), id).toBeNull();
    }
  });
});

describe('parseSince', () => {
  const now = Date.UTC(2026, 11, 2, 21, 0, 0);
  it('reads UTC dates and spans back from now', () => {
    expect(parseSince('2026-11-01', now)).toBe(Date.UTC(2026, 10, 1));
    expect(parseSince(' 7d ', now)).toBe(now - 7 * DAY_MS);
    expect(parseSince('4W', now)).toBe(now - 28 * DAY_MS);
    expect(parseSince('6m', now)).toBe(now - 180 * DAY_MS);
    expect(parseSince('1y', now)).toBe(now - 365 * DAY_MS);
  });

  it('refuses anything else with a hint', () => {
    for (const bad of ['yesterday', '2026-02-30', '2026-13-01', '1999-01-01', '7', 'd7', '-3d', '12345d']) {
      expect(() => parseSince(bad, now), bad).toThrow(UserError);
    }
    expect(() => parseSince('soon', now)).toThrow(/2026-11-01/);
  });
});
