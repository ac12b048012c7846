import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TREND_CHART } from '../../src/bot/charts/trendChartLayout.ts';
import { parseConfig } from '../../src/config.ts';
import { createStore } from '../../src/db/createStore.ts';
import { defaultGuildSettings, type Store } from '../../src/interview/Store.ts';
import { createLogger } from '../../src/logger.ts';
import { startLocalDiscord, type LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import type { MessageRecord } from '../harness/discord/MessageLog.ts';
import type { OptionValue } from '../harness/discord/interactionPayloads.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';
import { runScript } from './helpers/runScript.ts';
import { startBotProcess, type BotProcess } from './helpers/startBotProcess.ts';

// `/interview trends [user]` through the local Discord: the chart as a PNG attachment, who may
// see whose, and the message below two scored interviews. Interviews are seeded through the store.

const run = promisify(execFile);
let discord: LocalDiscord;
let openai: OpenAiStandIn;
let bot: BotProcess;
let dataDir: string;
/** Alice's server nickname: markup characters that the chart's SVG must escape. */
const ALICE_NICK = 'Alice <&> "Ace"';

const day = (d: number): Date => new Date(Date.UTC(2026, 10, d, 9, 0, 0));

async function seed(store: Store, guildId: string, userId: string, name: string, startedAt: Date, score: number | null): Promise<void> {
  const record = await store.createInterview({ guildId, candidateUserId: userId, candidateName: name, textChannelId: null, voiceChannelId: null, jobTitle: 'Backend Engineer', type: 'technical', language: 'English', questionCount: 1, startedAt });
  await store.saveAnswer({
    guildId, interviewId: record.id, number: 1, questionText: 'How would you design a rate limiter?', isFallback: false, answerStatus: 'answered',
    answerTranscript: 'A token bucket per user.', answerDurationMs: 30_000, analytics: null, askedAt: startedAt, answeredAt: startedAt,
  });
  if (score !== null) await store.saveEvaluation(guildId, record.id, 1, { kind: 'scored', evaluation: { score, feedback: 'Solid.', strengths: [], improvements: [], evidence: '', criteria: [] } });
  await store.finishInterview(guildId, record.id, 'completed', score);
}

async function trends(userId: string, options: Record<string, OptionValue> = {}, guild: 'main' | 'other' = 'main'): Promise<MessageRecord> {
  const g = discord.guilds[guild];
  const record = discord.runSlashCommand({ guildId: g.id, channelId: g.interviewsChannelId, userId, command: 'interview', subcommand: 'trends', options });
  const reply = await bot.explain(discord.waitForReply(record.id, () => true, 15_000));
  expect(record.respondedAfterMs).toBeLessThan(3_000);
  return reply;
}

beforeAll(async () => {
  discord = await startLocalDiscord();
  openai = await startOpenAiStandIn();
  dataDir = mkdtempSync(join(tmpdir(), 'hotseat-e2e-trends-'));
  const { main, other } = discord.guilds;
  const { alice, bob } = discord.users;
  discord.world.guilds.get(main.id)!.members.find((m) => m.userId === alice.id)!.nick = ALICE_NICK;
  const config = parseConfig({ DISCORD_TOKEN: discord.token, OPENAI_API_KEY: 'sk-test-0000000000000000', DATA_DIR: dataDir });
  const store = await createStore(config, createLogger({ level: 'silent' }));
  try {
    // Alice: four scored interviews and one whose answer was never scored; Bob: one; abroad: one.
    for (const [d, score] of [[2, 4], [5, 5.5], [9, 7], [14, 8]] as const) await seed(store, main.id, alice.id, 'Alice', day(d), score);
    await seed(store, main.id, alice.id, 'Alice', day(15), null);
    await seed(store, main.id, bob.id, 'Bob', day(3), 6);
    await seed(store, other.id, alice.id, 'Alice', day(4), 9);
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

/** The reply's one attachment, decoded. */
function chartOf(reply: MessageRecord): { png: PNG; bytes: Buffer } {
  expect(reply.attachments.map((a) => [a.filename, a.contentType])).toEqual([['trends.png', 'image/png']]);
  const bytes = reply.attachments[0]!.bytes;
  return { png: PNG.sync.read(bytes), bytes };
}

/** Pixels of the overall line's colour inside the plot. */
function overallPixels(png: PNG): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(TREND_CHART.overallColor.slice(i, i + 2), 16));
  const { left, right, top, bottom } = TREND_CHART.plot;
  let n = 0;
  for (let y = top; y < bottom; y++) for (let x = left; x < right; x++) {
    const i = (y * png.width + x) * 4;
    if (png.data[i] === r && png.data[i + 1] === g && png.data[i + 2] === b) n++;
  }
  return n;
}

describe('/interview trends', () => {
  it('answers a candidate privately with their chart as a PNG', async () => {
    const reply = await trends(discord.users.alice.id);
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('over 4 scored interviews');
    const { png, bytes } = chartOf(reply);
    expect([png.width, png.height]).toEqual([800, 450]);
    expect(bytes.length).toBeLessThan(200 * 1024);
    expect(overallPixels(png)).toBeGreaterThan(100);
    const hasTesseract = await run('tesseract', ['--version']).then(() => true, () => false);
    if (!hasTesseract) {
      console.warn('OCR of the e2e chart skipped: tesseract is not installed (Debian tesseract-ocr + tesseract-ocr-eng)');
      return;
    }
    const file = join(dataDir, 'e2e-trends.png');
    writeFileSync(file, bytes);
    const { stdout } = await run('tesseract', [file, 'stdout'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
    // The server nickname, escaped in the SVG and drawn as typed; the 4 dates, not the unscored 5th.
    expect(stdout).toContain(`Score trends: ${ALICE_NICK}`);
    for (const label of ['Score', 'Interview', 'Overall', 'Nov 2', 'Nov 14']) expect(stdout).toContain(label);
    expect(stdout).not.toContain('Nov 15');
  });

  it("refuses another member's trends to a non-mentor, and shows them to a mentor", async () => {
    const refused = await trends(discord.users.bob.id, { user: { user: discord.users.alice.id } });
    expect(refused.ephemeral).toBe(true);
    expect(refused.attachments).toEqual([]);
    expect(refused.content).toContain("Only mentors can see other members' trends");
    const mentor = await trends(discord.users.carol.id, { user: { user: discord.users.alice.id } });
    expect(mentor.content).toContain('over 4 scored interviews');
    expect(overallPixels(chartOf(mentor).png)).toBeGreaterThan(100);
    const manager = await trends(discord.users.dave.id, { user: { user: discord.users.alice.id } });
    expect(chartOf(manager).png.width).toBe(800);
  });

  it('below two scored interviews: says how many there are, per server', async () => {
    expect((await trends(discord.users.bob.id)).content).toBe('Trends need at least two scored interviews; you have 1.');
    expect((await trends(discord.users.dave.id)).content).toBe('Trends need at least two scored interviews; you have 0.');
    const aboutBob = await trends(discord.users.carol.id, { user: { user: discord.users.bob.id } });
    expect(aboutBob.content).toBe('Trends need at least two scored interviews; Bob has 1.');
    expect(aboutBob.attachments).toEqual([]);
    // In the other server Alice has one interview: the main server's four do not count there.
    expect((await trends(discord.users.alice.id, {}, 'other')).content).toBe('Trends need at least two scored interviews; you have 1.');
  });
});
