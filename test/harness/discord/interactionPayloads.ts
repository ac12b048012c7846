import { randomBytes } from 'node:crypto';
import { newSnowflake } from './fixtures.ts';
import type { AttachmentRecord, AttachmentRegistrar } from './MessageLog.ts';
import { MAX_UPLOAD_BYTES } from './messageLimits.ts';
import type { InteractionRecord } from './InteractionRegistry.ts';
import { payloads, type Json } from './payloads.ts';
import { toMessagePayload, type RestContext } from './RestContext.ts';
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

/** The INTERACTION_CREATE payload for a button click (component_type 2) or a select menu choice (3) on a message. */
export function componentPayload(world: World, input: { guildId: string; channelId: string; userId: string; customId: string; message: Json; values?: string[] }): { id: string; token: string; payload: Json } {
  const { id, token, base } = interactionBase(world, input.guildId, input.channelId, input.userId);
  const data: Json = input.values ? { custom_id: input.customId, component_type: 3, values: input.values } : { custom_id: input.customId, component_type: 2 };
  return { id, token, payload: { ...base, type: 3, message: input.message, data } };
}

/** The component with this custom id and type (2 button, 3 string select) in a message's rows. */
export function findComponent(components: Json[], customId: string, type: 2 | 3): Json | undefined {
  for (const c of components) {
    if (c.type === type && c.custom_id === customId) return c;
    const inner = Array.isArray(c.components) ? findComponent(c.components as Json[], customId, type) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

/**
 * The interaction record (not yet dispatched) of a member using a component of a message the bot
 * posted: a button, or a select menu when `values` are given.
 * @throws Error for what Discord's client would not allow (no such enabled component, values not
 *   offered, someone else's ephemeral message)
 */
export function componentUse(ctx: RestContext, input: { messageId: string; customId: string; userId: string }, values?: string[]): Omit<InteractionRecord, 'dispatchedAtMs' | 'callbacks' | 'respondedAfterMs' | 'originalMessageId' | 'followupMessageIds'> {
  const m = ctx.messages.get(input.messageId);
  if (!m || m.deleted) throw new Error(`local Discord: no message ${input.messageId}`);
  const kind = values ? 'select menu' : 'button';
  const component = findComponent(m.components, input.customId, values ? 3 : 2);
  if (!component) throw new Error(`local Discord: message ${m.id} has no ${kind} ${input.customId}`);
  if (component.disabled === true) throw new Error(`local Discord: ${kind} ${input.customId} is disabled`);
  const problem = values ? selectionProblem(component, values) : null;
  if (problem) throw new Error(`local Discord: ${problem}`);
  if (!m.guildId) throw new Error('local Discord: buttons in DMs are not supported');
  // Only the member an ephemeral message was for can see it, let alone use it.
  const owner = m.ephemeral && m.interactionId ? ctx.interactions.byId(m.interactionId)?.userId : undefined;
  if (owner !== undefined && owner !== input.userId) throw new Error(`local Discord: user ${input.userId} cannot see ephemeral message ${m.id}`);
  const { id, token, payload } = componentPayload(ctx.world, {
    guildId: m.guildId, channelId: m.channelId, userId: input.userId, customId: input.customId, message: toMessagePayload(ctx, m), ...(values ? { values } : {}),
  });
  return { id, token, type: 3, guildId: m.guildId, channelId: m.channelId, userId: input.userId, customId: input.customId, messageId: m.id, ...(values ? { values } : {}), payload };
}

/** Why Discord's client would not let a member choose `values` in this select menu, or null. */
export function selectionProblem(select: Json, values: string[]): string | null {
  const options = Array.isArray(select.options) ? (select.options as Json[]) : [];
  const min = typeof select.min_values === 'number' ? select.min_values : 1;
  const max = typeof select.max_values === 'number' ? select.max_values : 1;
  if (values.length < min || values.length > max) return `choose ${min} to ${max} values in ${String(select.custom_id)}, not ${values.length}`;
  if (new Set(values).size !== values.length) return 'the same value chosen twice';
  const unknown = values.find((v) => !options.some((o) => o.value === v));
  return unknown === undefined ? null : `select menu ${String(select.custom_id)} has no option ${unknown}`;
}

/**
 * The INTERACTION_CREATE payload (type 4) of a member typing `typed` into option `focused`:
 * the other options as given, the focused one as the partial string with `focused: true`.
 * @throws Error when the registered definition does not declare that option with autocomplete (Discord would not send it)
 */
export function autocompletePayload(world: World, commands: Map<string, Json[]>, input: SlashCommandInput & { focused: string; typed: string }): { id: string; token: string; payload: Json } {
  const declared = definedOptions(commands, input).find((d) => d.name === input.focused);
  if (declared?.autocomplete !== true) throw new Error(`local Discord: option ${input.focused} is not declared with autocomplete`);
  const { id, token, payload } = slashCommandPayload(world, commands, { ...input, options: { ...input.options, [input.focused]: { type: Number(declared.type), value: input.typed } }, attachments: {} }, () => {
    throw new Error('local Discord: autocomplete sends no attachments');
  });
  let options = ((payload.data as Json).options ?? []) as Json[];
  while (options[0] && (options[0].type === 1 || options[0].type === 2)) options = (options[0].options ?? []) as Json[];
  const leaf = options.find((o) => o.name === input.focused);
  if (leaf) leaf.focused = true;
  delete (payload.data as Json).resolved;
  return { id, token, payload: { ...payload, type: 4 } };
}
