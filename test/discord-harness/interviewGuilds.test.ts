import { once } from 'node:events';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { addInterviewGuilds } from '../harness/discord/interviewGuilds.ts';
import { startLocalDiscord, type LocalDiscord } from '../harness/discord/LocalDiscord.ts';

describe('local Discord: guilds made for load', () => {
  let discord: LocalDiscord | undefined;
  let client: Client | undefined;

  afterEach(async () => {
    await client?.destroy();
    await discord?.close();
  });

  it('adds N guilds, each with a text and a voice channel the bot may use and a candidate of its own', async () => {
    discord = await startLocalDiscord();
    const first = addInterviewGuilds(discord.world, 3);
    const more = addInterviewGuilds(discord.world, 2);
    const all = [...first, ...more];
    expect(new Set(all.map((g) => g.id)).size).toBe(5);
    expect(new Set(all.map((g) => g.candidateId)).size).toBe(5);
    client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates], rest: { api: discord.restUrl } });
    const ready = once(client, Events.ClientReady);
    await client.login(discord.token);
    await ready;
    expect(client.guilds.cache.size).toBe(2 + 5);
    for (const g of all) {
      const guild = client.guilds.cache.get(g.id)!;
      const me = guild.members.me!;
      expect(guild.channels.cache.get(g.voiceChannelId)?.permissionsFor(me)?.has(['Connect', 'Speak'])).toBe(true);
      expect(guild.channels.cache.get(g.textChannelId)?.permissionsFor(me)?.has(['SendMessages', 'EmbedLinks'])).toBe(true);
      expect((await guild.members.fetch(g.candidateId)).user.bot).toBe(false);
      // The candidate is a member of its own guild only.
      expect(all.filter((o) => o.id !== g.id).some((o) => discord!.world.guilds.get(o.id)!.members.some((m) => m.userId === g.candidateId))).toBe(false);
    }
    const update = once(client, Events.VoiceStateUpdate);
    discord.userJoinVoice(more[1]!.candidateId, more[1]!.voiceChannelId);
    const [, now] = await update;
    expect(now).toMatchObject({ id: more[1]!.candidateId, channelId: more[1]!.voiceChannelId, guild: { id: more[1]!.id } });
  });
});
