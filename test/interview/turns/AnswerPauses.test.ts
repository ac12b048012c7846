import { describe, expect, it } from 'vitest';
import { AnswerPauses } from '../../../src/interview/turns/AnswerPauses.ts';
import { DEFAULT_END_OF_ANSWER_SETTINGS } from '../../../src/interview/turns/endOfAnswerPolicy.ts';

const pauses = (): AnswerPauses => new AnswerPauses({ question: 'How would you handle a failed release?', language: 'English', settings: DEFAULT_END_OF_ANSWER_SETTINGS, model: null });

describe('AnswerPauses', () => {
  // Unpunctuated, as some STTs write it (with a full stop the rules only read the last sentence).
  it('a hold ends once the candidate goes on: the words since it are decided on their own', async () => {
    const p = pauses();
    expect((await p.decide('give me a second')).pauseClass).toBe('hold');
    // The rules alone still read a hold here (the phrase is among the last words)...
    const alone = await pauses().decide('give me a second i would roll back the deployment and');
    expect(alone.pauseClass).toBe('hold');
    // ...but after the hold was decided, what followed it decides: an open clause.
    const next = await p.decide('give me a second i would roll back the deployment and');
    expect(next).toMatchObject({ pauseClass: 'mid_thought', silenceLimitMs: DEFAULT_END_OF_ANSWER_SETTINGS.longMs });
    expect(next.reason).toMatch(/^after a hold/);
  });

  it('a few words after a hold ("let me think… about that") still hold', async () => {
    const p = pauses();
    expect((await p.decide('let me think')).pauseClass).toBe('hold');
    expect(await p.decide('let me think about that')).toMatchObject({ pauseClass: 'hold', silenceLimitMs: DEFAULT_END_OF_ANSWER_SETTINGS.holdMs });
  });

  it('fixed mode stays fixed', async () => {
    const p = new AnswerPauses({ question: 'Q?', language: 'English', settings: { ...DEFAULT_END_OF_ANSWER_SETTINGS, mode: 'fixed' }, model: null });
    expect(await p.decide('Give me a second.')).toMatchObject({ pauseClass: 'fixed', silenceLimitMs: DEFAULT_END_OF_ANSWER_SETTINGS.fixedMs });
  });
});
