import { describe, expect, it } from 'vitest';
import type { CapturedAnswer } from '../../src/interview/InterviewIO.ts';
import { transition, type AskedQuestion, type SessionState } from '../../src/interview/sessionState.ts';

const ctx = { total: 2, repeatWindowMs: 1_000, nowMs: 10_000 };
const q1: AskedQuestion = { number: 1, text: 'Q1?', isFallback: false, isFollowUp: false, focus: 'x' };
const answer: CapturedAnswer = { transcript: 'an answer', analytics: { timeToFirstWordMs: 1, speakingMs: 1, wordsPerMinute: 1, longestPauseMs: 0, fillerWordCount: 0, wordCount: 2 }, durationMs: 10, endReason: 'silence' };
const types = (effects: Array<{ type: string }>): string[] => effects.map((e) => e.type);

describe('transition', () => {
  it('walks created → preparing → asking → answering → preparing(2) → … → completed', () => {
    let s: SessionState = { status: 'created' };
    let t = transition(s, { type: 'start' }, ctx);
    expect(t.state).toEqual({ status: 'preparing', number: 1 });
    expect(types(t.effects)).toEqual(['generateQuestion']);
    t = transition(t.state, { type: 'questionReady', question: q1 }, ctx);
    expect(t.state.status).toBe('asking');
    expect(t.effects).toEqual([{ type: 'ask', question: q1 }]);
    t = transition(t.state, { type: 'spoken' }, ctx);
    expect(t.state).toMatchObject({ status: 'answering', askedAtMs: 10_000, transcript: '' });
    expect(t.effects).toEqual([{ type: 'listen', askedAtMs: 10_000 }]);
    t = transition(t.state, { type: 'answerEnded', answer }, ctx);
    expect(t.state).toEqual({ status: 'preparing', number: 2 });
    expect(t.effects).toEqual([{ type: 'recordAnswer', answer }, { type: 'dropSpeculation', unlessFrom: 'an answer' }, { type: 'acknowledge' }, { type: 'generateQuestion', number: 2 }]);
    s = { status: 'answering', question: { ...q1, number: 2 }, askedAtMs: 0, transcript: '' };
    t = transition(s, { type: 'answerEnded', answer: { ...answer, transcript: ' ', endReason: 'no_speech' } }, ctx);
    expect(t.state.status).toBe('completed');
    // An empty answer keeps no speculation.
    expect(t.effects.slice(1)).toEqual([{ type: 'dropSpeculation', unlessFrom: null }, { type: 'finish', status: 'completed', reason: 'all questions asked' }]);
  });

  it('allows repeat only while answering within the window, keeping the original ask time', () => {
    const answering: SessionState = { status: 'answering', question: q1, askedAtMs: 9_500, transcript: 'so far' };
    const t = transition(answering, { type: 'repeat' }, ctx);
    expect(t.handled).toBe(true);
    expect(t.state).toMatchObject({ status: 'asking', askedAtMs: 9_500 });
    // The words said so far are void; the same turn listens again after the question.
    expect(types(t.effects)).toEqual(['retractAnswer', 'dropSpeculation', 'ask']);
    expect(transition(answering, { type: 'repeat' }, { ...ctx, nowMs: 10_501 }).handled).toBe(false);
    expect(transition({ status: 'preparing', number: 1 }, { type: 'repeat' }, ctx).handled).toBe(false);
  });

  it('pauses from any live state and resumes by asking again; times out to abandoned', () => {
    const paused = transition({ status: 'answering', question: q1, askedAtMs: 9_000, transcript: 'so far' }, { type: 'candidateLeft' }, ctx);
    expect(paused.state).toMatchObject({ status: 'paused', number: 1, question: q1 });
    // Left mid-answer: what was said is kept, not cancelled.
    expect(paused.state).toMatchObject({ keptAnswer: true });
    expect(types(paused.effects)).toEqual(['dropSpeculation', 'keepAnswer', 'startRejoinTimer']);
    const back = transition(paused.state, { type: 'candidateReturned' }, ctx);
    expect(back.state).toEqual({ status: 'asking', question: q1, askedAtMs: 9_000 });
    expect(types(back.effects)).toEqual(['cancelRejoinTimer', 'retractAnswer', 'ask']);
    const gone = transition(paused.state, { type: 'rejoinTimeout' }, ctx);
    expect(gone.state).toMatchObject({ status: 'abandoned', reason: 'candidate did not return' });
    expect(gone.effects).toEqual([
      { type: 'cancelRejoinTimer' },
      { type: 'saveKeptAnswer', evaluate: true },
      { type: 'finish', status: 'abandoned', reason: 'candidate did not return' },
    ]);
    // Stopped or shut down while away: the held answer is saved too (evaluated only when stopped).
    expect(transition(paused.state, { type: 'stop', by: 'mentor' }, ctx).effects[1]).toMatchObject({ type: 'saveKeptAnswer', evaluate: true });
    expect(transition(paused.state, { type: 'shutdown' }, ctx).effects[1]).toMatchObject({ type: 'saveKeptAnswer', evaluate: false });
    // Left while listening had not started (asking): nothing to keep.
    const fromAsking = transition({ status: 'asking', question: q1, askedAtMs: null }, { type: 'candidateLeft' }, ctx);
    expect(fromAsking.state).toMatchObject({ keptAnswer: false });
    expect(types(fromAsking.effects)).toEqual(['stopSpeaking', 'startRejoinTimer']);
    expect(types(transition(fromAsking.state, { type: 'candidateReturned' }, ctx).effects)).toEqual(['cancelRejoinTimer', 'ask']);
    expect(types(transition(fromAsking.state, { type: 'rejoinTimeout' }, ctx).effects)).toEqual(['cancelRejoinTimer', 'finish']);
    // Left while the question was being prepared: the question lands in the paused state.
    const p2 = transition({ status: 'preparing', number: 1 }, { type: 'candidateLeft' }, ctx);
    const ready = transition(p2.state, { type: 'questionReady', question: q1 }, ctx);
    expect(ready.state).toMatchObject({ status: 'paused', question: q1 });
    expect(ready.effects).toEqual([]);
  });

  it('stop, shutdown and fatal end the session from any live state; final states ignore events', () => {
    const asking: SessionState = { status: 'asking', question: q1, askedAtMs: null };
    expect(transition(asking, { type: 'stop', by: 'candidate' }, ctx)).toMatchObject({ state: { status: 'abandoned' }, effects: [{ type: 'stopSpeaking' }, { type: 'finish', status: 'abandoned' }] });
    expect(transition(asking, { type: 'shutdown' }, ctx).state.status).toBe('interrupted');
    expect(transition(asking, { type: 'fatal', reason: 'x' }, ctx).state.status).toBe('failed');
    // Mid-answer, stop and shutdown finish the answer and save it (evaluated on stop, pending at shutdown); fatal cancels it.
    const answering: SessionState = { status: 'answering', question: q1, askedAtMs: 9_000, transcript: '' };
    expect(transition(answering, { type: 'stop', by: 'candidate' }, ctx).effects).toEqual([
      { type: 'dropSpeculation', unlessFrom: null },
      { type: 'keepAnswer' },
      { type: 'saveKeptAnswer', evaluate: true },
      { type: 'finish', status: 'abandoned', reason: 'stopped by candidate' },
    ]);
    expect(transition(answering, { type: 'shutdown' }, ctx).effects.slice(1)).toEqual([
      { type: 'keepAnswer' },
      { type: 'saveKeptAnswer', evaluate: false },
      { type: 'finish', status: 'interrupted', reason: 'shutdown' },
    ]);
    expect(types(transition(answering, { type: 'fatal', reason: 'x' }, ctx).effects)).toEqual(['dropAnswer', 'dropSpeculation', 'finish']);
    const done: SessionState = { status: 'completed', reason: 'r' };
    expect(transition(done, { type: 'stop', by: 'mentor' }, ctx)).toEqual({ state: done, effects: [], handled: false });
  });

  it('skip records a skipped answer and moves on', () => {
    const t = transition({ status: 'answering', question: q1, askedAtMs: 9_000, transcript: 'so far' }, { type: 'skip' }, ctx);
    expect(t.effects).toEqual([{ type: 'recordAnswer', answer: null }, { type: 'dropSpeculation', unlessFrom: null }, { type: 'generateQuestion', number: 2 }]);
    const fromAsking = transition({ status: 'asking', question: q1, askedAtMs: null }, { type: 'skip' }, ctx);
    expect(types(fromAsking.effects)).toEqual(['stopSpeaking', 'recordAnswer', 'dropSpeculation', 'generateQuestion']);
  });

  it('partials update the live transcript and are saved provisionally; a stale speculation is dropped', () => {
    const answering: SessionState = { status: 'answering', question: q1, askedAtMs: 9_000, transcript: '' };
    const t = transition(answering, { type: 'partial', number: 1, transcript: 'I built a cache' }, ctx);
    expect(t.state).toEqual({ ...answering, transcript: 'I built a cache' });
    expect(t.effects).toEqual([{ type: 'saveProvisional', transcript: 'I built a cache' }, { type: 'dropSpeculation', unlessFrom: 'I built a cache' }]);
    // Nothing to save yet for whitespace; a partial of another question is stale.
    expect(types(transition(answering, { type: 'partial', number: 1, transcript: '  ' }, ctx).effects)).toEqual(['dropSpeculation']);
    expect(transition(answering, { type: 'partial', number: 2, transcript: 'late' }, ctx).handled).toBe(false);
    expect(transition({ status: 'asking', question: q1, askedAtMs: null }, { type: 'partial', number: 1, transcript: 'x' }, ctx).handled).toBe(false);
  });

  it('a tentative end prepares the next question, but never past the last one or from nothing', () => {
    const answering: SessionState = { status: 'answering', question: q1, askedAtMs: 9_000, transcript: 'I built a cache' };
    const t = transition(answering, { type: 'tentativeEnd', number: 1, transcript: 'I built a cache' }, ctx);
    expect(t.state).toBe(answering);
    expect(t.effects).toEqual([{ type: 'speculate', number: 2, transcript: 'I built a cache' }]);
    expect(transition(answering, { type: 'tentativeEnd', number: 1, transcript: ' ' }, ctx).handled).toBe(false);
    const last: SessionState = { ...answering, question: { ...q1, number: 2 } };
    expect(transition(last, { type: 'tentativeEnd', number: 2, transcript: 'words' }, ctx).handled).toBe(false);
  });
});
