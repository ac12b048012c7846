import { describe, expect, it } from 'vitest';
import { entersStatus } from '../../src/interview/entersStatus.ts';
import type { SessionState } from '../../src/interview/sessionState.ts';
import { trackSessions } from './fakes/trackSessions.ts';
import { makeSession } from './fakes/makeSession.ts';
import { QUESTIONS, richAnswer, scriptedModel } from './fakes/scriptedModel.ts';

const track = trackSessions();

describe('entersStatus', () => {
  it('resolves with the state once the session enters the status, and at once when it is already there', async () => {
    const { session, io } = await track(makeSession({ model: scriptedModel({ questionDelayMs: 30 }), total: 1 }));
    const changes: Array<[string, string]> = [];
    session.on('stateChange', (from: SessionState, to: SessionState) => changes.push([from.status, to.status]));
    void session.run();
    const answering = await entersStatus(session, 'answering', 5_000);
    expect(answering.question.text).toBe(QUESTIONS[0]);
    expect(io.captures).toHaveLength(1); // its effects ran before it was announced
    expect(await entersStatus(session, 'answering', 0)).toBe(answering);
    expect(changes).toEqual([['created', 'preparing'], ['preparing', 'asking'], ['asking', 'answering']]);
    io.captures[0]!.end(richAnswer('cache'));
    expect((await entersStatus(session, 'completed', 5_000)).reason).toBe('all questions asked');
  });

  it('rejects when the time runs out, or the signal aborts, first', async () => {
    const { session } = await track(makeSession({ model: scriptedModel({ questionDelayMs: 5_000 }), total: 1 }));
    void session.run();
    await expect(entersStatus(session, 'asking', 50)).rejects.toThrow('did not enter asking in time (it is preparing)');
    const controller = new AbortController();
    const waiting = entersStatus(session, 'asking', controller.signal);
    controller.abort(new Error('test over'));
    await expect(waiting).rejects.toThrow('did not enter asking');
    expect(session.listenerCount('stateChange')).toBe(0);
  });

  it('rejects as soon as the session ends in another final state', async () => {
    const { session } = await track(makeSession({ model: scriptedModel({ questionDelayMs: 5_000 }), total: 1 }));
    void session.run();
    const waiting = entersStatus(session, 'answering', 60_000);
    session.stop('mentor');
    await expect(waiting).rejects.toThrow('ended as abandoned (stopped by mentor) instead of entering answering');
  });
});
