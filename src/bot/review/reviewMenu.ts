import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIComponentInMessageActionRow } from 'discord-api-types/v10';
import { reviewScore, type MentorReview } from '../../interview/review.ts';
import type { InterviewDetails, QuestionRecord } from '../../interview/types.ts';
import { buildCustomId } from '../customId.ts';
import { SELECT_LIMITS } from '../embeds/historyComponents.ts';
import { discordTime, formatScore, interviewTitle, questionScoreLabel, truncate } from '../embeds/format.ts';
import { questionRef } from './reviewModal.ts';

/** Discord's limits: message content 2000, 5 action rows of 5 buttons. */
const CONTENT_MAX = 2000;
const BUTTONS_PER_ROW = 5;
const MAX_ROWS = 5;
/** Up to this many questions get one button each; more get select menus of 25. */
export const MAX_QUESTION_BUTTONS = BUTTONS_PER_ROW * MAX_ROWS;

/** Questions a mentor can score: the answered ones (nothing was said in the others). */
export function reviewableQuestions(details: InterviewDetails): QuestionRecord[] {
  return [...details.questions].filter((q) => q.answerStatus === 'answered').sort((a, b) => a.number - b.number);
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * What `/interview review` answers: the interview's answered questions with the AI's score and
 * the mentor's own (if any), and one button per question (select menus of 25 when more than 25)
 * that opens the scoring form. Pure; within Discord's limits.
 */
export function buildReviewMenu(details: InterviewDetails, mine: readonly MentorReview[]): { content: string; components: APIActionRowComponent<APIComponentInMessageActionRow>[] } {
  const { interview } = details;
  const questions = reviewableQuestions(details);
  const myScore = (n: number): string | null => {
    const r = mine.find((m) => m.number === n);
    return r ? formatScore(Math.round(reviewScore(r.criteria) * 10) / 10) : null;
  };
  const head = [
    `**Review: ${truncate(interviewTitle(interview), 100)}** of ${truncate(interview.candidateName, 60)} (${discordTime(interview.startedAt, 'd')}, id \`${interview.id}\`)`,
    'Choose a question to score the answer yourself, per criterion of the rubric, with a note for the candidate. Your scores appear beside the AI’s in `/interview show`; saving again replaces them.',
  ].join('\n');
  const perLine = Math.max(40, Math.floor((CONTENT_MAX - head.length - 20) / Math.max(1, questions.length)) - 1);
  const lines = questions.map((q) => {
    const yours = myScore(q.number);
    return truncate(`**Q${q.number}** · AI ${questionScoreLabel(q)}${yours ? ` · yours ${yours}` : ''} — ${oneLine(q.questionText)}`, perLine);
  });
  const content = truncate([head, ...lines].join('\n'), CONTENT_MAX);
  const components: APIActionRowComponent<APIComponentInMessageActionRow>[] = [];
  if (questions.length <= MAX_QUESTION_BUTTONS) {
    for (let i = 0; i < questions.length; i += BUTTONS_PER_ROW) {
      components.push({
        type: ComponentType.ActionRow,
        components: questions.slice(i, i + BUTTONS_PER_ROW).map((q) => ({
          type: ComponentType.Button,
          style: myScore(q.number) ? ButtonStyle.Success : ButtonStyle.Primary,
          label: `Q${q.number}${myScore(q.number) ? ' ✓' : ''}`,
          custom_id: buildCustomId('review-open', questionRef(interview.id, q.number)),
        })),
      });
    }
  } else {
    for (let i = 0; i < questions.length && components.length < MAX_ROWS; i += SELECT_LIMITS.options) {
      const chunk = questions.slice(i, i + SELECT_LIMITS.options);
      components.push({
        type: ComponentType.ActionRow,
        components: [{
          type: ComponentType.StringSelect,
          // One menu per 25 questions; each customId names its first question (they must differ).
          custom_id: buildCustomId('review-pick', questionRef(interview.id, chunk[0]!.number)),
          placeholder: `Score question ${chunk[0]!.number}–${chunk[chunk.length - 1]!.number}…`,
          options: chunk.map((q) => ({
            label: truncate(`Q${q.number}: ${oneLine(q.questionText)}`, SELECT_LIMITS.label),
            value: String(q.number),
            description: truncate(`AI ${questionScoreLabel(q)}${myScore(q.number) ? ` · yours ${myScore(q.number)}` : ''}`, SELECT_LIMITS.description),
          })),
        }],
      });
    }
  }
  return { content, components };
}
