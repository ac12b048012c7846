import mammoth from 'mammoth';

/** Word documents whose XML parts unpack to more than this are refused before unpacking. */
export const maxDocxXmlBytes = 64 * 1024 * 1024;

/** Thrown (by name, across the worker boundary) when a .docx would unpack to too much XML. */
export class DocxTooLarge extends Error {
  override name = 'DocxTooLarge';
}

/**
 * Sum of the sizes the zip's central directory declares for its XML parts (`.xml`, `.rels`),
 * which is what mammoth unpacks; images are not read for the text. Returns null when there is
 * no readable central directory (mammoth then reports the zip as corrupt). jszip checks each
 * part's real size against its declaration as it unpacks.
 */
export function declaredXmlBytes(data: Uint8Array): number | null {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  // End of central directory: 22 bytes plus a comment of up to 65 535 bytes, at the very end.
  let eocd = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const entries = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (offset + 46 > data.length || view.getUint32(offset, true) !== 0x02014b50) return null;
    const size = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const name = Buffer.from(data.buffer, data.byteOffset + offset + 46, Math.min(nameLength, data.length - offset - 46)).toString('latin1');
    // 0xFFFFFFFF: the real size is in a zip64 record; a resume never needs one.
    if (/\.(xml|rels)$/i.test(name)) total += size === 0xffffffff ? Infinity : size;
    offset += 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return total;
}

/**
 * The raw text of a .docx (paragraphs separated by blank lines), with mammoth, in the calling
 * thread. Like pdf.js, mammoth works synchronously on the whole XML, so the bot runs this only
 * in a worker thread (see documentWorker.ts). Errors: `DocxTooLarge`, or mammoth's/jszip's
 * (`Corrupted zip …`, `Could not find file in options`, …).
 */
export async function extractDocxText(data: Uint8Array): Promise<string> {
  const xmlBytes = declaredXmlBytes(data);
  if (xmlBytes !== null && xmlBytes > maxDocxXmlBytes) throw new DocxTooLarge(`the document's XML would unpack to ${xmlBytes} bytes`);
  const result = await mammoth.extractRawText({ buffer: Buffer.from(data.buffer, data.byteOffset, data.byteLength) });
  return result.value;
}
