import { beforeAll, describe, expect, it } from 'vitest';
import { FakeSpeechToText } from '../../src/ai/testing/FakeSpeechToText.ts';
import type { SpokenCommand } from '../../src/interview/InterviewIO.ts';
import { voiceCommand } from '../../src/interview/turns/voiceCommand.ts';
import { AnswerListener, type AnswerListenerOptions, type PauseDecision } from '../../src/voice/AnswerListener.ts';
import { festivalOpusPackets, timeline } from '../harness/speech/discordOpus.ts';
import { ManualClock } from '../harness/speech/ManualClock.ts';
import { feed, runUntilEnded } from './listenHelpers.ts';

let first: Buffer[];
let second: Buffer[];

beforeAll(async () => {
  [first, second] = await Promise.all([festivalOpusPackets('I worked on the payments team for three years.'), festivalOpusPackets('We moved the billing system to Kubernetes.')]);
}, 60_000);

function setup(stt: FakeSpeechToText, opts: Partial<AnswerListenerOptions>) {
  const clock = new ManualClock();
  const startMs = clock.now();
  const listener = new AnswerListener({ stt, clock, startedAtMs: startMs, ...opts });
  const holds: boolean[] = [];
  const commands: SpokenCommand[] = [];
  const decided: string[] = [];
  listener.onHold((h) => holds.push(h));
  listener.onCommand((c) => commands.push(c));
  return { clock, startMs, listener, holds, commands, decided };
}

/** A decider that answers from a table of transcripts (the policy itself is tested in test/interview/turns). */
function decider(table: Record<string, PauseDecision>, log: string[]): NonNullable<AnswerListenerOptions['endOfAnswer']> {
  return async (transcript) => {
    log.push(transcript);
    return table[transcript] ?? { silenceLimitMs: 6_000, hold: false };
  };
}

/** Festival's own trailing quiet is shorter than this (ms). */
const TRAILING_QUIET_MS = 700;

describe('adaptive end of answer in the listener', () => {
  it('waits the undecided (long) silence until the pause is decided from its transcript, then the short one ends a complete answer', async () => {
    const stt = new FakeSpeechToText().script('I worked on the payments team for three years.');
    const log: string[] = [];
    const { clock, startMs, listener } = setup(stt, { endOfAnswerSilenceMs: 6_000, endOfAnswer: decider({ 'I worked on the payments team for three years.': { silenceLimitMs: 800, hold: false } }, log) });
    const { packets, endMs } = timeline(startMs, [{ gapMs: 500 }, { packets: first }]);
    await feed(listener, clock, packets);
    const answer = await runUntilEnded(listener, clock);
    expect(log).toEqual(['I worked on the payments team for three years.']);
    expect(answer.endReason).toBe('silence');
    // Decided after the segment pause (600 ms) and its transcription: well before the long silence.
    expect(answer.durationMs).toBeGreaterThanOrEqual(endMs - startMs - TRAILING_QUIET_MS + 800);
    expect(answer.durationMs).toBeLessThan(endMs - startMs + 2_000);
  });

  it('a mid-thought pause keeps listening past the short silence: the words after it are in the answer', async () => {
    const stt = new FakeSpeechToText().script('I worked on the payments team and', 'we moved billing to Kubernetes.');
    const log: string[] = [];
    const table = { 'I worked on the payments team and': { silenceLimitMs: 6_000, hold: false }, 'I worked on the payments team and we moved billing to Kubernetes.': { silenceLimitMs: 800, hold: false } };
    const { clock, startMs, listener } = setup(stt, { endOfAnswerSilenceMs: 6_000, endOfAnswer: decider(table, log) });
    const { packets } = timeline(startMs, [{ gapMs: 500 }, { packets: first }, { gapMs: 3_500 }, { packets: second }]);
    await feed(listener, clock, packets);
    const answer = await runUntilEnded(listener, clock);
    expect(answer.transcript).toBe('I worked on the payments team and we moved billing to Kubernetes.');
    expect(log).toHaveLength(2);
  });

  it('a hold reports holding, applies the hold limit, and speaking again ends the hold', async () => {
    const stt = new FakeSpeechToText().script('Let me think about it.', 'We moved billing to Kubernetes.');
    const log: string[] = [];
    const table = { 'Let me think about it.': { silenceLimitMs: 20_000, hold: true }, 'Let me think about it. We moved billing to Kubernetes.': { silenceLimitMs: 800, hold: false } };
    const { clock, startMs, listener, holds } = setup(stt, { endOfAnswerSilenceMs: 6_000, endOfAnswer: decider(table, log) });
    // 9 s of silence after the hold: longer than the long silence, shorter than the hold limit.
    const { packets } = timeline(startMs, [{ gapMs: 500 }, { packets: first }, { gapMs: 9_000 }, { packets: second }]);
    await feed(listener, clock, packets);
    const answer = await runUntilEnded(listener, clock);
    expect(answer.transcript).toBe('Let me think about it. We moved billing to Kubernetes.');
    expect(holds).toEqual([true, false]);
  });

  it('a decision that arrives after the candidate spoke again is stale and ignored', async () => {
    const stt = new FakeSpeechToText().script('I worked on the payments team.', 'We moved billing to Kubernetes.');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    const { clock, startMs, listener } = setup(stt, {
      endOfAnswerSilenceMs: 6_000,
      endOfAnswer: async () => {
        calls++;
        if (calls === 1) await gate; // the first pause's judgement is slow
        return { silenceLimitMs: calls === 1 ? 300 : 6_000, hold: false };
      },
    });
    const { packets, endMs } = timeline(startMs, [{ gapMs: 500 }, { packets: first }, { gapMs: 1_500 }, { packets: second }]);
    await feed(listener, clock, packets);
    release(); // too late: the candidate is speaking (or spoke) again
    const answer = await runUntilEnded(listener, clock);
    expect(answer.transcript).toBe('I worked on the payments team. We moved billing to Kubernetes.');
    expect(answer.durationMs).toBeGreaterThanOrEqual(endMs - startMs - TRAILING_QUIET_MS + 6_000);
  });
});

describe('spoken commands in the listener', () => {
  it('a command at the start of an utterance is reported and left out of the answer; the answer after it is the answer', async () => {
    const stt = new FakeSpeechToText().script('Can you repeat the question please?', 'We moved billing to Kubernetes.');
    const { clock, startMs, listener, commands } = setup(stt, { endOfAnswerSilenceMs: 3_000, commandOf: (t) => voiceCommand(t, 'English') });
    const partials: string[] = [];
    listener.onPartial((t) => partials.push(t));
    const { packets } = timeline(startMs, [{ gapMs: 500 }, { packets: first }, { gapMs: 1_500 }, { packets: second }]);
    await feed(listener, clock, packets);
    const answer = await runUntilEnded(listener, clock);
    expect(commands).toEqual([{ command: 'repeat', heard: 'Can you repeat the question please?' }]);
    expect(answer.transcript).toBe('We moved billing to Kubernetes.');
    expect(partials).toEqual(['We moved billing to Kubernetes.']);
  });

  it('a command alone is not an answer: without more speech the answer ends as no speech', async () => {
    const stt = new FakeSpeechToText().script('skip');
    const { clock, startMs, listener, commands } = setup(stt, { endOfAnswerSilenceMs: 3_000, noSpeechTimeoutMs: 10_000, commandOf: (t) => voiceCommand(t, 'English') });
    const { packets } = timeline(startMs, [{ gapMs: 500 }, { packets: first }]);
    await feed(listener, clock, packets);
    const answer = await runUntilEnded(listener, clock);
    expect(commands.map((c) => c.command)).toEqual(['skip']);
    expect(answer.endReason).toBe('no_speech');
    expect(answer.transcript).toBe('');
  });

  it('an answer that mentions a command word is an answer', async () => {
    const stt = new FakeSpeechToText().script('I repeated the question to the whole team twice.');
    const { clock, startMs, listener, commands } = setup(stt, { endOfAnswerSilenceMs: 3_000, commandOf: (t) => voiceCommand(t, 'English') });
    const { packets } = timeline(startMs, [{ gapMs: 500 }, { packets: first }]);
    await feed(listener, clock, packets);
    const answer = await runUntilEnded(listener, clock);
    expect(commands).toEqual([]);
    expect(answer.transcript).toBe('I repeated the question to the whole team twice.');
  });
});
