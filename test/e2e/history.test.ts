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

// `/interview history` you can click (Prev / Next, a select menu that opens an interview), its
// filters, and the `id` autocomplete of show / delete, through the local Discord.

let discord: LocalDiscord;
let openai: OpenAiStandIn;
let bot: BotProcess;
let dataDir: string;
/** Alice's interviews in the main server, oldest first (12: two pages of 10). */
const alices: InterviewRecord[] = [];
let bobs: InterviewRecord;
let elsewhere: InterviewRecord;

const day = (d: number): Date => new Date(Date.UTC(2026, 10, d, 9, 0, 0));

async function seed(store: Store, guildId: string, userId: string, name: string, jobTitle: string, type: InterviewType, startedAt: Date): Promise<InterviewRecord> {
  const record = await store.createInterview({ guildId, candidateUserId: userId, candidateName: name, textChannelId: null, voiceChannelId: null, jobTitle, type, language: 'English', questionCount: 1, startedAt });
  await store.saveAnswer({
    guildId, interviewId: record.id, number: 1, questionText: `${jobTitle}: how would you design a rate limiter?`, isFallback: false, answerStatus: 'answered',
    answerTranscript: `${name} on ${jobTitle}: a token bucket per user in Redis.`, answerDurationMs: 30_000,
    analytics: { timeToFirstWordMs: 800, speakingMs: 30_000, wordsPerMinute: 140, longestPauseMs: 3_100, fillerWordCount: 2, wordCount: 70 }, askedAt: startedAt, answeredAt: startedAt,
  });
  await store.saveEvaluation(guildId, record.id, 1, { kind: 'scored', evaluation: { score: 7, feedback: 'Solid answer.', strengths: [], improvements: [], evidence: 'token bucket', criteria: [] } });
  await store.finishInterview(guildId, record.id, 'completed', 7);
  return record;
}

async function run(userId: string, subcommand: string, options: Record<string, OptionValue> = {}): Promise<MessageRecord> {
  const { main } = discord.guilds;
  const record = discord.runSlashCommand({ guildId: main.id, channelId: main.interviewsChannelId, userId, command: 'interview', subcommand, options });
  return bot.explain(discord.waitForReply(record.id, () => true, 15_000));
}

const embedText = (m: MessageRecord): string => JSON.stringify(m.embeds);
const allComponents = (m: MessageRecord): Json[] => m.components.flatMap((row) => (row.components ?? []) as Json[]);
const select = (m: MessageRecord): Json => allComponents(m).find((c) => c.type === 3) ?? {};
const button = (m: MessageRecord, label: string): Json => allComponents(m).find((c) => c.type === 2 && String(c.label).includes(label)) ?? {};
const optionValues = (m: MessageRecord): string[] => ((select(m).options ?? []) as Json[]).map((o) => String(o.value));

beforeAll(async () => {
  discord = await startLocalDiscord();
  openai = await startOpenAiStandIn();
  dataDir = mkdtempSync(join(tmpdir(), 'hotseat-e2e-history-'));
  const { main, other } = discord.guilds;
  const { alice, bob } = discord.users;
  const config = parseConfig({ DISCORD_TOKEN: discord.token, OPENAI_API_KEY: 'sk-test-0000000000000000', DATA_DIR: dataDir });
  const store = await createStore(config, createLogger({ level: 'silent' }));
  try {
    for (let i = 0; i < 12; i++) alices.push(await seed(store, main.id, alice.id, 'Alice', `Backend Engineer ${i + 1}`, i % 3 === 0 ? 'hr' : 'technical', day(i + 1)));
    bobs = await seed(store, main.id, bob.id, 'Bob', 'Data Analyst', 'technical', day(20));
    elsewhere = await seed(store, other.id, alice.id, 'Alice', 'Backend Engineer abroad', 'technical', day(21));
    await store.saveGuildSettings({ ...defaultGuildSettings(main.id), mentorRoleId: main.mentorRoleId, defaultQuestions: null, defaultType: null, defaultLanguage: null });
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

describe('/interview history you can click', () => {
  it('pages with Prev / Next (answered within 3 s), only for the member who asked', async () => {
    const alice = discord.users.alice.id;
    const page1 = await run(alice, 'history');
    expect(page1.ephemeral).toBe(true);
    expect(embedText(page1)).toContain('Page 1 of 2');
    expect(optionValues(page1)).toEqual(alices.slice(2).reverse().map((i) => i.id));
    expect(button(page1, 'Prev').disabled).toBe(true);
    expect(button(page1, 'Next').disabled).toBe(false);
    for (const c of allComponents(page1)) expect(String(c.custom_id).length).toBeLessThanOrEqual(100);

    const next = discord.clickButton({ messageId: page1.id, customId: String(button(page1, 'Next').custom_id), userId: alice });
    await discord.waitForInteractionResponse(next.id);
    expect(next.respondedAfterMs).toBeLessThan(3_000);
    const page2 = await bot.explain(discord.waitForEdit(page1.id, (m) => embedText(m).includes('Page 2 of 2')));
    expect(optionValues(page2)).toEqual([alices[1]!.id, alices[0]!.id]);
    expect(button(page2, 'Next').disabled).toBe(true);
    expect(embedText(page2)).not.toContain(bobs.id);

    const back = discord.clickButton({ messageId: page1.id, customId: String(button(page2, 'Prev').custom_id), userId: alice });
    await discord.waitForInteractionResponse(back.id);
    await bot.explain(discord.waitForEdit(page1.id, (m) => embedText(m).includes('Page 1 of 2')));
    // The reply is ephemeral: nobody else sees it, so nobody else can page it.
    expect(() => discord.clickButton({ messageId: page1.id, customId: String(button(page1, 'Next').custom_id), userId: discord.users.bob.id })).toThrow(/cannot see ephemeral/);
  });

  it('opens an interview from the select menu with what /interview show shows', async () => {
    const alice = discord.users.alice.id;
    const page = await run(alice, 'history');
    const chosen = alices[11]!;
    const pick = discord.chooseFromSelect({ messageId: page.id, customId: String(select(page).custom_id), userId: alice, values: [chosen.id] });
    const details = await bot.explain(discord.waitForReply(pick.id, () => true, 15_000));
    expect(pick.respondedAfterMs).toBeLessThan(3_000);
    expect(details.ephemeral).toBe(true);
    expect(embedText(details)).toContain('Backend Engineer 12');
    expect(embedText(details)).toContain('Alice on Backend Engineer 12: a token bucket');
    expect(details.attachments.map((a) => a.filename)).toEqual([expect.stringMatching(/\.md$/)]);
    // Delivery analytics, per question and summed up.
    expect(embedText(details)).toContain('**Delivery:** 140 words/min · 2 fillers · longest pause 3.1 s · first word after 0.8 s');
    expect(embedText(details)).toContain('Delivery: 140 words/min · 2 filler words · longest pause 3.1 s · first word after 0.8 s on average');
    const show = await run(alice, 'show', { id: chosen.id });
    expect(details.embeds).toEqual(show.embeds);
  });

  it('filters by type and start date, and keeps the filters when paging', async () => {
    const alice = discord.users.alice.id;
    const hr = await run(alice, 'history', { type: 'hr' });
    expect(optionValues(hr)).toEqual(alices.filter((i) => i.type === 'hr').reverse().map((i) => i.id));
    expect(embedText(hr)).toContain('Your interviews (HR)');
    const recent = await run(alice, 'history', { since: '2026-11-09' });
    expect(optionValues(recent)).toEqual(alices.slice(8).reverse().map((i) => i.id));
    expect(embedText(recent)).toContain('since 2026-11-09');
    const bad = await run(alice, 'history', { since: 'last tuesday' });
    expect(bad.content).toContain('2026-11-01');

    const mentor = discord.users.carol.id;
    const recentAll = await run(mentor, 'history', { since: '2026-11-02' });
    expect(embedText(recentAll)).toContain('Page 1 of 2');
    expect(optionValues(recentAll)).toEqual([bobs.id, ...alices.slice(3).reverse().map((i) => i.id)]);
    const click = discord.clickButton({ messageId: recentAll.id, customId: String(button(recentAll, 'Next').custom_id), userId: mentor });
    await discord.waitForInteractionResponse(click.id);
    const second = await bot.explain(discord.waitForEdit(recentAll.id, (m) => embedText(m).includes('Page 2 of 2')));
    expect(embedText(second)).toContain('All interviews in Hotseat Test Server (since 2026-11-02)');
    expect(optionValues(second)).toEqual([alices[2]!.id, alices[1]!.id]);
    expect(optionValues(second)).not.toContain(elsewhere.id);
  });
});

describe('the id option autocompletes the interviews the member may see', () => {
  async function choices(userId: string, subcommand: 'show' | 'delete', typed: string): Promise<Array<{ name: string; value: string }>> {
    const { main } = discord.guilds;
    const record = discord.autocomplete({ guildId: main.id, channelId: main.interviewsChannelId, userId, command: 'interview', subcommand, focused: 'id', typed });
    await bot.explain(discord.waitForInteractionResponse(record.id));
    expect(record.respondedAfterMs).toBeLessThan(3_000);
    expect(record.callbacks.map((c) => c.type)).toEqual([8]);
    return ((record.callbacks[0]?.data?.choices ?? []) as Array<{ name: string; value: string }>);
  }

  it('offers a candidate only their own, a mentor the server’s, never another server’s', async () => {
    const alice = discord.users.alice.id;
    const mine = await choices(alice, 'show', '');
    expect(mine.map((c) => c.value)).toEqual([...alices].reverse().map((i) => i.id));
    expect(mine[0]?.name).toBe('Backend Engineer 12 · 2026-11-12 · 7/10');
    expect((await choices(alice, 'show', 'analyst')).map((c) => c.value)).toEqual([]);
    expect((await choices(alice, 'delete', 'engineer 1')).map((c) => c.value)).toEqual([alices[11]!.id, alices[10]!.id, alices[9]!.id, alices[0]!.id]);

    const mentor = discord.users.carol.id;
    const all = await choices(mentor, 'show', '');
    expect(all.map((c) => c.value)).toEqual([bobs.id, ...[...alices].reverse().map((i) => i.id)]);
    expect(all[0]?.name).toContain('Bob');
    expect((await choices(mentor, 'show', bobs.id.slice(0, 8))).map((c) => c.value)).toEqual([bobs.id]);
    expect((await choices(mentor, 'show', elsewhere.id)).map((c) => c.value)).toEqual([]);
  });

  it('a chosen value works in /interview show', async () => {
    const [first] = await choices(discord.users.carol.id, 'show', 'data');
    const shown = await run(discord.users.carol.id, 'show', { id: first!.value });
    expect(embedText(shown)).toContain('Bob on Data Analyst');
  });
});
