import { buildGuild, member, user } from './fixtures.ts';
import type { World } from './World.ts';

/** One server made for load: the bot, an owner and one candidate. */
export interface InterviewGuild {
  id: string;
  /** Where the candidate runs `/interview start` and the bot posts its cards. */
  textChannelId: string;
  /** Where the candidate sits and the bot joins. */
  voiceChannelId: string;
  candidateId: string;
}

/** Fixture numbers of these guilds and candidates: far above the default fixtures (1..2100). */
const GUILD_BASE = 100_000;
const GUILD_STRIDE = 100;
const CANDIDATE_BASE = 10_000_000;
const NAME_PREFIX = 'Load Server ';

/**
 * Adds `count` guilds to the world, each with the default channels (a text channel
 * "interviews", a voice channel "Interview Room", ...), the bot with its managed role and one
 * candidate of its own (username `candidate<i>`). Call before the bot connects: the gateway
 * sends a GUILD_CREATE for every guild in the world at Identify. Ids are stable between runs,
 * with distinct timestamps, so guilds spread over shards. Calling again adds further guilds.
 */
export function addInterviewGuilds(world: World, count: number): InterviewGuild[] {
  const owner = [...world.users.values()].find((u) => u.username === 'owner');
  if (!owner) throw new Error('local Discord: the fixture owner is missing');
  const first = [...world.guilds.values()].filter((g) => g.name.startsWith(NAME_PREFIX)).length;
  const out: InterviewGuild[] = [];
  for (let i = first; i < first + count; i++) {
    const candidate = user(CANDIDATE_BASE + i, `candidate${i}`);
    world.users.set(candidate.id, candidate);
    const { handle, guild } = buildGuild(GUILD_BASE + i * GUILD_STRIDE, `${NAME_PREFIX}${i}`, owner.id);
    if (world.guilds.has(guild.id)) throw new Error(`local Discord: guild ${guild.id} exists already`);
    guild.members.push(member(world.bot.id, [handle.botRoleId]), member(candidate.id, []), member(owner.id, []));
    world.guilds.set(guild.id, guild);
    out.push({ id: handle.id, textChannelId: handle.interviewsChannelId, voiceChannelId: handle.voiceChannelId, candidateId: candidate.id });
  }
  return out;
}
