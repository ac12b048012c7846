import type { FakeChannel, FakeGuild, FakeMember, FakeRole, FakeUser, FakeVoiceState, World } from './World.ts';

/** JSON object as sent over the wire. */
export type Json = Record<string, unknown>;

/** Discord API payloads built from the world state (the shapes discord.js v14 reads). */
export const payloads = {
  user(u: FakeUser): Json {
    return {
      id: u.id, username: u.username, global_name: u.globalName, discriminator: '0', avatar: null,
      bot: u.bot, system: false, public_flags: 0, flags: 0, banner: null, accent_color: null,
    };
  },

  member(world: World, m: FakeMember): Json {
    const u = world.users.get(m.userId);
    if (!u) throw new Error(`local Discord: member ${m.userId} has no user`);
    return {
      user: payloads.user(u), nick: m.nick, avatar: null, roles: m.roleIds, joined_at: m.joinedAt,
      premium_since: null, deaf: false, mute: false, flags: 0, pending: false, communication_disabled_until: null,
    };
  },

  role(r: FakeRole): Json {
    return {
      id: r.id, name: r.name, color: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false, icon: null, unicode_emoji: null, position: r.position, permissions: r.permissions.toString(),
      managed: r.managed, mentionable: true, flags: 0,
    };
  },

  channel(c: FakeChannel, world: World): Json {
    if (c.type === 1) {
      const recipient = c.recipientId ? world.users.get(c.recipientId) : undefined;
      return { id: c.id, type: 1, last_message_id: null, recipients: recipient ? [payloads.user(recipient)] : [], flags: 0 };
    }
    const base: Json = {
      id: c.id, type: c.type, guild_id: c.guildId, name: c.name, position: c.position, parent_id: null, nsfw: false,
      flags: 0, last_message_id: null, rate_limit_per_user: 0,
      permission_overwrites: c.permissionOverwrites.map((o) => ({
        id: o.id, type: o.type, allow: o.allow.toString(), deny: o.deny.toString(),
      })),
    };
    if (c.type === 0) return { ...base, topic: null, default_auto_archive_duration: 1440 };
    return { ...base, bitrate: 64000, user_limit: 0, rtc_region: null, video_quality_mode: 1 };
  },

  voiceState(world: World, guild: FakeGuild, userId: string, state: FakeVoiceState | null, sessionId?: string): Json {
    const m = guild.members.find((x) => x.userId === userId);
    return {
      guild_id: guild.id, channel_id: state?.channelId ?? null, user_id: userId,
      member: m ? payloads.member(world, m) : undefined, session_id: state?.sessionId ?? sessionId ?? 'none',
      deaf: false, mute: false, self_deaf: state?.selfDeaf ?? false, self_mute: state?.selfMute ?? false,
      self_stream: false, self_video: false, suppress: false, request_to_speak_timestamp: null,
    };
  },

  guild(world: World, g: FakeGuild): Json {
    return {
      id: g.id, name: g.name, icon: null, splash: null, discovery_splash: null, banner: null, description: null,
      owner_id: g.ownerId, afk_channel_id: null, afk_timeout: 300, verification_level: 0,
      default_message_notifications: 0, explicit_content_filter: 0, roles: g.roles.map((r) => payloads.role(r)),
      emojis: [], stickers: [], features: [], mfa_level: 0, application_id: null, system_channel_id: null,
      system_channel_flags: 0, rules_channel_id: null, public_updates_channel_id: null, safety_alerts_channel_id: null,
      vanity_url_code: null, premium_tier: 0, premium_subscription_count: 0, preferred_locale: 'en-US',
      nsfw_level: 0, premium_progress_bar_enabled: false, max_members: 500000, max_video_channel_users: 25,
    };
  },

  guildCreate(world: World, g: FakeGuild): Json {
    return {
      ...payloads.guild(world, g),
      joined_at: '2026-01-01T00:00:00.000Z', large: false, unavailable: false, member_count: g.members.length,
      members: g.members.map((m) => payloads.member(world, m)),
      channels: g.channels.map((c) => { const p = payloads.channel(c, world); delete p.guild_id; return p; }),
      voice_states: [...g.voiceStates.values()].map((s) => {
        const p = payloads.voiceState(world, g, s.userId, s);
        delete p.guild_id;
        return p;
      }),
      threads: [], presences: [], stage_instances: [], guild_scheduled_events: [], soundboard_sounds: [],
    };
  },
};
