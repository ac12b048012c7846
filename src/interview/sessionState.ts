import type { CapturedAnswer } from './InterviewIO.ts';

/** A question as asked. */
export interface AskedQuestion {
  /** 1-based. */
  number: number;
  text: string;
  isFallback: boolean;
  isFollowUp: boolean;
  /** What the question probes (a skill, a project), for the next prompts. */
  focus: string;
}

/** Who ended an interview early. */
export type StoppedBy = 'candidate' | 'mentor' | 'system';

/** Terminal states' statuses. */
export type FinalStatus = 'completed' | 'abandoned' | 'interrupted' | 'failed';

/**
 * The session, one explicit state at a time. `askedAtMs` is when the question was first spoken
 * (start of the repeat window).
 */
export type SessionState =
  | { status: 'created' }
  | { status: 'preparing'; number: number }
  | { status: 'asking'; question: AskedQuestion; askedAtMs: number | null }
  | { status: 'answering'; question: AskedQuestion; askedAtMs: number }
  /**
   * Candidate out of the channel. `question` is null while it is still being prepared.
   * `keptAnswer`: they left mid-answer, and what they had said is held (see the `keepAnswer` effect).
   */
  | { status: 'paused'; number: number; question: AskedQuestion | null; askedAtMs: number | null; pausedAtMs: number; keptAnswer: boolean }
  | { status: FinalStatus; reason: string };

/** Everything that can happen to a session. */
export type SessionEvent =
  | { type: 'start' }
  | { type: 'questionReady'; question: AskedQuestion }
  | { type: 'spoken' }
  | { type: 'answerEnded'; answer: CapturedAnswer }
  | { type: 'repeat' }
  | { type: 'done' }
  | { type: 'skip' }
  | { type: 'stop'; by: StoppedBy }
  | { type: 'candidateLeft' }
  | { type: 'candidateReturned' }
  | { type: 'rejoinTimeout' }
  | { type: 'shutdown' }
  | { type: 'fatal'; reason: string };

/** What the runner must do after a transition, in order. */
export type SessionEffect =
  | { type: 'generateQuestion'; number: number }
  | { type: 'speak'; text: string }
  | { type: 'stopSpeaking' }
  | { type: 'listen'; number: number }
  | { type: 'finishAnswer' }
  | { type: 'cancelAnswer' }
  /** End the current capture now and hold its (partial) result instead of cancelling it. */
  | { type: 'keepAnswer' }
  /** The held answer is not wanted any more (the question is asked again). */
  | { type: 'dropKeptAnswer' }
  /**
   * Save the held answer as question `question.number` (answered if it has words, else
   * unanswered). `evaluate` false (shutdown): saved with its evaluation pending, for the later retry.
   */
  | { type: 'saveKeptAnswer'; question: AskedQuestion; askedAtMs: number; evaluate: boolean }
  /** Save question `number` as answered/unanswered (`answer` given) or skipped (`answer` null), then evaluate it if answered. */
  | { type: 'recordAnswer'; question: AskedQuestion; askedAtMs: number; answer: CapturedAnswer | null }
  | { type: 'startRejoinTimer' }
  | { type: 'cancelRejoinTimer' }
  | { type: 'finish'; status: FinalStatus; reason: string };

/** Fixed facts a transition needs besides the state and the event. */
export interface TransitionContext {
  /** Number of questions (N). */
  total: number;
  /** Repeat is allowed until askedAtMs + repeatWindowMs. */
  repeatWindowMs: number;
  /** The clock's now, in ms. */
  nowMs: number;
}

/** The result of one transition. `handled` is false when the event made no sense in that state. */
export interface Transition {
  state: SessionState;
  effects: SessionEffect[];
  handled: boolean;
}

const FINAL: ReadonlySet<string> = new Set(['completed', 'abandoned', 'interrupted', 'failed']);

/** True for completed, abandoned, interrupted and failed. */
export function isFinal(state: SessionState): state is Extract<SessionState, { status: FinalStatus }> {
  return FINAL.has(state.status);
}

/** An answer is empty when nothing but whitespace was transcribed, or no speech was heard. */
export function isEmptyAnswer(answer: CapturedAnswer): boolean {
  return answer.endReason === 'no_speech' || answer.transcript.trim() === '';
}

/** Whether Repeat is allowed in `state` at `nowMs`. */
export function canRepeat(state: SessionState, ctx: Pick<TransitionContext, 'repeatWindowMs' | 'nowMs'>): boolean {
  return state.status === 'answering' && ctx.nowMs - state.askedAtMs <= ctx.repeatWindowMs;
}

const ignore = (state: SessionState): Transition => ({ state, effects: [], handled: false });
const to = (state: SessionState, ...effects: SessionEffect[]): Transition => ({ state, effects, handled: true });

/** Cleanup effects when leaving a live state for good (or for a pause). */
function cleanup(state: SessionState): SessionEffect[] {
  if (state.status === 'asking') return [{ type: 'stopSpeaking' }];
  if (state.status === 'answering') return [{ type: 'cancelAnswer' }];
  if (state.status === 'paused') return [{ type: 'cancelRejoinTimer' }, ...(state.keptAnswer ? [{ type: 'dropKeptAnswer' } as const] : [])];
  return [];
}

/**
 * Effects when the interview ends early (stop, shutdown, rejoin timeout) but what the candidate
 * already said must be kept: the answer in progress (or the one held while they were away) is
 * finished and saved. `evaluate` is false at shutdown (no time for the model).
 */
function keepWords(state: SessionState, evaluate: boolean): SessionEffect[] {
  if (state.status === 'answering') {
    return [{ type: 'keepAnswer' }, { type: 'saveKeptAnswer', question: state.question, askedAtMs: state.askedAtMs, evaluate }];
  }
  if (state.status === 'paused' && state.keptAnswer && state.question) {
    return [{ type: 'cancelRejoinTimer' }, { type: 'saveKeptAnswer', question: state.question, askedAtMs: state.askedAtMs ?? state.pausedAtMs, evaluate }];
  }
  return cleanup(state);
}

/** After question `number` is recorded: the next question, or the end. */
function next(number: number, ctx: TransitionContext): Transition {
  if (number >= ctx.total) return to({ status: 'completed', reason: 'all questions asked' }, { type: 'finish', status: 'completed', reason: 'all questions asked' });
  return to({ status: 'preparing', number: number + 1 }, { type: 'generateQuestion', number: number + 1 });
}

/**
 * The one transition function: pure, no I/O. Returns the next state and the effects the runner
 * executes through the ports. Events that make no sense in a state are ignored (`handled: false`).
 */
export function transition(state: SessionState, event: SessionEvent, ctx: TransitionContext): Transition {
  if (isFinal(state)) return ignore(state);
  switch (event.type) {
    case 'stop': {
      const reason = `stopped by ${event.by}`;
      return to({ status: 'abandoned', reason }, ...keepWords(state, true), { type: 'finish', status: 'abandoned', reason });
    }
    case 'shutdown':
      return to({ status: 'interrupted', reason: 'shutdown' }, ...keepWords(state, false), { type: 'finish', status: 'interrupted', reason: 'shutdown' });
    case 'fatal':
      return to({ status: 'failed', reason: event.reason }, ...cleanup(state), { type: 'finish', status: 'failed', reason: event.reason });
    case 'start':
      if (state.status !== 'created') return ignore(state);
      return to({ status: 'preparing', number: 1 }, { type: 'generateQuestion', number: 1 });
    case 'questionReady':
      if (state.status === 'preparing' && state.number === event.question.number) {
        return to({ status: 'asking', question: event.question, askedAtMs: null }, { type: 'speak', text: event.question.text });
      }
      if (state.status === 'paused' && state.question === null && state.number === event.question.number) {
        return to({ ...state, question: event.question });
      }
      return ignore(state);
    case 'spoken':
      if (state.status !== 'asking') return ignore(state);
      return to(
        { status: 'answering', question: state.question, askedAtMs: state.askedAtMs ?? ctx.nowMs },
        { type: 'listen', number: state.question.number },
      );
    case 'repeat':
      if (state.status !== 'answering' || !canRepeat(state, ctx)) return ignore(state);
      // Keep the original askedAtMs: the window does not restart with each repeat.
      return to(
        { status: 'asking', question: state.question, askedAtMs: state.askedAtMs },
        { type: 'cancelAnswer' },
        { type: 'speak', text: state.question.text },
      );
    case 'done':
      if (state.status !== 'answering') return ignore(state);
      return to(state, { type: 'finishAnswer' });
    case 'skip': {
      if (state.status !== 'answering' && state.status !== 'asking') return ignore(state);
      const t = next(state.question.number, ctx);
      const askedAtMs = state.askedAtMs ?? ctx.nowMs;
      return { ...t, effects: [...cleanup(state), { type: 'recordAnswer', question: state.question, askedAtMs, answer: null }, ...t.effects] };
    }
    case 'answerEnded': {
      if (state.status !== 'answering') return ignore(state);
      const t = next(state.question.number, ctx);
      return { ...t, effects: [{ type: 'recordAnswer', question: state.question, askedAtMs: state.askedAtMs, answer: event.answer }, ...t.effects] };
    }
    case 'candidateLeft': {
      if (state.status === 'created' || state.status === 'paused') return ignore(state);
      const number = state.status === 'preparing' ? state.number : state.question.number;
      const question = state.status === 'preparing' ? null : state.question;
      const askedAtMs = state.status === 'preparing' ? null : state.askedAtMs;
      // Mid-answer: what was said so far is held, saved if they never come back.
      const keptAnswer = state.status === 'answering';
      return to(
        { status: 'paused', number, question, askedAtMs, pausedAtMs: ctx.nowMs, keptAnswer },
        ...(keptAnswer ? [{ type: 'keepAnswer' } as const] : cleanup(state)),
        { type: 'startRejoinTimer' },
      );
    }
    case 'candidateReturned':
      if (state.status !== 'paused') return ignore(state);
      if (state.question === null) return to({ status: 'preparing', number: state.number }, { type: 'cancelRejoinTimer' });
      // Ask the interrupted question again from the start; the new answer replaces the held one.
      return to(
        { status: 'asking', question: state.question, askedAtMs: state.askedAtMs },
        ...cleanup(state),
        { type: 'speak', text: state.question.text },
      );
    case 'rejoinTimeout': {
      if (state.status !== 'paused') return ignore(state);
      const reason = 'candidate did not return';
      return to({ status: 'abandoned', reason }, ...keepWords(state, true), { type: 'finish', status: 'abandoned', reason });
    }
  }
}
