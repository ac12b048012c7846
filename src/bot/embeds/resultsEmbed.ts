import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import type { InterviewDetails } from '../../interview/types.ts';
import { deliverySummary } from './deliverySummary.ts';
import { criteriaLine } from './criteriaLines.ts';
import { askedLine, firstSentence, formatScore, interviewTitle, notEnoughLine, questionScoreLabel, statusLabel, truncate, typeLabel, uniqueItems } from './format.ts';
import type { QuestionRecord } from '../../interview/types.ts';

/** Discord's limits on one embed (characters / fields). */
export const EMBED_LIMITS = { title: 256, description: 4096, fieldName: 256, fieldValue: 1024, fields: 25, total: 6000 } as const;

/** Green ≥ 7, amber ≥ 4, red below; grey while unscored. */
export function scoreColor(score: number | null): number {
  if (score === null) return 0x99aab5;
  if (score >= 7) return 0x2ecc71;
  if (score >= 4) return 0xf1c40f;
  return 0xe74c3c;
}

/** Options of {@link buildResultsEmbed}. */
export interface ResultsEmbedOptions {
  /** Questions whose answer or evaluation is not in the database yet (an outage): said so, and marked. */
  unsavedNumbers?: readonly number[];
  /** A chart attached beside the embed (e.g. `trends.png`), shown as the embed's image. */
  chartFileName?: string;
}

/**
 * The end-of-interview results: overall score, a one-line delivery summary
 * ({@link deliverySummary}), one field per question (score and one-line feedback), strengths
 * and improvements, and which answers are not saved yet when the database
 * is down. Pure; always within Discord's embed limits (at most 20 questions + 2 fields, under
 * 6000 characters). Attach {@link buildTranscriptFile} beside it.
 */
export function buildResultsEmbed(details: InterviewDetails, opts: ResultsEmbedOptions = {}): APIEmbed {
  const { interview, questions } = details;
  const sorted = [...questions].sort((a, b) => a.number - b.number);
  const unsaved = new Set(opts.unsavedNumbers ?? []);
  const waiting = sorted.filter((q) => q.answerStatus === 'answered' && (q.evaluationStatus === 'pending' || q.evaluationStatus === 'unscored')).length;

  const lines = [
    `**Overall: ${formatScore(interview.finalScore)}**`,
    `${typeLabel(interview.type)} · ${interview.language} · ${statusLabel(interview.status)} · ${askedLine(sorted.length, interview.questionCount)}`,
  ];
  const delivery = deliverySummary(sorted);
  if (delivery) lines.push(delivery);
  if (interview.finalScore === null && waiting > 0) {
    lines.push(`${waiting} answer${waiting === 1 ? ' is' : 's are'} still being scored; the overall score appears in \`/interview show id:${interview.id}\` once done.`);
  }
  if (unsaved.size > 0) {
    const list = [...unsaved].sort((a, b) => a - b).map((n) => `Q${n}`).join(', ');
    lines.push(`⚠️ Not saved yet: ${list}. The database is not answering; ${unsaved.size === 1 ? 'it is' : 'they are'} kept and saved as soon as it is back.`);
  }

  // 20 questions × (name ≤ 40 + value ≤ 180) + strengths/improvements ≤ 2 × 700 + text ≤ 900 < 6000.
  const perQuestionChars = Math.min(180, Math.floor(3600 / Math.max(1, sorted.length)));
  const fields: APIEmbedField[] = sorted.slice(0, 20).map((q) => ({
    name: `Q${q.number} · ${questionScoreLabel(q)}${q.fromBank ? ' · server bank' : ''}${unsaved.has(q.number) ? ' · not saved yet' : ''}`,
    value: questionSummary(q, perQuestionChars),
  }));
  const strengths = uniqueItems(sorted.map((q) => q.strengths), 5);
  const improvements = uniqueItems(sorted.map((q) => q.improvements), 5);
  if (strengths.length > 0) fields.push({ name: 'Strengths', value: bulletList(strengths, 700) });
  if (improvements.length > 0) fields.push({ name: 'To improve', value: bulletList(improvements, 700) });

  return {
    title: truncate(`Interview results: ${interviewTitle(interview)}`, 200),
    description: truncate(lines.join('\n'), 900),
    color: scoreColor(interview.finalScore),
    fields,
    footer: { text: truncate(`${interview.candidateName} · id ${interview.id} · full transcript attached`, 200) },
    timestamp: (interview.completedAt ?? interview.startedAt).toISOString(),
    ...(opts.chartFileName ? { image: { url: `attachment://${opts.chartFileName}` } } : {}),
  };
}

/** One-line feedback, then the compact criteria line (scored), or why there is no score. */
function questionSummary(q: QuestionRecord, maxChars: number): string {
  const notEnough = notEnoughLine(q);
  if (notEnough) return truncate(notEnough, maxChars);
  const feedback = q.feedback ? firstSentence(q.feedback) || q.feedback : q.answerStatus === 'answered' ? 'No feedback yet.' : 'Nothing to score.';
  if (q.evaluationStatus !== 'scored' || q.criteria.length === 0) return truncate(feedback, maxChars);
  const criteria = criteriaLine(q.criteria, Math.max(40, Math.floor(maxChars * 0.5)));
  return `${truncate(feedback, maxChars - criteria.length - 1)}\n${criteria}`;
}

/** A bulleted list within `maxChars`, each item cut so that several fit. */
export function bulletList(items: readonly string[], maxChars: number): string {
  const perItem = Math.max(20, Math.floor(maxChars / Math.max(1, items.length)) - 3);
  return truncate(items.map((i) => `• ${truncate(i.replace(/\s+/g, ' '), perItem)}`).join('\n'), maxChars);
}

/** Total characters Discord counts toward the 6000 limit. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}
