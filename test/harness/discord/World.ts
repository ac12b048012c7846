/**
 * The in-memory state of the local Discord: users, guilds (roles, channels, members, voice
 * states). Plain data; the servers read and update it and turn it into API payloads.
 */

export interface FakeUser {
  id: string;
  username: string;
  globalName: string;
  bot: boolean;
  /** Refuses direct messages from the bot (403, code 50007); see directMessages.ts. */
  dmsClosed?: boolean;
}

export interface FakeRole {
  id: string;
  name: string;
  /** Discord permission bits. */
  permissions: bigint;
  position: number;
  managed: boolean;
}

export interface FakeOverwrite {
  /** Role or member id. */
  id: string;
  /** 0 = role, 1 = member. */
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

export interface FakeChannel {
  id: string;
  /** null for DM channels. */
  guildId: string | null;
  /** 0 = text, 1 = DM, 2 = voice. */
  type: 0 | 1 | 2;
  name: string;
  position: number;
  permissionOverwrites: FakeOverwrite[];
  /** DM channels only. */
  recipientId?: string;
}

export interface FakeMember {
  userId: string;
  roleIds: string[];
  joinedAt: string;
  nick: string | null;
}

export interface FakeVoiceState {
  userId: string;
  channelId: string;
  sessionId: string;
  selfMute: boolean;
  selfDeaf: boolean;
}

export interface FakeGuild {
  id: string;
  name: string;
  ownerId: string;
  roles: FakeRole[];
  channels: FakeChannel[];
  members: FakeMember[];
  voiceStates: Map<string, FakeVoiceState>;
}

/** Everything the stand-in knows. Mutated in place by the servers and the driver. */
export interface World {
  applicationId: string;
  botToken: string;
  bot: FakeUser;
  users: Map<string, FakeUser>;
  guilds: Map<string, FakeGuild>;
  /** DM channels, created on demand by POST /users/@me/channels. */
  dmChannels: Map<string, FakeChannel>;
}

/** Finds a channel in any guild or among DMs. */
export function findChannel(world: World, channelId: string): FakeChannel | undefined {
  for (const g of world.guilds.values()) {
    const c = g.channels.find((ch) => ch.id === channelId);
    if (c) return c;
  }
  return world.dmChannels.get(channelId);
}

/** The voice state of a user in whichever guild they are connected, if any. */
export function findVoiceState(world: World, userId: string): { guild: FakeGuild; state: FakeVoiceState } | undefined {
  for (const guild of world.guilds.values()) {
    const state = guild.voiceStates.get(userId);
    if (state) return { guild, state };
  }
  return undefined;
}
