import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadAttachment } from '../../src/interview/documents/downloadAttachment.ts';
import { extractDocument } from '../../src/interview/documents/extractDocument.ts';
import { expectUserError } from './expectUserError.ts';

const resumePdf = new Uint8Array(await readFile(new URL('../fixtures/documents/resume.pdf', import.meta.url)));
const limits = { maxBytes: 64 * 1024, maxPdfPages: 20, maxChars: 20_000 };

/** Requests seen per path, and whether the server saw the client hang up before it finished. */
const requests: string[] = [];
const closedEarly = new Map<string, Promise<number>>();
let server: Server;
let base: string;

function endless(req: IncomingMessage, res: ServerResponse): void {
  // Declares nothing, then streams 16 KiB chunks forever: only the client can stop it.
  res.writeHead(200, { 'content-type': 'application/pdf' });
  let sentBytes = 0;
  const timer = setInterval(() => {
    sentBytes += 16 * 1024;
    res.write(Buffer.alloc(16 * 1024, 0x25));
  }, 5);
  closedEarly.set(
    req.url ?? '',
    new Promise((resolve) =>
      res.on('close', () => {
        clearInterval(timer);
        resolve(sentBytes);
      }),
    ),
  );
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '';
    requests.push(path);
    if (path === '/resume.pdf') {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': resumePdf.length });
      res.end(resumePdf);
    } else if (path.startsWith('/endless')) {
      endless(req, res);
    } else if (path === '/big-header.pdf') {
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': 10 * 1024 * 1024 });
      res.write(Buffer.alloc(1024));
      // never ends: the client must stop on the header alone
    } else if (path === '/stall.pdf') {
      res.writeHead(200, { 'content-type': 'application/pdf' });
      res.write(Buffer.from('%PDF-1.7\n'));
      // then nothing: the timeout must fire while reading the body
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});


describe('downloadAttachment', () => {
  it('downloads the bytes exactly, ready for extractDocument', async () => {
    const bytes = await downloadAttachment({ url: `${base}/resume.pdf`, size: resumePdf.length, name: 'resume.pdf', contentType: 'application/pdf' }, limits);
    expect(Buffer.from(bytes).equals(Buffer.from(resumePdf))).toBe(true);
    const doc = await extractDocument({ bytes, fileName: 'resume.pdf' }, limits, 'resume');
    expect(doc.text).toContain('Jordan Rivera');
  });

  it('refuses a declared size over the limit without making a request', async () => {
    const before = requests.length;
    const error = await expectUserError(
      downloadAttachment({ url: `${base}/resume.pdf`, size: limits.maxBytes + 1, name: 'big.pdf', contentType: 'application/pdf' }, limits, { role: 'resume' }),
    );
    expect(error.code).toBe('document_too_large');
    expect(error.message).toMatch(/^Your resume "big\.pdf" is larger than the 0\.1 MB limit/);
    expect(requests.length).toBe(before);
  });

  it('refuses a wrong type by name or content type without making a request', async () => {
    const before = requests.length;
    const odt = await expectUserError(
      downloadAttachment({ url: `${base}/resume.pdf`, size: 100, name: 'resume.odt', contentType: 'application/vnd.oasis.opendocument.text' }, limits, { role: 'resume' }),
    );
    expect(odt.code).toBe('document_wrong_type');
    expect(odt.message).toMatch(/"resume\.odt" is a \.odt file.*upload a PDF, a Word \(\.docx\) or a \.txt file/);
    const noName = await expectUserError(downloadAttachment({ url: `${base}/resume.pdf`, size: 100, name: 'scan', contentType: 'image/jpeg' }, limits));
    expect(noName.message).toMatch(/^The file "scan" is a file of type image\/jpeg/);
    expect(requests.length).toBe(before);
  });

  it('stops a server that sends more than it declared at the cap', async () => {
    const error = await expectUserError(
      downloadAttachment({ url: `${base}/endless-1`, size: 1_000, name: 'resume.pdf', contentType: 'application/pdf' }, limits, { timeoutMs: 20_000 }),
    );
    expect(error.code).toBe('document_too_large');
    // The server sees the connection closed soon after the cap, not after the 20 s timeout.
    const sentBytes = await closedEarly.get('/endless-1');
    expect(sentBytes).toBeGreaterThan(limits.maxBytes);
    expect(sentBytes).toBeLessThan(64 * limits.maxBytes);
  });

  it('refuses a Content-Length over the cap before reading the body', async () => {
    const error = await expectUserError(
      downloadAttachment({ url: `${base}/big-header.pdf`, size: 1_000, name: 'resume.pdf', contentType: null }, limits, { timeoutMs: 20_000 }),
    );
    expect(error.code).toBe('document_too_large');
  });

  it('reports a 404 clearly', async () => {
    const error = await expectUserError(
      downloadAttachment({ url: `${base}/missing.pdf`, size: 1_000, name: 'resume.pdf', contentType: 'application/pdf' }, limits, { role: 'resume' }),
    );
    expect(error.code).toBe('document_download_failed');
    expect(error.message).toBe(`Couldn't download your resume "resume.pdf" (HTTP 404); attach it again and retry.`);
  });

  it('reports a refused connection clearly', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await expectUserError(downloadAttachment({ url: `http://127.0.0.1:${port}/x.pdf`, size: 10, name: 'x.pdf', contentType: null }, limits));
    expect(error.code).toBe('document_download_failed');
    expect(error.message).toMatch(/network error/);
  });

  it('times out a stalled download', async () => {
    const started = Date.now();
    const error = await expectUserError(
      downloadAttachment({ url: `${base}/stall.pdf`, size: 1_000, name: 'jd.pdf', contentType: 'application/pdf' }, limits, { timeoutMs: 300, role: 'job description' }),
    );
    expect(error.code).toBe('document_download_timeout');
    expect(error.message).toMatch(/^Downloading the job description "jd\.pdf" took longer than 1 s/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("rejects with the caller's abort reason, not a UserError", async () => {
    const controller = new AbortController();
    const reason = new Error('interview cancelled');
    const download = downloadAttachment({ url: `${base}/stall.pdf`, size: 1_000, name: 'jd.pdf', contentType: null }, limits, { signal: controller.signal, timeoutMs: 20_000 });
    setTimeout(() => controller.abort(reason), 50);
    await expect(download).rejects.toBe(reason);
  });

  it('uses the fetch it is given', async () => {
    const calls: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      calls.push(String(input));
      return new Response('Senior Go engineer wanted', { status: 200 });
    };
    const bytes = await downloadAttachment({ url: 'https://cdn.discordapp.test/jd.txt', size: 25, name: 'jd.txt', contentType: 'text/plain' }, limits, { fetch: fakeFetch });
    expect(new TextDecoder().decode(bytes)).toBe('Senior Go engineer wanted');
    expect(calls).toEqual(['https://cdn.discordapp.test/jd.txt']);
  });
});
