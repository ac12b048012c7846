import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionFlagsBits as P } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { createStore } from '../../src/db/createStore.ts';
import { DEFAULT_RUBRICS } from '../../src/interview/rubric.ts';
import { defaultGuildSettings } from '../../src/interview/Store.ts';
import { createLogger } from '../../src/logger.ts';
import { newSnowflake } from '../harness/discord/fixtures.ts';
import { startLocalDiscord, type LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import type { MessageRecord } from '../harness/discord/MessageLog.ts';
import type { OptionValue } from '../harness/discord/interactionPayloads.ts';
import { shownModal } from '../harness/discord/modals.ts';
import type { Json } from '../harness/discord/payloads.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';
import { runScript } from './helpers/runScript.ts';
import { startBotProcess, type BotProcess } from './helpers/startBotProcess.ts';

// The mentors' side through the local Discord: `/interview config` visibility settings and
// `/interview rubric` (view, edit in a modal, reset).

let discord: LocalDiscord;
let openai: OpenAiStandIn;
let bot: BotProcess;
let dataDir: string;
/** A text channel where the bot may not post. */
const lockedTextId = newSnowflake();

async function run(userId: string, subcommand: string, options: Record<string, OptionValue> = {}): Promise<MessageRecord> {
  const { main } = discord.guilds;
  const record = discord.runSlashCommand({ guildId: main.id, channelId: main.interviewsChannelId, userId, command: 'interview', subcommand, options });
  return bot.explain(discord.waitForReply(record.id, () => true, 15_000));
}

const embedText = (m: MessageRecord): string => JSON.stringify(m.embeds);
const inputsOf = (modal: Json): Json[] => ((modal.components ?? []) as Json[]).flatMap((r) => (r.components ?? []) as Json[]);

beforeAll(async () => {
  discord = await startLocalDiscord();
  openai = await startOpenAiStandIn();
  dataDir = mkdtempSync(join(tmpdir(), 'hotseat-e2e-mentors-'));
  const { main } = discord.guilds;
  discord.world.guilds.get(main.id)!.channels.push({
    id: lockedTextId, guildId: main.id, type: 0, name: 'read-only', position: 5,
    permissionOverwrites: [{ id: main.botRoleId, type: 0, allow: 0n, deny: P.SendMessages }],
  });
  const config = parseConfig({ DISCORD_TOKEN: discord.token, OPENAI_API_KEY: 'sk-test-0000000000000000', DATA_DIR: dataDir });
  const store = await createStore(config, createLogger({ level: 'silent' }));
  try {
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

describe('/interview config: who sees what', () => {
  it('shows the bot defaults until something is set', async () => {
    const shown = await run(discord.users.dave.id, 'config');
    expect(shown.ephemeral).toBe(true);
    expect(shown.content).toContain('Results: in the interview’s channel (bot default)');
    expect(shown.content).toContain('Live captions: on (bot default)');
    expect(shown.content).toContain('Question bank share: bot default');
  });

  it('sets results, the mentors’ channel, captions and the bank share, and shows them', async () => {
    const { main } = discord.guilds;
    const saved = await run(discord.users.dave.id, 'config', { results: 'private', mentors_channel: { channel: main.generalChannelId }, captions: 'off', bank_share: 35 });
    expect(saved.content).toContain('Settings saved');
    expect(saved.content).toContain(`Results: private (sent to the candidate by DM and to <#${main.generalChannelId}>`);
    const shown = await run(discord.users.dave.id, 'config');
    expect(shown.content).toContain('Current settings');
    expect(shown.content).toContain(`Mentors’ channel: <#${main.generalChannelId}>`);
    expect(shown.content).toContain('Live captions: off');
    expect(shown.content).toContain('Question bank share: 35%');
    // Other settings are kept.
    expect(shown.content).toContain(`<@&${main.mentorRoleId}>`);
    const cleared = await run(discord.users.dave.id, 'config', { clear_mentors_channel: true, captions: 'on', bank_share: 0 });
    expect(cleared.content).toContain('Mentors’ channel: none');
    expect(cleared.content).toContain('Live captions: on');
    expect(cleared.content).toContain('Question bank share: 0%');
    expect(cleared.content).toContain('Results: private');
  });

  it('refuses a mentors’ channel the bot cannot post in, and saves nothing', async () => {
    const refused = await run(discord.users.dave.id, 'config', { mentors_channel: { channel: lockedTextId }, captions: 'off' });
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toContain(`I can't post results in <#${lockedTextId}>`);
    const shown = await run(discord.users.dave.id, 'config');
    expect(shown.content).toContain('Mentors’ channel: none');
    expect(shown.content).toContain('Live captions: on');
  });

  it('is refused to members without Manage Server', async () => {
    const refused = await run(discord.users.carol.id, 'config', { results: 'channel' });
    expect(refused.content).toContain('Manage Server');
  });
});

describe('/interview rubric', () => {
  it('is refused to a member who is not a mentor', async () => {
    const refused = await run(discord.users.alice.id, 'rubric', { action: 'view', type: 'technical' });
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toContain('Only mentors');
    const edit = discord.runSlashCommand({ guildId: discord.guilds.main.id, channelId: discord.guilds.main.interviewsChannelId, userId: discord.users.alice.id, command: 'interview', subcommand: 'rubric', options: { action: 'edit', type: 'hr' } });
    await bot.explain(discord.waitForReply(edit.id, (m) => m.content.includes('Only mentors'), 15_000));
    expect(shownModal(discord.interactions.byId(edit.id))).toBeUndefined();
  });

  it('shows a mentor the default rubric with every criterion’s 2/5/9 anchors', async () => {
    const view = await run(discord.users.carol.id, 'rubric', { action: 'view', type: 'technical' });
    expect(view.ephemeral).toBe(true);
    const embed = view.embeds[0]!;
    expect(String(embed.description)).toContain('default rubric');
    const fields = (embed.fields ?? []) as Json[];
    expect(fields.map((f) => f.name)).toEqual(DEFAULT_RUBRICS.technical.map((c) => c.name));
    expect(String(fields[0]!.value)).toContain(`**2** · ${DEFAULT_RUBRICS.technical[0]!.anchors.low}`);
    expect(String(fields[0]!.value)).toContain(`**9** · ${DEFAULT_RUBRICS.technical[0]!.anchors.high}`);
  });

  it('edits the rubric in a modal: changes, removes and adds criteria, then resets to the defaults', async () => {
    const { main } = discord.guilds;
    const carol = discord.users.carol.id;
    const edit = discord.runSlashCommand({ guildId: main.id, channelId: main.interviewsChannelId, userId: carol, command: 'interview', subcommand: 'rubric', options: { action: 'edit', type: 'technical' } });
    await bot.explain(discord.waitForInteractionResponse(edit.id, 15_000));
    const modal = shownModal(discord.interactions.byId(edit.id));
    expect(modal).toBeDefined();
    const inputs = inputsOf(modal!);
    expect(inputs).toHaveLength(5);
    expect(String(inputs[0]!.value)).toBe(`Problem solving\n2: ${DEFAULT_RUBRICS.technical[0]!.anchors.low}\n5: ${DEFAULT_RUBRICS.technical[0]!.anchors.mid}\n9: ${DEFAULT_RUBRICS.technical[0]!.anchors.high}`);
    expect(inputs[4]!.value).toBeUndefined();

    // A mistake: nothing saved, the criterion named, everything typed echoed back.
    const typo = discord.submitModal({ shownBy: edit.id, userId: carol, values: { criterion_2: 'Depth of knowledge\n2: buzzwords\n9: internals and limits' } });
    const mistake = await bot.explain(discord.waitForReply(typo.id, () => true, 15_000));
    expect(mistake.ephemeral).toBe(true);
    expect(mistake.content).toContain('Nothing was saved. Criterion 2 (“Depth of knowledge”): the `5:` anchor is missing');
    expect(mistake.content).toContain('9: internals and limits');
    expect(mistake.content).toContain('Problem solving');
    const dup = discord.submitModal({ shownBy: edit.id, userId: carol, values: { criterion_5: 'problem SOLVING\n2: a\n5: b\n9: c' } });
    expect((await bot.explain(discord.waitForReply(dup.id, () => true, 15_000))).content).toContain('Criterion 5 (“problem SOLVING”): criterion 1 has the same name');
    const long = discord.submitModal({ shownBy: edit.id, userId: carol, values: { criterion_1: `${'Long name '.repeat(5)}\n2: a\n5: b\n9: c` } });
    expect((await bot.explain(discord.waitForReply(long.id, () => true, 15_000))).content).toContain('the name is 49 characters; at most 45 fit');
    const none = discord.submitModal({ shownBy: edit.id, userId: carol, values: { criterion_1: '', criterion_2: '', criterion_3: '', criterion_4: '' } });
    expect((await bot.explain(discord.waitForReply(none.id, () => true, 15_000))).content).toContain('a rubric needs at least one');
    expect(embedText(await run(carol, 'rubric', { action: 'view', type: 'technical' }))).toContain('default rubric');

    const good = discord.submitModal({
      shownBy: edit.id, userId: carol,
      values: { criterion_2: 'Depth\n2: buzzwords\n5: surface only\n9: internals and limits', criterion_3: '', criterion_5: 'Ownership\n2: waits to be told\n5: owns their part\n9: drives it end to end' },
    });
    const saved = await bot.explain(discord.waitForReply(good.id, () => true, 15_000));
    expect(saved.ephemeral).toBe(true);
    expect(saved.content).toContain('now has 4 criteria');
    const names = ((saved.embeds[0]!.fields ?? []) as Json[]).map((f) => f.name);
    expect(names).toEqual(['Problem solving', 'Depth', 'Trade-offs', 'Ownership']);
    const view = await run(carol, 'rubric', { action: 'view', type: 'technical' });
    expect(String(view.embeds[0]!.description)).toContain('This server’s own rubric');
    expect(embedText(view)).toContain('drives it end to end');
    // The other type is untouched.
    expect(String((await run(carol, 'rubric', { action: 'view', type: 'hr' })).embeds[0]!.description)).toContain('default rubric');

    const reset = await run(carol, 'rubric', { action: 'reset', type: 'technical' });
    expect(reset.content).toContain('back to the defaults');
    expect(((reset.embeds[0]!.fields ?? []) as Json[]).map((f) => f.name)).toEqual(DEFAULT_RUBRICS.technical.map((c) => c.name));
    expect((await run(carol, 'rubric', { action: 'reset', type: 'technical' })).content).toContain('already was the default');
    expect(discord.errors).toEqual([]);
  });
});
