import type { InterviewType } from './types.ts';

/** What a score of 2, 5 and 9 looks like for one criterion (the anchors the evaluator and mentors score against). */
export interface RubricAnchors {
  /** A 2: what a weak answer does. */
  low: string;
  /** A 5: what an adequate answer does. */
  mid: string;
  /** A 9: what an excellent answer does. */
  high: string;
}

/** One criterion of a server's rubric for an interview type. */
export interface RubricCriterion {
  /** Stable id within the rubric: lowercase letters, digits and `_` (1–32), e.g. `problem_solving`. */
  key: string;
  /** Shown to people, 1–45 characters (a modal label's limit). */
  name: string;
  anchors: RubricAnchors;
}

/** At most this many criteria per rubric (a Discord modal holds five inputs). */
export const MAX_RUBRIC_CRITERIA = 5;

// CriterionScore lives in types.ts (QuestionRecord holds it); re-exported here beside the rubric.
export type { CriterionScore } from './types.ts';

const c = (key: string, name: string, low: string, mid: string, high: string): RubricCriterion => ({ key, name, anchors: { low, mid, high } });

/** The rubric a server has until a mentor edits it (`/interview rubric`), per interview type. */
export const DEFAULT_RUBRICS: Readonly<Record<InterviewType, readonly RubricCriterion[]>> = {
  technical: [
    c('problem_solving', 'Problem solving',
      'Restates the question or guesses; no approach.',
      'A workable approach, but steps are missing or unjustified.',
      'Breaks the problem down, picks an approach for stated reasons, checks it.'),
    c('technical_depth', 'Technical depth',
      'Buzzwords without substance, or wrong facts.',
      'Correct at the surface; little on how or why it works.',
      'Precise, correct detail on internals, limits and edge cases.'),
    c('communication', 'Communication',
      'Hard to follow; no structure.',
      'Understandable, with some rambling or jumps.',
      'Clear structure, concise, easy to follow aloud.'),
    c('trade_offs', 'Trade-offs',
      'One option, no alternatives or costs.',
      'Mentions an alternative or a cost without weighing them.',
      'Weighs alternatives on concrete costs and says when each wins.'),
  ],
  hr: [
    c('situation', 'Situation',
      'No concrete situation; generalities.',
      'A real situation, vaguely set up.',
      'A specific situation with the context that matters.'),
    c('task', 'Task',
      'Their own responsibility is unclear.',
      'The goal is stated, their part only implied.',
      'Their own responsibility and the stakes are explicit.'),
    c('action', 'Action',
      'What "we" did, nothing of their own.',
      'Some of their own actions, little on why.',
      'Their own concrete steps and the reasons for them.'),
    c('result', 'Result',
      'No outcome, or only "it went well".',
      'An outcome without measure or reflection.',
      'A measurable outcome and what they learned.'),
    c('communication', 'Communication',
      'Hard to follow; no structure.',
      'Understandable, with some rambling or jumps.',
      'A clear story, concise, easy to follow aloud.'),
  ],
};
