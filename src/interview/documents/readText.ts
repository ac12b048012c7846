import type { DocumentRole } from './DocumentLimits.ts';
import { documentErrors } from './documentErrors.ts';

/** More than this share (and count) of control or replacement characters means the bytes are not text. */
const maxSuspiciousShare = 0.01;
const maxSuspiciousCount = 4;

function decode(encoding: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** True when the text has more characters that no text file contains (controls other than tab and newlines, U+FFFD) than a stray one or two. */
function looksBinary(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- counting control characters is the point
  const suspicious = text.match(/[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F\uFFFD]/g)?.length ?? 0;
  return suspicious > maxSuspiciousCount && suspicious > text.length * maxSuspiciousShare;
}

/**
 * Decodes a plain-text upload: UTF-8 (BOM stripped), UTF-16 LE/BE with a BOM, and, when the
 * bytes are not valid UTF-8, Windows-1252 (what older Windows editors save). The text is
 * returned as decoded; normalisation is the caller's job.
 * @throws UserError `document_binary` when the bytes are not text (NUL bytes without a UTF-16
 *   BOM, invalid UTF-16, or more than 4 and more than 1% control characters).
 */
export function readText(bytes: Uint8Array, fileName: string, role: DocumentRole | null): string {
  let text: string | null;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    text = decode('utf-8', bytes.subarray(3)) ?? decode('windows-1252', bytes.subarray(3));
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    text = decode('utf-16le', bytes.subarray(2));
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    text = decode('utf-16be', bytes.subarray(2));
  } else if (bytes.includes(0)) {
    text = null; // NUL bytes: binary (or BOM-less UTF-16, which editors do not write by default)
  } else {
    text = decode('utf-8', bytes) ?? decode('windows-1252', bytes);
  }
  if (text === null || looksBinary(text)) throw documentErrors.binary(role, fileName);
  return text;
}
