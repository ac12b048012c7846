import type { InterviewDetails, QuestionRecord } from '../../interview/types.ts';
import { formatDurationMs, formatScore, formatSecondsMs, interviewTitle, notEnoughLine, questionScoreLabel, statusLabel, typeLabel } from './format.ts';

/**
 * The full interview as a Markdown document: every question, the complete answer, score,
 * feedback, strengths, improvements and evidence. Pure. Attach it with
 * {@link buildTranscriptFile}.
 */
export function buildTranscriptMarkdown(details: InterviewDetails): string {
  const { interview } = details;
  const questions = [...details.questions].sort((a, b) => a.number - b.number);
  const out: string[] = [
    `# Mock interview: ${oneLine(interviewTitle(interview))}`,
    '',
    `- Candidate: ${oneLine(interview.candidateName)}`,
    `- Type: ${typeLabel(interview.type)} · Language: ${oneLine(interview.language)}`,
    `- Status: ${statusLabel(interview.status)}`,
    `- Started: ${interview.startedAt.toISOString()}${interview.completedAt ? ` · Ended: ${interview.completedAt.toISOString()}` : ''}`,
    `- Questions: ${questions.length} of ${interview.questionCount} asked`,
    `- Overall score: ${formatScore(interview.finalScore)}`,
    `- Interview id: ${interview.id}`,
  ];
  for (const q of questions) out.push('', ...questionSection(q, interview.questionCount));
  out.push('');
  return out.join('\n');
}

function questionSection(q: QuestionRecord, total: number): string[] {
  const lines = [`## Question ${q.number} of ${total}${q.isFallback ? ' (from the built-in question bank)' : ''}${q.fromBank ? ' (from the server’s bank)' : ''}`, '', quote(q.questionText), ''];
  const duration = q.answerDurationMs !== null ? ` (${formatDurationMs(q.answerDurationMs)})` : '';
  if (q.answerStatus === 'answered' && q.answerTranscript) {
    lines.push(`**Answer**${duration}:`, '', q.answerTranscript.trim(), '');
  } else {
    lines.push(q.answerStatus === 'skipped' ? '**Answer:** _skipped_' : '**Answer:** _no answer_', '');
  }
  lines.push(`**Score:** ${questionScoreLabel(q)}`);
  const notEnough = notEnoughLine(q);
  if (notEnough) lines.push('', `**${notEnough}**`);
  if (q.evaluationStatus === 'scored' && q.criteria.length > 0) {
    lines.push('', '**Criteria:**', ...q.criteria.map((c) => `- ${oneLine(c.name)}: ${formatScore(c.score)}${c.evidence ? ` — “${oneLine(c.evidence)}”` : ''}`));
  }
  if (q.feedback && !notEnough) lines.push('', `**Feedback:** ${q.feedback.trim()}`);
  if (q.strengths.length > 0) lines.push('', '**Strengths:**', ...q.strengths.map((s) => `- ${oneLine(s)}`));
  if (q.improvements.length > 0) lines.push('', '**To improve:**', ...q.improvements.map((s) => `- ${oneLine(s)}`));
  if (q.evidence) lines.push('', `**Evidence:** “${oneLine(q.evidence)}”`);
  if (q.analytics) {
    const a = q.analytics;
    const wpm = a.wordsPerMinute !== null ? `${Math.round(a.wordsPerMinute)} words/min` : 'n/a';
    const start = a.timeToFirstWordMs !== null ? ` · first word after ${formatSecondsMs(a.timeToFirstWordMs)}` : '';
    lines.push('', `**Delivery:** ${a.wordCount} words · ${wpm} · ${a.fillerWordCount} filler words · longest pause ${formatSecondsMs(a.longestPauseMs)}${start}`);
  }
  return lines;
}

function quote(text: string): string {
  return text.trim().split('\n').map((l) => `> ${l}`).join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The transcript as a file for a message's `files` (discord.js accepts `{ attachment, name }`). */
export function buildTranscriptFile(details: InterviewDetails): { name: string; attachment: Buffer; contentType: string } {
  return {
    name: `hotseat-interview-${details.interview.id.replace(/[^\w-]/g, '')}.md`,
    attachment: Buffer.from(buildTranscriptMarkdown(details), 'utf8'),
    contentType: 'text/markdown; charset=utf-8',
  };
}
