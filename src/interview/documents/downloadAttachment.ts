import { UserError } from '../../UserError.ts';
import type { DocumentLimits, DocumentRole } from './DocumentLimits.ts';
import { detectDocumentKind } from './detectDocumentKind.ts';
import { documentErrors } from './documentErrors.ts';

/** What Discord tells us about an attachment (discord.js `Attachment` has these fields). */
export interface AttachmentInfo {
  url: string;
  /** Declared size in bytes. */
  size: number;
  name: string;
  contentType: string | null;
}

/** Options for {@link downloadAttachment}. */
export interface DownloadAttachmentOptions {
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** Cancels the download; the rejection is then the signal's reason, not a UserError. */
  signal?: AbortSignal;
  /** Bound on the whole download, headers and body; default 30 000 ms. */
  timeoutMs?: number;
  /** Which document this is, for the error messages; default: "the file". */
  role?: DocumentRole;
}

const defaultTimeoutMs = 30_000;

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * Downloads an attachment after checking, without any request, that its name/content type is a
 * PDF, a Word document or text (the content decides later which it really is) and that its declared size is within `maxBytes`. The cap is enforced again on the
 * Content-Length header and while streaming, so a server that sends more than it declared is cut
 * off at `maxBytes` instead of being buffered.
 * @throws UserError `document_wrong_type`, `document_empty`, `document_too_large`,
 *   `document_download_failed` (HTTP error or network failure) or `document_download_timeout`.
 */
export async function downloadAttachment(
  attachment: AttachmentInfo,
  limits: Pick<DocumentLimits, 'maxBytes'>,
  options: DownloadAttachmentOptions = {},
): Promise<Uint8Array> {
  const role = options.role ?? null;
  const { name } = attachment;
  detectDocumentKind(name, attachment.contentType, role);
  if (attachment.size > limits.maxBytes) throw documentErrors.tooLarge(role, name, limits.maxBytes);
  if (attachment.size === 0) throw documentErrors.empty(role, name);

  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const doFetch = options.fetch ?? fetch;

  const failure = (reason: string, cause: unknown): unknown => {
    if (options.signal?.aborted) return options.signal.reason;
    if (timeout.aborted) return documentErrors.downloadTimeout(role, name, timeoutMs);
    return documentErrors.downloadFailed(role, name, reason, cause);
  };

  let response: Response;
  try {
    response = await doFetch(attachment.url, { signal, redirect: 'follow' });
  } catch (error) {
    throw failure('network error', error);
  }
  const body = response.body;
  if (!response.ok || !body) {
    await body?.cancel().catch(() => undefined);
    throw documentErrors.downloadFailed(role, name, response.ok ? 'empty response' : `HTTP ${response.status}`);
  }
  const declaredLength = Number(response.headers.get('content-length') ?? NaN);
  if (declaredLength > limits.maxBytes) {
    await body.cancel().catch(() => undefined);
    throw documentErrors.tooLarge(role, name, limits.maxBytes);
  }

  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.length;
      if (received > limits.maxBytes) throw documentErrors.tooLarge(role, name, limits.maxBytes);
      chunks.push(value);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    if (error instanceof UserError) throw error;
    throw failure('connection lost', error);
  } finally {
    reader.releaseLock();
  }
  if (received === 0) throw documentErrors.empty(role, name);
  return concat(chunks, received);
}
