import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { PgliteClient } from '../src/db/PgliteClient.ts';
import { PgliteWorkerClient } from '../src/db/PgliteWorkerClient.ts';
import type { SqlClient } from '../src/db/SqlClient.ts';

const ROUNDS = 1000;
/** Concurrent "interviews" in the burst phase, each doing ROUNDS / CONCURRENT rounds. */
const CONCURRENT = 100;
/** Period of the stand-in voice frame timer, ms (what an interview's audio player runs at). */
const FRAME_MS = 20;
const payload = { answer: 'x'.repeat(400), scores: [7, 8, 6], at: new Date().toISOString() };

interface Phase {
  /** Wall time of the phase, ms. */
  wallMs: number;
  /** Time the main thread's event loop was busy (eventLoopUtilization), ms: what the voice frames compete with. */
  mainBusyMs: number;
  /** Main-thread busy time per statement, µs. */
  mainBusyPerStatementUs: number;
  /** Longest event-loop stall seen (monitorEventLoopDelay, 1 ms resolution), ms. */
  maxDelayMs: number;
  /** 99th percentile of the event-loop delay, ms. */
  p99DelayMs: number;
  /** Latest a 20 ms frame timer fired, beyond its period, ms: how late a voice frame would go out. */
  maxFrameLateMs: number;
}

/** One round: what a store write and read look like (an insert with jsonb, a select by key). */
async function round(db: SqlClient, id: number): Promise<void> {
  await db.query('insert into answers (id, doc, at) values ($1, $2, $3)', [id, JSON.stringify(payload), new Date()]);
  const rows = await db.query<{ id: number }>('select id, doc, at from answers where id = $1', [id]);
  if (rows[0]?.id !== id) throw new Error('bench: row not read back');
}

async function measure(statements: number, run: () => Promise<void>): Promise<Phase> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  let last = performance.now();
  let maxFrameLate = 0;
  const frames = setInterval(() => {
    const now = performance.now();
    maxFrameLate = Math.max(maxFrameLate, now - last - FRAME_MS);
    last = now;
  }, FRAME_MS);
  const elu = performance.eventLoopUtilization();
  const started = performance.now();
  delay.enable();
  await run();
  const wallMs = performance.now() - started;
  const busy = performance.eventLoopUtilization(elu).active;
  await sleep(FRAME_MS * 2); // let the timers see a stall that lasted to the end
  delay.disable();
  clearInterval(frames);
  return {
    wallMs: Math.round(wallMs),
    mainBusyMs: Math.round(busy),
    mainBusyPerStatementUs: Math.round((busy / statements) * 1000),
    maxDelayMs: Math.round(delay.max / 1e6),
    p99DelayMs: Math.round(delay.percentile(99) / 1e6),
    maxFrameLateMs: Math.round(maxFrameLate),
  };
}

/** A statement of the size that stalls the loop for tens of ms in-process (a scan with jsonb work, like the stats queries). */
const HEAVY = `select count(*)::int as n, sum(length(doc->>'answer'))::int as chars,
  (select count(*) from answers a join answers b on b.id = a.id + 1)::int as pairs from answers`;
const HEAVY_ROUNDS = 50;

type Phases = Record<'sequential' | 'sequentialYielding' | 'concurrent' | 'heavy', Phase>;

/**
 * On a fresh in-memory database: ROUNDS rounds awaited back to back; again with a turn of the
 * event loop between rounds (as when other work interleaves); CONCURRENT clients at once; and
 * HEAVY_ROUNDS heavier scans.
 */
async function benchClient(db: SqlClient): Promise<Phases> {
  try {
    await db.exec('create table answers (id int primary key, doc jsonb not null, at timestamptz not null)');
    for (let i = 0; i < 50; i++) await round(db, -1 - i); // warm up (JIT, catalogue caches)
    let next = 0;
    const sequential = await measure(ROUNDS * 2, async () => {
      for (let i = 0; i < ROUNDS; i++) await round(db, next++);
    });
    const sequentialYielding = await measure(ROUNDS * 2, async () => {
      for (let i = 0; i < ROUNDS; i++) {
        await round(db, next++);
        await yieldToLoop();
      }
    });
    const perClient = ROUNDS / CONCURRENT;
    const concurrent = await measure(ROUNDS * 2, async () => {
      await Promise.all(
        Array.from({ length: CONCURRENT }, async () => {
          for (let i = 0; i < perClient; i++) await round(db, next++);
        }),
      );
    });
    const heavy = await measure(HEAVY_ROUNDS, async () => {
      for (let i = 0; i < HEAVY_ROUNDS; i++) {
        await db.query(HEAVY);
        await yieldToLoop();
      }
    });
    return { sequential, sequentialYielding, concurrent, heavy };
  } finally {
    await db.close();
  }
}

/**
 * Main-thread cost of the embedded database, PGlite in-process vs in a worker thread: 1000
 * rounds of (insert + select) one after another, with and without yielding to the event loop
 * between rounds, 100 concurrent clients doing 10 each, and 50 heavier scans. `mainBusyMs` is
 * how long the bot's event loop was busy, `maxDelayMs` / `maxFrameLateMs` its longest stall.
 * Run alone with `node bench/pgliteThread.ts`.
 */
export default async function pgliteThreadBench(): Promise<Record<string, unknown>> {
  const inProcess = await benchClient(await PgliteClient.open());
  const worker = await benchClient(await PgliteWorkerClient.open());
  return { pgliteThread: { rounds: ROUNDS, concurrent: CONCURRENT, heavyRounds: HEAVY_ROUNDS, inProcess, worker } };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${JSON.stringify(await pgliteThreadBench(), null, 2)}\n`);
}
