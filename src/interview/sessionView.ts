import type { SessionView } from './InterviewIO.ts';
import { canRepeat, isFinal, type SessionState } from './sessionState.ts';

/** What {@link sessionView} needs besides the state. Times in ms on the session's clock. */
export interface SessionViewContext {
  interviewId: string;
  /** Number of questions (N). */
  total: number;
  /** Questions recorded so far (the number shown once the interview is over). */
  recordedCount: number;
  nowMs: number;
  repeatWindowMs: number;
}

/** The question card's snapshot of `state`: pure, so the card always matches the state machine. */
export function sessionView(s: SessionState, ctx: SessionViewContext): SessionView {
  const question = s.status === 'asking' || s.status === 'answering' || s.status === 'paused' ? s.question : null;
  const number = question?.number ?? (s.status === 'preparing' || s.status === 'paused' ? s.number : ctx.recordedCount);
  const askedAtMs = s.status === 'asking' || s.status === 'answering' || s.status === 'paused' ? s.askedAtMs : null;
  const repeat = canRepeat(s, ctx);
  return {
    interviewId: ctx.interviewId,
    phase: s.status === 'created' ? 'starting' : s.status,
    number,
    total: ctx.total,
    question: question?.text ?? null,
    isFallback: question?.isFallback ?? false,
    partialTranscript: s.status === 'answering' ? s.transcript : '',
    askedAtMs,
    repeatUntilMs: repeat && askedAtMs !== null ? askedAtMs + ctx.repeatWindowMs : null,
    holding: s.status === 'answering' && s.holding === true,
    allowed: { repeat, done: s.status === 'answering', skip: s.status === 'asking' || s.status === 'answering', end: !isFinal(s) },
  };
}
