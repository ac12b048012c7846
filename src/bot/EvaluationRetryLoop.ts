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

  constructor(opts: { store: Store; llm: LanguageModel; logger: Logger; intervalMs?: number; firstDelayMs?: number }) {
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
          if (report.scored + report.failed > 0) log.info(report, 'retried unscored evaluations');
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
