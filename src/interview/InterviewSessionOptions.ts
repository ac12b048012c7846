import type { LanguageModel } from '../ai/LanguageModel.ts';
import type { Logger } from '../logger.ts';
import type { QuestionOutcome } from './AnswerRecorder.ts';
import type { Clock, InterviewIO } from './InterviewIO.ts';
import type { FinalStatus } from './sessionState.ts';
import type { RubricCriterion } from './rubric.ts';
import type { Store } from './Store.ts';
import type { InterviewRecord } from './types.ts';
import type { PlannedBankQuestion } from './bank/planBankQuestions.ts';

/** Everything an `InterviewSession` needs. The interview row is created by the caller (`store.createInterview`). */
export interface InterviewSessionOptions {
  interview: InterviewRecord;
  /** Extracted resume text (untrusted). */
  resumeText: string;
  /** Job description text (untrusted). */
  jobDescription: string;
  model: LanguageModel;
  store: Store;
  io: InterviewIO;
  /** Repeat is allowed this long after the question was first spoken. */
  repeatWindowMs: number;
  /** A paused session (candidate out of the channel) is abandoned after this long. */
  rejoinTimeoutMs: number;
  clock?: Clock;
  logger?: Logger;
  /** Say a short acknowledgement before the next question, through `io.acknowledge` (default true). */
  acknowledge?: boolean;
  /** Prepare the next question when the candidate pauses (default true). */
  speculate?: boolean;
  /**
   * Interview stopped (or candidate gone) mid-answer: how long to wait for the answer's last
   * words to be transcribed before saving what was seen so far (default 5000).
   */
  finishAnswerWaitMs?: number;
  /** Same at shutdown, which has its own deadline (default 2000). */
  shutdownAnswerWaitMs?: number;
  /** The server's bank questions planned for this interview (loadBankPlan), asked as written; default none. */
  bankQuestions?: readonly PlannedBankQuestion[];
  /** The server's rubric for the interview's type, fetched once at the start (see loadRubric); default DEFAULT_RUBRICS[type]. */
  rubric?: readonly RubricCriterion[];
}

/** Default of {@link InterviewSessionOptions.finishAnswerWaitMs}. */
export const DEFAULT_FINISH_ANSWER_WAIT_MS = 5_000;
/** Default of {@link InterviewSessionOptions.shutdownAnswerWaitMs}. */
export const DEFAULT_SHUTDOWN_ANSWER_WAIT_MS = 2_000;

/** How a session ended. */
export interface SessionResult {
  interviewId: string;
  status: FinalStatus;
  reason: string;
  /** Mean over the questions asked (unanswered, skipped, not enough = 0); null while any answered question is unscored. */
  finalScore: number | null;
  questions: QuestionOutcome[];
}
