import { setTimeout as sleep } from 'node:timers/promises';
import type { LanguageModel } from '../ai/LanguageModel.ts';
import type { Store } from '../interview/Store.ts';
import { retryUnscored } from '../interview/retryUnscored.ts';
import type { Logger } from '../logger.ts';

/**
 * Background owner of the engine's {@link retryUnscored}: a first pass shortly after start-up,
 * then one every `intervalMs`. {@link EvaluationRetryLoop.close} aborts the pass in flight and
 * awaits it.
 */
export class EvaluationRetryLoop {
  readonly #controller = new AbortController();
  readonly #done: Promise<void>;

  /**
   * @param opts.onRescored called for each interview that got a late score (the bot edits its
   *   posted results); a failure there is logged and the loop goes on.
   */
  constructor(opts: { store: Store; llm: LanguageModel; logger: Logger; intervalMs?: number; firstDelayMs?: number; onRescored?: (guildId: string, interviewId: string) => Promise<void> }) {
    const { signal } = this.#controller;
    const log = opts.logger.child({ component: 'evaluation-retry' });
    this.#done = (async () => {
      let delayMs = opts.firstDelayMs ?? 10_000;
      while (!signal.aborted) {
        // An abort ends the wait early (rejecting with an AbortError); the loop condition sees it.
        await sleep(delayMs, undefined, { signal }).catch(() => undefined);
        if (signal.aborted) break;
        try {
          const report = await retryUnscored(opts.store, opts.llm, { signal, logger: log });
          if (report.scored + report.failed > 0) log.info({ scored: report.scored, failed: report.failed, skipped: report.skipped }, 'retried unscored evaluations');
          for (const { guildId, interviewId } of report.rescored) {
            if (signal.aborted) break;
            await opts.onRescored?.(guildId, interviewId).catch((err: unknown) => log.warn({ err, interviewId }, 'could not update the posted results'));
          }
        } catch (err) {
          if (!signal.aborted) log.warn({ err }, 'evaluation retry pass failed');
        }
        delayMs = opts.intervalMs ?? 5 * 60_000;
      }
    })();
  }

  async close(): Promise<void> {
    this.#controller.abort();
    await this.#done;
  }
}
