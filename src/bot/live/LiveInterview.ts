import type { VoiceState } from 'discord.js';
import { systemClock } from '../../interview/InterviewIO.ts';
import { InterviewSession, type SessionResult } from '../../interview/InterviewSession.ts';
import type { InterviewRecord } from '../../interview/types.ts';
import type { Logger } from '../../logger.ts';
import { UserError } from '../../UserError.ts';
import type { InterviewOutcome, InterviewRequest, InterviewRunner, LiveButtonAction, StopReason } from '../InterviewRunner.ts';
import { newReferenceId } from '../errorBoundary.ts';
import { createInterviewRow } from './createInterviewRow.ts';
import { InterviewMessages } from './InterviewMessages.ts';
import { PausableClock } from './PausableClock.ts';
import { postResults } from './postResults.ts';
import { sayRecordingNotice } from './sayRecordingNotice.ts';
import { QuestionCards, type CardChannel } from './QuestionCards.ts';
import { closingLine, overallScoreLine } from '../../interview/turns/acknowledgements.ts';
import { listenerTurnOptions } from './listenerTurnOptions.ts';
import { VoiceInterviewIO } from './VoiceInterviewIO.ts';
import { VoiceLink, type VoiceLinkStatus } from './VoiceLink.ts';
import type { InterviewVoice } from './InterviewVoice.ts';
import { daveHealth, type InterviewVoiceHealth } from './daveHealth.ts';
import { onGuildVoiceState } from './guildVoiceStates.ts';
import type { LiveInterviewDeps } from './LiveInterviewDeps.ts';
import { readInterviewVisibility, type InterviewVisibility } from './interviewVisibility.ts';
export type { LiveInterviewDeps } from './LiveInterviewDeps.ts';
export { RECORDING_NOTICE, SPOKEN_RECORDING_NOTICE } from './sayRecordingNotice.ts';

/**
 * One running voice interview in one guild: joins the candidate's voice channel, runs the
 * engine's {@link InterviewSession} with voice IO, pauses when the candidate leaves the channel,
 * posts the results with the transcript, and leaves. Created by {@link LiveInterview.start};
 * `done` never rejects.
 */
export class LiveInterview implements InterviewRunner {
  readonly interviewId: string;
  readonly candidateUserId: string;
  readonly done: Promise<InterviewOutcome>;
  readonly #deps: LiveInterviewDeps;
  readonly #request: InterviewRequest;
  readonly #record: InterviewRecord;
  readonly #log: Logger;
  readonly #link: InterviewVoice;
  readonly #cards: QuestionCards;
  /** Every message posted for this interview is recorded there (see InterviewMessages). */
  readonly #posted: InterviewMessages;
  readonly #io: VoiceInterviewIO;
  readonly #visibility: InterviewVisibility;
  readonly #session: InterviewSession;
  readonly #stopVoiceStates: () => void;
  #stopping: StopReason | null = null;
  /** Why an interrupted interview stopped, for the message to the candidate. */
  #interruptedBy: 'shutdown' | 'voice_lost' = 'shutdown';
  /** The recording notice being said (never rejects); awaited before the interview is over. */
  readonly #noticePlayed: Promise<void>;
  /** "That's the end of the interview…", said when the last answer ended (never rejects). */
  #closingSaid: Promise<void> = Promise.resolve();

  private constructor(deps: LiveInterviewDeps, request: InterviewRequest, record: InterviewRecord, link: InterviewVoice, io: VoiceInterviewIO, cards: QuestionCards, posted: InterviewMessages, log: Logger, noticePlayed: Promise<void>, visibility: InterviewVisibility) {
    this.#deps = deps;
    this.#visibility = visibility;
    this.#posted = posted;
    this.#noticePlayed = noticePlayed;
    this.#request = request;
    this.#record = record;
    this.#log = log;
    this.#link = link;
    this.#io = io;
    this.#cards = cards;
    this.interviewId = record.id;
    this.candidateUserId = request.candidate.id;
    const { config } = deps;
    this.#session = new InterviewSession({
      interview: record,
      resumeText: request.resumeText,
      jobDescription: request.jobDescriptionText,
      model: deps.llm,
      store: deps.store,
      io,
      repeatWindowMs: config.interview.repeatWindowMs, rejoinTimeoutMs: config.interview.rejoinTimeoutMs, acknowledge: config.interview.acknowledgements,
      clock: deps.clock ?? systemClock, logger: deps.logger, bankQuestions: deps.bankQuestions, rubric: deps.rubric,
    });
    this.#session.on('stateChange', (_old, state) => {
      if (state.status === 'completed') this.#closingSaid = this.#say(closingLine(record.language));
    });
    // One client listener for all interviews, routed by guild (see onGuildVoiceState).
    this.#stopVoiceStates = onGuildVoiceState(deps.client, record.guildId, (oldState, newState) => this.#voiceStateChanged(oldState, newState));
    this.done = this.#run();
  }

  /**
   * Creates the interview row, joins voice and starts the interview in the background.
   * @throws UserError when the voice channel cannot be joined (the row is marked failed)
   */
  static async start(deps: LiveInterviewDeps, request: InterviewRequest): Promise<LiveInterview> {
    const { store, config } = deps;
    const clock = deps.clock ?? systemClock;
    const nowMs = (): number => clock.now();
    const voiceClock = new PausableClock(clock);
    const record = await createInterviewRow(deps.store, deps.logger, {
      guildId: request.guild.id,
      candidateUserId: request.candidate.id,
      candidateName: request.candidate.displayName,
      textChannelId: request.textChannel.id,
      voiceChannelId: request.voiceChannel.id,
      jobTitle: request.jobTitle,
      type: request.type,
      language: request.language,
      questionCount: request.questionCount,
    });
    const log = deps.logger.child({ guildId: record.guildId, interviewId: record.id });
    const visibility = await readInterviewVisibility(store, record.guildId, log);
    let io: VoiceInterviewIO | null = null;
    let link: InterviewVoice;
    let live: LiveInterview | null = null;
    const posted = new InterviewMessages({ store, guildId: record.guildId, interviewId: record.id, logger: log });
    const channel: CardChannel = {
      send: async (body) => {
        const message = await posted.post('question_card', () => request.textChannel.send(body));
        return { edit: (next) => message.edit(next) };
      },
    };
    const cards = new QuestionCards({ channel, logger: log, captionIntervalMs: config.interview.captionIntervalMs, captionBudget: deps.captionBudget, maxAnswerMs: config.interview.maxAnswerMs, doneButtonAfterMs: config.interview.doneButtonAfterMs, nowMs, captions: visibility.captions });
    try {
      link = await (deps.openVoice ?? ((o) => VoiceLink.open(o)))({
        guildId: request.guild.id,
        channelId: request.voiceChannel.id,
        adapterCreator: request.guild.voiceAdapterCreator,
        candidateUserId: request.candidate.id,
        logger: log,
        nowMs: () => voiceClock.now(),
        onCandidatePacket: (opus, receivedAtMs, pcm) => io?.pushPacket(pcm ? { opus, receivedAtMs, pcm } : { opus, receivedAtMs }),
        onStatus: (status) => {
          // While the connection is down no packet can arrive: that is not the candidate's silence.
          if (status === 'reconnecting') voiceClock.pause();
          else voiceClock.resume();
          if (live) live.#voiceStatus(status);
        },
      });
    } catch (error) {
      await store.finishInterview(record.guildId, record.id, 'failed', null).catch((e: unknown) => log.error({ err: e }, 'could not mark the interview failed'));
      throw error;
    }
    const noticePlayed = sayRecordingNotice({ play: (r) => link.say(r), noticeResource: deps.noticeResource, channel: request.textChannel, candidateId: request.candidate.id, posted, log });
    io = new VoiceInterviewIO({
      tts: deps.tts,
      toResource: deps.toResource,
      play: (speech, signal) => link.say(speech, signal),
      createCapture: (ctx) => deps.createCapture({
        ...ctx, language: request.language, clock: voiceClock,
        turns: listenerTurnOptions(config, { model: deps.llm, language: request.language, question: ctx.question, log }),
      }),
      phrase: (text) => deps.noticeResource(text),
      bargeInAfterMs: config.interview.bargeInAfterMs > 0 ? config.interview.bargeInAfterMs : null,
      cards,
      logger: log,
      nowMs: () => voiceClock.now(),
      before: noticePlayed,
    });
    live = new LiveInterview(deps, request, record, link, io, cards, posted, log, noticePlayed, visibility);
    return live;
  }

  voiceHealth(): InterviewVoiceHealth {
    return daveHealth(this.interviewId, this.#link.daveStats);
  }

  /** Same as {@link LiveInterview.done}: resolves with the outcome once the interview is over. */
  run(): Promise<InterviewOutcome> {
    return this.done;
  }

  async handleButton(action: LiveButtonAction, userId: string, isMentor: boolean): Promise<void> {
    if (userId !== this.candidateUserId && !isMentor) {
      throw new UserError('not_your_interview', 'Only the candidate or a mentor can use these buttons.');
    }
    switch (action) {
      case 'repeat':
        if (!this.#session.repeat()) {
          const minutes = Math.round(this.#deps.config.interview.repeatWindowMs / 60_000);
          throw new UserError('repeat_unavailable', `Repeat works while you answer, within ${minutes} minute${minutes === 1 ? '' : 's'} of the question being asked.`);
        }
        return;
      case 'done':
        if (!this.#session.done()) throw new UserError('not_answering', 'There is no answer in progress to finish.');
        return;
      case 'skip':
        if (!this.#session.skip()) throw new UserError('cannot_skip', 'There is no question to skip right now.');
        return;
      case 'end':
        await this.stop({ kind: 'user', userId });
        return;
    }
  }

  async stop(reason: StopReason): Promise<void> {
    if (!this.#stopping) {
      this.#stopping = reason;
      if (reason.kind === 'shutdown') {
        await this.#session.shutdown();
      } else {
        this.#session.stop(reason.userId === this.candidateUserId ? 'candidate' : 'mentor');
      }
    }
    await this.done;
  }

  /** Graceful shutdown: saves what was answered, marks the interview interrupted, leaves voice. */
  async close(): Promise<void> {
    await this.stop({ kind: 'shutdown' });
  }

  async #run(): Promise<InterviewOutcome> {
    let result: SessionResult | null = null;
    let failure: unknown = null;
    try {
      const running = this.#session.run();
      // The candidate may have left between /interview start and the bot joining.
      if (!this.#candidateInChannel()) this.#voiceStateLeft();
      result = await running;
      await this.#session.close();
    } catch (error) {
      failure = error;
      await this.#session.shutdown().catch(() => undefined);
    }
    const outcome: InterviewOutcome = result?.status ?? 'failed';
    // One id for the log and the candidate, so a report can be matched to what went wrong.
    const referenceId = outcome === 'failed' ? newReferenceId() : null;
    if (referenceId) this.#log.error({ err: failure ?? undefined, referenceId }, 'interview failed');
    // Each step of leaving is owned here: one failing must not skip the others or the results.
    await this.#settle('stop listening', () => {
      this.#stopVoiceStates();
      this.#io.close();
    });
    await this.#settle('close the question cards', () => this.#cards.close());
    await this.#noticePlayed;
    await this.#closingSaid;
    await this.#settle('post the results', () => postResults({ store: this.#deps.store, pendingWrites: this.#deps.pendingWrites, result, logger: this.#log, record: this.#record, candidateUserId: this.candidateUserId, channel: this.#request.textChannel, messages: this.#posted, outcome, interruptedBy: this.#interruptedBy, referenceId, visibility: this.#visibility }));
    // Completed and scored: the overall score in one sentence, then goodbye.
    if (outcome === 'completed' && result?.finalScore != null) await this.#say(overallScoreLine(this.#record.language, result.finalScore));
    await this.#settle('leave voice', () => this.#link.close());
    await this.#posted.drain();
    this.#log.info({ outcome, questions: result?.questions.length ?? 0 }, 'interview finished');
    return outcome;
  }

  /** Says a line in the voice channel (synthesised once, cached); never rejects. */
  #say(text: string): Promise<void> {
    return this.#deps.noticeResource(text).then((resource) => this.#link.say(resource)).catch((error: unknown) => this.#log.warn({ err: error }, 'could not say a line'));
  }

  /** Runs one cleanup step; a failure is logged, never thrown (`done` never rejects). */
  async #settle(step: string, fn: () => unknown): Promise<void> {
    await Promise.resolve().then(fn).catch((error: unknown) => this.#log.warn({ err: error, step }, 'could not finish the interview cleanly'));
  }

  #candidateInChannel(): boolean {
    const state = this.#request.guild.voiceStates.cache.get(this.candidateUserId);
    return state?.channelId === this.#request.voiceChannel.id;
  }

  #voiceStateChanged(oldState: VoiceState, newState: VoiceState): void {
    if (newState.guild.id !== this.#record.guildId || newState.id !== this.candidateUserId) return;
    const channelId = this.#request.voiceChannel.id;
    const wasIn = oldState.channelId === channelId;
    const isIn = newState.channelId === channelId;
    if (wasIn && !isIn) {
      this.#voiceStateLeft();
    } else if (!wasIn && isIn) {
      this.#log.info('candidate returned; resuming');
      this.#cards.setNotice(null);
      this.#session.candidateReturned();
    }
  }

  #voiceStateLeft(): void {
    this.#log.info('candidate is not in the voice channel; pausing');
    const minutes = Math.max(1, Math.round(this.#deps.config.interview.rejoinTimeoutMs / 60_000));
    const notice = `You left the voice channel, so the interview is paused. Come back within ${minutes} minute${minutes === 1 ? '' : 's'} to continue.`;
    this.#cards.setNotice(notice);
    this.#session.candidateLeft();
    if (!this.#cards.hasCard) this.#tell(`<@${this.candidateUserId}> ${notice}`);
  }

  /** Posts a short message (owned: awaited before the interview is over); failures are only logged. */
  #tell(content: string): void {
    this.#posted.postLater('notice', () => this.#request.textChannel.send({ content, allowedMentions: { users: [this.candidateUserId] } }));
  }

  #voiceStatus(status: VoiceLinkStatus): void {
    if (status === 'reconnecting') this.#cards.setVoiceReconnecting(true);
    if (status === 'ready') this.#cards.setVoiceReconnecting(false);
    if (status === 'lost' && !this.#stopping) {
      this.#log.error('voice connection lost for good; ending the interview');
      this.#stopping = { kind: 'shutdown' };
      this.#interruptedBy = 'voice_lost';
      void this.#session.shutdown().catch(() => undefined);
    }
  }
}
