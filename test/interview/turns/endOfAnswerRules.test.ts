import { describe, expect, it } from 'vitest';
import { endOfAnswerRules, type PauseClass } from '../../../src/interview/turns/endOfAnswerRules.ts';
import { turnLanguageOf } from '../../../src/interview/turns/turnLanguage.ts';
import { ANSWER_ENDINGS } from './answerEndings.ts';

const CLASSES: readonly PauseClass[] = ['complete', 'mid_thought', 'hold', 'unsure'];

/** rows: expected, columns: classified. */
function confusion(): Record<PauseClass, Record<PauseClass, number>> {
  const m = Object.fromEntries(CLASSES.map((e) => [e, Object.fromEntries(CLASSES.map((c) => [c, 0]))])) as Record<PauseClass, Record<PauseClass, number>>;
  for (const e of ANSWER_ENDINGS) m[e.expected][endOfAnswerRules(e).pauseClass]++;
  return m;
}

describe('endOfAnswerRules on the corpus of answer endings', () => {
  it('has at least 12 endings of each kind that matters: mid-thought pauses of 1.5–4 s, holds, complete answers', () => {
    const mid = ANSWER_ENDINGS.filter((e) => e.expected === 'mid_thought');
    expect(mid.length).toBeGreaterThanOrEqual(12);
    for (const e of mid) expect(e.pauseMs).toBeGreaterThanOrEqual(1_500);
    for (const e of mid) expect(e.pauseMs).toBeLessThanOrEqual(4_000);
    expect(ANSWER_ENDINGS.filter((e) => e.expected === 'hold').length).toBeGreaterThanOrEqual(6);
    expect(ANSWER_ENDINGS.filter((e) => e.expected === 'complete').length).toBeGreaterThanOrEqual(6);
  });

  for (const e of ANSWER_ENDINGS) {
    it(`${e.expected}: "${e.transcript}" (${e.language}, ${e.stt})`, () => {
      expect(endOfAnswerRules(e).pauseClass).toBe(e.expected);
    });
  }

  it('cuts off no candidate who was going on or holding: the confusion has nothing off the diagonal', () => {
    const m = confusion();
    for (const expected of CLASSES) {
      for (const got of CLASSES) if (got !== expected) expect({ expected, got, n: m[expected][got] }).toEqual({ expected, got, n: 0 });
    }
  });
});

describe('endOfAnswerRules details', () => {
  const q = 'Tell me about a project you are proud of.';
  const classify = (transcript: string, language = 'English', question = q) => endOfAnswerRules({ transcript, question, language }).pauseClass;

  it('treats nothing said yet as a hold', () => {
    expect(classify('')).toBe('hold');
    expect(classify('  ... ')).toBe('hold');
  });

  it('a hold phrase far back does not hold an answer that went on', () => {
    expect(classify('Let me think. In my last project I built a distributed cache in Go and it reduced our latency by forty percent for every customer.')).toBe('complete');
  });

  it('a stranded preposition ends a punctuated sentence but leaves unpunctuated speech open', () => {
    expect(classify('It was the hardest system I have ever worked on, and the one I learned the most from.')).toBe('complete');
    expect(classify('it was the hardest system i have ever worked on')).toBe('mid_thought');
  });

  it('a list whose items were all given, or closed by "finally", is not pending', () => {
    const list = 'There are two reasons. First, the cost was too high for the team. Second, the latency was above our limit.';
    expect(classify(list)).toBe('complete');
    expect(classify('I see three problems. First, the cost. And finally, nobody owned the service at all in the end.')).toBe('complete');
  });

  it('uses only English cues for a language without a table, and the table of the interview language otherwise', () => {
    expect(classify('Ich habe ein verteiltes System gebaut und', 'Deutsch')).toBe('mid_thought');
    expect(classify('Ich habe ein verteiltes System gebaut und', 'Italiano')).toBe('unsure');
    expect(classify('I built it and', 'Italiano')).toBe('mid_thought');
  });

  it('maps interview language names to tables', () => {
    expect(['English', 'français', 'Español', 'Deutsch', 'Português', 'pt-BR', 'Portuguese (Brazil)', 'Klingon'].map(turnLanguageOf)).toEqual([
      'en', 'fr', 'es', 'de', 'pt', 'pt', 'pt', null,
    ]);
  });
});
