/**
 * What the bytes of an upload are, whatever its name says:
 * - `pdf`: `%PDF-` in the first KiB (a PDF header may follow some junk);
 * - `docx`: a zip (`PK\x03\x04`) holding `word/document.xml`;
 * - `zip`: any other zip (an .odt, .xlsx, .pages, a plain archive);
 * - `encrypted-office`: a Compound File (`D0 CF 11 E0 A1 B1 1A E1`) with an `EncryptedPackage`
 *   stream: what Word saves for a password-protected .docx;
 * - `doc`: a Compound File with a `WordDocument` stream: the binary Word 97–2003 format;
 * - `office-other`: any other Compound File (.xls, .ppt, .msg);
 * - `unknown`: none of these (text, or a damaged file).
 */
export type SniffedFormat = 'pdf' | 'docx' | 'zip' | 'encrypted-office' | 'doc' | 'office-other' | 'unknown';

const zipMagic = [0x50, 0x4b, 0x03, 0x04];
const cfbMagic = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function contains(bytes: Uint8Array, needle: Buffer): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle);
}

/** Names inside the containers; zip names are stored as bytes, Compound File names in UTF-16LE. */
const wordDocumentEntry = Buffer.from('word/document.xml', 'latin1');
const encryptedPackageStream = Buffer.from('EncryptedPackage', 'utf16le');
const wordDocumentStream = Buffer.from('WordDocument', 'utf16le');

/**
 * Recognises the format by content. Cheap: a few byte searches, no parsing; the reader that
 * follows is what finds out whether the file is whole.
 */
export function sniffDocument(bytes: Uint8Array): SniffedFormat {
  if (startsWith(bytes, zipMagic)) return contains(bytes, wordDocumentEntry) ? 'docx' : 'zip';
  if (startsWith(bytes, cfbMagic)) {
    if (contains(bytes, encryptedPackageStream)) return 'encrypted-office';
    return contains(bytes, wordDocumentStream) ? 'doc' : 'office-other';
  }
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  return head.includes('%PDF-') ? 'pdf' : 'unknown';
}
