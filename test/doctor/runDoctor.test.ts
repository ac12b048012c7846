import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/doctor/runDoctor.ts';
import { PgliteClient } from '../../src/db/PgliteClient.ts';
import type { LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import type { OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';
import { closedPort, doctorConfig, migratedDataDir, migrationsWithoutLast, OPENAI_KEY, removeDir, startServices } from './doctorFixture.ts';

let discord: LocalDiscord;
let ai: OpenAiStandIn;
let dataDir: string;
const dirs: string[] = [];

beforeAll(async () => {
  [{ discord, ai }, dataDir] = await Promise.all([startServices(), migratedDataDir()]);
  dirs.push(dataDir);
}, 120_000);
afterAll(async () => {
  await Promise.all([discord?.close(), ai?.close()]);
  await Promise.all(dirs.map(removeDir));
});

async function doctor(env: Record<string, string> = {}, dir = dataDir): Promise<{ lines: string[]; byName: Map<string, string> }> {
  const lines: string[] = [];
  const results = await runDoctor(doctorConfig(discord, ai, dir, env), { write: (l) => lines.push(l) });
  expect(lines).toHaveLength(results.length);
  return { lines, byName: new Map(results.map((r, i) => [r.name, lines[i]!])) };
}

describe('npm run doctor against the local stand-ins', () => {
  it('passes every check on a working configuration, one ✓ line each, with no secret printed', async () => {
    const { lines } = await doctor();
    expect(lines.map((l) => l.split(':')[0])).toEqual(['✓ Discord token', '✓ Slash commands', '✓ Chat model', '✓ Speech to text', '✓ Text to speech', '✓ Database']);
    expect(lines[0]).toContain(`(${discord.applicationId})`);
    expect(lines[1]).toContain('/interview registered globally');
    expect(lines[3]).toMatch(/heard "hello"/i);
    expect(lines[4]).toMatch(/s of speech at 24 kHz/);
    expect(lines[5]).toMatch(/\d+ migrations applied, row-level security on for \d+ tables/);
    const text = lines.join('\n');
    expect(text).not.toContain(discord.token);
    expect(text).not.toContain(OPENAI_KEY);
    // The chat check really was one strict-schema call.
    const chat = ai.callsTo('/v1/chat/completions').at(-1)!.body as { response_format: { type: string; json_schema: { strict: boolean } } };
    expect(chat.response_format).toMatchObject({ type: 'json_schema', json_schema: { strict: true } });
  }, 90_000);

  it('a bad token: ✗ with the 401 and how to get a new token; the commands are not checked without one', async () => {
    const { byName } = await doctor({ DISCORD_TOKEN: 'not-the-token-of-this-bot-000' });
    expect(byName.get('Discord token')).toMatch(/^✗ Discord token: Discord refused the token \(HTTP 401\) — fix: reset the token .*DISCORD_TOKEN/);
    expect(byName.get('Slash commands')).toMatch(/^✗ .*needs a working Discord token/);
  }, 90_000);

  it('commands missing where DISCORD_DEV_GUILD_ID says: ✗ with npm run deploy-commands', async () => {
    const { byName } = await doctor({ DISCORD_DEV_GUILD_ID: discord.guilds.main.id });
    expect(byName.get('Slash commands')).toBe(`✗ Slash commands: not registered in server ${discord.guilds.main.id}: /interview — fix: run npm run deploy-commands`);
  }, 90_000);

  it('commands registered with other options than this version: ✗ with npm run deploy-commands', async () => {
    const guildId = discord.guilds.other.id;
    discord.commands.set(guildId, [{ name: 'interview', description: 'old', options: [{ type: 1, name: 'start', description: 'old' }] }]);
    const { byName } = await doctor({ DISCORD_DEV_GUILD_ID: guildId, DISCORD_CLIENT_ID: discord.applicationId });
    expect(byName.get('Slash commands')).toBe(`✗ Slash commands: registered in server ${guildId} but with other options than this version: /interview — fix: run npm run deploy-commands`);
  }, 90_000);

  it('the chat server refusing the key: ✗ with the status and LLM_API_KEY', async () => {
    ai.failNext('/v1/chat/completions', { status: 401 });
    const { byName } = await doctor();
    expect(byName.get('Chat model')).toMatch(/^✗ Chat model: gpt-4o-mini: HTTP 401 from http:\/\/127\.0\.0\.1:\d+\/v1: injected HTTP 401 — fix: the server refused the key: set LLM_API_KEY/);
  }, 90_000);

  it('the chat model answering off-schema: ✗ bad reply', async () => {
    ai.setChatHandler(() => ({ status: 'fine' }));
    try {
      const { byName } = await doctor();
      expect(byName.get('Chat model')).toMatch(/^✗ Chat model: gpt-4o-mini: unusable reply from .* — fix: check LLM_MODEL/);
    } finally {
      ai.setChatHandler(() => ({ status: 'ok', word: 'hello' }));
    }
  }, 90_000);

  it('speech to text down: ✗ connection with STT_BASE_URL', async () => {
    const { byName } = await doctor({ STT_BASE_URL: `http://127.0.0.1:${await closedPort()}/v1` });
    expect(byName.get('Speech to text')).toMatch(/^✗ Speech to text: whisper-1: cannot connect to .* — fix: is the server running and reachable\? Check STT_BASE_URL/);
    expect(byName.get('Chat model')).toMatch(/^✓/);
  }, 90_000);

  it('text to speech returning a body that is not audio: ✗ for pcm (not audio) and for wav (not a WAV)', async () => {
    ai.failSpeechNext({ at: 'garbage' });
    let { byName } = await doctor();
    expect(byName.get('Text to speech')).toMatch(/^✗ Text to speech: tts-1 \(voice alloy, pcm\): the audio is one-signed .* — fix: set TTS_RESPONSE_FORMAT/);
    ai.failSpeechNext({ at: 'garbage' });
    ({ byName } = await doctor({ TTS_RESPONSE_FORMAT: 'wav' }));
    expect(byName.get('Text to speech')).toMatch(/^✗ Text to speech: tts-1 \(voice alloy, wav\): .*not a usable WAV file: not a RIFF\/WAVE file \(starts with "<html><body><h1>"\) — fix: set TTS_RESPONSE_FORMAT/);
  }, 90_000);

  it('text to speech in wav and opus: decoded without ffmpeg', async () => {
    let { byName } = await doctor({ TTS_RESPONSE_FORMAT: 'opus' });
    expect(byName.get('Text to speech')).toMatch(/^✓ Text to speech: tts-1 \(voice alloy, opus\): \d\.\d+ s of speech at 48 kHz/);
    ({ byName } = await doctor({ TTS_RESPONSE_FORMAT: 'wav' }));
    expect(byName.get('Text to speech')).toMatch(/^✓ Text to speech: tts-1 \(voice alloy, wav\): \d\.\d+ s of speech at 24 kHz/);
  }, 90_000);

  it('a database held by a running bot, and an unreachable Supabase: ✗ each with its fix', async () => {
    const held = await migratedDataDir();
    dirs.push(held);
    await writeFile(join(held, 'hotseat.lock'), `${process.ppid}\n`); // a live process that is not this one
    let { byName } = await doctor({}, held);
    expect(byName.get('Database')).toMatch(/^✗ Database: cannot open the embedded database in .* — fix: a running Hotseat holds it/);
    ({ byName } = await doctor({ SUPABASE_URL: `http://127.0.0.1:${await closedPort()}`, SUPABASE_SERVICE_ROLE_KEY: 'service-role-secret-123456' }));
    expect(byName.get('Database')).toMatch(/^✗ Database: Supabase at http:\/\/127\.0\.0\.1:\d+ is unreachable or failing: .* — fix: check SUPABASE_URL/);
    expect(byName.get('Database')).not.toContain('service-role-secret-123456');
  }, 120_000);

  it('a migration missing, then row-level security off: ✗ naming them', async () => {
    const { dir: partial, left } = await migrationsWithoutLast();
    const behind = await migratedDataDir(partial);
    dirs.push(partial, behind);
    let { byName } = await doctor({}, behind);
    expect(byName.get('Database')).toMatch(new RegExp(`^✗ Database: embedded \\(.*\\): migrations not applied: ${left} — fix: start the bot once`));

    const db = await PgliteClient.open(dataDir);
    await db.exec('alter table questions disable row level security');
    await db.close();
    ({ byName } = await doctor());
    expect(byName.get('Database')).toMatch(/^✗ Database: embedded .*: row-level security is off on questions — fix: run: alter table questions enable row level security;/);
  }, 120_000);
});
