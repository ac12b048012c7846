import { describe, expect, it } from 'vitest';
import { FakeLanguageModel } from '../../../src/ai/testing/FakeLanguageModel.ts';
import { planBankQuestions } from '../../../src/interview/bank/planBankQuestions.ts';
import type { PreviousTurn } from '../../../src/interview/prompts.ts';
import { QUESTION_SCHEMA_NAME, QuestionGenerator, type GeneratedQuestion } from '../../../src/interview/QuestionGenerator.ts';

const context = { jobTitle: 'Backend Engineer', type: 'technical' as const, language: 'English', resumeText: 'Go dev', jobDescription: 'Go job' };
const signal = new AbortController().signal;
const LONG_ANSWER = 'I sharded the maps, measured latency with tracing, added load tests in CI, reduced p99 by forty percent and kept memory flat across the fleet that handled payments traffic.';
const TAILORED = [
  'How did you design the caching layer of your Go payments service?',
  'What made you pick Kafka over RabbitMQ for order events?',
  'Describe your approach to zero-downtime PostgreSQL migrations.',
  'Which dashboards and alerts did you build for on-call engineers?',
  'How are deployments rolled back when a canary misbehaves?',
  'Where do secrets live in your infrastructure, and who rotates them?',
  'What does your integration test pyramid look like today?',
  'How would you version a public HTTP API used by mobile apps?',
  'Explain a data race you found in Go and how you fixed it.',
  'Walk through the worst outage you handled end to end.',
  'Which profiler told you where memory went in that service?',
  'How do you evolve protobuf schemas without breaking consumers?',
];
const BANK = [
  { id: 'b1', text: 'Walk me through how you would shard a relational database?' },
  { id: 'b2', text: 'Which trade-offs did you make choosing between REST and gRPC?' },
  { id: 'b3', text: 'Tell me how you reviewed a teammate’s risky pull request?' },
  { id: 'b4', text: 'What would you monitor first in a new payments service?' },
];

/** A model that writes a new, different tailored question on every call. */
function tailoredModel(): FakeLanguageModel {
  let n = 0;
  return new FakeLanguageModel({ handler: () => ({ question: TAILORED[n++ % TAILORED.length]!, isFollowUp: false, focus: 'topic' }) });
}

/** Runs a whole interview of `total` questions; `answer(q)` is the candidate's answer to each. */
async function interview(gen: QuestionGenerator, total: number, answer: (q: GeneratedQuestion) => string = () => LONG_ANSWER): Promise<GeneratedQuestion[]> {
  const previous: PreviousTurn[] = [];
  const asked: GeneratedQuestion[] = [];
  for (let number = 1; number <= total; number++) {
    const q = await gen.generate({ context, previous, number, total, signal });
    asked.push(q);
    previous.push({ number, question: q.text, answer: answer(q), skipped: false, isFollowUp: q.isFollowUp });
  }
  return asked;
}

describe('QuestionGenerator with the server’s bank', () => {
  it('asks round(N × share) bank questions as written, spread out, each once, without calling the model for them', async () => {
    const model = tailoredModel();
    const gen = new QuestionGenerator(model, { bank: planBankQuestions(BANK, 10, 0.3) });
    const asked = await interview(gen, 10);
    const fromBank = asked.flatMap((q, i) => (q.fromBank ? [[i + 1, q.text]] : []));
    expect(fromBank).toEqual([[2, BANK[0]!.text], [6, BANK[1]!.text], [9, BANK[2]!.text]]);
    expect(model.callsFor(QUESTION_SCHEMA_NAME)).toHaveLength(7);
    expect(new Set(asked.map((q) => q.text)).size).toBe(10);
    expect(asked.filter((q) => q.fromBank).every((q) => !q.isFallback && !q.isFollowUp)).toBe(true);
  });

  it('tells the model which bank questions are still to come, and not the ones already asked', async () => {
    const model = tailoredModel();
    // 4 questions at 0.5: bank questions at 2 and 4; the model writes 1 and 3.
    await interview(new QuestionGenerator(model, { bank: planBankQuestions(BANK, 4, 0.5) }), 4);
    const [first, third] = model.callsFor(QUESTION_SCHEMA_NAME).map((c) => c.messages[1]!.content);
    expect(first).toContain('LATER_QUESTIONS');
    expect(first).toContain(BANK[0]!.text);
    expect(first).toContain(BANK[1]!.text);
    expect(third!.split('LATER_QUESTIONS')[1]).not.toContain(BANK[0]!.text);
    expect(third).toContain(BANK[1]!.text);
    // 4 questions at 0.25: one bank question, at 3; the prompt for question 4 names none.
    const after = tailoredModel();
    await interview(new QuestionGenerator(after, { bank: planBankQuestions(BANK, 4, 0.25) }), 4);
    const prompts = after.callsFor(QUESTION_SCHEMA_NAME).map((c) => c.messages[1]!.content);
    expect(prompts.map((p) => p.includes('LATER_QUESTIONS'))).toEqual([true, true, false]);
  });

  it('asks a follow-up after a shallow answer to a bank question, and moves a bank question due after a shallow answer to the next question', async () => {
    const model = tailoredModel();
    model.script(QUESTION_SCHEMA_NAME, { value: { question: 'Why did you pick that sharding key over the others you considered?', isFollowUp: true, focus: 'sharding' } });
    const gen = new QuestionGenerator(model, { bank: planBankQuestions(BANK, 10, 0.3) });
    // The answer to the first bank question (question 2) is shallow.
    const asked = await interview(gen, 10, (q) => (q.text === BANK[0]!.text ? 'I do not know.' : LONG_ANSWER));
    expect(asked[1]).toMatchObject({ fromBank: true, text: BANK[0]!.text });
    expect(asked[2]).toMatchObject({ isFollowUp: true });
    expect(asked[2]!.fromBank).toBeUndefined();
    expect(asked.filter((q) => q.fromBank).map((q) => q.text)).toEqual([BANK[0]!.text, BANK[1]!.text, BANK[2]!.text]);

    const late = new QuestionGenerator(tailoredModel(), { bank: planBankQuestions(BANK, 10, 0.3) });
    // A shallow answer to question 5: question 6 (a bank slot) becomes a follow-up, the bank question comes at 7.
    let count = 0;
    const shifted = await interview(late, 10, () => (++count === 5 ? 'No idea.' : LONG_ANSWER));
    expect(shifted.flatMap((q, i) => (q.fromBank ? [i + 1] : []))).toEqual([2, 7, 9]);
  });

  it('never asks a bank question close to one already asked, and asks tailored questions when the bank has fewer', async () => {
    // The model happens to ask the bank's only question itself first.
    const model = tailoredModel().script(QUESTION_SCHEMA_NAME, { value: { question: 'Walk me through how you would shard a relational database?', isFollowUp: false, focus: 'x' } });
    const asked = await interview(new QuestionGenerator(model, { bank: planBankQuestions(BANK.slice(0, 1), 10, 0.3) }), 10);
    expect(asked.filter((q) => q.text === BANK[0]!.text)).toHaveLength(1);
    expect(asked.some((q) => q.fromBank)).toBe(false);
    expect(asked.filter((q) => !q.isFallback)).toHaveLength(10);
  });

  it('asks only tailored questions without a bank', async () => {
    const asked = await interview(new QuestionGenerator(tailoredModel()), 5);
    expect(asked.some((q) => q.fromBank)).toBe(false);
  });
});
