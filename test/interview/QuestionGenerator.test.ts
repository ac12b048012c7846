import { describe, expect, it } from 'vitest';
import { FakeLanguageModel } from '../../src/ai/testing/FakeLanguageModel.ts';
import { FALLBACK_QUESTIONS, pickFallbackQuestion } from '../../src/interview/fallbackQuestions.ts';
import { finalScore } from '../../src/interview/finalScore.ts';
import { QUESTION_SCHEMA_NAME, QuestionGenerator, toSpoken } from '../../src/interview/QuestionGenerator.ts';
import { isShallow } from '../../src/interview/textSimilarity.ts';
import { buildQuestionPrompt, MAX_PREVIOUS_ANSWER_CHARS } from '../../src/interview/prompts.ts';

const context = { jobTitle: 'Engineer', type: 'technical' as const, language: 'English', resumeText: 'Go dev', jobDescription: 'Go job' };
const previous = [{ number: 1, question: 'How did you design the caching layer of your Go payments service?', answer: 'I sharded the maps, measured latency with tracing, added load tests in CI, reduced p99 by forty percent and kept memory flat across the fleet of servers that handled payments traffic every day.', skipped: false }];
const signal = new AbortController().signal;
const reply = (question: string) => ({ value: { question, isFollowUp: false, focus: 'f' } });

describe('QuestionGenerator', () => {
  it('regenerates once when the draft repeats an earlier question', async () => {
    const model = new FakeLanguageModel().script(QUESTION_SCHEMA_NAME, reply('How did you design the caching layer for your Go payments service?'), reply('How do you run PostgreSQL migrations safely?'));
    const q = await new QuestionGenerator(model).generate({ context, previous, number: 2, total: 3, signal });
    expect(q).toMatchObject({ text: 'How do you run PostgreSQL migrations safely?', isFallback: false });
    const second = model.callsFor(QUESTION_SCHEMA_NAME)[1];
    expect(second?.messages[1]?.content).toContain('too close to earlier questions');
  });

  it('falls back to the bank when the model keeps repeating', async () => {
    const same = reply('How did you design the caching layer of your Go payments service?');
    const model = new FakeLanguageModel().script(QUESTION_SCHEMA_NAME, same, same);
    const q = await new QuestionGenerator(model).generate({ context, previous, number: 2, total: 3, signal });
    expect(q.isFallback).toBe(true);
    expect(FALLBACK_QUESTIONS.technical).toContain(q.text);
  });

  it('falls back at once on a permanent error, and strips markdown and numbering', async () => {
    const model = new FakeLanguageModel().script(QUESTION_SCHEMA_NAME, FakeLanguageModel.failure(false));
    const q = await new QuestionGenerator(model).generate({ context: { ...context, type: 'hr' }, previous: [], number: 1, total: 3, signal });
    expect(model.calls).toHaveLength(1);
    expect(q).toMatchObject({ isFallback: true, text: FALLBACK_QUESTIONS.hr[0] });
    const md = new FakeLanguageModel().script(QUESTION_SCHEMA_NAME, reply('**Question 2/3:** How do you *test* code?'));
    expect((await new QuestionGenerator(md).generate({ context, previous: [], number: 2, total: 3, signal })).text).toBe('How do you test code?');
  });

  it('rejects when aborted instead of falling back', async () => {
    const model = new FakeLanguageModel().script(QUESTION_SCHEMA_NAME, { ...reply('Slow?'), delayMs: 5_000 });
    const ac = new AbortController();
    const p = new QuestionGenerator(model).generate({ context, previous: [], number: 1, total: 1, signal: ac.signal });
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
  });
});

describe('toSpoken', () => {
  it('keeps one plain question', () => {
    expect(toSpoken('**Question 3/10:** What did you build? And how did you test it?')).toBe('What did you build?');
    expect(toSpoken('You mentioned a cache in Go. How did you size it?')).toBe('You mentioned a cache in Go. How did you size it?');
    expect(toSpoken('Tell me about the outage (what broke?) and how you fixed it.')).toBe('Tell me about the outage (what broke?) and how you fixed it.');
    expect(toSpoken('1. Why   this\nrole?')).toBe('Why this role?');
  });
});

describe('follow-ups and prompt size', () => {
  const shallow = { number: 1, question: 'Which database do you use?', answer: 'Postgres mostly.', skipped: false };

  it('asks a follow-up after a shallow answer, but not a follow-up on a follow-up', async () => {
    const model = new FakeLanguageModel().script(QUESTION_SCHEMA_NAME, reply('Why did you choose Postgres over MySQL there?'), reply('How do you approach API design for mobile clients?'));
    const gen = new QuestionGenerator(model);
    const first = await gen.generate({ context, previous: [shallow], number: 2, total: 3, signal });
    expect(first.isFollowUp).toBe(true);
    expect(model.calls[0]?.messages[0]?.content).toContain('ask a follow-up');
    const second = await gen.generate({ context, previous: [shallow, { number: 2, question: first.text, answer: 'Habit.', skipped: false, isFollowUp: true }], number: 3, total: 3, signal });
    expect(second.isFollowUp).toBe(false);
    expect(model.calls[1]?.messages[0]?.content).not.toContain('ask a follow-up');
    expect(QuestionGenerator.wantsFollowUp([{ ...shallow, answer: null }])).toBe(false);
    expect(QuestionGenerator.wantsFollowUp([{ ...shallow, skipped: true, answer: null }])).toBe(false);
  });

  it('clips long earlier answers in the question prompt', () => {
    const long = 'word '.repeat(2_000);
    const [, user] = buildQuestionPrompt({ context, previous: [{ number: 1, question: 'Q1?', answer: long, skipped: false }, { number: 2, question: 'Q2?', answer: long, skipped: false }], number: 3, total: 3, followUp: false });
    expect(user!.content.length).toBeLessThan(MAX_PREVIOUS_ANSWER_CHARS * 5 + 2_000);
    expect(user!.content).toContain('[...]');
  });
});

describe('fallback bank, shallow answers, final score', () => {
  it('has at least 15 questions per type and never picks one already asked', () => {
    expect(FALLBACK_QUESTIONS.technical.length).toBeGreaterThanOrEqual(15);
    expect(FALLBACK_QUESTIONS.hr.length).toBeGreaterThanOrEqual(15);
    const asked = FALLBACK_QUESTIONS.hr.slice(0, 3);
    expect(pickFallbackQuestion('hr', asked)).toBe(FALLBACK_QUESTIONS.hr[3]);
  });

  it('calls short or low-content answers shallow', () => {
    expect(isShallow('Yes.')).toBe(true);
    expect(isShallow('um well you know it is like the thing that we did and it was okay and so on and so forth really yeah')).toBe(true);
    expect(isShallow(previous[0]!.answer)).toBe(false);
  });

  it('averages over the questions asked, unanswered/skipped/not enough count 0, null while any answered one is unscored', () => {
    const scored = (score: number) => ({ answerStatus: 'answered' as const, evaluationStatus: 'scored' as const, score });
    // Two asked (of however many planned): never-asked questions do not count.
    expect(finalScore([scored(8), scored(6)])).toBe(7);
    expect(finalScore([scored(8), { answerStatus: 'skipped', evaluationStatus: 'not_applicable', score: null }])).toBe(4);
    expect(finalScore([scored(8), { answerStatus: 'unanswered', evaluationStatus: 'not_applicable', score: null }, scored(7)])).toBe(5);
    expect(finalScore([scored(9), { answerStatus: 'answered', evaluationStatus: 'not_enough', score: null }])).toBe(4.5);
    expect(finalScore([scored(8), { answerStatus: 'answered', evaluationStatus: 'unscored', score: null }])).toBeNull();
    expect(finalScore([scored(8), { answerStatus: 'answered', evaluationStatus: 'pending', score: null }])).toBeNull();
    expect(finalScore([scored(7), scored(7), scored(8)])).toBe(7.33);
    expect(finalScore([])).toBeNull();
  });
});
