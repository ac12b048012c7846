import { afterEach } from 'vitest';
import type { InterviewSession } from '../../../src/interview/InterviewSession.ts';
import type { FakeInterviewIO } from './FakeInterviewIO.ts';

type Tracked = { session: InterviewSession; io: FakeInterviewIO };

/**
 * Registers an afterEach that closes every session (and its fake IO) the test opened, and
 * returns `track`, which wraps `makeSession(...)` so the session is closed even if the test fails.
 */
export function trackSessions(): <T extends Tracked>(p: Promise<T>) => Promise<T> {
  const open: Tracked[] = [];
  afterEach(async () => {
    for (const { session, io } of open.splice(0)) {
      await session.close();
      await io.close();
    }
  });
  return async (p) => {
    const t = await p;
    open.push(t);
    return t;
  };
}
