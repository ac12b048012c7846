import type { InteractionRegistry } from './InteractionRegistry.ts';
import { messagePayload, type MessageLog, type MessageRecord } from './MessageLog.ts';
import { payloads, type Json } from './payloads.ts';
import type { World } from './World.ts';

/** What the REST route handlers share. */
export interface RestContext {
  world: World;
  messages: MessageLog;
  interactions: InteractionRegistry;
  /** Registered application commands: key 'global' or a guild id. */
  commands: Map<string, Json[]>;
  /** ws://127.0.0.1:PORT/gateway */
  gatewayUrl: () => string;
  /** Called after any state change tests may wait for. */
  notify: () => void;
}

/** The API payload of a recorded message, authored by the bot. */
export function toMessagePayload(ctx: RestContext, m: MessageRecord): Json {
  return messagePayload(m, payloads.user(ctx.world.bot), ctx.world.applicationId);
}

export const errors = {
  missingPermissions: { status: 403, body: { message: 'Missing Permissions', code: 50013 } },
  missingAccess: { status: 403, body: { message: 'Missing Access', code: 50001 } },
  unknownChannel: { status: 404, body: { message: 'Unknown Channel', code: 10003 } },
  unknownGuild: { status: 404, body: { message: 'Unknown Guild', code: 10004 } },
  unknownMember: { status: 404, body: { message: 'Unknown Member', code: 10007 } },
  unknownUser: { status: 404, body: { message: 'Unknown User', code: 10013 } },
  unknownVoiceState: { status: 404, body: { message: 'Unknown Voice State', code: 10065 } },
  emptyMessage: { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } },
};
