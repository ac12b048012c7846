/**
 * Worker-thread entry: extracts the text of one PDF or Word document and posts the result (or
 * the error's name and message) back. Started and terminated by runDocumentWorker; never imported.
 */
import { parentPort, workerData } from 'node:worker_threads';

/** What the parent sends in `workerData`. */
export type DocumentWorkerInput = { format: 'pdf'; data: Uint8Array; maxPdfPages: number } | { format: 'docx'; data: Uint8Array };

/** What the worker posts back, once; `pages` and `pagesRead` are 0 for a Word document. */
export type DocumentWorkerOutput =
  | { ok: true; text: string; pages: number; pagesRead: number }
  | { ok: false; name: string; message: string };

const input = workerData as DocumentWorkerInput;
let output: DocumentWorkerOutput;
try {
  // Each job loads only its own reader (pdf.js or mammoth): a worker starts fresh per job.
  if (input.format === 'pdf') {
    const { extractPdfText } = await import('./extractPdfText.ts');
    output = { ok: true, ...(await extractPdfText(input.data, input.maxPdfPages)) };
  } else {
    const { extractDocxText } = await import('./extractDocxText.ts');
    output = { ok: true, text: await extractDocxText(input.data), pages: 0, pagesRead: 0 };
  }
} catch (error) {
  output = error instanceof Error
    ? { ok: false, name: error.name, message: error.message }
    : { ok: false, name: 'Error', message: String(error) };
}
parentPort?.postMessage(output);
