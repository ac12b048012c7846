import { randomBytes } from 'node:crypto';
import { PermissionFlagsBits as P } from 'discord.js';
import type { Gateway, VoiceStateRequest } from './Gateway.ts';
import { payloads } from './payloads.ts';
import { computePermissions } from './permissions.ts';
import { findVoiceState, type FakeGuild, type World } from './World.ts';

/** The voice server side the states talk to (the bot's voice sessions). */
export interface VoiceServerLink {
  /** host:port of the current voice endpoint for the guild. */
  endpointFor(guildId: string): string;
  /** The bot joined/moved (new token) or left (channelId null) voice in a guild. */
  botVoiceChanged(guildId: string, channelId: string | null, token: string | null, sessionId: string): void;
  /** A user joined, moved or left a channel (for op 11/13 to the bot's voice session). */
  userVoiceChanged(guildId: string, userId: string, fromChannelId: string | null, toChannelId: string | null): void;
}

/** Voice states of the bot and the test users, and the gateway events their changes cause. */
export class VoiceStates {
  /** The voice token given to the bot per guild (checked by the voice gateway's Identify). */
  readonly tokens = new Map<string, string>();
  /** Joins Discord ignored because the bot lacks View Channel or Connect there. */
  readonly refusedJoins: { guildId: string; channelId: string; atMs: number }[] = [];
  readonly #world: World;
  readonly #gateway: Gateway;
  readonly #link: VoiceServerLink;

  constructor(world: World, gateway: Gateway, link: VoiceServerLink) {
    this.#world = world;
    this.#gateway = gateway;
    this.#link = link;
  }

  /** Gateway op 4 from the bot. */
  onBotRequest(req: VoiceStateRequest): void {
    const guild = this.#guild(req.guildId);
    const botId = this.#world.bot.id;
    if (req.channelId === null) {
      guild.voiceStates.delete(botId);
      this.tokens.delete(guild.id);
      this.#gateway.dispatch('VOICE_STATE_UPDATE', payloads.voiceState(this.#world, guild, botId, null, req.session.id), guild.id);
      this.#link.botVoiceChanged(guild.id, null, null, req.session.id);
      return;
    }
    this.#voiceChannel(guild, req.channelId);
    const me = guild.members.find((m) => m.userId === botId);
    const channel = guild.channels.find((c) => c.id === req.channelId);
    if (!me || (computePermissions(guild, me, channel) & (P.ViewChannel | P.Connect)) !== (P.ViewChannel | P.Connect)) {
      this.refusedJoins.push({ guildId: guild.id, channelId: req.channelId, atMs: Date.now() });
      return; // like Discord: no answer at all, the client stays signalling
    }
    const state = { userId: botId, channelId: req.channelId, sessionId: req.session.id, selfMute: req.selfMute, selfDeaf: req.selfDeaf };
    guild.voiceStates.set(botId, state);
    const token = randomBytes(8).toString('hex');
    this.tokens.set(guild.id, token);
    this.#gateway.dispatch('VOICE_STATE_UPDATE', payloads.voiceState(this.#world, guild, botId, state), guild.id);
    this.#link.botVoiceChanged(guild.id, req.channelId, token, req.session.id);
    this.sendServerUpdate(guild.id);
  }

  /** Someone (a moderator) drags the bot to another voice channel: new voice state, then a new server update. */
  moveBot(guildId: string, channelId: string): void {
    const guild = this.#guild(guildId);
    const current = guild.voiceStates.get(this.#world.bot.id);
    if (!current) throw new Error(`local Discord: the bot is not in voice in guild ${guildId}`);
    this.#voiceChannel(guild, channelId);
    const state = { ...current, channelId };
    guild.voiceStates.set(state.userId, state);
    const token = randomBytes(8).toString('hex');
    this.tokens.set(guild.id, token);
    this.#gateway.dispatch('VOICE_STATE_UPDATE', payloads.voiceState(this.#world, guild, state.userId, state), guild.id);
    this.#link.botVoiceChanged(guild.id, channelId, token, state.sessionId);
    this.sendServerUpdate(guild.id);
  }

  /** VOICE_SERVER_UPDATE with the current endpoint and token (also used to move the bot to a new endpoint). */
  sendServerUpdate(guildId: string): void {
    const token = this.tokens.get(guildId);
    if (!token) throw new Error(`local Discord: the bot is not in voice in guild ${guildId}`);
    this.#gateway.dispatch('VOICE_SERVER_UPDATE', { token, guild_id: guildId, endpoint: this.#link.endpointFor(guildId) }, guildId);
  }

  /** Discord disconnects the bot from voice (kicked, channel deleted): its voice state goes null. */
  botKicked(guildId: string): void {
    const guild = this.#guild(guildId);
    const botId = this.#world.bot.id;
    const state = guild.voiceStates.get(botId);
    if (!state) return;
    guild.voiceStates.delete(botId);
    this.tokens.delete(guild.id);
    this.#gateway.dispatch('VOICE_STATE_UPDATE', payloads.voiceState(this.#world, guild, botId, null, state.sessionId), guild.id);
    this.#link.botVoiceChanged(guild.id, null, null, state.sessionId);
  }

  /**
   * A new gateway session identified (e.g. the bot process restarted): the bot's voice state
   * from an older session is gone, as Discord drops voice when its gateway session dies.
   * Called before GUILD_CREATE is sent, so nothing is dispatched.
   */
  dropStaleBotState(guildId: string, sessionId: string): void {
    const guild = this.#guild(guildId);
    const state = guild.voiceStates.get(this.#world.bot.id);
    if (!state || state.sessionId === sessionId) return;
    guild.voiceStates.delete(this.#world.bot.id);
    this.tokens.delete(guildId);
    this.#link.botVoiceChanged(guildId, null, null, state.sessionId);
  }

  /** A test user joins or moves to a voice channel (guild taken from the channel). */
  userJoin(userId: string, channelId: string): void {
    const guild = [...this.#world.guilds.values()].find((g) => g.channels.some((c) => c.id === channelId));
    if (!guild) throw new Error(`local Discord: unknown voice channel ${channelId}`);
    this.#voiceChannel(guild, channelId);
    if (!guild.members.some((m) => m.userId === userId)) throw new Error(`local Discord: user ${userId} is not in guild ${guild.id}`);
    const previous = findVoiceState(this.#world, userId);
    if (previous && previous.guild.id !== guild.id) this.userLeave(userId);
    const from = guild.voiceStates.get(userId)?.channelId ?? null;
    const state = { userId, channelId, sessionId: randomBytes(16).toString('hex'), selfMute: false, selfDeaf: false };
    guild.voiceStates.set(userId, state);
    this.#gateway.dispatch('VOICE_STATE_UPDATE', payloads.voiceState(this.#world, guild, userId, state), guild.id);
    this.#link.userVoiceChanged(guild.id, userId, from, channelId);
  }

  /** A test user disconnects from voice. */
  userLeave(userId: string): void {
    const found = findVoiceState(this.#world, userId);
    if (!found) return;
    found.guild.voiceStates.delete(userId);
    this.#gateway.dispatch('VOICE_STATE_UPDATE', payloads.voiceState(this.#world, found.guild, userId, null, found.state.sessionId), found.guild.id);
    this.#link.userVoiceChanged(found.guild.id, userId, found.state.channelId, null);
  }

  #guild(guildId: string): FakeGuild {
    const g = this.#world.guilds.get(guildId);
    if (!g) throw new Error(`local Discord: unknown guild ${guildId}`);
    return g;
  }

  #voiceChannel(guild: FakeGuild, channelId: string): void {
    const c = guild.channels.find((x) => x.id === channelId);
    if (!c || c.type !== 2) throw new Error(`local Discord: ${channelId} is not a voice channel of guild ${guild.id}`);
  }
}
