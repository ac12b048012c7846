import { describe, expect, it } from 'vitest';
import { resultsIntro } from '../../src/bot/live/resultsIntro.ts';

describe('resultsIntro', () => {
  const ctx = { candidateUserId: '42', interruptedBy: 'shutdown' as const, referenceId: null };

  it('tells the candidate of a failed interview the reference id that was logged with it, and that the answers are saved', () => {
    const text = resultsIntro('failed', { ...ctx, referenceId: 'a1b2c3d4' });
    expect(text).toContain('<@42>');
    expect(text).toContain('reference `a1b2c3d4`');
    expect(text).toMatch(/answers so far are saved/);
  });

  it('says why an interrupted interview stopped', () => {
    expect(resultsIntro('interrupted', { ...ctx, interruptedBy: 'voice_lost' })).toContain('lost the voice connection');
    expect(resultsIntro('interrupted', ctx)).toContain('restarting');
    expect(resultsIntro('completed', ctx)).toContain('complete');
    expect(resultsIntro('abandoned', ctx)).toContain('ended early');
  });
});
