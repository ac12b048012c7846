import type { Json } from './payloads.ts';

/** One interaction the stand-in dispatched, and what the bot answered. */
export interface InteractionRecord {
  id: string;
  token: string;
  /** 2 = slash command, 3 = message component (button or select menu), 4 = autocomplete, 5 = modal submit. */
  type: 2 | 3 | 4 | 5;
  guildId: string | null;
  channelId: string;
  userId: string;
  commandName?: string;
  subcommand?: string;
  customId?: string;
  /** For select menus: the values chosen. */
  values?: string[];
  /** For components: the message holding the clicked button (for a modal submit: the component's message the modal came from). */
  messageId?: string;
  dispatchedAtMs: number;
  /** Interaction callbacks (POST .../callback) in order: type 4, 5, 6, 7, 9... */
  callbacks: { type: number; data: Json | null; atMs: number }[];
  /** Time from dispatch to the first callback, if any. */
  respondedAfterMs: number | null;
  /** The original response message (type 4/5), or the component's message (type 6/7). */
  originalMessageId: string | null;
  followupMessageIds: string[];
  /** The full INTERACTION_CREATE payload sent to the bot. */
  payload: Json;
}

/** Error answers Discord gives for interaction misuse. */
export const interactionErrors = {
  unknown: { status: 404, body: { message: 'Unknown interaction', code: 10062 } },
  alreadyAcknowledged: { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } },
  unknownWebhook: { status: 404, body: { message: 'Unknown Webhook', code: 10015 } },
  unknownMessage: { status: 404, body: { message: 'Unknown Message', code: 10008 } },
};

/** Dispatched interactions by id and token; enforces Discord's 3-second acknowledgement window. */
export class InteractionRegistry {
  readonly all: InteractionRecord[] = [];
  readonly #ackTimeoutMs: number;

  constructor(ackTimeoutMs: number) {
    this.#ackTimeoutMs = ackTimeoutMs;
  }

  add(record: InteractionRecord): void {
    this.all.push(record);
  }

  byId(id: string): InteractionRecord | undefined {
    return this.all.find((i) => i.id === id);
  }

  byToken(token: string): InteractionRecord | undefined {
    return this.all.find((i) => i.token === token);
  }

  /** Why a callback for this interaction must be refused now, if it must. */
  refuseCallback(record: InteractionRecord | undefined, token: string): (typeof interactionErrors)[keyof typeof interactionErrors] | null {
    if (!record || record.token !== token) return interactionErrors.unknown;
    if (record.callbacks.length > 0) return interactionErrors.alreadyAcknowledged;
    if (Date.now() - record.dispatchedAtMs > this.#ackTimeoutMs) return interactionErrors.unknown;
    return null;
  }
}
