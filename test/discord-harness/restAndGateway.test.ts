import { once } from 'node:events';
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, Client, Events, GatewayIntentBits, MessageFlags, PermissionFlagsBits } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalDiscord, type LocalDiscord } from '../harness/discord/LocalDiscord.ts';

describe('local Discord: REST, gateway and interactions with the real discord.js client', () => {
  let discord: LocalDiscord;
  let client: Client;

  beforeEach(async () => {
    discord = await startLocalDiscord();
    client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates], rest: { api: discord.restUrl } });
  });

  afterEach(async () => {
    await client.destroy();
    await discord.close();
  });

  async function login(): Promise<void> {
    const ready = once(client, Events.ClientReady);
    await client.login(discord.token);
    await ready;
  }

  it('logs in and sees both guilds with channels, roles, members and permissions', async () => {
    await login();
    expect(client.user?.id).toBe(discord.users.bot.id);
    expect(client.application?.id).toBe(discord.applicationId);
    const main = client.guilds.cache.get(discord.guilds.main.id)!;
    expect(client.guilds.cache.has(discord.guilds.other.id)).toBe(true);
    expect(main.roles.cache.get(discord.guilds.main.mentorRoleId)?.name).toBe('Mentor');
    expect(main.members.cache.get(discord.users.carol.id)?.roles.cache.has(discord.guilds.main.mentorRoleId)).toBe(true);
    const me = main.members.me!;
    const voice = main.channels.cache.get(discord.guilds.main.voiceChannelId)!;
    const locked = main.channels.cache.get(discord.guilds.main.lockedVoiceChannelId)!;
    expect(voice.isVoiceBased()).toBe(true);
    expect(voice.permissionsFor(me)?.has(['Connect', 'Speak'])).toBe(true);
    expect(locked.permissionsFor(me)?.has('Connect')).toBe(false);
    const all = await main.members.fetch();
    expect([...all.keys()].sort()).toEqual(discord.world.guilds.get(main.id)!.members.map((m) => m.userId).sort());
    expect((await main.members.fetch(discord.users.dave.id)).roles.cache.has(discord.guilds.main.managerRoleId)).toBe(true);
    expect(discord.unexpectedCalls()).toEqual([]);
  });

  it('answers a slash command with an attachment (deferReply + editReply with a button and a file), then a button click (update)', async () => {
    const resume = Buffer.from('%PDF-1.4 fake resume bytes');
    client.on(Events.InteractionCreate, (interaction) => {
      void (async () => {
        if (interaction.isChatInputCommand()) {
          await interaction.deferReply();
          const file = interaction.options.getAttachment('resume', true);
          const bytes = Buffer.from(await (await fetch(file.url)).arrayBuffer());
          const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
            new ButtonBuilder().setCustomId('hotseat:done:1').setLabel("I'm done").setStyle(ButtonStyle.Primary),
          );
          await interaction.editReply({
            content: `${interaction.options.getSubcommand()} ${interaction.options.getString('type')} ${interaction.options.getInteger('questions')} ${file.contentType} ${bytes.equals(resume)}`,
            components: [row],
            files: [{ attachment: Buffer.from('# transcript'), name: 'transcript.md' }],
          });
          await interaction.followUp({ content: 'only you', flags: MessageFlags.Ephemeral });
        } else if (interaction.isButton()) {
          await interaction.update({ content: `clicked ${interaction.customId} by ${interaction.user.id}`, components: [] });
        }
      })();
    });
    await login();
    const { main } = discord.guilds;
    const cmd = discord.runSlashCommand({
      guildId: main.id, channelId: main.interviewsChannelId, userId: discord.users.alice.id, command: 'interview', subcommand: 'start',
      options: { type: 'technical', questions: 3 }, attachments: { resume: { filename: 'resume.pdf', contentType: 'application/pdf', bytes: resume } },
    });
    const reply = await discord.waitForReply(cmd.id, (m) => m.content.startsWith('start'));
    expect(reply.content).toBe('start technical 3 application/pdf true');
    expect(cmd.callbacks[0]?.type).toBe(5);
    expect(cmd.respondedAfterMs).toBeLessThan(3000);
    expect(reply.attachments.map((a) => [a.filename, a.bytes.toString()])).toEqual([['transcript.md', '# transcript']]);
    expect(discord.restCalls.filter((c) => c.route === '/attachments/:id/:filename').map((c) => c.path.split('/').pop())).toEqual(['resume.pdf']);
    expect(discord.buttonsOf(reply)).toEqual(['hotseat:done:1']);
    const followup = await discord.waitForReply(cmd.id, (m) => m.kind === 'followup');
    expect(followup.ephemeral).toBe(true);

    const click = discord.clickButton({ messageId: reply.id, customId: 'hotseat:done:1', userId: discord.users.alice.id });
    const edited = await discord.waitForEdit(reply.id, (m) => m.content.startsWith('clicked'));
    expect(edited.content).toBe(`clicked hotseat:done:1 by ${discord.users.alice.id}`);
    expect(edited.components).toEqual([]);
    expect(click.callbacks.map((c) => c.type)).toEqual([7]);
    expect(discord.unexpectedCalls()).toEqual([]);
  });

  it('refuses a late acknowledgement (3 s window) and records unknown routes as unexpected', async () => {
    await discord.close();
    discord = await startLocalDiscord({ interactionAckTimeoutMs: 200 });
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.restUrl } });
    const errors: unknown[] = [];
    client.on(Events.InteractionCreate, (interaction) => {
      void (async () => {
        if (!interaction.isChatInputCommand()) return;
        await new Promise((r) => setTimeout(r, 400));
        await interaction.reply('too late').catch((e: unknown) => errors.push(e));
        await client.rest.get('/nothing/here').catch(() => undefined);
      })();
    });
    await login();
    const { main } = discord.guilds;
    discord.runSlashCommand({ guildId: main.id, channelId: main.generalChannelId, userId: discord.users.bob.id, command: 'interview', subcommand: 'stop' });
    const call = await discord.waitForRestCall((c) => c.path === '/nothing/here');
    expect(call.status).toBe(404);
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toContain('Unknown interaction');
    expect(discord.unexpectedCalls().map((c) => c.path)).toEqual(['/nothing/here']);
  });

  it('resumes the gateway session after a close and keeps delivering interactions', async () => {
    let seen = 0;
    client.on(Events.InteractionCreate, (interaction) => {
      seen++;
      if (interaction.isChatInputCommand()) void interaction.reply({ content: 'pong' });
    });
    await login();
    const sessionsBefore = discord.gateway.sessions.size;
    discord.injectGatewayClose(4000);
    await discord.waitFor(() => (discord.gateway.received.some((r) => r.op === 6) && discord.gateway.live().length === 1 ? true : undefined), 'a resume');
    expect(discord.gateway.sessions.size).toBe(sessionsBefore);
    const { main } = discord.guilds;
    const cmd = discord.runSlashCommand({ guildId: main.id, channelId: main.generalChannelId, userId: discord.users.bob.id, command: 'ping' });
    await discord.waitForReply(cmd.id, (m) => m.content === 'pong');
    expect(seen).toBe(1);
  });

  it('splits the guilds across shards ((id >> 22) % shardCount), one per shard here', async () => {
    const shards = [0, 1].map((shard) => new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.restUrl }, shards: shard, shardCount: 2 }));
    try {
      await Promise.all(shards.map(async (c) => {
        const ready = once(c, Events.ClientReady);
        await c.login(discord.token);
        await ready;
      }));
      const seen = shards.map((c) => [...c.guilds.cache.keys()]);
      expect(seen.map((g) => g.length)).toEqual([1, 1]);
      expect(seen.flat().sort()).toEqual([discord.guilds.main.id, discord.guilds.other.id].sort());
      await discord.waitForBotReady({ shardCount: 2 });
    } finally {
      await Promise.all(shards.map((c) => c.destroy()));
    }
  });

  it('answers injected REST faults: discord.js waits out a 429 and retries a 500', async () => {
    await login();
    const { main } = discord.guilds;
    const channel = await client.channels.fetch(main.generalChannelId);
    if (!channel?.isSendable()) throw new Error('general is not sendable');
    discord.injectRestFault({ method: 'POST', path: /\/channels\/\d+\/messages$/, status: 429, retryAfterMs: 300 });
    discord.injectRestFault({ method: 'PATCH', path: /\/channels\/\d+\/messages\/\d+$/, status: 500 });
    const sent = await channel.send('hello');
    await sent.edit('hello again');
    const statuses = discord.restCalls.filter((c) => c.path.startsWith(`/channels/${main.generalChannelId}/messages`)).map((c) => `${c.method} ${c.status}`);
    expect(statuses).toEqual(['POST 429', 'POST 200', 'PATCH 500', 'PATCH 200']);
    const posts = discord.restCalls.filter((c) => c.method === 'POST' && c.path.endsWith('/messages'));
    expect(posts[1]!.atMs - posts[0]!.atMs).toBeGreaterThanOrEqual(250);
    expect((await discord.waitForEdit(sent.id)).content).toBe('hello again');
  });

  it('holds the bot to Discord\'s global limit: 50 requests a second, then 429 global until the window ends; interaction endpoints are exempt', async () => {
    const get = (path: string): Promise<Response> => fetch(`${discord.restUrl}/v10${path}`, { headers: { authorization: `Bot ${discord.token}` } });
    const burst = await Promise.all(Array.from({ length: 60 }, () => get('/users/@me')));
    expect(burst.filter((r) => r.status === 200)).toHaveLength(50);
    const refused = burst.filter((r) => r.status === 429);
    expect(refused).toHaveLength(10);
    expect(refused[0]!.headers.get('x-ratelimit-global')).toBe('true');
    expect(refused[0]!.headers.get('x-ratelimit-scope')).toBe('global');
    const body = (await refused[0]!.json()) as { global: boolean; retry_after: number; message: string };
    expect(body).toMatchObject({ global: true, message: 'You are being rate limited.' });
    expect(body.retry_after).toBeGreaterThan(0);
    expect(body.retry_after).toBeLessThanOrEqual(1);
    expect(discord.globalRateLimited).toBe(10);
    // An interaction callback is not bound by it (this one is unknown: 404, not 429).
    const callback = await fetch(`${discord.restUrl}/v10/interactions/1/nope/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 4, data: { content: 'x' } }) });
    expect(callback.status).not.toBe(429);
    await new Promise((resolve) => setTimeout(resolve, body.retry_after * 1000 + 20));
    expect((await get('/users/@me')).status).toBe(200);
  });

  it('discord.js keeps to the global limit: 120 edits in a burst all land, paced over seconds', async () => {
    await login();
    const channel = await client.channels.fetch(discord.guilds.main.generalChannelId);
    if (!channel?.isSendable()) throw new Error('general is not sendable');
    const messages = await Promise.all(Array.from({ length: 12 }, (_, k) => channel.send(`m${k}`)));
    const startedAtMs = Date.now();
    await Promise.all(messages.flatMap((m, k) => Array.from({ length: 10 }, (_, e) => m.edit(`m${k} edit ${e}`))));
    // It paces itself at 50 a second (and waits out a 429 when its window and Discord's disagree).
    expect(Date.now() - startedAtMs).toBeGreaterThanOrEqual(1_000);
    for (const [k, m] of messages.entries()) expect((await discord.waitForEdit(m.id, (e) => e.content === `m${k} edit 9`)).content).toBe(`m${k} edit 9`);
  });

  it('refuses messages over Discord\'s limits with 400 Invalid Form Body, like Discord', async () => {
    await login();
    const channel = await client.channels.fetch(discord.guilds.main.generalChannelId);
    if (!channel?.isSendable()) throw new Error('general is not sendable');
    await expect(channel.send('x'.repeat(2001))).rejects.toThrow(/content.*2000 or fewer/s);
    await expect(channel.send({ embeds: [{ title: 'Results', fields: [{ name: 'Q1', value: 'y'.repeat(1025) }] }] })).rejects.toThrow(/Invalid Form Body/);
    const ok = await channel.send({ content: 'x'.repeat(2000), embeds: [{ title: 'Results', fields: [{ name: 'Q1', value: 'y'.repeat(1024) }] }] });
    expect(discord.messages.get(ok.id)?.content.length).toBe(2000);
    expect(discord.restCalls.map((c) => c.status)).toContain(400);
  });

  it('deletes a message (204); one already deleted answers 404 Unknown Message (10008), one in a channel the bot cannot see 403 Missing Access', async () => {
    await login();
    const { main } = discord.guilds;
    const channel = await client.channels.fetch(main.generalChannelId);
    if (!channel?.isSendable()) throw new Error('general is not sendable');
    const [first, second, third] = [await channel.send('one'), await channel.send('two'), await channel.send('three')];
    await first.delete();
    expect(discord.messages.get(first.id)?.deleted).toBe(true);
    // Deleted by someone else meanwhile (a human moderator).
    discord.messages.delete(discord.messages.get(second.id)!);
    await expect(second.delete()).rejects.toMatchObject({ status: 404, code: 10008, rawError: { message: 'Unknown Message', code: 10008 } });
    discord.world.guilds.get(main.id)!.channels.find((c) => c.id === main.generalChannelId)!.permissionOverwrites.push({ id: discord.users.bot.id, type: 1, allow: 0n, deny: PermissionFlagsBits.ViewChannel });
    await expect(third.delete()).rejects.toMatchObject({ status: 403, code: 50001 });
    expect(discord.messages.get(third.id)?.deleted).toBe(false);
  });
});
