import { newSnowflake } from './fixtures.ts';
import type { Json } from './payloads.ts';

/** A file attached to a message (uploaded by the bot, or given by a test). */
export interface AttachmentRecord {
  id: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
  /** Served by the stand-in itself. */
  url: string;
  description?: string;
}

/** A file as uploaded in a multipart request (`files[n]`). */
export interface UploadedFile {
  /** The n of `files[n]`. */
  index: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export type MessageKind = 'channel' | 'original' | 'followup';

/** One message the bot posted, in its current state (edits applied). */
export interface MessageRecord {
  id: string;
  channelId: string;
  guildId: string | null;
  authorId: string;
  kind: MessageKind;
  /** The interaction it answers (original response or follow-up). */
  interactionId?: string;
  content: string;
  embeds: Json[];
  components: Json[];
  attachments: AttachmentRecord[];
  flags: number;
  /** Flag 64: only the invoking user sees it. */
  ephemeral: boolean;
  /** Flag 128: a deferred response not yet edited ("Bot is thinking..."). */
  loading: boolean;
  createdAtMs: number;
  editedAtMs: number | null;
  editCount: number;
  deleted: boolean;
  /** Earlier versions, oldest first. */
  history: { content: string; embeds: Json[]; components: Json[]; atMs: number }[];
}

/** Registers an uploaded file so it can be served; returns its public record. */
export type AttachmentRegistrar = (file: { filename: string; contentType: string; bytes: Buffer; description?: string }) => AttachmentRecord;

/** Every message the bot created, with their edits. */
export class MessageLog {
  readonly messages: MessageRecord[] = [];
  readonly #registerAttachment: AttachmentRegistrar;
  readonly #onChange: () => void;

  constructor(registerAttachment: AttachmentRegistrar, onChange: () => void) {
    this.#registerAttachment = registerAttachment;
    this.#onChange = onChange;
  }

  get(id: string): MessageRecord | undefined {
    return this.messages.find((m) => m.id === id);
  }

  create(init: { channelId: string; guildId: string | null; authorId: string; kind: MessageKind; interactionId?: string }, body: Json, files: UploadedFile[]): MessageRecord {
    const record: MessageRecord = {
      id: newSnowflake(), ...init, content: '', embeds: [], components: [], attachments: [], flags: 0, ephemeral: false,
      loading: false, createdAtMs: Date.now(), editedAtMs: null, editCount: 0, deleted: false, history: [],
    };
    this.#apply(record, body, files);
    this.messages.push(record);
    this.#onChange();
    return record;
  }

  edit(record: MessageRecord, body: Json, files: UploadedFile[]): MessageRecord {
    record.history.push({ content: record.content, embeds: record.embeds, components: record.components, atMs: record.editedAtMs ?? record.createdAtMs });
    this.#apply(record, body, files);
    record.loading = false;
    record.flags &= ~128;
    record.editedAtMs = Date.now();
    record.editCount++;
    this.#onChange();
    return record;
  }

  delete(record: MessageRecord): void {
    record.deleted = true;
    this.#onChange();
  }

  #apply(record: MessageRecord, body: Json, files: UploadedFile[]): void {
    if (typeof body.content === 'string') record.content = body.content;
    if (Array.isArray(body.embeds)) record.embeds = body.embeds as Json[];
    if (Array.isArray(body.components)) record.components = body.components as Json[];
    if (typeof body.flags === 'number') {
      record.flags = body.flags;
      record.ephemeral = (body.flags & 64) !== 0;
      record.loading = (body.flags & 128) !== 0;
    }
    const listed = Array.isArray(body.attachments) ? (body.attachments as Json[]) : undefined;
    const kept = listed ? record.attachments.filter((a) => listed.some((l) => String(l.id) === a.id)) : record.attachments;
    const added = files.map((f) => {
      const meta = listed?.find((l) => String(l.id) === f.index);
      return this.#registerAttachment({
        filename: typeof meta?.filename === 'string' ? meta.filename : f.filename,
        contentType: f.contentType,
        bytes: f.bytes,
        ...(typeof meta?.description === 'string' ? { description: meta.description } : {}),
      });
    });
    record.attachments = [...kept, ...added];
  }
}

/** The API message object discord.js reads. */
export function messagePayload(m: MessageRecord, author: Json, applicationId: string): Json {
  return {
    id: m.id, channel_id: m.channelId, ...(m.guildId ? { guild_id: m.guildId } : {}), author, content: m.content,
    timestamp: new Date(m.createdAtMs).toISOString(),
    edited_timestamp: m.editedAtMs ? new Date(m.editedAtMs).toISOString() : null, tts: false,
    mention_everyone: false, mentions: [], mention_roles: [], mention_channels: [], pinned: false,
    type: m.kind === 'channel' ? 0 : 20, flags: m.flags, embeds: m.embeds, components: m.components, reactions: [],
    attachments: m.attachments.map((a) => ({
      id: a.id, filename: a.filename, size: a.bytes.length, url: a.url, proxy_url: a.url, content_type: a.contentType,
      ...(a.description ? { description: a.description } : {}),
    })),
    ...(m.kind === 'channel' ? {} : { webhook_id: applicationId, application_id: applicationId }),
  };
}

/** The buttons (type 2 with a custom id) among message components, nested rows included. */
export function buttonsIn(components: Json[]): Json[] {
  const out: Json[] = [];
  for (const c of components) {
    if (c.type === 2 && typeof c.custom_id === 'string') out.push(c);
    if (Array.isArray(c.components)) out.push(...buttonsIn(c.components as Json[]));
  }
  return out;
}
