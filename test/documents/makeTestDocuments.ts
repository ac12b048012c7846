/**
 * Real documents made at test time: a .docx written as the OOXML parts Word needs (a zip, with
 * jszip, which mammoth already depends on), and a scanned PDF: the pages of a real PDF
 * rasterised by pdftoppm and wrapped, as greyscale images only, in a new PDF with no text layer.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deflateSync } from 'node:zlib';
import JSZip from 'jszip';

const run = promisify(execFile);

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A Word document with one paragraph per entry, as Word itself lays the parts out. */
export async function makeDocx(paragraphs: string[]): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(p)}</w:t></w:r></w:p>`).join('');
  zip.file(
    'word/document.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
      `<w:body>${body}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** One greyscale page image from a binary PGM (`P5 width height 255`, then the pixels). */
function parsePgm(data: Buffer): { width: number; height: number; pixels: Buffer } {
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(data.subarray(0, 64).toString('latin1'));
  if (!header?.[1] || !header[2]) throw new Error('not an 8-bit binary PGM');
  return { width: Number(header[1]), height: Number(header[2]), pixels: data.subarray(header[0].length) };
}

/** A PDF whose pages are only images (FlateDecode, DeviceGray), one per PGM, at `dpi`. */
function imagePdf(pages: { width: number; height: number; pixels: Buffer }[], dpi: number): Uint8Array {
  const objects: Buffer[] = [];
  const add = (body: string | Buffer): number => objects.push(Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'));
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(`<< /Type /Pages /Kids [${pages.map((_, i) => `${3 + i * 3} 0 R`).join(' ')}] /Count ${pages.length} >>`);
  pages.forEach((page, i) => {
    const [pageId, imageId, contentId] = [3 + i * 3, 4 + i * 3, 5 + i * 3];
    const w = (page.width * 72) / dpi;
    const h = (page.height * 72) / dpi;
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /XObject << /Im${i} ${imageId} 0 R >> >> /Contents ${contentId} 0 R >>`);
    const image = deflateSync(page.pixels);
    add(Buffer.concat([
      Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${page.width} /Height ${page.height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length ${image.length} >>\nstream\n`, 'latin1'),
      image,
      Buffer.from('\nendstream', 'latin1'),
    ]));
    const content = `q ${w} 0 0 ${h} 0 0 cm /Im${i} Do Q`;
    add(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
    if (pageId + 2 !== objects.length) throw new Error('object numbering');
  });
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = chunks[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(length);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
    chunks.push(chunk);
    length += chunk.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  chunks.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`, 'latin1'));
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * A scan of `pdf`'s first `pages` pages: each rasterised at `dpi` by pdftoppm (Debian
 * poppler-utils), then put back into a PDF as a picture, so no text layer is left.
 */
export async function makeScannedPdf(pdf: Uint8Array, options: { pages: number; dpi?: number }): Promise<Uint8Array> {
  const dpi = options.dpi ?? 150;
  const dir = await mkdtemp(join(tmpdir(), 'hotseat-scan-test-'));
  try {
    await writeFile(join(dir, 'in.pdf'), pdf);
    await run('pdftoppm', ['-f', '1', '-l', String(options.pages), '-r', String(dpi), '-gray', 'in.pdf', 'page'], { cwd: dir, timeout: 60_000 });
    const files = (await readdir(dir)).filter((f) => f.endsWith('.pgm')).sort();
    const pages = await Promise.all(files.map(async (f) => parsePgm(await readFile(join(dir, f)))));
    return imagePdf(pages, dpi);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A one-page scan of a blank white page (A4 at 150 dpi): OCR finds nothing on it. */
export function makeBlankScan(): Uint8Array {
  return imagePdf([{ width: 1240, height: 1754, pixels: Buffer.alloc(1240 * 1754, 0xff) }], 150);
}
