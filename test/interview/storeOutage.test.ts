import { describe, expect, it } from 'vitest';
import { isTransientStoreError } from '../../src/db/isTransientStoreError.ts';
import { StoreWriteQueue } from '../../src/interview/StoreWriteQueue.ts';
import { FlakyStore } from './fakes/FlakyStore.ts';
import { makeSession } from './fakes/makeSession.ts';
import { trackSessions } from './fakes/trackSessions.ts';
import { richAnswer, scriptedModel } from './fakes/scriptedModel.ts';

const track = trackSessions();
const ANSWERS = [
  { transcript: richAnswer('cache'), partials: ['In my last project', 'In my last project I built a cache'] },
  { transcript: richAnswer('migration') },
];

describe('a database outage during an interview', () => {
  it('does not end the interview: writes wait in the queue and are all saved once when the database returns', async () => {
    const store = new FlakyStore();
    const queue = new StoreWriteQueue({ store, isTransient: isTransientStoreError, baseDelayMs: 1, maxDelayMs: 4 });
    const { session, interviewId, guildId } = await track(
      makeSession({ model: scriptedModel({ scoreFor: () => 7 }), total: 2, answers: ANSWERS, store, overrides: { store: queue.store, speculate: false } }),
    );
    store.down = true; // down from the first answer to the end of the interview
    const result = await session.run();
    expect(result.status).toBe('completed');
    expect(result.questions.map((q) => q.evaluationStatus)).toEqual(['scored', 'scored']);
    expect(result.finalScore).toBe(7);
    expect(queue.pendingQuestions(interviewId)).toEqual([1, 2]);
    expect(store.attempts).toBeGreaterThan(1);
    expect(store.log).toEqual([]);

    store.down = false;
    await queue.idle();
    const details = await store.getInterview(guildId, interviewId);
    expect(details?.interview).toMatchObject({ status: 'completed', finalScore: 7 });
    expect(details?.questions.map((q) => [q.number, q.answerTranscript, q.evaluationStatus])).toEqual([
      [1, ANSWERS[0]!.transcript, 'scored'],
      [2, ANSWERS[1]!.transcript, 'scored'],
    ]);
    expect(store.log.filter((l) => l.startsWith('finishInterview'))).toEqual(['finishInterview completed 7']);
    // The final row of each question was the last saveAnswer of it (no provisional row after it).
    const lastSave = (n: number): number => store.log.lastIndexOf(`saveAnswer ${n} answered`);
    expect(lastSave(1)).toBeLessThan(store.log.indexOf('saveEvaluation 1 scored'));
  });

  it('without the queue the same outage ends the interview (what the queue fixes)', async () => {
    const store = new FlakyStore();
    const { session } = await track(makeSession({ model: scriptedModel(), total: 2, answers: ANSWERS, store, overrides: { speculate: false } }));
    store.down = true;
    const result = await session.run();
    expect(result.status).toBe('failed');
  });
});
