import { InterviewAlreadyRunningError } from '../interview/InterviewAlreadyRunningError.ts';
import type { Store } from '../interview/Store.ts';
import type { Logger } from '../logger.ts';
import type { InterviewVoiceHealth } from './live/daveHealth.ts';
import { UserError } from '../UserError.ts';
import { candidateVoiceChannel } from './checkChannels.ts';
import { newReferenceId } from './errorBoundary.ts';
import { GuildQueue, type QueueDecision } from './GuildQueue.ts';
import type { InterviewRequest, InterviewRunner, StartInterview } from './InterviewRunner.ts';
import { QueueJournal, type QueueJournalStore } from './QueueJournal.ts';
import { TaskGroup } from '../util/TaskGroup.ts';

/** Options of {@link InterviewCoordinator}. */
export interface InterviewCoordinatorOptions {
  startInterview: StartInterview;
  /** Where starts are recorded (the daily limit) and the queue is mirrored (told after a crash). */
  store: QueueJournalStore & Pick<Store, 'recordInterviewStart'>;
  logger: Logger;
  /** How many candidates may wait per guild. */
  maxWaitingPerGuild?: number;
}

/**
 * One interview per guild at a time, the rest queued. Starts interviews through
 * {@link StartInterview}, moves the queue on when one ends, pings the next candidate in the
 * interview's text channel and starts theirs if they are (still) in a voice channel. Records
 * each interview that starts in the store's ledger (the daily limit: refusals, failed starts and
 * candidates who leave the queue do not count) and mirrors the queue into the store
 * ({@link QueueJournal}). Owns every task it starts; {@link InterviewCoordinator.close} stops
 * running interviews and awaits them.
 */
export class InterviewCoordinator {
  readonly #o: InterviewCoordinatorOptions;
  readonly #queue: GuildQueue<InterviewRequest>;
  readonly #journal: QueueJournal;
  readonly #running = new Map<string, InterviewRunner>();
  /** Every task started here, interviews being started included (joining voice takes seconds). */
  readonly #tasks: TaskGroup;
  #closing = false;

  constructor(options: InterviewCoordinatorOptions) {
    this.#o = options;
    this.#queue = new GuildQueue({ maxWaiting: options.maxWaitingPerGuild ?? 25 });
    this.#journal = new QueueJournal(options.store, options.logger);
    this.#tasks = new TaskGroup((task, err) => options.logger.error({ err, task }, 'coordinator task failed'));
  }

  /**
   * Starts the interview now if the guild is free (resolving once it runs), or queues it.
   * @throws UserError when the candidate is already interviewing/queued, the queue is full, the
   *   bot is shutting down, or the interview could not start (`interview_running` when the
   *   store already has one in progress in this guild).
   */
  async request(request: InterviewRequest): Promise<Extract<QueueDecision, { kind: 'start' | 'queued' }>> {
    if (this.#closing) throw new UserError('shutting_down', 'I am restarting right now; please try again in a minute.');
    const guildId = request.guild.id;
    const decision = this.#queue.request(guildId, request.candidate.id, request);
    switch (decision.kind) {
      case 'already_active':
        throw new UserError('already_interviewing', 'You already have an interview running in this server. Use `/interview stop` to end it first.');
      case 'already_queued':
        throw new UserError('already_queued', `You are already in the queue (number ${decision.position}). I will ping you when it is your turn; \`/interview queue-leave\` leaves the queue.`);
      case 'full':
        throw new UserError('queue_full', 'The interview queue in this server is full. Please try again later.');
      case 'queued':
        try {
          await this.#journal.added({
            guildId,
            userId: request.candidate.id,
            textChannelId: request.textChannel.id,
            voiceChannelId: request.voiceChannel.id,
          });
        } catch (err) {
          // Not stored, so a crash would lose them silently: refuse instead (unless already served).
          if (this.#queue.leave(guildId, request.candidate.id)) throw err;
        }
        return decision;
      case 'start':
        try {
          await this.#start(request);
        } catch (err) {
          this.#advance(guildId);
          throw err;
        }
        return decision;
    }
  }

  /** Takes a waiting candidate out of the queue; false if they were not waiting. */
  leave(guildId: string, userId: string): boolean {
    const left = this.#queue.leave(guildId, userId);
    if (left) this.#track('queue journal', this.#journal.removed(guildId, userId));
    return left;
  }

  /** 1-based queue position, or null. */
  positionOf(guildId: string, userId: string): number | null {
    return this.#queue.positionOf(guildId, userId);
  }

  /** The candidate whose interview is running or starting in this guild. */
  activeUserId(guildId: string): string | null {
    return this.#queue.activeUserId(guildId);
  }

  /** The interview running in this guild, if any. */
  runningIn(guildId: string): InterviewRunner | undefined {
    return this.#running.get(guildId);
  }

  /** The running interview with this id, if it runs in this guild. */
  runningById(guildId: string, interviewId: string): InterviewRunner | undefined {
    const runner = this.#running.get(guildId);
    return runner?.interviewId === interviewId ? runner : undefined;
  }

  /** Voice encryption state of each running interview (for /health). */
  voiceHealth(): InterviewVoiceHealth[] {
    return [...this.#running.values()].flatMap((r) => (r.voiceHealth ? [r.voiceHealth()] : []));
  }

  /** Interviews running now (for /health). */
  get activeInterviews(): number {
    return this.#running.size;
  }

  /**
   * Shutdown: refuses new requests, drops the queue (telling those waiting), stops every running
   * interview (save, leave voice) and awaits all tasks.
   */
  async close(): Promise<void> {
    this.#closing = true;
    const dropped = this.#queue.clearWaiting();
    const notices = dropped.map(async ({ guildId, userId, item }) => {
      await this.#say(item, `<@${userId}>, I am restarting, so the interview queue was cleared. Please run \`/interview start\` again in a minute.`, userId);
      await this.#journal.removed(guildId, userId);
    });
    const stops = [...this.#running.values()].map((r) =>
      r.stop({ kind: 'shutdown' }).catch((err: unknown) => this.#o.logger.error({ err, interviewId: r.interviewId }, 'stopping an interview at shutdown failed')),
    );
    await Promise.all([...notices, ...stops]);
    // An interview still starting stops itself once started (see #startNow).
    await this.#tasks.drain();
    await this.#journal.idle();
  }

  async #start(request: InterviewRequest): Promise<void> {
    const starting = this.#startNow(request);
    // close() waits for it too; its failure is the caller's (request() rejects with it).
    void this.#tasks.spawn('start', () => starting.catch(() => undefined));
    try {
      await starting;
    } catch (err) {
      // Another process runs one here, or a row left in progress was not recovered yet.
      if (err instanceof InterviewAlreadyRunningError) {
        throw new UserError('interview_running', 'An interview is already running in this server. Please try again once it has ended.', { cause: err });
      }
      throw err;
    }
  }

  async #startNow(request: InterviewRequest): Promise<void> {
    const guildId = request.guild.id;
    const runner = await this.#o.startInterview(request);
    this.#running.set(guildId, runner);
    // It started: it counts toward the daily limit. A failed write must not end the interview.
    await this.#o.store
      .recordInterviewStart(guildId, request.candidate.id)
      .catch((err: unknown) => this.#o.logger.error({ err, guildId, interviewId: runner.interviewId }, 'could not record the interview start'));
    if (this.#closing) {
      // Shutdown began while it was starting: close() already stopped the others.
      this.#track('stop', runner.stop({ kind: 'shutdown' }));
    }
    this.#track(
      'interview',
      runner.done.then(
        (outcome) => this.#o.logger.info({ guildId, interviewId: runner.interviewId, outcome }, 'interview ended'),
        (err: unknown) => this.#o.logger.error({ err, guildId, interviewId: runner.interviewId }, 'interview runner rejected (it must not)'),
      ).finally(() => {
        if (this.#running.get(guildId) === runner) this.#running.delete(guildId);
        this.#advance(guildId);
      }),
    );
  }

  /** The active interview in a guild is over: serve the next waiting candidate, if any. */
  #advance(guildId: string): void {
    const next = this.#queue.finish(guildId);
    if (!next) return;
    this.#track('queue journal', this.#journal.removed(guildId, next.userId));
    this.#track('serve next', this.#serveNext(guildId, next.userId, next.item));
  }

  async #serveNext(guildId: string, userId: string, request: InterviewRequest): Promise<void> {
    const log = this.#o.logger.child({ guildId, userId });
    if (this.#closing) return;
    let candidate = request.candidate;
    try {
      candidate = await request.guild.members.fetch({ user: userId, force: false });
    } catch (err) {
      log.warn({ err }, 'could not refresh the next candidate');
    }
    let voiceChannel;
    try {
      voiceChannel = candidateVoiceChannel(candidate);
    } catch (err) {
      const why = err instanceof UserError ? err.message : 'I could not check your voice channel.';
      await this.#say(request, `<@${userId}>, it is your turn for an interview, but I can't start it: ${why}\nYour turn passed to the next candidate; run \`/interview start\` again when you are ready.`, userId);
      this.#advance(guildId);
      return;
    }
    await this.#say(request, `<@${userId}>, it is your turn! Starting your interview in <#${voiceChannel.id}>.`, userId);
    try {
      await this.#start({ ...request, candidate, voiceChannel });
    } catch (err) {
      let why: string;
      if (err instanceof UserError) {
        why = err.message;
      } else {
        const referenceId = newReferenceId();
        log.error({ err, referenceId }, 'starting a queued interview failed');
        why = `Something went wrong on my side (reference \`${referenceId}\`).`;
      }
      await this.#say(request, `<@${userId}>, your interview could not start: ${why}`, userId);
      this.#advance(guildId);
    }
  }

  /** Posts in the request's text channel, pinging only `userId`. Never throws. */
  async #say(request: InterviewRequest, content: string, userId: string): Promise<void> {
    try {
      await request.textChannel.send({ content, allowedMentions: { users: [userId] } });
    } catch (err) {
      this.#o.logger.warn({ err, guildId: request.guild.id, channelId: request.textChannel.id }, 'could not post in the interview channel');
    }
  }

  #track(name: string, task: Promise<unknown>): void {
    void this.#tasks.spawn(name, async () => {
      await task;
    });
  }
}
