import { describe, expect, it } from 'vitest';
import { FakeLanguageModel } from '../../../src/ai/testing/FakeLanguageModel.ts';
import { parseConfig } from '../../../src/config.ts';
import { DEFAULT_END_OF_ANSWER_SETTINGS, endOfAnswerPolicy, type EndOfAnswerSettings } from '../../../src/interview/turns/endOfAnswerPolicy.ts';
import { PAUSE_JUDGEMENT_SCHEMA_NAME } from '../../../src/interview/turns/judgeEndOfAnswer.ts';

const Q = 'Tell me about a project you are proud of.';
const at = (transcript: string) => ({ transcript, question: Q, language: 'English' });
const S = DEFAULT_END_OF_ANSWER_SETTINGS;
const minimalEnv = { DISCORD_TOKEN: 'x'.repeat(30), OPENAI_API_KEY: 'sk-test-1234567890' };

describe('endOfAnswerPolicy', () => {
  it('maps the rules: complete 800 ms, mid-thought 6 s, hold 20 s, without asking the model', async () => {
    const model = new FakeLanguageModel();
    const complete = await endOfAnswerPolicy(at('In my last project I built a distributed cache in Go, and it cut our latency by forty percent.'), S, model);
    const mid = await endOfAnswerPolicy(at('In my last project I built a distributed cache and'), S, model);
    const hold = await endOfAnswerPolicy(at('Hmm, let me think.'), S, model);
    expect([complete, mid, hold].map((d) => [d.pauseClass, d.silenceLimitMs, d.source])).toEqual([
      ['complete', 800, 'rules'], ['mid_thought', 6_000, 'rules'], ['hold', 20_000, 'rules'],
    ]);
    expect(model.calls).toHaveLength(0);
  });

  it('asks the judge only when the rules are unsure, and takes its verdict', async () => {
    const model = new FakeLanguageModel().script(PAUSE_JUDGEMENT_SCHEMA_NAME, { value: { verdict: 'complete' } });
    const d = await endOfAnswerPolicy(at('i built a distributed cache and reduced latency by forty percent'), S, model);
    expect(d).toMatchObject({ pauseClass: 'complete', silenceLimitMs: 800, source: 'judge' });
    expect(model.calls).toHaveLength(1);
  });

  it('waits the long silence when the judge fails or there is none', async () => {
    const failing = new FakeLanguageModel({ maxRetries: 0 }).script(PAUSE_JUDGEMENT_SCHEMA_NAME, FakeLanguageModel.failure(true));
    expect((await endOfAnswerPolicy(at('a payment system.'), S, failing)).silenceLimitMs).toBe(6_000);
    expect((await endOfAnswerPolicy(at('a payment system.'), S, null)).silenceLimitMs).toBe(6_000);
  });

  it('fixed mode waits the fixed silence at every pause', async () => {
    const fixed: EndOfAnswerSettings = { ...S, mode: 'fixed', fixedMs: 3_000 };
    for (const t of ['Hmm, let me think.', 'and', 'That is all. Thank you.']) {
      expect(await endOfAnswerPolicy(at(t), fixed, null)).toMatchObject({ silenceLimitMs: 3_000, source: 'fixed' });
    }
  });

  it('takes its settings from the configuration, validated like the other variables', () => {
    const c = parseConfig(minimalEnv);
    const settings: EndOfAnswerSettings = { ...c.interview.endOfAnswer, fixedMs: c.interview.endOfAnswerSilenceMs };
    expect(settings).toEqual(DEFAULT_END_OF_ANSWER_SETTINGS);
    const custom = parseConfig({ ...minimalEnv, END_OF_ANSWER_MODE: 'fixed', END_OF_ANSWER_SHORT_MS: '1000', END_OF_ANSWER_HOLD_MS: '30000' });
    expect(custom.interview.endOfAnswer).toEqual({ mode: 'fixed', shortMs: 1_000, longMs: 6_000, holdMs: 30_000, judgeTimeoutMs: 1_500 });
    expect(() => parseConfig({ ...minimalEnv, END_OF_ANSWER_MODE: 'smart' })).toThrow(/END_OF_ANSWER_MODE is invalid/);
    expect(() => parseConfig({ ...minimalEnv, END_OF_ANSWER_LONG_MS: 'long' })).toThrow(/END_OF_ANSWER_LONG_MS is invalid/);
    expect(() => parseConfig({ ...minimalEnv, END_OF_ANSWER_SHORT_MS: '7000' })).toThrow(/END_OF_ANSWER_SHORT_MS is out of order/);
    expect(() => parseConfig({ ...minimalEnv, END_OF_ANSWER_HOLD_MS: '5000' })).toThrow(/END_OF_ANSWER_LONG_MS is out of order/);
  });
});
