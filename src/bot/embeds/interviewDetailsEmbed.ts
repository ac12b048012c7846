import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import type { MentorReview } from '../../interview/review.ts';
import type { InterviewDetails, QuestionRecord } from '../../interview/types.ts';
import { deliveryLine } from './deliveryLine.ts';
import { deliverySummary } from './deliverySummary.ts';
import { reviewBlock } from './reviewLines.ts';
import { scoreColor } from './resultsEmbed.ts';
import { criteriaWithEvidence } from './criteriaLines.ts';
import { askedLine, discordTime, formatScore, interviewTitle, notEnoughLine, questionScoreLabel, statusLabel, truncate, typeLabel } from './format.ts';

/**
 * `/interview show`: every question with its answer, score and feedback in one embed. Long
 * texts are cut so the whole embed stays under Discord's 6000-character limit; the reply also
 * attaches the full transcript (see `buildTranscriptFile`). Mentors' reviews, if any, sit beside
 * the AI's score of each question (up to 45 % of its space). Pure.
 */
export function buildInterviewDetailsEmbed(details: InterviewDetails, reviews: readonly MentorReview[] = []): APIEmbed {
  const { interview } = details;
  const questions = [...details.questions].sort((a, b) => a.number - b.number).slice(0, 24);
  const description = truncate(
    [
      `Candidate: **${interview.candidateName}** (<@${interview.candidateUserId}>)`,
      `${typeLabel(interview.type)} · ${interview.language} · ${statusLabel(interview.status)}`,
      `Started ${discordTime(interview.startedAt)}${interview.completedAt ? ` · ended ${discordTime(interview.completedAt)}` : ''}`,
      `**Overall: ${formatScore(interview.finalScore)}** · ${askedLine(details.questions.length, interview.questionCount)}`,
      deliverySummary(questions) ?? '',
      questions.length === 0 ? '_No questions were asked._' : '',
    ]
      .filter(Boolean)
      .join('\n'),
    700,
  );
  // Title + description + footer ≤ ~1000; the rest is shared by the questions.
  const perQuestionChars = Math.min(1024, Math.floor(4800 / Math.max(1, questions.length)));
  const fields: APIEmbedField[] = questions.map((q) => ({
    name: truncate(`Q${q.number} · ${questionScoreLabel(q)}${q.isFallback ? ' · bank question' : ''}${q.fromBank ? ' · from the server’s bank' : ''}`, 60),
    value: questionValue(q, perQuestionChars, reviewBlock(q, reviews, Math.floor(perQuestionChars * 0.45))),
  }));
  return {
    title: truncate(`Interview: ${interviewTitle(interview)}`, 200),
    description,
    color: scoreColor(interview.finalScore),
    fields,
    footer: { text: truncate(`id ${interview.id} · full transcript attached`, 120) },
  };
}

/**
 * Question, answer, criteria with their evidence, feedback and the delivery line in `maxChars`:
 * the delivery line first (it is short); with criteria, 20 % question, 25 % answer, 35 %
 * criteria and 20 % feedback, else 30 % question and feedback and 40 % answer.
 */
function questionValue(q: QuestionRecord, maxChars: number, reviewed: string | null = null): string {
  const delivery = q.answerStatus === 'answered' && q.analytics ? `**Delivery:** ${deliveryLine(q.analytics)}` : null;
  const budget = maxChars - 30 - (delivery ? delivery.length + 1 : 0) - (reviewed ? reviewed.length + 1 : 0); // labels and newlines
  const hasCriteria = q.evaluationStatus === 'scored' && q.criteria.length > 0;
  const share = hasCriteria ? { question: 0.2, answer: 0.25, criteria: 0.35, feedback: 0.2 } : { question: 0.3, answer: 0.4, criteria: 0, feedback: 0.3 };
  const question = truncate(oneLine(q.questionText), Math.floor(budget * share.question));
  const answer =
    q.answerStatus === 'answered' && q.answerTranscript
      ? truncate(oneLine(q.answerTranscript), Math.floor(budget * share.answer))
      : q.answerStatus === 'skipped'
        ? '_skipped_'
        : '_no answer_';
  const criteria = hasCriteria ? criteriaWithEvidence(q.criteria, Math.floor(budget * share.criteria)) : null;
  const notEnough = notEnoughLine(q);
  const feedback = notEnough ? `**${truncate(notEnough, Math.floor(budget * share.feedback))}**` : q.feedback ? `**Feedback:** ${truncate(oneLine(q.feedback), Math.floor(budget * share.feedback))}` : null;
  return truncate([`**Q:** ${question}`, `**A:** ${answer}`, criteria, feedback, reviewed, delivery].filter(Boolean).join('\n'), maxChars);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
