import type { Client } from 'discord.js';
import type { LanguageModel } from '../../ai/LanguageModel.ts';
import type { SpeechAudio, TextToSpeech } from '../../ai/TextToSpeech.ts';
import type { Config } from '../../config.ts';
import type { Store } from '../../interview/Store.ts';
import type { Clock } from '../../interview/InterviewIO.ts';
import type { PlannedBankQuestion } from '../../interview/bank/planBankQuestions.ts';
import type { RubricCriterion } from '../../interview/rubric.ts';
import type { Logger } from '../../logger.ts';
import type { PendingWrites } from './resultsDetails.ts';
import type { ListenerTurnOptions } from './listenerTurnOptions.ts';
import type { AnswerCaptureFactory } from './VoiceInterviewIO.ts';
import type { Playable } from '../../voice/Playable.ts';
import type { OpenInterviewVoice } from './InterviewVoice.ts';
import type { CaptionBudget } from './CaptionBudget.ts';

/** What one live interview needs, passed in by the starter (see createLiveInterviewStarter). */
export interface LiveInterviewDeps {
  client: Client;
  config: Config;
  logger: Logger;
  /** Writes go through the bot's StoreWriteQueue (see {@link pendingWrites}). */
  store: Store;
  /** The writes still queued, for the results; omitted when writes are not queued. */
  pendingWrites?: PendingWrites | undefined;
  llm: LanguageModel;
  tts: TextToSpeech;
  /**
   * Per-answer capture over the candidate's packets (VOICE's AnswerListener + STT). `clock` is the
   * voice clock (packet arrival times), which stands still while the voice connection is down.
   * `turns` says how this answer ends (adaptive or fixed silence) and which commands it hears.
   */
  createCapture: (ctx: { number: number; question: string; signal: AbortSignal; startedAtMs: number; language: string; clock: Clock; turns: ListenerTurnOptions }) => ReturnType<AnswerCaptureFactory>;
  /** Speech audio → something the bot can say (VOICE's playableSpeech). */
  toResource: (audio: SpeechAudio) => Playable;
  /** The spoken recording notice, ready to play (VOICE's PhraseCache keeps it synthesised). */
  noticeResource: (text: string) => Promise<Playable>;
  /** Joins the voice channel: in this thread (VoiceLink, the default) or in a voice thread (VoiceThreadPool). */
  openVoice?: OpenInterviewVoice;
  /** Default the system clock. */
  clock?: Clock;
  /** The process's caption edits, shared by all interviews; default none (each card CAPTION_INTERVAL_MS). */
  captionBudget?: CaptionBudget;
  /** The server's bank questions planned for this interview (loadBankPlan, once at the start); default none. */
  bankQuestions?: readonly PlannedBankQuestion[];
  /** The server's rubric for this interview's type, read once at its start (loadRubric); default the built-in one. */
  rubric?: readonly RubricCriterion[];
}
