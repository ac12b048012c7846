import { describe, expect, it } from 'vitest';
import type { CapturedAnswer } from '../../src/interview/InterviewIO.ts';
import { transition, type AskedQuestion, type SessionState } from '../../src/interview/sessionState.ts';
import { sessionView } from '../../src/interview/sessionView.ts';
import { makeSession } from './fakes/makeSession.ts';
import { QUESTIONS, richAnswer, scriptedModel } from './fakes/scriptedModel.ts';
import { trackSessions } from './fakes/trackSessions.ts';

const ctx = { total: 2, repeatWindowMs: 60_000, nowMs: 10_000 };
const q1: AskedQuestion = { number: 1, text: 'Q1?', isFallback: false, isFollowUp: false, focus: 'x' };
const answering: SessionState = { status: 'answering', question: q1, askedAtMs: 9_000, transcript: 'so far', holding: false };
const types = (effects: Array<{ type: string }>): string[] => effects.map((e) => e.type);
const answer = (transcript: string): CapturedAnswer => ({ transcript, analytics: { timeToFirstWordMs: 1, speakingMs: 1, wordsPerMinute: 1, longestPauseMs: 0, fillerWordCount: 0, wordCount: 2 }, durationMs: 10, endReason: 'silence' });
const view = (s: SessionState) => sessionView(s, { interviewId: 'i', total: 2, recordedCount: 0, nowMs: 10_000, repeatWindowMs: 60_000 });

describe('turn-taking transitions', () => {
  it('a hold sets holding (the card says "Take your time"); speaking again clears it; a stale question number is ignored', () => {
    const held = transition(answering, { type: 'hold', number: 1, holding: true }, ctx);
    expect(held.state).toMatchObject({ status: 'answering', holding: true });
    expect(view(held.state).holding).toBe(true);
    expect(transition(held.state, { type: 'hold', number: 1, holding: true }, ctx).handled).toBe(false);
    expect(transition(held.state, { type: 'hold', number: 2, holding: false }, ctx).handled).toBe(false);
    const back = transition(held.state, { type: 'hold', number: 1, holding: false }, ctx);
    expect(view(back.state).holding).toBe(false);
  });

  it('spoken commands act like their buttons, and say what was heard first', () => {
    const heard = (command: 'repeat' | 'skip' | 'done' | 'end') => ({ command, heard: command });
    const repeat = transition(answering, { type: 'voiceCommand', number: 1, command: heard('repeat') }, ctx);
    expect(repeat.state.status).toBe('asking');
    expect(types(repeat.effects)).toEqual(['heard', 'retractAnswer', 'dropSpeculation', 'ask']);
    const skip = transition(answering, { type: 'voiceCommand', number: 1, command: heard('skip') }, ctx);
    expect(skip.state).toEqual({ status: 'preparing', number: 2 });
    expect(skip.effects[1]).toEqual({ type: 'recordAnswer', answer: null });
    const done = transition(answering, { type: 'voiceCommand', number: 1, command: heard('done') }, ctx);
    expect(types(done.effects)).toEqual(['heard', 'finishAnswer']);
    const end = transition(answering, { type: 'voiceCommand', number: 1, command: heard('end') }, ctx);
    expect(end.state).toMatchObject({ status: 'abandoned', reason: 'stopped by candidate' });
    expect(types(end.effects)).toContain('saveKeptAnswer');
  });

  it('a command that its button would refuse is refused (repeat past the window), and nothing is heard', () => {
    const late = transition(answering, { type: 'voiceCommand', number: 1, command: { command: 'repeat', heard: 'repeat' } }, { ...ctx, nowMs: 9_000 + 60_001 });
    expect(late.handled).toBe(false);
    expect(late.effects).toEqual([]);
    expect(transition(answering, { type: 'voiceCommand', number: 2, command: { command: 'skip', heard: 'skip' } }, ctx).handled).toBe(false);
  });

  it('acknowledges an answered question before preparing the next; not an empty answer, not after the last one', () => {
    expect(types(transition(answering, { type: 'answerEnded', answer: answer('words') }, ctx).effects)).toEqual(['recordAnswer', 'dropSpeculation', 'acknowledge', 'generateQuestion']);
    expect(types(transition(answering, { type: 'answerEnded', answer: answer(' ') }, ctx).effects)).not.toContain('acknowledge');
    const last: SessionState = { ...answering, question: { ...q1, number: 2 } };
    expect(types(transition(last, { type: 'answerEnded', answer: answer('words') }, ctx).effects)).not.toContain('acknowledge');
  });
});

describe('turn taking through the session', () => {
  const track = trackSessions();

  it('a spoken repeat asks again (the card hears "repeat"); the answer after it is recorded; acknowledgements vary between questions', async () => {
    const model = scriptedModel();
    const answers = [{ transcript: '', command: { command: 'repeat' as const, heard: 'can you repeat the question' } }, { transcript: richAnswer('cache') }, { transcript: richAnswer('migration') }, { transcript: richAnswer('alerting') }];
    const { session, io, store, guildId, interviewId } = await track(makeSession({ model, answers }));
    const result = await session.run();
    expect(result.status).toBe('completed');
    expect(io.spoken.map((s) => s.text)).toEqual([QUESTIONS[0], QUESTIONS[0], QUESTIONS[1], QUESTIONS[2]]);
    expect(io.views.some((v) => v.number === 1 && v.heard === 'repeat')).toBe(true);
    expect(io.views.filter((v) => v.number === 2).every((v) => v.heard === null)).toBe(true);
    const details = await store.getInterview(guildId, interviewId);
    expect(details?.questions.map((q) => q.answerTranscript)).toEqual([richAnswer('cache'), richAnswer('migration'), richAnswer('alerting')]);
    // One acknowledgement before each next question, never the same twice in a row, none after the last.
    expect(io.acknowledged).toHaveLength(2);
    expect(io.acknowledged[0]).not.toBe(io.acknowledged[1]);
  });

  it('a hold shows on the view while it lasts; a spoken skip records the question as skipped', async () => {
    const model = scriptedModel();
    const answers = [{ transcript: richAnswer('cache'), holdMs: 30 }, { transcript: '', command: { command: 'skip' as const, heard: 'skip' } }, { transcript: richAnswer('alerting') }];
    const { session, io, store, guildId, interviewId } = await track(makeSession({ model, answers, overrides: { acknowledge: false } }));
    await session.run();
    expect(io.views.some((v) => v.number === 1 && v.holding === true)).toBe(true);
    expect(io.views.filter((v) => v.number === 1).at(-1)?.holding).toBe(false);
    const details = await store.getInterview(guildId, interviewId);
    expect(details?.questions.map((q) => q.answerStatus)).toEqual(['answered', 'skipped', 'answered']);
    expect(io.acknowledged).toEqual([]);
  });
});
