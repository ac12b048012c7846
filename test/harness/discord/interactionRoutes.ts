import { interactionErrors, type InteractionRecord } from './InteractionRegistry.ts';
import type { MessageRecord } from './MessageLog.ts';
import { checkAutocompleteChoices, checkMessageLimits } from './messageLimits.ts';
import { checkModal } from './modals.ts';
import type { Json } from './payloads.ts';
import { toMessagePayload, type RestContext } from './RestContext.ts';
import type { RestRequest, RestResponse, Route } from './RestServer.ts';

/** Routes for interaction callbacks and their webhook (original response and follow-ups). */
export function interactionRoutes(ctx: RestContext): Route[] {
  const ok = (m: MessageRecord): RestResponse => ({ status: 200, body: toMessagePayload(ctx, m) });

  function callback(req: RestRequest): RestResponse {
    const record = ctx.interactions.byId(req.params.id!);
    const refusal = ctx.interactions.refuseCallback(record, req.params.token!);
    if (refusal || !record) return refusal ?? interactionErrors.unknown;
    const type = Number(req.body?.type);
    const data = (req.body?.data ?? null) as Json | null;
    // Autocomplete takes only a choices result (8); commands take a message (4, 5) or a modal
    // (9); components also an update of their message (6, 7); a modal submit a message, or an
    // update when the modal came from a component; never another modal.
    const allowed = record.type === 4 ? [8] : record.type === 3 ? [4, 5, 6, 7, 9] : record.type === 5 ? (record.messageId ? [4, 5, 6, 7] : [4, 5]) : [4, 5, 9];
    if (!allowed.includes(type)) return { status: 400, body: { message: `Invalid interaction response type ${type} for this interaction`, code: 50035 } };
    const invalid = type === 4 || type === 7 ? checkMessageLimits(data, req.files) : type === 8 ? checkAutocompleteChoices(data) : type === 9 ? checkModal(data) : null;
    if (invalid) return invalid;
    let message: MessageRecord | undefined;
    if (type === 4 || type === 5) {
      const body: Json = { ...(data ?? {}) };
      if (type === 5) body.flags = (Number(data?.flags ?? 0) & 64) | 128;
      message = ctx.messages.create(
        { channelId: record.channelId, guildId: record.guildId, authorId: ctx.world.bot.id, kind: 'original', interactionId: record.id },
        body, req.files,
      );
      record.originalMessageId = message.id;
    } else if ((type === 6 || type === 7) && record.messageId) {
      record.originalMessageId = record.messageId;
      message = ctx.messages.get(record.messageId);
      if (type === 7 && message) ctx.messages.edit(message, data ?? {}, req.files);
    }
    const now = Date.now();
    record.callbacks.push({ type, data, atMs: now });
    record.respondedAfterMs ??= now - record.dispatchedAtMs;
    ctx.notify();
    if (req.query.get('with_response') !== 'true') return { status: 204 };
    return {
      status: 200,
      body: {
        interaction: {
          id: record.id, type: record.type, activity_instance_id: null, response_message_id: message?.id ?? null,
          response_message_loading: message?.loading ?? false, response_message_ephemeral: message?.ephemeral ?? false,
        },
        resource: { type, ...(message ? { message: toMessagePayload(ctx, message) } : {}) },
      },
    };
  }

  function findTarget(req: RestRequest): { record: InteractionRecord; message?: MessageRecord } | RestResponse {
    const record = ctx.interactions.byToken(req.params.token!);
    if (!record || req.params.appId !== ctx.world.applicationId || record.callbacks.length === 0) return interactionErrors.unknownWebhook;
    const id = req.params.messageId === '@original' ? record.originalMessageId : req.params.messageId;
    const message = id ? ctx.messages.get(id) : undefined;
    if (!message || message.deleted) return interactionErrors.unknownMessage;
    if (message.interactionId !== record.id && message.id !== record.messageId) return interactionErrors.unknownMessage;
    return { record, message };
  }

  const base = '/webhooks/:appId/:token';
  return [
    { method: 'POST', pattern: '/interactions/:id/:token/callback', auth: false, handler: callback },
    {
      method: 'POST', pattern: base, auth: false,
      handler: (req) => {
        const record = ctx.interactions.byToken(req.params.token!);
        if (!record || record.callbacks.length === 0) return interactionErrors.unknownWebhook;
        const invalid = checkMessageLimits(req.body, req.files);
        if (invalid) return invalid;
        const m = ctx.messages.create(
          { channelId: record.channelId, guildId: record.guildId, authorId: ctx.world.bot.id, kind: 'followup', interactionId: record.id },
          req.body ?? {}, req.files,
        );
        record.followupMessageIds.push(m.id);
        return ok(m);
      },
    },
    {
      method: 'GET', pattern: `${base}/messages/:messageId`, auth: false,
      handler: (req) => { const t = findTarget(req); return 'status' in t ? t : ok(t.message!); },
    },
    {
      method: 'PATCH', pattern: `${base}/messages/:messageId`, auth: false,
      handler: (req) => {
        const t = findTarget(req);
        return 'status' in t ? t : (checkMessageLimits(req.body, req.files) ?? ok(ctx.messages.edit(t.message!, req.body ?? {}, req.files)));
      },
    },
    {
      method: 'DELETE', pattern: `${base}/messages/:messageId`, auth: false,
      handler: (req) => {
        const t = findTarget(req);
        if ('status' in t) return t;
        ctx.messages.delete(t.message!);
        return { status: 204 };
      },
    },
  ];
}
