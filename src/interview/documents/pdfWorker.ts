/**
 * Worker-thread entry: extracts the text of one PDF and posts the result (or the error's name
 * and message) back. Started and terminated by extractPdfTextInWorker.ts; never imported.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { extractPdfText } from './extractPdfText.ts';

/** What the parent sends in `workerData`. */
export interface PdfWorkerInput {
  data: Uint8Array;
  maxPdfPages: number;
}

/** What the worker posts back, once. */
export type PdfWorkerOutput =
  | { ok: true; text: string; pages: number; pagesRead: number }
  | { ok: false; name: string; message: string };

const input = workerData as PdfWorkerInput;
let output: PdfWorkerOutput;
try {
  output = { ok: true, ...(await extractPdfText(input.data, input.maxPdfPages)) };
} catch (error) {
  output = error instanceof Error
    ? { ok: false, name: error.name, message: error.message }
    : { ok: false, name: 'Error', message: String(error) };
}
parentPort?.postMessage(output);
