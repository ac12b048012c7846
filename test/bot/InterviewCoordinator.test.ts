import { describe, expect, it } from 'vitest';
import { InterviewCoordinator } from '../../src/bot/InterviewCoordinator.ts';
import type { InterviewOutcome, InterviewRequest, InterviewRunner, StopReason } from '../../src/bot/InterviewRunner.ts';
import { InterviewAlreadyRunningError } from '../../src/interview/InterviewAlreadyRunningError.ts';
import { createLogger } from '../../src/logger.ts';
import { UserError } from '../../src/UserError.ts';
import { MemoryStore } from '../../src/interview/testing/MemoryStore.ts';

/**
 * The coordinator against plain stand-ins for the few discord.js members it touches (guild
 * member lookup, voice channel permissions, channel.send) and a scriptable runner.
 */
function world() {
  const sent: string[] = [];
  const inVoice = new Map<string, boolean>();
  const voiceChannel = {
    id: 'voice-1',
    type: 2,
    full: false,
    guild: { members: { me: { id: 'bot' } } },
    permissionsFor: () => ({ has: () => true }),
  };
  const member = (id: string) => ({ id, voice: { get channel() { return inVoice.get(id) === false ? null : voiceChannel; } } });
  const guild = { id: 'g1', members: { fetch: async ({ user }: { user: string }) => member(user) } };
  const textChannel = { id: 'text-1', send: async ({ content }: { content: string }) => void sent.push(content) };
  const request = (userId: string): InterviewRequest =>
    ({ guild, candidate: member(userId), voiceChannel, textChannel, resumeText: 'r', jobDescriptionText: 'j', jobTitle: '', type: 'technical', language: 'English', questionCount: 3 }) as unknown as InterviewRequest;

  const runners: FakeRunner[] = [];
  let failNext: Error | null = null;
  let gate: Promise<void> | null = null;
  const store = new MemoryStore();
  const coordinator = new InterviewCoordinator({
    logger: createLogger({ level: 'silent' }),
    store,
    startInterview: async (req) => {
      if (gate) await gate;
      if (failNext) {
        const e = failNext;
        failNext = null;
        throw e;
      }
      const r = new FakeRunner(`iv-${runners.length + 1}`, req.candidate.id);
      runners.push(r);
      return r;
    },
  });
  /** The next starts wait (joining voice takes time) until the returned function is called. */
  const holdStarts = (): (() => void) => {
    let release!: () => void;
    gate = new Promise((resolve) => (release = resolve));
    return release;
  };
  const queued = (): string[] => store.queue.map((e) => `${e.guildId}/${e.userId}`);
  const starts = (): string[] => store.starts.map((e) => `${e.guildId}/${e.userId}`);
  return { coordinator, request, sent, inVoice, runners, failStart: (e: Error) => (failNext = e), holdStarts, store, queued, starts };
}

class FakeRunner implements InterviewRunner {
  readonly interviewId: string;
  readonly candidateUserId: string;
  readonly done: Promise<InterviewOutcome>;
  readonly stops: StopReason[] = [];
  end!: (o: InterviewOutcome) => void;
  constructor(id: string, userId: string) {
    this.interviewId = id;
    this.candidateUserId = userId;
    this.done = new Promise((resolve) => (this.end = resolve));
  }
  async handleButton(): Promise<void> {}
  async stop(reason: StopReason): Promise<void> {
    this.stops.push(reason);
    this.end(reason.kind === 'shutdown' ? 'interrupted' : 'abandoned');
    await this.done;
  }
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('InterviewCoordinator', () => {
  it('runs one interview per guild and serves the queue in order, pinging each candidate', async () => {
    const w = world();
    expect(await w.coordinator.request(w.request('alice'))).toEqual({ kind: 'start' });
    expect(await w.coordinator.request(w.request('bob'))).toEqual({ kind: 'queued', position: 1 });
    expect(w.coordinator.activeInterviews).toBe(1);
    await expect(w.coordinator.request(w.request('bob'))).rejects.toMatchObject({ code: 'already_queued' });
    await expect(w.coordinator.request(w.request('alice'))).rejects.toMatchObject({ code: 'already_interviewing' });

    w.runners[0]?.end('completed');
    await until(() => w.runners.length === 2);
    expect(w.runners[1]?.candidateUserId).toBe('bob');
    expect(w.sent.some((m) => m.startsWith('<@bob>, it is your turn!'))).toBe(true);
    expect(w.coordinator.runningIn('g1')?.interviewId).toBe('iv-2');
  });

  it('tells a queued candidate who left voice and moves on to the next', async () => {
    const w = world();
    await w.coordinator.request(w.request('alice'));
    await w.coordinator.request(w.request('bob'));
    await w.coordinator.request(w.request('carol'));
    w.inVoice.set('bob', false);
    w.runners[0]?.end('completed');
    await until(() => w.runners.length === 2);
    expect(w.runners[1]?.candidateUserId).toBe('carol');
    expect(w.sent.find((m) => m.startsWith('<@bob>'))).toContain('Join a voice channel first');
  });

  it('frees the guild when an interview cannot start, and reports why', async () => {
    const w = world();
    w.failStart(new UserError('voice_failed', 'I could not connect to voice.'));
    await expect(w.coordinator.request(w.request('alice'))).rejects.toThrow('I could not connect to voice.');
    expect(await w.coordinator.request(w.request('bob'))).toEqual({ kind: 'start' });
  });

  it('lets waiting candidates leave', async () => {
    const w = world();
    await w.coordinator.request(w.request('alice'));
    await w.coordinator.request(w.request('bob'));
    await w.coordinator.request(w.request('carol'));
    expect(w.coordinator.leave('g1', 'bob')).toBe(true);
    expect(w.coordinator.positionOf('g1', 'carol')).toBe(1);
    w.runners[0]?.end('abandoned');
    await until(() => w.runners.length === 2);
    expect(w.runners[1]?.candidateUserId).toBe('carol');
  });

  it('on close stops running interviews for shutdown, tells those waiting, and refuses new requests', async () => {
    const w = world();
    await w.coordinator.request(w.request('alice'));
    await w.coordinator.request(w.request('bob'));
    await w.coordinator.close();
    expect(w.runners[0]?.stops).toEqual([{ kind: 'shutdown' }]);
    expect(w.runners).toHaveLength(1); // bob was not started
    expect(w.sent.find((m) => m.startsWith('<@bob>'))).toContain('queue was cleared');
    await expect(w.coordinator.request(w.request('carol'))).rejects.toMatchObject({ code: 'shutting_down' });
  });

  it('on close, an interview still starting is stopped as soon as it has started, and close waits for it', async () => {
    const w = world();
    const release = w.holdStarts();
    const starting = w.coordinator.request(w.request('alice'));
    let closed = false;
    const closing = w.coordinator.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(closed).toBe(false);
    release();
    await closing;
    await starting;
    expect(w.runners).toHaveLength(1);
    expect(w.runners[0]?.stops).toEqual([{ kind: 'shutdown' }]);
    expect(w.coordinator.activeInterviews).toBe(0);
  });

  it('records a start in the ledger only once an interview has started (not when queued, left, refused or failed)', async () => {
    const w = world();
    w.failStart(new UserError('voice_failed', 'I could not connect to voice.'));
    await expect(w.coordinator.request(w.request('alice'))).rejects.toThrow('I could not connect to voice.');
    expect(w.starts()).toEqual([]);
    await w.coordinator.request(w.request('alice'));
    expect(w.starts()).toEqual(['g1/alice']);
    await w.coordinator.request(w.request('bob'));
    await w.coordinator.request(w.request('carol'));
    w.coordinator.leave('g1', 'carol');
    expect(w.starts()).toEqual(['g1/alice']);
    w.runners[0]?.end('completed');
    await until(() => w.starts().length === 2);
    expect(w.starts()).toEqual(['g1/alice', 'g1/bob']);
  });

  it('turns "the store already has an interview in progress here" into a clear UserError, and frees the guild', async () => {
    const w = world();
    w.failStart(new InterviewAlreadyRunningError('g1'));
    const err = await w.coordinator.request(w.request('alice')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err).toMatchObject({ code: 'interview_running', message: expect.stringContaining('already running') });
    expect(w.starts()).toEqual([]);
    expect(await w.coordinator.request(w.request('bob'))).toEqual({ kind: 'start' });
  });

  it('mirrors the queue in the store: a row per waiting candidate, removed when they leave or are served', async () => {
    const w = world();
    await w.coordinator.request(w.request('alice'));
    expect(w.queued()).toEqual([]);
    await w.coordinator.request(w.request('bob'));
    await w.coordinator.request(w.request('carol'));
    await w.coordinator.request(w.request('dave'));
    expect(w.queued()).toEqual(['g1/bob', 'g1/carol', 'g1/dave']);
    expect(w.store.queue[0]).toMatchObject({ textChannelId: 'text-1', voiceChannelId: 'voice-1' });
    expect(Object.keys(w.store.queue[0]!).sort()).toEqual(['enqueuedAt', 'entryId', 'guildId', 'textChannelId', 'userId', 'voiceChannelId']);
    w.coordinator.leave('g1', 'carol');
    await until(() => w.queued().length === 2);
    expect(w.queued()).toEqual(['g1/bob', 'g1/dave']);
    w.runners[0]?.end('completed');
    await until(() => w.runners.length === 2);
    await until(() => w.queued().length === 1);
    expect(w.queued()).toEqual(['g1/dave']);
    await w.coordinator.close();
    expect(w.queued()).toEqual([]);
    expect(w.sent.find((m) => m.startsWith('<@dave>'))).toContain('queue was cleared');
  });

  it('refuses to queue a candidate the store could not record (a crash would lose them silently)', async () => {
    const w = world();
    await w.coordinator.request(w.request('alice'));
    w.store.saveQueueEntry = async () => {
      throw new Error('storage down');
    };
    await expect(w.coordinator.request(w.request('bob'))).rejects.toThrow('storage down');
    expect(w.coordinator.positionOf('g1', 'bob')).toBeNull();
  });
});
