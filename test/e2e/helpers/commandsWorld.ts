import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../src/config.ts';
import { createStore } from '../../../src/db/createStore.ts';
import type { Store } from '../../../src/interview/Store.ts';
import type { InterviewRecord } from '../../../src/interview/types.ts';
import { createLogger } from '../../../src/logger.ts';
import { startLocalDiscord, type LocalDiscord } from '../../harness/discord/LocalDiscord.ts';
import type { MessageRecord } from '../../harness/discord/MessageLog.ts';
import type { OptionValue, TestFile } from '../../harness/discord/interactionPayloads.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../../harness/openai/startOpenAiStandIn.ts';
import { runScript } from './runScript.ts';
import { seedInterview } from './seedInterview.ts';
import { startBotProcess, type BotProcess } from './startBotProcess.ts';
import { REPO_ROOT } from './startBotProcess.ts';

/**
 * The world of test/e2e/commands.test.ts: a local Discord, the OpenAI stand-in, a store seeded
 * with four interviews, the commands deployed by deploy-commands.ts and the bot as a process.
 * The bindings are live: read them after {@link startCommandsWorld}.
 */

export const fixture = (name: string): Buffer => readFileSync(join(REPO_ROOT, 'test/fixtures/documents', name));
export const pdf = (filename: string, bytes: Buffer = fixture('resume.pdf')): TestFile => ({ filename, contentType: 'application/pdf', bytes });

export let discord: LocalDiscord;
let openai: OpenAiStandIn;
export let bot: BotProcess;
let dataDir: string;
export const seeded: Record<'aliceMain' | 'bobMain' | 'aliceOther' | 'aliceCrashed', InterviewRecord> = {} as never;

export async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const config = parseConfig({ DISCORD_TOKEN: discord.token, OPENAI_API_KEY: 'sk-test-0000000000000000', DATA_DIR: dataDir });
  const store = await createStore(config, createLogger({ level: 'silent' }));
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Runs `/interview <subcommand>` and waits for the bot's (non-loading) reply. */
export async function run(
  userId: string,
  subcommand: string,
  opts: { options?: Record<string, OptionValue>; attachments?: Record<string, TestFile>; guildId?: string; channelId?: string } = {},
): Promise<MessageRecord> {
  const main = discord.guilds.main;
  const guildId = opts.guildId ?? main.id;
  const channelId = opts.channelId ?? (guildId === main.id ? main.interviewsChannelId : discord.guilds.other.interviewsChannelId);
  const record = discord.runSlashCommand({ guildId, channelId, userId, command: 'interview', subcommand, options: opts.options, attachments: opts.attachments });
  return discord.waitForReply(record.id, () => true, 15_000);
}

/** Adds the bot's last log lines to a failure. */
export function withBotLog<T>(promise: Promise<T>): Promise<T> {
  return bot.explain(promise);
}

export function embedText(m: MessageRecord): string {
  return JSON.stringify(m.embeds);
}

/** Starts everything (the suite's beforeAll). */
export async function startCommandsWorld(): Promise<void> {
  discord = await startLocalDiscord();
  openai = await startOpenAiStandIn();
  dataDir = mkdtempSync(join(tmpdir(), 'hotseat-e2e-commands-'));
  const { main, other } = discord.guilds;
  const { alice, bob } = discord.users;
  await withStore(async (store) => {
    seeded.aliceMain = await seedInterview(store, { guildId: main.id, userId: alice.id, name: 'Alice', textChannelId: main.interviewsChannelId, jobTitle: 'Backend Engineer', status: 'completed', answered: 3 });
    seeded.bobMain = await seedInterview(store, { guildId: main.id, userId: bob.id, name: 'Bob', textChannelId: main.interviewsChannelId, jobTitle: 'Data Analyst', status: 'completed', answered: 3 });
    seeded.aliceOther = await seedInterview(store, { guildId: other.id, userId: alice.id, name: 'Alice', textChannelId: other.interviewsChannelId, jobTitle: 'Site Reliability Engineer', status: 'completed', answered: 3 });
    seeded.aliceCrashed = await seedInterview(store, { guildId: main.id, userId: alice.id, name: 'Alice', textChannelId: main.interviewsChannelId, jobTitle: 'Platform Engineer', status: 'in_progress', answered: 2, questionCount: 5 });
  });
  // Register the commands the way a developer does, in the dev guild.
  // Only the Discord settings: registering commands needs no AI key or database.
  const deploy = await runScript('deploy-commands.ts', {
    PATH: process.env.PATH ?? '',
    DISCORD_TOKEN: discord.token,
    DISCORD_CLIENT_ID: discord.applicationId,
    DISCORD_DEV_GUILD_ID: main.id,
    DISCORD_REST_URL: discord.restUrl,
  });
  if (deploy.code !== 0) throw new Error(`deploy-commands failed: ${deploy.stderr}`);
  bot = await startBotProcess({ discord, openAiBaseUrl: openai.baseUrl, dataDir, env: { DISCORD_CLIENT_ID: discord.applicationId } });
}

/** Stops everything (the suite's afterAll). */
export async function stopCommandsWorld(): Promise<void> {
  await bot?.cleanup();
  await discord?.close();
  await openai?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
