import type { AudioResource } from '@discordjs/voice';
import { Events, type Client, type VoiceState } from 'discord.js';
import type { LanguageModel } from '../../ai/LanguageModel.ts';
import type { SpeechAudio, TextToSpeech } from '../../ai/TextToSpeech.ts';
import type { Config } from '../../config.ts';
import type { Store } from '../../db/Store.ts';
import { systemClock, type Clock } from '../../interview/InterviewIO.ts';
import { InterviewSession, type SessionResult } from '../../interview/InterviewSession.ts';
import type { InterviewRecord } from '../../interview/types.ts';
import type { Logger } from '../../logger.ts';
import { UserError } from '../../UserError.ts';
import { buildResultsEmbed } from '../embeds/resultsEmbed.ts';
import { buildTranscriptFile } from '../embeds/transcriptFile.ts';
import type { InterviewOutcome, InterviewRequest, InterviewRunner, LiveButtonAction, StopReason } from '../InterviewRunner.ts';
import { PausableClock } from './PausableClock.ts';
import { QuestionCards, type CardChannel } from './QuestionCards.ts';
import { VoiceInterviewIO, type AnswerCaptureFactory } from './VoiceInterviewIO.ts';
import { VoiceLink, type VoiceLinkStatus } from './VoiceLink.ts';
import { daveHealth, type InterviewVoiceHealth } from './daveHealth.ts';

/** What one live interview needs, passed in by the starter (see createLiveInterviewStarter). */
export interface LiveInterviewDeps {
  client: Client;
  config: Config;
  logger: Logger;
  store: Store;
  llm: LanguageModel;
  tts: TextToSpeech;
  /**
   * Per-answer capture over the candidate's packets (VOICE's AnswerListener + STT). `clock` is the
   * voice clock (packet arrival times), which stands still while the voice connection is down.
   */
  createCapture: (ctx: { number: number; signal: AbortSignal; startedAtMs: number; language: string; clock: Clock }) => ReturnType<AnswerCaptureFactory>;
  /** Speech audio → a playable resource without ffmpeg (VOICE's createSpeechResource). */
  toResource: (audio: SpeechAudio) => AudioResource;
  /** The spoken recording notice, ready to play (VOICE's PhraseCache keeps it synthesised). */
  noticeResource: (text: string) => Promise<AudioResource>;
  /** Default the system clock. */
  clock?: Clock;
}

/** Posted once at the start of every interview. */
export const RECORDING_NOTICE =
  'This interview is recorded and transcribed so that your answers can be scored. Only the candidate is transcribed. You can end it at any time with the End interview button.';

/** Said once at the start of every interview (short: the full notice is posted). */
export const SPOKEN_RECORDING_NOTICE = 'Hello! This interview is recorded and transcribed.';

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
  readonly #link: VoiceLink;
  readonly #cards: QuestionCards;
  readonly #io: VoiceInterviewIO;
  readonly #session: InterviewSession;
  readonly #onVoiceState: (oldState: VoiceState, newState: VoiceState) => void;
  #stopping: StopReason | null = null;
  /** Why an interrupted interview stopped, for the message to the candidate. */
  #interruptedBy: 'shutdown' | 'voice_lost' = 'shutdown';

  /** Short messages being posted (see #tell). */
  readonly #messages = new Set<Promise<void>>();
  /** The recording notice being said (never rejects); awaited before the interview is over. */
  readonly #noticePlayed: Promise<void>;

  private constructor(deps: LiveInterviewDeps, request: InterviewRequest, record: InterviewRecord, link: VoiceLink, io: VoiceInterviewIO, cards: QuestionCards, log: Logger, noticePlayed: Promise<void>) {
    this.#deps = deps;
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
      repeatWindowMs: config.interview.repeatWindowMs,
      rejoinTimeoutMs: config.interview.rejoinTimeoutMs,
      clock: deps.clock ?? systemClock,
      logger: deps.logger,
    });
    this.#onVoiceState = (oldState, newState) => this.#voiceStateChanged(oldState, newState);
    deps.client.on(Events.VoiceStateUpdate, this.#onVoiceState);
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
    const record = await store.createInterview({
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
    let io: VoiceInterviewIO | null = null;
    let link: VoiceLink;
    let live: LiveInterview | null = null;
    const channel: CardChannel = {
      send: async (body) => {
        const message = await request.textChannel.send(body);
        return { edit: (next) => message.edit(next) };
      },
    };
    const cards = new QuestionCards({ channel, logger: log, captionIntervalMs: config.interview.captionIntervalMs, maxAnswerMs: config.interview.maxAnswerMs, doneButtonAfterMs: config.interview.doneButtonAfterMs, nowMs });
    try {
      link = await VoiceLink.open({
        guildId: request.guild.id,
        channelId: request.voiceChannel.id,
        adapterCreator: request.guild.voiceAdapterCreator,
        candidateUserId: request.candidate.id,
        logger: log,
        nowMs: () => voiceClock.now(),
        onCandidatePacket: (opus, receivedAtMs) => io?.pushPacket({ opus, receivedAtMs }),
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
    const noticePlayed = LiveInterview.#sayNotice(deps, link, request, log);
    io = new VoiceInterviewIO({
      tts: deps.tts,
      toResource: deps.toResource,
      play: (resource, signal) => link.play(resource, signal),
      createCapture: (ctx) => deps.createCapture({ ...ctx, language: request.language, clock: voiceClock }),
      cards,
      logger: log,
      nowMs: () => voiceClock.now(),
      before: noticePlayed,
    });
    live = new LiveInterview(deps, request, record, link, io, cards, log, noticePlayed);
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
    const number = this.#session.view.number;
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
        this.#cards.setQuestionEnd(number, { kind: 'skipped' });
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
    try {
      const running = this.#session.run();
      // The candidate may have left between /interview start and the bot joining.
      if (!this.#candidateInChannel()) this.#voiceStateLeft();
      result = await running;
      await this.#session.close();
    } catch (error) {
      this.#log.error({ err: error }, 'interview failed');
      await this.#session.shutdown().catch(() => undefined);
    }
    this.#deps.client.off(Events.VoiceStateUpdate, this.#onVoiceState);
    this.#io.close();
    await this.#cards.close();
    await this.#link.close();
    await this.#noticePlayed;
    await Promise.allSettled([...this.#messages]);
    const outcome: InterviewOutcome = result?.status ?? 'failed';
    await this.#postResults(outcome).catch((error: unknown) => this.#log.warn({ err: error }, 'could not post the results'));
    this.#log.info({ outcome, questions: result?.questions.length ?? 0 }, 'interview finished');
    return outcome;
  }

  async #postResults(outcome: InterviewOutcome): Promise<void> {
    const { store } = this.#deps;
    const details = await store.getInterview(this.#record.guildId, this.#record.id);
    const mention = `<@${this.candidateUserId}>`;
    const intro: Record<InterviewOutcome, string> = {
      completed: `${mention} your interview is complete. Here are your results:`,
      abandoned: `${mention} the interview ended early. Here is what you answered:`,
      interrupted: this.#interruptedBy === 'voice_lost'
        ? `${mention} I lost the voice connection and could not get it back, so the interview stopped. Your answers so far are saved:`
        : `${mention} the interview was interrupted because the bot is restarting. Your answers so far are saved:`,
      failed: `${mention} something went wrong and the interview stopped. Your answers so far are saved:`,
    };
    if (!details || details.questions.length === 0) {
      await this.#request.textChannel.send({ content: `${intro[outcome].replace(/[.:]$/, '.')} No question was answered.`, allowedMentions: { users: [this.candidateUserId] } });
      return;
    }
    await this.#request.textChannel.send({
      content: intro[outcome],
      embeds: [buildResultsEmbed(details)],
      files: [buildTranscriptFile(details)],
      allowedMentions: { users: [this.candidateUserId] },
    });
  }

  static async #sayNotice(deps: LiveInterviewDeps, link: VoiceLink, request: InterviewRequest, log: Logger): Promise<void> {
    try {
      await request.textChannel.send({ content: `🎙️ <@${request.candidate.id}> ${RECORDING_NOTICE}`, allowedMentions: { users: [request.candidate.id] } });
    } catch (error) {
      log.warn({ err: error }, 'could not post the recording notice');
    }
    try {
      await link.play(await deps.noticeResource(SPOKEN_RECORDING_NOTICE));
    } catch (error) {
      log.warn({ err: error }, 'could not say the recording notice');
    }
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
    const task = this.#request.textChannel
      .send({ content, allowedMentions: { users: [this.candidateUserId] } })
      .then(
        () => undefined,
        (error: unknown) => this.#log.warn({ err: error }, 'could not post a message'),
      );
    this.#messages.add(task);
    void task.finally(() => this.#messages.delete(task));
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
