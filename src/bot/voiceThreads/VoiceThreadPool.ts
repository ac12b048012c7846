import { Worker } from 'node:worker_threads';
import type { Logger } from '../../logger.ts';
import type { InterviewVoice } from '../live/InterviewVoice.ts';
import type { VoiceLinkOptions } from '../live/VoiceLink.ts';
import type { FromVoiceThread, PacketBatch, ToVoiceThread, VoiceThreadData } from './messages.ts';
import { RemoteVoiceLink } from './RemoteVoiceLink.ts';
import { relog } from './threadLog.ts';

const threadUrl = new URL('./voiceThread.ts', import.meta.url);

/** One voice thread and the links it hosts. */
class VoiceThread {
  readonly links = new Map<number, RemoteVoiceLink>();
  readonly #worker: Worker;
  readonly #logger: Logger;
  #alive = true;
  readonly exited: Promise<void>;

  constructor(logger: Logger, data: VoiceThreadData, onDeath: (thread: VoiceThread) => void) {
    this.#logger = logger;
    this.#worker = new Worker(threadUrl, { workerData: data });
    this.#worker.on('message', (m: FromVoiceThread) => this.#handle(m));
    this.#worker.on('error', (error) => logger.error({ err: error }, 'a voice thread failed'));
    this.exited = new Promise((resolve) => {
      this.#worker.once('exit', (code) => {
        this.#alive = false;
        if (this.links.size > 0) logger.error({ code, links: this.links.size }, 'a voice thread exited with interviews on it');
        for (const link of [...this.links.values()]) link.threadDied();
        this.links.clear();
        onDeath(this);
        resolve();
      });
    });
  }

  get alive(): boolean {
    return this.#alive;
  }

  post = (message: ToVoiceThread, transfer?: ArrayBuffer[]): void => {
    if (this.#alive) this.#worker.postMessage(message, transfer ?? []);
  };

  terminate(): Promise<void> {
    void this.#worker.terminate();
    return this.exited;
  }

  #handle(m: FromVoiceThread): void {
    try {
      if (m.t === 'packets') return this.#deliver(m);
      if (m.id === null) return void (m.t === 'log' && relog(this.#logger, m.line));
      this.links.get(m.id)?.handle(m);
    } catch (error) {
      this.#logger.error({ err: error, message: m.t }, 'could not handle a voice thread message');
    }
  }

  #deliver(batch: PacketBatch): void {
    const nowEpochMs = performance.timeOrigin + performance.now();
    const bytes = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength);
    const pcm = Buffer.from(batch.pcm.buffer, batch.pcm.byteOffset, batch.pcm.byteLength);
    for (let k = 0; k < batch.links.length; k++) {
      const link = this.links.get(batch.links[k]!);
      if (!link) continue;
      try {
        link.deliver(bytes.subarray(batch.offsets[k], batch.offsets[k + 1]), pcm.subarray(batch.pcmOffsets[k], batch.pcmOffsets[k + 1]), nowEpochMs - batch.arrivedAtEpochMs[k]!);
      } catch (error) {
        // One interview's failure to take a packet must not cost the others theirs.
        this.#logger.error({ err: error }, 'a candidate packet could not be delivered');
      }
    }
  }
}

/**
 * Voice threads for the bot's interviews: {@link VoiceThreadPool.open} joins a voice channel in
 * the thread with the fewest links (started on first use, replaced after it died), so a
 * process's audio work spreads over the cores and never waits for the main thread. A thread
 * that dies takes only its own links: their interviews end as if the voice connection were
 * lost (what was answered is kept); the next interview gets a new thread.
 */
export class VoiceThreadPool {
  readonly #size: number;
  readonly #logger: Logger;
  readonly #data: VoiceThreadData;
  readonly #threads: VoiceThread[] = [];
  #nextId = 0;
  #closed = false;

  /** `allowInsecureTlsForTests`: the config's, for the local Discord's self-signed voice gateway (see trustLoopbackTls). */
  constructor(options: { threads: number; logger: Logger; allowInsecureTlsForTests?: boolean }) {
    if (!Number.isInteger(options.threads) || options.threads < 1) throw new Error('VoiceThreadPool needs at least one thread');
    this.#size = options.threads;
    this.#logger = options.logger.child({ component: 'voice-threads' });
    this.#data = { allowInsecureTlsForTests: options.allowInsecureTlsForTests ?? false };
  }

  /** Links open in each thread (for /health and tests). */
  get linksPerThread(): number[] {
    return this.#threads.map((t) => t.links.size);
  }

  /** See {@link OpenInterviewVoice}. */
  open = async (options: VoiceLinkOptions): Promise<InterviewVoice> => {
    if (this.#closed) throw new Error('the voice threads are closed');
    const thread = this.#pick();
    const link = new RemoteVoiceLink(++this.#nextId, options, thread.post);
    thread.links.set(link.id, link);
    link.onGone = () => thread.links.delete(link.id);
    await link.open();
    return link;
  };

  /**
   * Ends every thread at once, as a crash would (their interviews see their voice lost); the
   * next open starts a new thread. For tests of that path, and an emergency stop.
   */
  async killThreads(): Promise<void> {
    await Promise.all([...this.#threads].map((t) => t.terminate()));
  }

  /** Ends every thread (their links leave their channels first when they can). Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const threads = this.#threads.splice(0);
    await Promise.all(threads.map(async (t) => {
      await Promise.all([...t.links.values()].map((l) => l.close()));
      await t.terminate();
    }));
  }

  #pick(): VoiceThread {
    if (this.#threads.length < this.#size) {
      const thread = new VoiceThread(this.#logger, this.#data, (dead) => {
        const i = this.#threads.indexOf(dead);
        if (i >= 0) this.#threads.splice(i, 1);
      });
      this.#threads.push(thread);
      return thread;
    }
    return this.#threads.reduce((a, b) => (b.links.size < a.links.size ? b : a));
  }
}
