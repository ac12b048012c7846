import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StoreWrite, WriteJournalPort } from '../interview/StoreWriteQueue.ts';

/** What {@link WriteJournal.read} found. */
export interface JournalContents {
  writes: StoreWrite[];
  /** Lines that could not be read (cut or corrupted); skipped. */
  badLines: number;
}

const OPS = new Set(['saveAnswer', 'saveEvaluation', 'finishInterview', 'setFinalScore']);

/**
 * Store writes still pending at shutdown, as a JSON-lines file (one `{"v":1,"write":…}` per
 * line, in order) under DATA_DIR. It holds answers (personal data): mode 0600, written to a
 * temporary file, synced and renamed into place so a crash never leaves half a journal.
 * Synchronous on purpose: it runs inside the shutdown deadline, even right before a forced exit.
 */
export class WriteJournal implements WriteJournalPort {
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  /** Replaces the journal with `writes`; an empty list removes it. */
  write(writes: readonly StoreWrite[]): void {
    if (writes.length === 0) {
      this.remove();
      return;
    }
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, writes.map((write) => JSON.stringify({ v: 1, write })).join('\n') + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, 0o600); // the umask cannot widen it, and an older file's mode does not carry over
    renameSync(tmp, this.path);
  }

  /** The journaled writes in order (none when there is no journal). */
  read(): JournalContents {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ENOENT') return { writes: [], badLines: 0 };
      throw err;
    }
    const writes: StoreWrite[] = [];
    let badLines = 0;
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const write = parseLine(line);
      if (write) writes.push(write);
      else badLines++;
    }
    return { writes, badLines };
  }

  /** Deletes the journal (and a leftover temporary file). */
  remove(): void {
    rmSync(this.path, { force: true });
    rmSync(`${this.path}.tmp`, { force: true });
  }
}

function parseLine(line: string): StoreWrite | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return null;
  }
  const write = (parsed as { v?: unknown; write?: unknown } | null)?.write as (StoreWrite & { op: unknown }) | undefined;
  if ((parsed as { v?: unknown }).v !== 1 || !write || typeof write !== 'object' || !OPS.has(write.op as string)) return null;
  if (write.op === 'saveAnswer') {
    const input = write.input;
    // JSON has no dates: the answer's times come back as ISO strings.
    return { op: 'saveAnswer', input: { ...input, askedAt: new Date(input.askedAt), answeredAt: input.answeredAt === null ? null : new Date(input.answeredAt) } };
  }
  return write;
}
