import { ComponentType, TextInputStyle, type APIModalInteractionResponseCallbackData, type APITextInputComponent } from 'discord-api-types/v10';
import type { RubricCriterion } from '../../interview/rubric.ts';
import { MAX_REVIEW_NOTE_CHARS, type MentorReview } from '../../interview/review.ts';
import { buildCustomId } from '../customId.ts';
import { truncate } from '../embeds/format.ts';

/** Discord's limits on a modal: 5 text inputs, title and labels of 45, placeholders of 100. */
export const MODAL_LIMITS = { inputs: 5, title: 45, label: 45, placeholder: 100 } as const;

/** Input ids of the review modal. */
export const REVIEW_INPUT = {
  /** One short input per criterion: `score:<key>`. */
  score: (key: string): string => `score:${key}`,
  /** The "Scores" paragraph (when the criteria and the note do not fit as one input each). */
  scores: 'scores',
  note: 'note',
} as const;

/** Room for the Scores paragraph: five `name: 10` lines of 45-character names, with slack. */
export const SCORES_MAX_CHARS = 400;

/** Whether every criterion gets its own input (they fit beside the note), else one Scores paragraph. */
export function oneInputPerCriterion(rubric: readonly RubricCriterion[]): boolean {
  return rubric.length + 1 <= MODAL_LIMITS.inputs;
}

/** The id of a question of an interview in a customId: `<interviewId>_<number>`. */
export function questionRef(interviewId: string, number: number): string {
  return `${interviewId}_${number}`;
}

/** Reads {@link questionRef}; null when malformed. */
export function parseQuestionRef(ref: string): { interviewId: string; number: number } | null {
  const match = /^([0-9a-f-]{36})_(\d{1,3})$/i.exec(ref);
  return match ? { interviewId: match[1]!.toLowerCase(), number: Number(match[2]) } : null;
}

const score = (n: number): string => String(n);

/**
 * The modal a mentor scores one answer in: their own score per criterion of the server's rubric
 * (prefilled with their earlier review) and a note for the candidate. Within Discord's limits.
 */
export function buildReviewModal(opts: {
  interviewId: string;
  number: number;
  rubric: readonly RubricCriterion[];
  existing: MentorReview | null;
}): APIModalInteractionResponseCallbackData {
  const { rubric, existing } = opts;
  const previous = (key: string): number | undefined => existing?.criteria.find((c) => c.key === key)?.score;
  const inputs: APITextInputComponent[] = oneInputPerCriterion(rubric)
    ? rubric.map((c) => {
        const before = previous(c.key);
        return {
          type: ComponentType.TextInput, custom_id: REVIEW_INPUT.score(c.key), style: TextInputStyle.Short,
          label: truncate(c.name, MODAL_LIMITS.label), required: true, min_length: 1, max_length: 4,
          placeholder: truncate(`0–10, half points allowed. 9: ${c.anchors.high}`, MODAL_LIMITS.placeholder),
          ...(before === undefined ? {} : { value: score(before) }),
        };
      })
    : [{
        type: ComponentType.TextInput, custom_id: REVIEW_INPUT.scores, style: TextInputStyle.Paragraph,
        label: 'Scores: 0–10 after each name (7 or 7.5)', required: true, max_length: SCORES_MAX_CHARS,
        value: rubric.map((c) => `${c.name}: ${previous(c.key) === undefined ? '' : score(previous(c.key)!)}`).join('\n'),
      }];
  inputs.push({
    type: ComponentType.TextInput, custom_id: REVIEW_INPUT.note, style: TextInputStyle.Paragraph,
    label: 'Note for the candidate (optional)', required: false, max_length: MAX_REVIEW_NOTE_CHARS,
    placeholder: 'What was good, what to work on',
    ...(existing?.note ? { value: existing.note } : {}),
  });
  return {
    custom_id: buildCustomId('review-save', questionRef(opts.interviewId, opts.number)),
    title: truncate(`Your review of question ${opts.number}`, MODAL_LIMITS.title),
    components: inputs.map((input) => ({ type: ComponentType.ActionRow, components: [input] })),
  };
}
