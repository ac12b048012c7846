import { DiscordAPIError, type Client } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setDirectMessagesClosed } from '../harness/discord/directMessages.ts';
import type { LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import { startWithClient, stopWithClient } from './testClient.ts';

describe('local Discord: direct messages with the real discord.js client', () => {
  let discord: LocalDiscord;
  let client: Client;

  beforeEach(async () => {
    ({ discord, client } = await startWithClient());
  });

  afterEach(async () => {
    await stopWithClient(discord, client);
  });

  it('opens a DM channel and delivers a message with a file to a user whose DMs are open', async () => {
    const alice = discord.users.alice.id;
    const sent = await client.users.send(alice, { content: 'hello', files: [{ attachment: Buffer.from('# t'), name: 'transcript.md' }] });
    const dm = [...discord.world.dmChannels.values()].find((c) => c.recipientId === alice);
    expect(dm).toBeDefined();
    expect(sent.channelId).toBe(dm!.id);
    const logged = await discord.waitForMessage((m) => m.id === sent.id);
    expect(logged.channelId).toBe(dm!.id);
    expect(logged.content).toBe('hello');
    expect(logged.attachments.map((a) => a.filename)).toEqual(['transcript.md']);
  });

  it('refuses a message to a user whose DMs are closed with 403 / 50007, as Discord does', async () => {
    const bob = discord.users.bob.id;
    setDirectMessagesClosed(discord.world, bob, true);
    const error = await client.users.send(bob, { content: 'results' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(50007);
    expect((error as DiscordAPIError).status).toBe(403);
    expect((error as DiscordAPIError).message).toBe('Cannot send messages to this user');
    expect(discord.messages.messages.some((m) => m.content === 'results')).toBe(false);
    setDirectMessagesClosed(discord.world, bob, false);
    await expect(client.users.send(bob, { content: 'again' })).resolves.toBeDefined();
  });
});
