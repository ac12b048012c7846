/**
 * Worker-thread entry: opens PGlite and runs the statements PgliteWorkerClient posts, so that
 * PostgreSQL's synchronous WebAssembly work never runs on the bot's event loop (where it would
 * delay every interview's 20 ms voice frames). Started and ended by PgliteWorkerClient; never
 * imported (the messages are in pgliteThreadMessages.ts).
 *
 * Requests are handled as they arrive, without a queue of our own: PGlite serialises them itself
 * (a statement outside an open transaction waits for its end), exactly as it does in-process.
 */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { setThreadPriority, THREAD_NICE } from '../util/threadPriority.ts';
import { OPEN_REPLY_ID, toWire, type PgliteRequest, type PgliteResponse, type PgliteThreadData } from './pgliteThreadMessages.ts';

const port = parentPort!;
// SQL can wait (writes are queued, reads are off the audio path): the interviews and the audio go first.
setThreadPriority(THREAD_NICE.background);

/** Posts `response`; a value that cannot be cloned becomes that request's error instead of killing the thread. */
function reply(response: PgliteResponse): void {
  try {
    port.postMessage(response);
  } catch (err) {
    port.postMessage({ id: response.id, ok: false, error: toWire(err) } satisfies PgliteResponse);
  }
}

/** Transactions held open until the parent says `end`, by the id of their `begin`. */
const open = new Map<number, { tx: Transaction; end: (endId: number, commit: boolean) => void }>();

/** Runs `begin` as one PGlite transaction that stays open until the matching `end` request. */
function begin(db: PGlite, id: number): void {
  let endId: number | undefined;
  db.transaction(async (tx) => {
    const commit = await new Promise<boolean>((resolve) => {
      open.set(id, { tx, end: (reqId, c) => { endId = reqId; resolve(c); } });
      reply({ id, ok: true, value: id });
    });
    if (!commit) await tx.rollback();
  }).then(
    () => reply({ id: endId!, ok: true }),
    // Before `end` this is BEGIN failing (answer the begin); after it, COMMIT failing.
    (err: unknown) => reply({ id: endId ?? id, ok: false, error: toWire(err) }),
  );
}

/** The transaction `tx` names, or PGlite's own error for a finished one. */
function target(db: PGlite, tx: number | undefined): Pick<PGlite, 'query' | 'exec'> | Transaction {
  if (tx === undefined) return db;
  const entry = open.get(tx);
  if (!entry) throw new Error('Transaction is closed');
  return entry.tx;
}

async function handle(db: PGlite, req: PgliteRequest): Promise<unknown> {
  switch (req.op) {
    case 'query':
      return (await target(db, req.tx).query(req.text, req.params)).rows;
    case 'exec':
      await target(db, req.tx).exec(req.text);
      return undefined;
    case 'end': {
      const entry = open.get(req.tx);
      if (!entry) throw new Error('Transaction is closed');
      open.delete(req.tx); // later statements on it fail, as on a finished PGlite transaction
      entry.end(req.id, req.commit);
      return NO_REPLY;
    }
    case 'close':
      if (!db.closed) await db.close();
      return undefined;
    case 'begin':
      begin(db, req.id);
      return NO_REPLY;
  }
}

/** Returned by {@link handle} when the reply comes later (begin, end: see {@link begin}). */
const NO_REPLY = Symbol('no reply');

/** Opens the database, then serves requests; a failure to open is the one reply (the parent then ends the thread). */
async function main(): Promise<void> {
  const { dataDir } = workerData as PgliteThreadData;
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir === undefined ? undefined : join(dataDir, 'pglite'));
  } catch (err) {
    reply({ id: OPEN_REPLY_ID, ok: false, error: toWire(err) });
    return;
  }
  port.on('message', (req: PgliteRequest) => {
    handle(db, req).then(
      (value) => {
        if (value !== NO_REPLY) reply({ id: req.id, ok: true, value });
      },
      (err: unknown) => reply({ id: req.id, ok: false, error: toWire(err) }),
    );
  });
  reply({ id: OPEN_REPLY_ID, ok: true });
}

await main();
