import { PermissionFlagsBits as P } from 'discord.js';
import { newSnowflake } from './fixtures.ts';
import { interactionRoutes } from './interactionRoutes.ts';
import { interactionErrors } from './InteractionRegistry.ts';
import { checkMessageLimits } from './messageLimits.ts';
import { dmRefusal } from './directMessages.ts';
import { payloads, type Json } from './payloads.ts';
import { computePermissions } from './permissions.ts';
import { errors, toMessagePayload, type RestContext } from './RestContext.ts';
import type { RestRequest, RestResponse, Route } from './RestServer.ts';
import { findChannel, type FakeChannel } from './World.ts';

const json = (body: unknown): RestResponse => ({ status: 200, body });

/** Every REST route the local Discord answers. */
export function restRoutes(ctx: RestContext): Route[] {
  const { world } = ctx;

  function botCan(channel: FakeChannel, needed: bigint): boolean {
    if (!channel.guildId) return true;
    const guild = world.guilds.get(channel.guildId)!;
    const me = guild.members.find((m) => m.userId === world.bot.id);
    return me !== undefined && (computePermissions(guild, me, channel) & needed) === needed;
  }

  function channelOr404(req: RestRequest): FakeChannel | RestResponse {
    return findChannel(world, req.params.channelId!) ?? errors.unknownChannel;
  }

  function messageIn(req: RestRequest): RestResponse | { ch: FakeChannel; id: string } {
    const ch = channelOr404(req);
    if ('status' in ch) return ch;
    const m = ctx.messages.get(req.params.messageId!);
    if (!m || m.deleted || m.channelId !== ch.id) return interactionErrors.unknownMessage;
    return { ch, id: m.id };
  }

  function commandRoutes(scope: string, prefix: string): Route[] {
    const withIds = (guildId: string | null) => (c: Json): Json => ({
      id: typeof c.id === 'string' ? c.id : newSnowflake(), application_id: world.applicationId, version: newSnowflake(),
      type: 1, default_member_permissions: null, ...(guildId ? { guild_id: guildId } : {}), ...c,
    });
    const key = (req: RestRequest): string => (scope === 'guild' ? req.params.guildId! : 'global');
    return [
      {
        method: 'PUT', pattern: prefix, auth: true,
        handler: (req) => {
          const list = ((req.body as unknown as Json[] | null) ?? []).map(withIds(scope === 'guild' ? req.params.guildId! : null));
          ctx.commands.set(key(req), list);
          ctx.notify();
          return json(list);
        },
      },
      { method: 'GET', pattern: prefix, auth: true, handler: (req) => json(ctx.commands.get(key(req)) ?? []) },
      {
        method: 'POST', pattern: prefix, auth: true,
        handler: (req) => {
          const cmd = withIds(scope === 'guild' ? req.params.guildId! : null)(req.body ?? {});
          ctx.commands.set(key(req), [...(ctx.commands.get(key(req)) ?? []).filter((c) => c.name !== cmd.name), cmd]);
          ctx.notify();
          return { status: 201, body: cmd };
        },
      },
    ];
  }

  function guildRoute(pattern: string, pick: (req: RestRequest, g: NonNullable<ReturnType<typeof world.guilds.get>>) => RestResponse): Route {
    return {
      method: 'GET', pattern, auth: true,
      handler: (req) => {
        const g = world.guilds.get(req.params.guildId!);
        return g ? pick(req, g) : errors.unknownGuild;
      },
    };
  }

  return [
    ...interactionRoutes(ctx),
    { method: 'GET', pattern: '/gateway', auth: false, handler: () => json({ url: ctx.gatewayUrl() }) },
    {
      method: 'GET', pattern: '/gateway/bot', auth: true,
      handler: () => json({
        url: ctx.gatewayUrl(), shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      }),
    },
    { method: 'GET', pattern: '/users/@me', auth: true, handler: () => json(payloads.user(world.bot)) },
    {
      method: 'GET', pattern: '/users/:userId', auth: true,
      handler: (req) => { const u = world.users.get(req.params.userId!); return u ? json(payloads.user(u)) : errors.unknownUser; },
    },
    {
      method: 'POST', pattern: '/users/@me/channels', auth: true,
      handler: (req) => {
        const recipientId = String(req.body?.recipient_id ?? '');
        if (!world.users.has(recipientId)) return errors.unknownUser;
        let dm = [...world.dmChannels.values()].find((c) => c.recipientId === recipientId);
        if (!dm) {
          dm = { id: newSnowflake(), guildId: null, type: 1, name: '', position: 0, permissionOverwrites: [], recipientId };
          world.dmChannels.set(dm.id, dm);
        }
        return json(payloads.channel(dm, world));
      },
    },
    {
      method: 'GET', pattern: '/applications/@me', auth: true,
      handler: () => json({ id: world.applicationId, name: world.bot.username, description: '', icon: null, bot_public: true, bot_require_code_grant: false, flags: 0, owner: payloads.user(world.bot), team: null, verify_key: 'local' }),
    },
    ...commandRoutes('global', '/applications/:appId/commands'),
    ...commandRoutes('guild', '/applications/:appId/guilds/:guildId/commands'),
    {
      method: 'GET', pattern: '/channels/:channelId', auth: true,
      handler: (req) => { const ch = channelOr404(req); return 'status' in ch ? ch : json(payloads.channel(ch, world)); },
    },
    {
      method: 'POST', pattern: '/channels/:channelId/typing', auth: true,
      handler: (req) => { const ch = channelOr404(req); return 'status' in ch ? ch : { status: 204 }; },
    },
    {
      method: 'GET', pattern: '/channels/:channelId/messages', auth: true,
      handler: (req) => {
        const ch = channelOr404(req);
        if ('status' in ch) return ch;
        return json(ctx.messages.messages.filter((m) => m.channelId === ch.id && !m.deleted && !m.ephemeral).reverse().map((m) => toMessagePayload(ctx, m)));
      },
    },
    {
      method: 'POST', pattern: '/channels/:channelId/messages', auth: true,
      handler: (req) => {
        const ch = channelOr404(req);
        if ('status' in ch) return ch;
        const needed = P.ViewChannel | P.SendMessages | (req.files.length > 0 ? P.AttachFiles : 0n);
        if (!botCan(ch, needed)) return errors.missingPermissions;
        const refused = dmRefusal(world, ch);
        if (refused) return refused;
        const body = req.body ?? {};
        const empty = !body.content && !(Array.isArray(body.embeds) && body.embeds.length) && !(Array.isArray(body.components) && body.components.length) && req.files.length === 0;
        if (empty) return errors.emptyMessage;
        const invalid = checkMessageLimits(body, req.files);
        if (invalid) return invalid;
        const m = ctx.messages.create({ channelId: ch.id, guildId: ch.guildId, authorId: world.bot.id, kind: 'channel' }, body, req.files);
        return json(toMessagePayload(ctx, m));
      },
    },
    {
      method: 'GET', pattern: '/channels/:channelId/messages/:messageId', auth: true,
      handler: (req) => { const t = messageIn(req); return 'status' in t ? t : json(toMessagePayload(ctx, ctx.messages.get(t.id)!)); },
    },
    {
      method: 'PATCH', pattern: '/channels/:channelId/messages/:messageId', auth: true,
      handler: (req) => {
        const t = messageIn(req);
        if ('status' in t) return t;
        const invalid = checkMessageLimits(req.body, req.files);
        if (invalid) return invalid;
        return json(toMessagePayload(ctx, ctx.messages.edit(ctx.messages.get(t.id)!, req.body ?? {}, req.files)));
      },
    },
    {
      method: 'DELETE', pattern: '/channels/:channelId/messages/:messageId', auth: true,
      handler: (req) => {
        const t = messageIn(req);
        if ('status' in t) return t;
        // Like Discord: the channel must be visible; someone else's message needs Manage Messages.
        if (!botCan(t.ch, P.ViewChannel)) return errors.missingAccess;
        const m = ctx.messages.get(t.id)!;
        if (m.authorId !== world.bot.id && !botCan(t.ch, P.ManageMessages)) return errors.missingPermissions;
        ctx.messages.delete(m);
        return { status: 204 };
      },
    },
    guildRoute('/guilds/:guildId', (_req, g) => json({ ...payloads.guild(world, g), approximate_member_count: g.members.length })),
    guildRoute('/guilds/:guildId/channels', (_req, g) => json(g.channels.map((c) => payloads.channel(c, world)))),
    guildRoute('/guilds/:guildId/roles', (_req, g) => json(g.roles.map((r) => payloads.role(r)))),
    guildRoute('/guilds/:guildId/members', (_req, g) => json(g.members.map((m) => payloads.member(world, m)))),
    guildRoute('/guilds/:guildId/members/:userId', (req, g) => {
      const m = g.members.find((x) => x.userId === req.params.userId);
      return m ? json(payloads.member(world, m)) : errors.unknownMember;
    }),
    guildRoute('/guilds/:guildId/voice-states/:userId', (req, g) => {
      const userId = req.params.userId === '@me' ? world.bot.id : req.params.userId!;
      const s = g.voiceStates.get(userId);
      return s ? json(payloads.voiceState(world, g, userId, s)) : errors.unknownVoiceState;
    }),
  ];
}
