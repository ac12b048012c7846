import type { Config } from '../config.ts';
import type { Store } from '../db/Store.ts';
import type { Logger } from '../logger.ts';
import type { InterviewCoordinator } from './InterviewCoordinator.ts';

/** What command and button handlers get: passed in, never global. */
export interface BotContext {
  config: Config;
  store: Store;
  logger: Logger;
  coordinator: InterviewCoordinator;
  /** Used to download attachments (default: the global fetch). */
  fetch?: typeof fetch;
}
