import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { createStore } from '../../src/db/createStore.ts';
import { defaultGuildSettings, type Store } from '../../src/interview/Store.ts';
import type { InterviewRecord, InterviewType } from '../../src/interview/types.ts';
import { createLogger } from '../../src/logger.ts';
import { startLocalDiscord, type LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import type { MessageRecord } from '../harness/discord/MessageLog.ts';
import type { OptionValue } from '../harness/discord/interactionPayloads.ts';
import type { Json } from '../harness/discord/payloads.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';
import { runScript } from './helpers/runScript.ts';
import { startBotProcess, type BotProcess } from './helpers/startBotProcess.ts';

// Mentors' side through the local Discord: /interview review (autocomplete, a question's button,
// the scoring modal), the candidate's notice, /interview show with both scores, /interview stats.

let discord: LocalDiscord;
let openai: OpenAiStandIn;
let bot: BotProcess;
let dataDir: string;
/** Alice's technical interview: the AI scored its five answers 7, 5, 9, 3, 6. */
let technical: InterviewRecord;
/** Alice's HR interview (five criteria: the modal has one Scores paragraph). */
let hr: InterviewRecord;
/** 26 answered questions: more than the 25 buttons a message holds. */
let long: InterviewRecord;

async function seed(store: Store, type: InterviewType, jobTitle: string, scores: number[]): Promise<InterviewRecord> {
  const { main } = discord.guilds;
  const record = await store.createInterview({
    guildId: main.id, candidateUserId: discord.users.alice.id, candidateName: 'Alice', textChannelId: main.interviewsChannelId, voiceChannelId: null,
    jobTitle, type, language: 'English', questionCount: scores.length,
  });
  for (const [k, score] of scores.entries()) {
    const at = new Date();
    await store.saveAnswer({
      guildId: main.id, interviewId: record.id, number: k + 1, questionText: `${jobTitle} question ${k + 1}: how would you design a rate limiter?`, isFallback: false,
      answerStatus: 'answered', answerTranscript: `Answer ${k + 1}: a token bucket per user in Redis.`, answerDurationMs: 30_000, analytics: null, askedAt: at, answeredAt: at,
    });
    await store.saveEvaluation(main.id, record.id, k + 1, { kind: 'scored', evaluation: { score, feedback: 'Solid answer.', strengths: [], improvements: [], evidence: 'token bucket', criteria: [] } });
  }
  await store.finishInterview(main.id, record.id, 'completed', scores.reduce((a, b) => a + b, 0) / scores.length);
  return record;
}

async function run(userId: string, subcommand: string, options: Record<string, OptionValue> = {}): Promise<MessageRecord> {
  const { main } = discord.guilds;
  const record = discord.runSlashCommand({ guildId: main.id, channelId: main.interviewsChannelId, userId, command: 'interview', subcommand, options });
  return bot.explain(discord.waitForReply(record.id, () => true, 15_000));
}

const embedText = (m: MessageRecord): string => JSON.stringify(m.embeds);
const buttons = (m: MessageRecord): Json[] => m.components.flatMap((row) => (row.components ?? []) as Json[]).filter((c) => c.type === 2);
const notices = (interview: InterviewRecord): MessageRecord[] =>
  discord.messages.messages.filter((m) => !m.deleted && m.channelId === interview.textChannelId && m.content.includes(`/interview show ${interview.id}`));

/** Clicks question `n`'s button on the review menu and submits the modal with `values`; returns the modal and the reply. */
async function review(menu: MessageRecord, n: number, values: Record<string, string>): Promise<{ modal: Json; reply: MessageRecord }> {
  const carol = discord.users.carol.id;
  const button = buttons(menu).find((b) => String(b.label).startsWith(`Q${n}`));
  if (!button) throw new Error(`no button for Q${n}`);
  const click = discord.clickButton({ messageId: menu.id, customId: String(button.custom_id), userId: carol });
  await bot.explain(discord.waitForInteractionResponse(click.id));
  expect(click.respondedAfterMs).toBeLessThan(3_000);
  expect(click.callbacks.map((c) => c.type)).toEqual([9]);
  const submit = discord.submitModal({ shownBy: click.id, userId: carol, values });
  const reply = await bot.explain(discord.waitForReply(submit.id, () => true, 15_000));
  expect(submit.respondedAfterMs).toBeLessThan(3_000);
  expect(reply.ephemeral).toBe(true);
  return { modal: click.callbacks[0]!.data ?? {}, reply };
}

const techScores = (score: number, note = ''): Record<string, string> => ({
  'score:problem_solving': String(score), 'score:technical_depth': String(score), 'score:communication': String(score), 'score:trade_offs': String(score), note,
});

beforeAll(async () => {
  discord = await startLocalDiscord();
  openai = await startOpenAiStandIn();
  dataDir = mkdtempSync(join(tmpdir(), 'hotseat-e2e-review-'));
  const { main } = discord.guilds;
  const config = parseConfig({ DISCORD_TOKEN: discord.token, OPENAI_API_KEY: 'sk-test-0000000000000000', DATA_DIR: dataDir });
  const store = await createStore(config, createLogger({ level: 'silent' }));
  try {
    technical = await seed(store, 'technical', 'Backend Engineer', [7, 5, 9, 3, 6]);
    hr = await seed(store, 'hr', 'Team Lead', [6]);
    long = await seed(store, 'technical', 'Marathon', Array.from({ length: 26 }, () => 5));
    await store.saveGuildSettings({ ...defaultGuildSettings(main.id), mentorRoleId: main.mentorRoleId });
  } finally {
    await store.close();
  }
  const deploy = await runScript('deploy-commands.ts', {
    PATH: process.env.PATH ?? '', DISCORD_TOKEN: discord.token, DISCORD_CLIENT_ID: discord.applicationId, DISCORD_DEV_GUILD_ID: main.id, DISCORD_REST_URL: discord.restUrl,
  });
  if (deploy.code !== 0) throw new Error(`deploy-commands failed: ${deploy.stderr}`);
  bot = await startBotProcess({ discord, openAiBaseUrl: openai.baseUrl, dataDir, env: { DISCORD_CLIENT_ID: discord.applicationId } });
}, 90_000);

afterAll(async () => {
  await bot?.cleanup();
  await discord?.close();
  await openai?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('mentor review', () => {
  it('refuses members who are not mentors', async () => {
    const bob = await run(discord.users.bob.id, 'review', { id: technical.id });
    expect(bob.ephemeral).toBe(true);
    expect(bob.content).toContain('Only mentors can do this');
    expect((await run(discord.users.alice.id, 'stats')).content).toContain('Only mentors can do this');
  });

  it('autocompletes the id for mentors', async () => {
    const { main } = discord.guilds;
    const record = discord.autocomplete({ guildId: main.id, channelId: main.interviewsChannelId, userId: discord.users.carol.id, command: 'interview', subcommand: 'review', focused: 'id', typed: 'backend' });
    await bot.explain(discord.waitForInteractionResponse(record.id));
    expect(((record.callbacks[0]?.data?.choices ?? []) as Array<{ value: string }>).map((c) => c.value)).toEqual([technical.id]);
    expect(record.respondedAfterMs).toBeLessThan(3_000);
  });

  it('scores each answer in a modal per criterion, tells the candidate once, and replaces a review saved again', async () => {
    const menu = await run(discord.users.carol.id, 'review', { id: technical.id });
    expect(menu.ephemeral).toBe(true);
    expect(buttons(menu).map((b) => b.label)).toEqual(['Q1', 'Q2', 'Q3', 'Q4', 'Q5']);
    expect(menu.content).toContain('**Q3** · AI 9/10');

    const first = await review(menu, 1, techScores(6, 'Clear structure; quantify the impact.'));
    expect(first.modal.title).toBe('Your review of question 1');
    expect(first.reply.content).toContain('Saved your review of question 1');
    expect(first.reply.content).toContain('→ **6/10** (AI: 7/10)');
    expect(first.reply.content).toContain('Alice was told in');
    // The menu itself now marks Q1 as reviewed, with the mentor's score.
    const refreshed = await bot.explain(discord.waitForEdit(menu.id, (m) => buttons(m).some((b) => b.label === 'Q1 ✓')));
    expect(refreshed.content).toContain('**Q1** · AI 7/10 · yours 6/10');
    const notice = await bot.explain(discord.waitForMessage((m) => notices(technical).includes(m)));
    expect(notice.content).toBe(`<@${discord.users.alice.id}> A mentor reviewed your interview **Backend Engineer** (<t:${Math.floor(technical.startedAt.getTime() / 1000)}:d>) — use \`/interview show ${technical.id}\` to see their scores and notes.`);
    const sent = discord.restCalls.find((c) => c.method === 'POST' && c.path.endsWith(`/channels/${technical.textChannelId}/messages`) && String(c.body?.content ?? '').includes('A mentor reviewed'));
    expect(sent?.body?.allowed_mentions).toEqual({ users: [discord.users.alice.id] });

    // Saving Q1 again replaces it (8 this time); mentor scores 8, 5, 6, 4, 6 against the AI's 7, 5, 9, 3, 6.
    const again = await review(menu, 1, techScores(8, 'Clear structure; quantify the impact.'));
    expect(again.modal).toMatchObject({ components: expect.arrayContaining([{ type: 1, components: [expect.objectContaining({ custom_id: 'score:problem_solving', value: '6' })] }]) });
    expect(again.reply.content).toContain('Updated your review of question 1');
    for (const [n, score] of [[2, 5], [3, 6], [4, 4], [5, 6]] as const) {
      expect((await review(menu, n, techScores(score))).reply.content).toContain(`Saved your review of question ${n}`);
    }
    expect(notices(technical)).toHaveLength(1);
  });

  it('shows the AI’s and the mentor’s scores side by side in /interview show, to the candidate too', async () => {
    const shown = await run(discord.users.alice.id, 'show', { id: technical.id });
    const text = embedText(shown);
    expect(text).toContain(`**Scores:** AI 7/10 · <@${discord.users.carol.id}> 8/10`);
    expect(text).toContain('Problem solving 8 · Technical depth 8 · Communication 8 · Trade-offs 8 — “Clear structure; quantify the impact.”');
    expect(text).toContain(`**Scores:** AI 3/10 · <@${discord.users.carol.id}> 4/10`);
  });

  it('gives mentors kappa, the mean difference and interviews per week in /interview stats', async () => {
    const stats = await run(discord.users.carol.id, 'stats');
    expect(stats.ephemeral).toBe(true);
    const fields = (stats.embeds[0]?.fields ?? []) as Array<{ name: string; value: string }>;
    // Worked by hand in test/interview/agreement.test.ts: κ = 1 − 11/29 = 0.62, MAD = 5/5 = 1.0.
    expect(fields[0]).toEqual({ name: 'Mentors vs AI, per answer', value: 'kappa **0.62** · mean difference **1.0** points · 5 pairs' });
    expect(fields[2]?.name).toBe('Interviews per week (weeks from Monday, UTC)');
    const weeks = fields[2]!.value.split('\n');
    expect(weeks).toHaveLength(8);
    expect(weeks[7]).toMatch(/ 3$/);
    expect(embedText(stats)).toContain('5 answers reviewed by 1 mentor (5 reviews)');
    expect((await run(discord.users.carol.id, 'stats', { since: 'last tuesday' })).content).toContain('2026-11-01');
  });

  it('names the wrong line of the Scores paragraph and echoes what was typed, then saves the fixed one', async () => {
    const menu = await run(discord.users.carol.id, 'review', { id: hr.id });
    const typed = 'Situation: 7\nTask: 11\nAction: 6\nResult: 5\nCommunication: 9';
    const bad = await review(menu, 1, { scores: typed, note: 'A real story, well told.' });
    const inputs = ((bad.modal.components ?? []) as Json[]).map((row) => ((row.components ?? []) as Json[])[0]!);
    expect(inputs.map((c) => c.custom_id)).toEqual(['scores', 'note']);
    expect(bad.reply.content).toContain('Line 2 (`Task: 11`): 11 is above 10');
    expect(bad.reply.content).toContain('Nothing was saved');
    expect(bad.reply.content).toContain(`\`\`\`\n${typed}\n\`\`\``);
    expect(bad.reply.content).toContain('A real story, well told.');
    expect(notices(hr)).toHaveLength(0);

    const good = await review(menu, 1, { scores: typed.replace('Task: 11', 'Task: 8.5'), note: 'A real story, well told.' });
    expect(good.reply.content).toContain('Saved your review of question 1');
    expect(good.reply.content).toContain('→ **7.1/10** (AI: 6/10)');
    await bot.explain(discord.waitForMessage((m) => notices(hr).includes(m)));
    const shown = await run(discord.users.carol.id, 'show', { id: hr.id });
    expect(embedText(shown)).toContain('Situation 7 · Task 8.5 · Action 6 · Result 5 · Communication 9 — “A real story, well told.”');
  });

  it('offers select menus of 25 questions when there are more than 25, and opens the chosen one’s modal', async () => {
    const carol = discord.users.carol.id;
    const menu = await run(carol, 'review', { id: long.id });
    const selects = menu.components.flatMap((row) => (row.components ?? []) as Json[]).filter((c) => c.type === 3);
    expect(selects.map((c) => (c.options as Json[]).length)).toEqual([25, 1]);
    const pick = discord.chooseFromSelect({ messageId: menu.id, customId: String(selects[1]!.custom_id), userId: carol, values: ['26'] });
    await bot.explain(discord.waitForInteractionResponse(pick.id));
    expect(pick.callbacks.map((c) => c.type)).toEqual([9]);
    expect(pick.callbacks[0]!.data?.title).toBe('Your review of question 26');
    const submit = discord.submitModal({ shownBy: pick.id, userId: carol, values: techScores(5) });
    expect((await bot.explain(discord.waitForReply(submit.id, () => true, 15_000))).content).toContain('Saved your review of question 26');
  });

  it('deletes the reviews and the candidate’s notice with the interview', async () => {
    const carol = discord.users.carol.id;
    const [notice] = notices(technical);
    const ask = await run(carol, 'delete', { id: technical.id });
    const confirm = discord.clickButton({ messageId: ask.id, customId: String(buttons(ask).find((b) => b.label === 'Delete')?.custom_id), userId: carol });
    await bot.explain(discord.waitForInteractionResponse(confirm.id));
    await bot.explain(discord.waitForEdit(ask.id, (m) => m.content.includes('were deleted')));
    expect(discord.messages.get(notice!.id)?.deleted).toBe(true);
    expect((await run(carol, 'review', { id: technical.id })).content).toContain('There is no interview');
    const stats = await run(carol, 'stats');
    expect(embedText(stats)).toContain('2 answers reviewed by 1 mentor (2 reviews)');
  });
});
