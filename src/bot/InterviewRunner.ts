import type { InterviewVoiceHealth } from './live/daveHealth.ts';
/**
 * The seam between BOT (commands, queue, routing) and LIVE (src/bot/live/: one running voice
 * interview). Type-only: BOT validates the request, queues it, then asks a
 * {@link StartInterview} to run it; LIVE implements that function and {@link InterviewRunner}.
 */
import type { Guild, GuildMember, GuildTextBasedChannel, VoiceBasedChannel } from 'discord.js';
import type { InterviewType } from '../interview/types.ts';

/** The question card's buttons: customId `hotseat:<action>:<interviewId>`. */
export type LiveButtonAction = 'repeat' | 'done' | 'skip' | 'end';

/** What `/interview start` collected and validated before the interview may run. */
export interface InterviewRequest {
  guild: Guild;
  candidate: GuildMember;
  /** The candidate's voice channel when the interview starts (checked joinable and speakable). */
  voiceChannel: VoiceBasedChannel;
  /** Where the cards and results are posted (the channel `/interview start` was used in). */
  textChannel: GuildTextBasedChannel;
  /** Extracted, length-limited text (untrusted: fence it in prompts). */
  resumeText: string;
  jobDescriptionText: string;
  jobTitle: string;
  type: InterviewType;
  language: string;
  /** 1–20. */
  questionCount: number;
}

/** Why a running interview is asked to stop. */
export type StopReason =
  /** `/interview stop` or End by the candidate or a mentor: save what was answered, mark abandoned. */
  | { kind: 'user'; userId: string }
  /** The process is shutting down: save, leave voice quickly; the row may stay interrupted. */
  | { kind: 'shutdown' };

/** How an interview ended; the queue moves on when {@link InterviewRunner.done} resolves. */
export type InterviewOutcome = 'completed' | 'abandoned' | 'interrupted' | 'failed';

/** One running interview in one guild (LIVE's `LiveInterview`). */
export interface InterviewRunner {
  /** The store's interview id (also in button customIds). */
  readonly interviewId: string;
  readonly candidateUserId: string;
  /**
   * Settles once the interview is over and voice has been left. Must never reject: failures are
   * reported to the user and logged by the runner, then resolve with 'failed'.
   */
  readonly done: Promise<InterviewOutcome>;
  /**
   * A question-card button. The runner decides what is allowed (only the candidate or a mentor;
   * Repeat only within the window) and throws a `UserError` with a clear message otherwise.
   * The interaction has already been acknowledged (deferUpdate) by the router.
   */
  handleButton(action: LiveButtonAction, userId: string, isMentor: boolean): Promise<void>;
  /** Ends the interview early; resolves when saved and voice is left (same as {@link done}). */
  stop(reason: StopReason): Promise<void>;
  /** Voice encryption state for /health (counts only); absent for runners without voice. */
  voiceHealth?(): InterviewVoiceHealth;
}

/**
 * Starts one interview: creates its store row, joins voice, and runs it in the background.
 * Resolves once it is running (throwing a `UserError` if e.g. voice cannot be joined).
 */
export type StartInterview = (request: InterviewRequest) => Promise<InterviewRunner>;
