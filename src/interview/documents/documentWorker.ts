/**
 * Worker-thread entry: serves document jobs one at a time, for as long as its parent keeps it.
 * Each message is one job (a PDF or a Word document); the worker posts back exactly one reply
 * per job: the text, or the error's name and message, and its heap in use after the job (the
 * parent recycles a worker whose heap grew). Started, reused and terminated by
 * DocumentWorkerThread; never imported.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { setThreadPriority, THREAD_NICE } from '../../util/threadPriority.ts';

/** One job, as the parent posts it. */
export type DocumentWorkerInput = { format: 'pdf'; data: Uint8Array; maxPdfPages: number } | { format: 'docx'; data: Uint8Array };

/** What the worker posts back for each job; `pages` and `pagesRead` are 0 for a Word document. */
export type DocumentWorkerOutput =
  | { ok: true; text: string; pages: number; pagesRead: number }
  | { ok: false; name: string; message: string };

/** A reply: the job's output and the worker's V8 heap in use once the job is done, in bytes. */
export type DocumentWorkerReply = DocumentWorkerOutput & { heapUsedBytes: number };

async function runJob(input: DocumentWorkerInput): Promise<DocumentWorkerOutput> {
  try {
    // A reader is loaded by the first job that needs it (pdf.js or mammoth), then stays loaded.
    if (input.format === 'pdf') {
      const { extractPdfText } = await import('./extractPdfText.ts');
      return { ok: true, ...(await extractPdfText(input.data, input.maxPdfPages)) };
    }
    const { extractDocxText } = await import('./extractDocxText.ts');
    return { ok: true, text: await extractDocxText(input.data), pages: 0, pagesRead: 0 };
  } catch (error) {
    return error instanceof Error
      ? { ok: false, name: error.name, message: error.message }
      : { ok: false, name: 'Error', message: String(error) };
  }
}

/**
 * pdf.js may print warnings: keep them out of the bot's logs. Dropped here rather than piped to
 * the parent (`stdout: true`), because a piped stream keeps the process alive even when the
 * worker is unreferenced, and an idle warm worker must not.
 */
for (const stream of [process.stdout, process.stderr]) {
  stream.write = (_chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') (done as () => void)();
    return true;
  };
}

// Reading documents can wait behind the interviews and their audio (it inherits the main thread's priority).
setThreadPriority(THREAD_NICE.background);
parentPort?.on('message', (input: DocumentWorkerInput) => {
  void runJob(input).then((output) => {
    const reply: DocumentWorkerReply = { ...output, heapUsedBytes: getHeapStatistics().used_heap_size };
    parentPort?.postMessage(reply);
  });
});
