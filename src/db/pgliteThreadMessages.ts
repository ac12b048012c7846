/**
 * The messages between PgliteWorkerClient (main thread) and pgliteThread.ts (the worker), and
 * the one conversion both sides need: a database error to a cloneable form and back. Kept apart
 * from the worker entry so that the main side can import it without starting a database.
 */

/** What the parent sends in `workerData`: the data directory (database in `dataDir/pglite`), or none for memory. */
export interface PgliteThreadData {
  dataDir: string | undefined;
}

/** One request from the parent. `tx` names an open transaction (the id of its `begin`). */
export type PgliteRequest =
  | { id: number; op: 'query'; tx: number | undefined; text: string; params: unknown[] }
  | { id: number; op: 'exec'; tx: number | undefined; text: string }
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'close' };

/**
 * A failed statement's error in a form that survives structured clone: PGlite's DatabaseError
 * keeps its SQLSTATE and the server's fields as own properties, which a clone of the Error
 * itself would drop. `fields` holds every own property that can be cloned.
 */
export interface WireError {
  name: string;
  message: string;
  stack: string | undefined;
  fields: Record<string, unknown>;
}

/**
 * One reply per request; id 0 answers the opening of the database. `begin` resolves to its own
 * id once BEGIN has run; `end` resolves once COMMIT (or ROLLBACK) has.
 */
export type PgliteResponse = { id: number; ok: true; value?: unknown } | { id: number; ok: false; error: WireError };

/** Id of the reply that says the database is open (or why it could not be opened). */
export const OPEN_REPLY_ID = 0;

/** `err` as a {@link WireError}; properties that cannot be cloned (e.g. PGlite's `queryOptions` with parsers) are left out. */
export function toWire(err: unknown): WireError {
  if (!(err instanceof Error)) return { name: 'Error', message: String(err), stack: undefined, fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(err)) {
    if (key === 'name' || key === 'message' || key === 'stack') continue;
    try {
      fields[key] = structuredClone(value);
    } catch {
      // not cloneable: the parent cannot have it
    }
  }
  return { name: err.name, message: err.message, stack: err.stack, fields };
}

/** An Error like the one PGlite threw in the thread: same name, message and fields (`code`, `detail`, `constraint`, …). */
export function fromWire(wire: WireError): Error {
  const err = Object.assign(new Error(wire.message), wire.fields);
  err.name = wire.name;
  if (wire.stack !== undefined) err.stack = wire.stack;
  return err;
}

