import type { CapturedAnswer, SpokenCommand } from './InterviewIO.ts';

/** A question as asked. */
export interface AskedQuestion {
  /** 1-based. */
  number: number;
  text: string;
  isFallback: boolean;
  isFollowUp: boolean;
  /** What the question probes (a skill, a project), for the next prompts. */
  focus: string;
  /** A question of the server's bank, asked as written. */
  fromBank?: boolean;
}

/** Who ended an interview early. */
export type StoppedBy = 'candidate' | 'mentor' | 'system';

/** Terminal states' statuses. */
export type FinalStatus = 'completed' | 'abandoned' | 'interrupted' | 'failed';

/**
 * The session, one explicit state at a time. `askedAtMs` is when the question was first spoken
 * (start of the repeat window); `transcript` is the live transcript of the answer so far.
 */
export type SessionState =
  | { status: 'created' }
  | { status: 'preparing'; number: number }
  | { status: 'asking'; question: AskedQuestion; askedAtMs: number | null }
  /** `holding`: the candidate asked for time to think (the hold limit applies). */
  | { status: 'answering'; question: AskedQuestion; askedAtMs: number; transcript: string; holding?: boolean }
  /**
   * Candidate out of the channel. `question` is null while it is still being prepared.
   * `keptAnswer` mirrors the answer's turn: they left mid-answer and the turn holds what they had
   * said (its capture, its provisional row) until it is saved or the question is asked again.
   */
  | { status: 'paused'; number: number; question: AskedQuestion | null; askedAtMs: number | null; pausedAtMs: number; keptAnswer: boolean }
  | { status: FinalStatus; reason: string };

/** Everything that can happen to a session. */
export type SessionEvent =
  | { type: 'start' }
  | { type: 'questionReady'; question: AskedQuestion }
  | { type: 'spoken' }
  /** The live transcript of the answer to question `number` grew. */
  | { type: 'partial'; number: number; transcript: string }
  /** The candidate paused while answering question `number`: the answer MAY be over. */
  | { type: 'tentativeEnd'; number: number; transcript: string }
  /** The candidate asked for time (`holding` true) or spoke again (false). */
  | { type: 'hold'; number: number; holding: boolean }
  /** A spoken command while answering question `number`: acts like its button. */
  | { type: 'voiceCommand'; number: number; command: SpokenCommand }
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

/**
 * What the runner must do after a transition, in order. The answer's effects act on the turn of
 * the current question (see `AnswerTurn`), which carries the question and when it was asked.
 */
export type SessionEffect =
  | { type: 'generateQuestion'; number: number }
  /** Speak `question` (again, after a repeat or a return); its turn is opened if it has none yet. */
  | { type: 'ask'; question: AskedQuestion }
  | { type: 'stopSpeaking' }
  /** Start capturing the answer to the question asked at `askedAtMs`. */
  | { type: 'listen'; askedAtMs: number }
  | { type: 'finishAnswer' }
  /** The question is asked again: the answer so far (captured or kept) is void. */
  | { type: 'retractAnswer' }
  /** The answer is not wanted at all (the session failed). */
  | { type: 'dropAnswer' }
  /** End the capture now and keep its (partial) result instead of cancelling it. */
  | { type: 'keepAnswer' }
  /**
   * Save the kept answer (answered if it has words, else unanswered). `evaluate` false
   * (shutdown): saved with its evaluation pending, for the later retry.
   */
  | { type: 'saveKeptAnswer'; evaluate: boolean }
  /** Record the answer (`answer` given) or a skip (`answer` null), then evaluate it if answered. */
  | { type: 'recordAnswer'; answer: CapturedAnswer | null }
  /** Save the answer so far, so a killed process keeps the words (never blocks, latest wins). */
  | { type: 'saveProvisional'; transcript: string }
  /** Prepare question `number` now, as if `transcript` were the final answer to the one before. */
  | { type: 'speculate'; number: number; transcript: string }
  /** Drop the prepared next question unless it was made from exactly `unlessFrom`. */
  | { type: 'dropSpeculation'; unlessFrom: string | null }
  /** Show on the card what spoken command was heard. */
  | { type: 'heard'; command: SpokenCommand }
  /** Say a short acknowledgement of the answer before the next question. */
  | { type: 'acknowledge' }
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

const NO_SPECULATION: SessionEffect = { type: 'dropSpeculation', unlessFrom: null };

/** Cleanup effects when leaving a live state for good (the session failed). */
function cleanup(state: SessionState): SessionEffect[] {
  if (state.status === 'asking') return [{ type: 'stopSpeaking' }];
  if (state.status === 'answering') return [{ type: 'dropAnswer' }, NO_SPECULATION];
  if (state.status === 'paused') return [{ type: 'cancelRejoinTimer' }, ...(state.keptAnswer ? [{ type: 'dropAnswer' } as const] : [])];
  return [];
}

/**
 * Effects when the interview ends early (stop, shutdown, rejoin timeout) but what the candidate
 * already said must be kept: the answer in progress (or the one kept while they were away) is
 * finished and saved. `evaluate` is false at shutdown (no time for the model).
 */
function keepWords(state: SessionState, evaluate: boolean): SessionEffect[] {
  if (state.status === 'answering') return [NO_SPECULATION, { type: 'keepAnswer' }, { type: 'saveKeptAnswer', evaluate }];
  if (state.status === 'paused' && state.keptAnswer) return [{ type: 'cancelRejoinTimer' }, { type: 'saveKeptAnswer', evaluate }];
  return cleanup(state);
}

/** After question `number` is recorded: the next question, or the end. */
function next(number: number, ctx: TransitionContext): Transition {
  if (number >= ctx.total) return to({ status: 'completed', reason: 'all questions asked' }, { type: 'finish', status: 'completed', reason: 'all questions asked' });
  return to({ status: 'preparing', number: number + 1 }, { type: 'generateQuestion', number: number + 1 });
}

/** `t` with `effects` run before its own. */
const after = (effects: SessionEffect[], t: Transition): Transition => ({ ...t, effects: [...effects, ...t.effects] });

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
        return to({ status: 'asking', question: event.question, askedAtMs: null }, { type: 'ask', question: event.question });
      }
      if (state.status === 'paused' && state.question === null && state.number === event.question.number) {
        return to({ ...state, question: event.question });
      }
      return ignore(state);
    case 'spoken': {
      if (state.status !== 'asking') return ignore(state);
      const askedAtMs = state.askedAtMs ?? ctx.nowMs;
      return to({ status: 'answering', question: state.question, askedAtMs, transcript: '', holding: false }, { type: 'listen', askedAtMs });
    }
    case 'partial': {
      if (state.status !== 'answering' || state.question.number !== event.number) return ignore(state);
      // The candidate spoke again after a tentative end: a speculation from other words is stale.
      const save: SessionEffect[] = event.transcript.trim() ? [{ type: 'saveProvisional', transcript: event.transcript }] : [];
      return to({ ...state, transcript: event.transcript }, ...save, { type: 'dropSpeculation', unlessFrom: event.transcript });
    }
    case 'hold':
      if (state.status !== 'answering' || state.question.number !== event.number || (state.holding ?? false) === event.holding) return ignore(state);
      return to({ ...state, holding: event.holding });
    case 'voiceCommand': {
      if (state.status !== 'answering' || state.question.number !== event.number) return ignore(state);
      const command = event.command.command;
      const inner: SessionEvent = command === 'end' ? { type: 'stop', by: 'candidate' } : { type: command };
      const t = transition(state, inner, ctx);
      return t.handled ? after([{ type: 'heard', command: event.command }], t) : t;
    }
    case 'tentativeEnd':
      if (state.status !== 'answering' || state.question.number !== event.number) return ignore(state);
      if (event.number >= ctx.total || event.transcript.trim() === '') return ignore(state);
      return to(state, { type: 'speculate', number: event.number + 1, transcript: event.transcript });
    case 'repeat':
      if (state.status !== 'answering' || !canRepeat(state, ctx)) return ignore(state);
      // Keep the original askedAtMs: the window does not restart with each repeat.
      return to({ status: 'asking', question: state.question, askedAtMs: state.askedAtMs }, { type: 'retractAnswer' }, NO_SPECULATION, { type: 'ask', question: state.question });
    case 'done':
      if (state.status !== 'answering') return ignore(state);
      return to(state, { type: 'finishAnswer' });
    case 'skip': {
      if (state.status !== 'answering' && state.status !== 'asking') return ignore(state);
      const stop: SessionEffect[] = state.status === 'asking' ? [{ type: 'stopSpeaking' }] : [];
      return after([...stop, { type: 'recordAnswer', answer: null }, NO_SPECULATION], next(state.question.number, ctx));
    }
    case 'answerEnded': {
      if (state.status !== 'answering') return ignore(state);
      // Keep the speculation only if it was made from exactly this final answer.
      const unlessFrom = isEmptyAnswer(event.answer) ? null : event.answer.transcript;
      const ack: SessionEffect[] = unlessFrom !== null && state.question.number < ctx.total ? [{ type: 'acknowledge' }] : [];
      return after([{ type: 'recordAnswer', answer: event.answer }, { type: 'dropSpeculation', unlessFrom }, ...ack], next(state.question.number, ctx));
    }
    case 'candidateLeft': {
      if (state.status === 'created' || state.status === 'paused') return ignore(state);
      const number = state.status === 'preparing' ? state.number : state.question.number;
      const question = state.status === 'preparing' ? null : state.question;
      const askedAtMs = state.status === 'preparing' ? null : state.askedAtMs;
      // Mid-answer: what was said so far is kept, saved if they never come back.
      const keptAnswer = state.status === 'answering';
      return to(
        { status: 'paused', number, question, askedAtMs, pausedAtMs: ctx.nowMs, keptAnswer },
        ...(keptAnswer ? [NO_SPECULATION, { type: 'keepAnswer' } as const] : cleanup(state)),
        { type: 'startRejoinTimer' },
      );
    }
    case 'candidateReturned':
      if (state.status !== 'paused') return ignore(state);
      if (state.question === null) return to({ status: 'preparing', number: state.number }, { type: 'cancelRejoinTimer' });
      // Ask the interrupted question again from the start; the new answer replaces the kept one.
      return to(
        { status: 'asking', question: state.question, askedAtMs: state.askedAtMs },
        { type: 'cancelRejoinTimer' },
        ...(state.keptAnswer ? [{ type: 'retractAnswer' } as const] : []),
        { type: 'ask', question: state.question },
      );
    case 'rejoinTimeout': {
      if (state.status !== 'paused') return ignore(state);
      const reason = 'candidate did not return';
      return to({ status: 'abandoned', reason }, ...keepWords(state, true), { type: 'finish', status: 'abandoned', reason });
    }
  }
}
