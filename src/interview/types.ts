/** Domain types shared by the engine, storage and the bot. Times are Dates; durations in ms. */

export type InterviewType = 'technical' | 'hr';

/**
 * `in_progress` while it runs; `completed` when every question was asked;
 * `abandoned` when stopped early (by the candidate, a mentor, or the candidate not returning);
 * `interrupted` when the bot went down mid-interview; `failed` on an unrecoverable error.
 */
export type InterviewStatus = 'in_progress' | 'completed' | 'abandoned' | 'interrupted' | 'failed';

/** How an answer ended up: spoken, nothing said, or skipped with the button. */
export type AnswerStatus = 'answered' | 'unanswered' | 'skipped';

/**
 * `pending` until evaluated; `unscored` after evaluation failed (retried later, never invented);
 * `not_enough` when the answer was too short or empty of content to judge (final, counts 0,
 * never a number; the reason is kept in `feedback`).
 */
export type EvaluationStatus = 'pending' | 'scored' | 'unscored' | 'not_applicable' | 'not_enough';

/** Measured from the answer's audio and transcript. */
export interface SpeechAnalytics {
  /** From the end of the question to the first speech, or null if nothing was said. */
  timeToFirstWordMs: number | null;
  speakingMs: number;
  wordsPerMinute: number | null;
  longestPauseMs: number;
  fillerWordCount: number;
  wordCount: number;
}

/** The score of one criterion for one answer, with the words that justify it. */
export interface CriterionScore {
  key: string;
  /** The criterion's name when it was scored (a rubric may change later). */
  name: string;
  /** 0–10, in half points. */
  score: number;
  /** A verbatim quote from the answer supporting the score, or '' when none could be verified. */
  evidence: string;
}

/** The model's verdict on one answer. */
export interface Evaluation {
  /** 0–10 inclusive, in half points: the mean of the criterion scores (never the model's own overall number). */
  score: number;
  feedback: string;
  strengths: string[];
  improvements: string[];
  /** A short quote from the answer that supports the score. */
  evidence: string;
  /** The score per rubric criterion, each with its verified quote. */
  criteria: CriterionScore[];
}

export interface InterviewRecord {
  id: string;
  guildId: string;
  candidateUserId: string;
  candidateName: string;
  /** Where the interview's messages are posted (to tell the candidate after a restart). */
  textChannelId: string | null;
  voiceChannelId: string | null;
  jobTitle: string;
  type: InterviewType;
  language: string;
  status: InterviewStatus;
  questionCount: number;
  /**
   * Mean over the questions asked (unanswered, skipped and not enough to score = 0; never-asked
   * questions do not count); null until completed or while any answered one is unscored.
   */
  finalScore: number | null;
  startedAt: Date;
  completedAt: Date | null;
  createdAt: Date;
}

export interface QuestionRecord {
  id: string;
  interviewId: string;
  /** 1-based. */
  number: number;
  questionText: string;
  isFallback: boolean;
  answerStatus: AnswerStatus;
  /** Null when unanswered or skipped. */
  answerTranscript: string | null;
  evaluationStatus: EvaluationStatus;
  score: number | null;
  /** The model's feedback; for `not_enough`, why the answer could not be scored. */
  feedback: string | null;
  strengths: string[];
  improvements: string[];
  evidence: string | null;
  /** The score per rubric criterion, when the evaluation gave them ([] before rubric scoring, or unscored). */
  criteria: CriterionScore[];
  answerDurationMs: number | null;
  analytics: SpeechAnalytics | null;
  askedAt: Date;
  answeredAt: Date | null;
  evaluatedAt: Date | null;
  /** True when the question came from the server's bank (asked as written); absent otherwise. */
  fromBank?: boolean;
}

export interface InterviewDetails {
  interview: InterviewRecord;
  questions: QuestionRecord[];
}
