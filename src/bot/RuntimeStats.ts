import { monitorEventLoopDelay } from 'node:perf_hooks';

/** What the stats read event-loop delays from (nanoseconds): `monitorEventLoopDelay()`, or a histogram in tests. */
export interface DelayHistogram {
  readonly count: number;
  readonly max: number;
  percentile(p: number): number;
  reset(): void;
}

/** One closed window of event-loop delay, in ms. */
export interface DelayWindow {
  endedAtMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** The `runtime` part of /health: event-loop delay over recent windows and the process's own CPU and memory. */
export interface RuntimeReport {
  /** Length of each delay window (ms). */
  windowMs: number;
  /** Closed windows that ended within the asked period. */
  windows: number;
  /** The worst window's 99th percentile of event-loop delay (ms); null before a window closed. */
  eventLoopP99Ms: number | null;
  /** The median window's 99th percentile (ms). */
  eventLoopP99MedianMs: number | null;
  /** The longest single delay seen in those windows (ms). */
  eventLoopMaxMs: number | null;
  /** process.cpuUsage() since start, ms (user and system). */
  cpuUserMs: number;
  cpuSystemMs: number;
  rssBytes: number;
}

export interface RuntimeStatsOptions {
  /** Default 5000. */
  windowMs?: number;
  /** Closed windows kept (default 24: two minutes at 5 s). */
  keep?: number;
  /** Default: `monitorEventLoopDelay({ resolution: 10 })`, enabled by {@link RuntimeStats.start}. */
  source?: DelayHistogram;
  now?: () => number;
}

const NS_PER_MS = 1e6;
const round = (ms: number): number => Math.round(ms * 10) / 10;

/**
 * Event-loop delay measured inside the process (perf_hooks' native sampler: a libuv timer, no
 * JavaScript per sample), cut into fixed windows so /health can say how the loop did over the
 * last minute rather than since start. Cheap enough to stay on: one native timer every 10 ms and
 * one JavaScript call per window.
 */
export class RuntimeStats {
  readonly windowMs: number;
  readonly #keep: number;
  readonly #source: DelayHistogram;
  readonly #now: () => number;
  readonly #windows: DelayWindow[] = [];
  #timer: NodeJS.Timeout | null = null;
  #stopSource: (() => void) | null = null;

  constructor(opts: RuntimeStatsOptions = {}) {
    this.windowMs = opts.windowMs ?? 5_000;
    this.#keep = opts.keep ?? 24;
    this.#now = opts.now ?? Date.now;
    if (opts.source) {
      this.#source = opts.source;
    } else {
      const monitor = monitorEventLoopDelay({ resolution: 10 });
      this.#source = monitor;
      this.#stopSource = () => monitor.disable();
      monitor.enable();
    }
  }

  /** Starts closing a window every `windowMs` (the timer does not keep the process alive). */
  start(): this {
    this.#timer ??= setInterval(() => this.rotate(), this.windowMs).unref();
    return this;
  }

  /** Closes the current window (the timer calls it; tests call it directly). A window without samples is skipped. */
  rotate(): void {
    const s = this.#source;
    if (s.count > 0) {
      this.#windows.push({ endedAtMs: this.#now(), p50Ms: round(s.percentile(50) / NS_PER_MS), p99Ms: round(s.percentile(99) / NS_PER_MS), maxMs: round(s.max / NS_PER_MS) });
      if (this.#windows.length > this.#keep) this.#windows.shift();
    }
    s.reset();
  }

  /** Figures over the windows that ended within the last `periodMs`. */
  report(periodMs: number): RuntimeReport {
    const since = this.#now() - periodMs;
    const recent = this.#windows.filter((w) => w.endedAtMs > since);
    const p99s = recent.map((w) => w.p99Ms).sort((a, b) => a - b);
    const cpu = process.cpuUsage();
    return {
      windowMs: this.windowMs,
      windows: recent.length,
      eventLoopP99Ms: p99s.at(-1) ?? null,
      eventLoopP99MedianMs: p99s.length > 0 ? p99s[Math.floor((p99s.length - 1) / 2)]! : null,
      eventLoopMaxMs: recent.length > 0 ? Math.max(...recent.map((w) => w.maxMs)) : null,
      cpuUserMs: Math.round(cpu.user / 1000),
      cpuSystemMs: Math.round(cpu.system / 1000),
      rssBytes: process.memoryUsage.rss(),
    };
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    this.#stopSource?.();
  }
}
