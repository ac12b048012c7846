import { randomBytes } from 'node:crypto';
import { PermissionFlagsBits as P } from 'discord.js';
import type { FakeChannel, FakeGuild, FakeMember, FakeRole, FakeUser, World } from './World.ts';

const DISCORD_EPOCH_MS = 1420070400000n;
const FIXTURE_TIME_MS = 1767225600000n; // 2026-01-01T00:00:00Z: fixture ids are stable between runs
let runtimeCounter = 0n;

/** A snowflake for an object created now (messages, interactions, attachments). */
export function newSnowflake(): string {
  runtimeCounter = (runtimeCounter + 1n) & 0xfffn;
  return (((BigInt(Date.now()) - DISCORD_EPOCH_MS) << 22n) | (1n << 17n) | runtimeCounter).toString();
}

/** Ids with distinct timestamps, so guilds spread over shards ((id >> 22) % shardCount). */
function fixtureId(n: number): string {
  return (((FIXTURE_TIME_MS + BigInt(n) - DISCORD_EPOCH_MS) << 22n) | BigInt(n)).toString();
}

/** Permissions of @everyone in the fixture guilds: a normal member. */
const EVERYONE_PERMS = P.ViewChannel | P.SendMessages | P.ReadMessageHistory | P.Connect | P.Speak | P.UseVAD
  | P.EmbedLinks | P.AttachFiles | P.UseApplicationCommands | P.AddReactions;
/** The bot's managed role: what the invite link grants. */
const BOT_PERMS = EVERYONE_PERMS | P.ManageMessages | P.MentionEveryone;

/** Named handles on the default users (tests refer to them by role in the story). */
export interface FixtureUsers {
  /** The bot itself. */
  bot: FakeUser;
  /** A candidate. */
  alice: FakeUser;
  /** A second candidate (queue tests). */
  bob: FakeUser;
  /** Has the Mentor role in the main guild (not in the other one). */
  carol: FakeUser;
  /** Has Manage Server in the main guild (a server manager, not a mentor by role). */
  dave: FakeUser;
}

/** Named handles on a fixture guild's ids. */
export interface FixtureGuild {
  id: string;
  name: string;
  everyoneRoleId: string;
  mentorRoleId: string;
  managerRoleId: string;
  botRoleId: string;
  /** Text channels. */
  generalChannelId: string;
  interviewsChannelId: string;
  /** Voice channels: the bot may join and speak in these two. */
  voiceChannelId: string;
  voiceChannel2Id: string;
  /** A voice channel where the bot lacks Connect and Speak. */
  lockedVoiceChannelId: string;
}

export interface FixtureGuilds {
  /** The server most tests run in: alice, bob, carol (mentor), dave (manager), the bot. */
  main: FixtureGuild;
  /** "Another server": alice and carol (no mentor role here) and the bot. */
  other: FixtureGuild;
}

export function user(n: number, username: string, bot = false): FakeUser {
  return { id: fixtureId(n), username, globalName: username[0]!.toUpperCase() + username.slice(1), bot };
}

export function buildGuild(base: number, name: string, ownerId: string): { handle: FixtureGuild; guild: FakeGuild } {
  const id = (k: number): string => fixtureId(base + k);
  const handle: FixtureGuild = {
    id: id(0), name, everyoneRoleId: id(0), mentorRoleId: id(1), managerRoleId: id(2), botRoleId: id(3),
    generalChannelId: id(10), interviewsChannelId: id(11), voiceChannelId: id(20), voiceChannel2Id: id(21),
    lockedVoiceChannelId: id(22),
  };
  const roles: FakeRole[] = [
    { id: handle.everyoneRoleId, name: '@everyone', permissions: EVERYONE_PERMS, position: 0, managed: false },
    { id: handle.mentorRoleId, name: 'Mentor', permissions: EVERYONE_PERMS, position: 1, managed: false },
    { id: handle.managerRoleId, name: 'Manager', permissions: EVERYONE_PERMS | P.ManageGuild, position: 2, managed: false },
    { id: handle.botRoleId, name: 'Hotseat', permissions: BOT_PERMS, position: 3, managed: true },
  ];
  const channel = (cid: string, type: 0 | 2, cname: string, position: number): FakeChannel => ({
    id: cid, guildId: handle.id, type, name: cname, position, permissionOverwrites: [],
  });
  const locked = channel(handle.lockedVoiceChannelId, 2, 'Locked Room', 2);
  locked.permissionOverwrites.push({ id: handle.botRoleId, type: 0, allow: 0n, deny: P.Connect | P.Speak });
  const channels = [
    channel(handle.generalChannelId, 0, 'general', 0),
    channel(handle.interviewsChannelId, 0, 'interviews', 1),
    channel(handle.voiceChannelId, 2, 'Interview Room', 0),
    channel(handle.voiceChannel2Id, 2, 'Lounge', 1),
    locked,
  ];
  return { handle, guild: { id: handle.id, name, ownerId, roles, channels, members: [], voiceStates: new Map() } };
}

export function member(userId: string, roleIds: string[]): FakeMember {
  return { userId, roleIds, joinedAt: '2026-01-01T00:00:00.000Z', nick: null };
}

/** The default world: two guilds, five users. Fresh objects on every call. */
export function createFixtures(): { world: World; users: FixtureUsers; guilds: FixtureGuilds } {
  const users: FixtureUsers = {
    bot: user(1, 'hotseat', true), alice: user(2, 'alice'), bob: user(3, 'bob'), carol: user(4, 'carol'), dave: user(5, 'dave'),
  };
  const owner = user(6, 'owner');
  const main = buildGuild(1000, 'Hotseat Test Server', owner.id);
  const other = buildGuild(2001, 'Another Server', owner.id);
  main.guild.members.push(
    member(users.bot.id, [main.handle.botRoleId]), member(users.alice.id, []), member(users.bob.id, []),
    member(users.carol.id, [main.handle.mentorRoleId]), member(users.dave.id, [main.handle.managerRoleId]),
    member(owner.id, []),
  );
  other.guild.members.push(
    member(users.bot.id, [other.handle.botRoleId]), member(users.alice.id, []), member(users.carol.id, []),
    member(owner.id, []),
  );
  const applicationId = users.bot.id;
  const tokenId = Buffer.from(applicationId).toString('base64').replace(/=+$/, '');
  const world: World = {
    applicationId,
    botToken: `${tokenId}.local.${randomBytes(20).toString('base64url')}`,
    bot: users.bot,
    users: new Map([...Object.values(users), owner].map((u: FakeUser) => [u.id, u])),
    guilds: new Map([[main.guild.id, main.guild], [other.guild.id, other.guild]]),
    dmChannels: new Map(),
  };
  return { world, users, guilds: { main: main.handle, other: other.handle } };
}
