import { describe, expect, it } from 'vitest';
import { parseCustomId } from '../../src/bot/customId.ts';
import { parseScore, parseScoreInputs, parseScoreLines } from '../../src/bot/review/parseReviewScores.ts';
import { buildReviewModal, parseQuestionRef, questionRef, REVIEW_INPUT } from '../../src/bot/review/reviewModal.ts';
import type { MentorReview } from '../../src/interview/review.ts';
import { DEFAULT_RUBRICS } from '../../src/interview/rubric.ts';
import { checkModal } from '../harness/discord/modals.ts';
import type { Json } from '../harness/discord/payloads.ts';

const interviewId = '3f2b1c9e-1d2a-4c5b-9e8f-0a1b2c3d4e5f';
const inputs = (modal: ReturnType<typeof buildReviewModal>): Json[] => modal.components.flatMap((row) => (row as unknown as { components: Json[] }).components);

describe('the review modal', () => {
  it('has one input per criterion beside the note when they fit (technical: 4 + 1), within Discord’s limits', () => {
    const modal = buildReviewModal({ interviewId, number: 3, rubric: DEFAULT_RUBRICS.technical, existing: null });
    expect(checkModal(modal as unknown as Json)).toBeNull();
    expect(inputs(modal).map((c) => c.custom_id)).toEqual(['score:problem_solving', 'score:technical_depth', 'score:communication', 'score:trade_offs', 'note']);
    expect(inputs(modal).map((c) => c.label)).toEqual(['Problem solving', 'Technical depth', 'Communication', 'Trade-offs', 'Note for the candidate (optional)']);
    expect(parseCustomId(modal.custom_id)).toEqual({ kind: 'modal', action: 'review-save', id: `${interviewId}_3` });
  });

  it('has one prefilled Scores paragraph plus the note when the criteria do not fit (HR: 5 + 1)', () => {
    const modal = buildReviewModal({ interviewId, number: 12, rubric: DEFAULT_RUBRICS.hr, existing: null });
    expect(checkModal(modal as unknown as Json)).toBeNull();
    const [scores, note] = inputs(modal);
    expect(inputs(modal)).toHaveLength(2);
    expect(scores).toMatchObject({ custom_id: REVIEW_INPUT.scores, style: 2, required: true });
    expect(scores!.value).toBe('Situation: \nTask: \nAction: \nResult: \nCommunication: ');
    expect(note).toMatchObject({ custom_id: 'note', required: false, max_length: 1000 });
  });

  it('is prefilled with the mentor’s earlier review', () => {
    const existing: MentorReview = {
      guildId: 'g', interviewId, number: 1, reviewerUserId: 'm', note: 'Keep it up.', createdAt: new Date(), updatedAt: new Date(),
      criteria: [{ key: 'situation', name: 'Situation', score: 7.5 }, { key: 'result', name: 'Result', score: 4 }],
    };
    const hr = buildReviewModal({ interviewId, number: 1, rubric: DEFAULT_RUBRICS.hr, existing });
    expect(inputs(hr)[0]!.value).toBe('Situation: 7.5\nTask: \nAction: \nResult: 4\nCommunication: ');
    expect(inputs(hr)[1]!.value).toBe('Keep it up.');
    const tech = buildReviewModal({ interviewId, number: 1, rubric: DEFAULT_RUBRICS.technical, existing: { ...existing, criteria: [{ key: 'communication', name: 'Communication', score: 9 }] } });
    expect(inputs(tech).map((c) => c.value)).toEqual([undefined, undefined, '9', undefined, 'Keep it up.']);
  });

  it('round-trips the question reference and refuses malformed ones', () => {
    expect(parseQuestionRef(questionRef(interviewId, 17))).toEqual({ interviewId, number: 17 });
    for (const bad of ['', interviewId, `${interviewId}_`, `${interviewId}_x`, `abc_1`, `${interviewId}_1234`]) expect(parseQuestionRef(bad), bad).toBeNull();
  });
});

describe('parsing the scores', () => {
  it('takes whole and half points 0–10 (a decimal comma too) and says what is wrong otherwise', () => {
    expect(['0', '7', ' 7.5 ', '10', '10.0', '3,5'].map((t) => parseScore(t))).toEqual([0, 7, 7.5, 10, 10, 3.5].map((score) => ({ ok: true, score })));
    expect(parseScore('')).toMatchObject({ ok: false, problem: expect.stringContaining('there is no score') });
    expect(parseScore('11')).toMatchObject({ ok: false, problem: expect.stringContaining('11 is above 10') });
    expect(parseScore('7.3')).toMatchObject({ ok: false, problem: expect.stringContaining('not a whole or half point') });
    for (const t of ['seven', '-1', '7/10', '1e1', '7.5.5']) expect(parseScore(t), t).toMatchObject({ ok: false, problem: expect.stringContaining('is not a score') });
  });

  it('reads one `Name: score` line per criterion, names case-insensitive, blank lines ignored', () => {
    const parsed = parseScoreLines('situation: 7\n\n  Task :8.5\nACTION: 6\nResult: 5\nCommunication: 10\n', DEFAULT_RUBRICS.hr);
    expect(parsed).toEqual({
      ok: true,
      criteria: [
        { key: 'situation', name: 'Situation', score: 7 }, { key: 'task', name: 'Task', score: 8.5 }, { key: 'action', name: 'Action', score: 6 },
        { key: 'result', name: 'Result', score: 5 }, { key: 'communication', name: 'Communication', score: 10 },
      ],
    });
  });

  it('names exactly which line is wrong', () => {
    const hr = DEFAULT_RUBRICS.hr;
    const problem = (text: string): string => {
      const p = parseScoreLines(text, hr);
      return p.ok ? 'ok' : p.problem;
    };
    expect(problem('Situation: 7\nTask: 11\nAction: 6\nResult: 5\nCommunication: 9')).toBe('Line 2 (`Task: 11`): 11 is above 10: give a number from 0 to 10, in half points (e.g. `7` or `7.5`).');
    expect(problem('Situation: 7\nTask: 8\nAction 6')).toBe('Line 3 (`Action 6`) has no colon: write it as `Criterion name: score`.');
    expect(problem('Situation: 7\nTeamwork: 8')).toMatch(/^Line 2 \(`Teamwork: 8`\): there is no criterion “Teamwork” in this rubric\. The criteria are: Situation, Task, Action, Result, Communication\.$/);
    expect(problem('Situation: 7\nsituation: 8')).toBe('Line 2 (`situation: 8`): “Situation” is scored twice; keep one line for it.');
    expect(problem('Situation: 7\nTask: \nAction: 6')).toMatch(/^Line 2 \(`Task:`\): there is no score/);
    expect(problem('Situation: 7\nTask: 8\nAction: 6')).toBe('No score for “Result”, “Communication”: add a line `Result: score` for each.');
  });

  it('reads one input per criterion and notices a rubric changed after the form was opened', () => {
    const tech = DEFAULT_RUBRICS.technical;
    const typed: Record<string, string> = { problem_solving: '7', technical_depth: '6.5', communication: '9', trade_offs: '4' };
    expect(parseScoreInputs((k) => typed[k], tech)).toEqual({ ok: true, criteria: tech.map((c) => ({ key: c.key, name: c.name, score: Number(typed[c.key]) })) });
    expect(parseScoreInputs((k) => ({ ...typed, communication: '9.9' })[k], tech)).toEqual({ ok: false, problem: '“Communication”: 9.9 is not a whole or half point: give a number from 0 to 10, in half points (e.g. `7` or `7.5`).' });
    expect(parseScoreInputs((k) => (k === 'trade_offs' ? undefined : typed[k]), tech)).toMatchObject({ ok: false, problem: expect.stringContaining('The rubric changed') });
  });
});
