import { describe, expect, it } from 'vitest';
import { renderQuestionCard, tail, type QuestionCardView } from '../../src/bot/live/renderQuestionCard.ts';

const base: QuestionCardView = {
  interviewId: 'iv-1',
  number: 2,
  total: 5,
  questionText: 'Tell me about a distributed cache you built.',
  phase: 'listening',
  transcript: 'in my last project',
  answerClosesAt: new Date(1_800_000_000_500),
  canRepeat: true,
  canFinish: true,
  notice: null,
};

const customIds = (view: QuestionCardView) =>
  renderQuestionCard(view).components.flatMap((row) => row.components.map((b) => [b.custom_id, b.disabled] as const));

describe('renderQuestionCard', () => {
  it('shows the question, n/N, status, partial transcript and a self-updating time left', () => {
    const msg = renderQuestionCard(base);
    const embed = msg.embeds[0]!;
    expect(embed.title).toBe('Question 2 of 5');
    expect(embed.description).toBe(base.questionText);
    const fields = Object.fromEntries((embed.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields.Status).toContain('Listening');
    expect(fields['Time left']).toBe('closes <t:1800000001:R>');
    expect(fields['Your answer so far']).toBe('in my last project');
  });

  it('offers Repeat, I\'m done, Skip and End with hotseat:<action>:<id> ids while listening', () => {
    expect(customIds(base)).toEqual([
      ['hotseat:repeat:iv-1', false],
      ['hotseat:done:iv-1', false],
      ['hotseat:skip:iv-1', false],
      ['hotseat:end:iv-1', false],
    ]);
  });

  it('drops Repeat after the window and disables answer buttons while the question is spoken', () => {
    expect(customIds({ ...base, canRepeat: false }).map(([id]) => id)).toEqual(['hotseat:done:iv-1', 'hotseat:skip:iv-1', 'hotseat:end:iv-1']);
    expect(customIds({ ...base, phase: 'asking' })).toEqual([
      ['hotseat:repeat:iv-1', true],
      ['hotseat:done:iv-1', true],
      ['hotseat:skip:iv-1', false],
      ['hotseat:end:iv-1', false],
    ]);
  });

  it('removes the buttons once the question is over and labels the answer as final', () => {
    const msg = renderQuestionCard({ ...base, phase: 'answered', transcript: 'the whole answer' });
    expect(msg.components).toEqual([]);
    const fields = msg.embeds[0]!.fields ?? [];
    expect(fields.find((f) => f.name === 'Your answer')?.value).toBe('the whole answer');
    expect(fields.some((f) => f.name === 'Time left')).toBe(false);
  });

  it('says when paused, with the notice', () => {
    const msg = renderQuestionCard({ ...base, phase: 'paused', notice: 'You left the voice channel; come back to continue.' });
    const fields = Object.fromEntries((msg.embeds[0]!.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields.Status).toContain('Paused');
    expect(fields['Time left']).toBe('paused');
    expect(fields.Note).toContain('left the voice channel');
  });

  it('keeps long transcripts within Discord\'s field limit, showing the newest words', () => {
    const long = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
    const field = (renderQuestionCard({ ...base, transcript: long }).embeds[0]!.fields ?? []).find((f) => f.name.startsWith('Your answer'))!;
    expect(field.value.length).toBeLessThanOrEqual(1024);
    expect(field.value.startsWith('…')).toBe(true);
    expect(field.value.endsWith('word399')).toBe(true);
    expect(tail('short', 10)).toBe('short');
  });
});
