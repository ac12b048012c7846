import { describe, expect, it } from 'vitest';
import { applyVisibilityArgs, describeVisibility, hasVisibilityArgs } from '../../src/commands/interview/visibilityOptions.ts';
import { defaultGuildSettings } from '../../src/interview/Store.ts';

describe('/interview config visibility options', () => {
  const base = { ...defaultGuildSettings('g'), mentorRoleId: 'r1', defaultQuestions: 4 };

  it('applies only the options given and keeps the rest', () => {
    expect(hasVisibilityArgs({})).toBe(false);
    expect(applyVisibilityArgs(base, {})).toEqual(base);
    const set = applyVisibilityArgs(base, { results: 'private', mentorsChannelId: 'c1', captions: 'off', bankSharePercent: 35 });
    expect(set).toEqual({ ...base, resultsVisibility: 'private', mentorsChannelId: 'c1', liveCaptions: false, bankShare: 0.35 });
    expect(applyVisibilityArgs(set, { captions: 'on' })).toEqual({ ...set, liveCaptions: true });
    expect(applyVisibilityArgs(set, { clearMentorsChannel: true })).toEqual({ ...set, mentorsChannelId: null });
    expect(applyVisibilityArgs(set, { bankSharePercent: 0 }).bankShare).toBe(0);
    expect(hasVisibilityArgs({ clearMentorsChannel: true })).toBe(true);
    expect(hasVisibilityArgs({ clearMentorsChannel: false })).toBe(false);
  });

  it('refuses a bank share outside 0–100 or not whole', () => {
    expect(() => applyVisibilityArgs(base, { bankSharePercent: 101 })).toThrow(RangeError);
    expect(() => applyVisibilityArgs(base, { bankSharePercent: -1 })).toThrow(RangeError);
    expect(() => applyVisibilityArgs(base, { bankSharePercent: 2.5 })).toThrow(RangeError);
  });

  it('describes defaults as defaults and set values as set', () => {
    const shown = describeVisibility(base).join('\n');
    expect(shown).toContain('Results: in the interview’s channel (bot default)');
    expect(shown).toContain('Mentors’ channel: none');
    expect(shown).toContain('Live captions: on (bot default)');
    expect(shown).toContain('Question bank share: bot default');
    const set = describeVisibility({ ...base, resultsVisibility: 'private', mentorsChannelId: 'c1', liveCaptions: false, bankShare: 0.35 }).join('\n');
    expect(set).toContain('Results: private (sent to the candidate by DM and to <#c1>');
    expect(set).toContain('Mentors’ channel: <#c1>');
    expect(set).toContain('Live captions: off');
    expect(set).toContain('Question bank share: 35%');
    expect(set).not.toContain('used once results are private');
    expect(describeVisibility({ ...base, mentorsChannelId: 'c1' }).join('\n')).toContain('Mentors’ channel: <#c1> (used once results are private)');
  });
});
