import { randomBytes } from 'node:crypto';
import { newSnowflake } from './fixtures.ts';
import type { AttachmentRecord, AttachmentRegistrar } from './MessageLog.ts';
import { MAX_UPLOAD_BYTES } from './messageLimits.ts';
import { payloads, type Json } from './payloads.ts';
import { computePermissions } from './permissions.ts';
import type { FakeGuild, World } from './World.ts';

/** A file a test attaches to a slash command option. */
export interface TestFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/**
 * An option value. Plain values get their type from the registered command definition when
 * there is one (else: string → STRING, integer → INTEGER, other number → NUMBER, boolean →
 * BOOLEAN); `{ user }`, `{ channel }`, `{ role }` are mentionables; `{ type, value }` is explicit.
 */
export type OptionValue = string | number | boolean | { user: string } | { channel: string } | { role: string } | { type: number; value: string | number | boolean };

export interface SlashCommandInput {
  guildId: string;
  channelId: string;
  userId: string;
  command: string;
  subcommand?: string;
  subcommandGroup?: string;
  options?: Record<string, OptionValue>;
  /** Attachment options by option name: served by the stand-in at the URL the bot receives. */
  attachments?: Record<string, TestFile>;
}

function memberWithPermissions(world: World, guild: FakeGuild, userId: string, channelId: string): Json {
  const m = guild.members.find((x) => x.userId === userId);
  if (!m) throw new Error(`local Discord: user ${userId} is not a member of guild ${guild.id}`);
  const channel = guild.channels.find((c) => c.id === channelId);
  return { ...payloads.member(world, m), permissions: computePermissions(guild, m, channel).toString() };
}

/** The fields common to every guild interaction. */
export function interactionBase(world: World, guildId: string, channelId: string, userId: string): { id: string; token: string; guild: FakeGuild; base: Json } {
  const guild = world.guilds.get(guildId);
  if (!guild) throw new Error(`local Discord: unknown guild ${guildId}`);
  const channel = guild.channels.find((c) => c.id === channelId);
  if (!channel) throw new Error(`local Discord: channel ${channelId} is not in guild ${guildId}`);
  const me = guild.members.find((x) => x.userId === world.bot.id)!;
  const id = newSnowflake();
  const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(24).toString('base64url')}`;
  const base: Json = {
    id, application_id: world.applicationId, token, version: 1, guild_id: guildId, channel_id: channelId,
    channel: payloads.channel(channel, world), guild: { id: guildId, locale: 'en-US', features: [] },
    member: memberWithPermissions(world, guild, userId, channelId),
    app_permissions: computePermissions(guild, me, channel).toString(), locale: 'en-US', guild_locale: 'en-US',
    entitlements: [], authorizing_integration_owners: { 0: guildId }, context: 0, attachment_size_limit: MAX_UPLOAD_BYTES,
  };
  return { id, token, guild, base };
}

function definedOptions(commands: Map<string, Json[]>, input: SlashCommandInput): Json[] {
  const def = [...(commands.get(input.guildId) ?? []), ...(commands.get('global') ?? [])].find((c) => c.name === input.command);
  let opts = (def?.options ?? []) as Json[];
  for (const name of [input.subcommandGroup, input.subcommand]) {
    if (name) opts = ((opts.find((o) => o.name === name)?.options) ?? []) as Json[];
  }
  return opts;
}

/** The INTERACTION_CREATE payload for a slash command, registering attachment files. */
export function slashCommandPayload(world: World, commands: Map<string, Json[]>, input: SlashCommandInput, register: AttachmentRegistrar): { id: string; token: string; payload: Json; files: AttachmentRecord[] } {
  const { id, token, guild, base } = interactionBase(world, input.guildId, input.channelId, input.userId);
  const defs = definedOptions(commands, input);
  const resolved: Record<string, Record<string, Json>> = {};
  const put = (kind: string, key: string, value: Json): void => { (resolved[kind] ??= {})[key] = value; };
  const leaf: Json[] = [];
  for (const [name, value] of Object.entries(input.options ?? {})) {
    const declared = defs.find((d) => d.name === name)?.type as number | undefined;
    if (typeof value === 'object' && 'user' in value) {
      const u = world.users.get(value.user);
      if (!u) throw new Error(`local Discord: unknown user ${value.user}`);
      put('users', u.id, payloads.user(u));
      const m = guild.members.find((x) => x.userId === u.id);
      if (m) { const mp = memberWithPermissions(world, guild, u.id, input.channelId); delete mp.user; put('members', u.id, mp); }
      leaf.push({ name, type: 6, value: u.id });
    } else if (typeof value === 'object' && 'channel' in value) {
      const c = guild.channels.find((x) => x.id === value.channel);
      if (!c) throw new Error(`local Discord: unknown channel ${value.channel}`);
      put('channels', c.id, { id: c.id, name: c.name, type: c.type, permissions: '0' });
      leaf.push({ name, type: 7, value: c.id });
    } else if (typeof value === 'object' && 'role' in value) {
      const r = guild.roles.find((x) => x.id === value.role);
      if (!r) throw new Error(`local Discord: unknown role ${value.role}`);
      put('roles', r.id, payloads.role(r));
      leaf.push({ name, type: 8, value: r.id });
    } else if (typeof value === 'object') {
      leaf.push({ name, type: value.type, value: value.value });
    } else {
      const inferred = typeof value === 'string' ? 3 : typeof value === 'boolean' ? 5 : Number.isInteger(value) ? 4 : 10;
      leaf.push({ name, type: declared ?? inferred, value });
    }
  }
  const files: AttachmentRecord[] = [];
  for (const [name, file] of Object.entries(input.attachments ?? {})) {
    const a = register(file);
    files.push(a);
    put('attachments', a.id, { id: a.id, filename: a.filename, size: a.bytes.length, url: a.url, proxy_url: a.url, content_type: a.contentType, ephemeral: true });
    leaf.push({ name, type: 11, value: a.id });
  }
  let options = leaf;
  if (input.subcommand) options = [{ name: input.subcommand, type: 1, options }];
  if (input.subcommandGroup) options = [{ name: input.subcommandGroup, type: 2, options }];
  const def = [...(commands.get(input.guildId) ?? []), ...(commands.get('global') ?? [])].find((c) => c.name === input.command);
  const data: Json = { id: typeof def?.id === 'string' ? def.id : newSnowflake(), name: input.command, type: 1, options, ...(Object.keys(resolved).length ? { resolved } : {}) };
  if (commands.has(input.guildId) && def && def.guild_id === input.guildId) data.guild_id = input.guildId;
  return { id, token, files, payload: { ...base, type: 2, data } };
}

/** The INTERACTION_CREATE payload for a button click on a message. */
export function buttonPayload(world: World, input: { guildId: string; channelId: string; userId: string; customId: string; message: Json }): { id: string; token: string; payload: Json } {
  const { id, token, base } = interactionBase(world, input.guildId, input.channelId, input.userId);
  return { id, token, payload: { ...base, type: 3, message: input.message, data: { custom_id: input.customId, component_type: 2 } } };
}
