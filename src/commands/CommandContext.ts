import type { Config } from '../config.ts';
import type { PdfWorkerPool } from '../interview/documents/index.ts';
import type { Store } from '../interview/Store.ts';
import type { Logger } from '../logger.ts';
import type { InterviewCoordinator } from '../bot/InterviewCoordinator.ts';

/** What command and button handlers get: passed in, never global. */
export interface CommandContext {
  config: Config;
  store: Store;
  logger: Logger;
  coordinator: InterviewCoordinator;
  /** Every PDF upload is parsed through this one pool (PDF_WORKERS workers at once). */
  pdfPool: PdfWorkerPool;
  /** Used to download attachments (default: the global fetch). */
  fetch?: typeof fetch;
}
