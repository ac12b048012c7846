import type { Client } from 'discord.js';
import type { LanguageModel } from '../../ai/LanguageModel.ts';
import type { SpeechToText } from '../../ai/SpeechToText.ts';
import type { SpeechAudio, TextToSpeech } from '../../ai/TextToSpeech.ts';
import type { Config } from '../../config.ts';
import type { Store } from '../../interview/Store.ts';
import { systemClock, type Clock } from '../../interview/InterviewIO.ts';
import { loadRubric } from '../../interview/loadRubric.ts';
import type { Logger } from '../../logger.ts';
import { acknowledgementLines } from '../../interview/turns/acknowledgements.ts';
import { loadBankPlan } from '../../interview/bank/planBankQuestions.ts';
import { AnswerListener } from '../../voice/AnswerListener.ts';
import { playableSpeech, type Playable } from '../../voice/Playable.ts';
import { PhraseCache } from '../../voice/PhraseCache.ts';
import type { StartInterview } from '../InterviewRunner.ts';
import { CaptionBudget } from './CaptionBudget.ts';
import type { OpenInterviewVoice } from './InterviewVoice.ts';
import { LiveInterview, SPOKEN_RECORDING_NOTICE } from './LiveInterview.ts';
import type { PendingWrites } from './resultsDetails.ts';

/** What the bot hands to live interviews: its client, config, storage and AI providers. */
export interface LiveInterviewStarterDeps {
  client: Client;
  config: Config;
  logger: Logger;
  store: Store;
  /** The writes still queued (the bot's StoreWriteQueue), for the results. */
  pendingWrites?: PendingWrites;
  llm: LanguageModel;
  stt: SpeechToText;
  tts: TextToSpeech;
  /** Speech audio → something the bot can say; default VOICE's playableSpeech. */
  toResource?: (audio: SpeechAudio) => Playable;
  /** Joins voice channels; default in this thread (see LiveInterviewDeps.openVoice). */
  openVoice?: OpenInterviewVoice;
  /** Fixed phrases (the recording notice); default a PhraseCache over `tts`, warmed at once. */
  phrases?: PhraseCache;
  /** @deprecated kept for callers written before the PhraseCache; prefer `phrases`. */
  phrase?: (text: string) => Promise<SpeechAudio>;
  /** Shared by the engine and the voice pipeline; default the system clock. */
  clock?: Clock;
}

/**
 * The {@link StartInterview} the bot's queue calls: each call joins voice and runs one
 * {@link LiveInterview}, listening to the candidate through the voice pipeline with the
 * configured timings.
 */
export function createLiveInterviewStarter(deps: LiveInterviewStarterDeps): StartInterview {
  const clock = deps.clock ?? systemClock;
  const { interview, voice } = deps.config;
  const toResource = deps.toResource ?? playableSpeech;
  const phrases = deps.phrases ?? new PhraseCache(deps.tts);
  const legacyPhrase = deps.phrase;
  const noticeResource = legacyPhrase
    ? async (text: string) => toResource(await legacyPhrase(text))
    : (text: string) => phrases.resource(text);
  // The notice opens every interview: synthesise it now so it plays the moment voice is joined.
  if (!legacyPhrase) void phrases.warm([SPOKEN_RECORDING_NOTICE, ...acknowledgementLines('English')]);
  // One budget for the captions of every interview this process runs (Discord's global rate limit).
  const captionBudget = new CaptionBudget({ perSecond: interview.captionEditsPerSecond, minIntervalMs: interview.captionIntervalMs });
  return async (request) =>
    LiveInterview.start(
      {
        // Fetched once per interview; never rejects (a store failure: tailored questions only).
        bankQuestions: await loadBankPlan({
          store: deps.store, guildId: request.guild.id, jobTitle: request.jobTitle, type: request.type, total: request.questionCount, logger: deps.logger,
        }),
        // Read once per interview: every answer is scored on the same criteria (defaults if the store fails).
        rubric: await loadRubric(deps.store, request.guild.id, request.type, deps.logger),
        client: deps.client,
        config: deps.config,
        logger: deps.logger,
        store: deps.store,
        pendingWrites: deps.pendingWrites,
        llm: deps.llm,
        tts: deps.tts,
        toResource,
        noticeResource,
        ...(deps.openVoice ? { openVoice: deps.openVoice } : {}),
        clock,
        captionBudget,
        createCapture: ({ signal, startedAtMs, language, clock: voiceClock, turns }) =>
          new AnswerListener({
            stt: deps.stt,
            clock: voiceClock,
            startedAtMs,
            signal,
            language: isoLanguage(language),
            endOfAnswerSilenceMs: interview.endOfAnswerSilenceMs,
            maxAnswerMs: interview.maxAnswerMs,
            noSpeechTimeoutMs: interview.noSpeechTimeoutMs,
            segmentSilenceMs: voice.segmentSilenceMs,
            maxSegmentMs: voice.maxSegmentMs,
            prerollMs: voice.prerollMs,
            ...turns,
          }),
      },
      request,
    );
}

const LANGUAGE_CODES: Record<string, string> = {
  english: 'en', french: 'fr', german: 'de', spanish: 'es', italian: 'it', portuguese: 'pt', dutch: 'nl',
  polish: 'pl', russian: 'ru', ukrainian: 'uk', turkish: 'tr', japanese: 'ja', chinese: 'zh', korean: 'ko',
  hindi: 'hi', arabic: 'ar', swedish: 'sv', norwegian: 'no', danish: 'da', finnish: 'fi', czech: 'cs',
};

/** The STT wants an ISO-639-1 code; the command takes a language name (or a code). */
export function isoLanguage(language: string): string | undefined {
  const key = language.trim().toLowerCase();
  if (/^[a-z]{2}$/.test(key)) return key;
  return LANGUAGE_CODES[key];
}
