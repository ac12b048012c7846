import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import type { LocalDiscord } from '../../harness/discord/LocalDiscord.ts';
import type { MessageRecord } from '../../harness/discord/MessageLog.ts';
import type { Json } from '../../harness/discord/payloads.ts';
import { encodeDiscordOpus, festivalOpusPackets } from '../../harness/speech/discordOpus.ts';
import { synthesizeWithFestival } from '../../harness/speech/festival.ts';
import { parseWav } from '../../../src/voice/wav.ts';
import { REPO_ROOT } from './startBotProcess.ts';

/** The first embed of a message. */
export const embed = (m: MessageRecord): Json | undefined => m.embeds[0];
/** The first embed's title ('' when none). */
export const title = (m: MessageRecord): string => String(embed(m)?.title ?? '');

/** The value of the first embed's field `name`. */
export function field(m: { embeds: Json[] }, name: string): string | undefined {
  const fields = (m.embeds[0]?.fields ?? []) as Array<{ name: string; value: string }>;
  return fields.find((f) => f.name === name)?.value;
}

/** A question card's Status field. */
export const status = (m: { embeds: Json[] }): string => field(m, 'Status') ?? '';
/** Lower-case words of `text`. */
export const words = (text: string): string[] => text.toLowerCase().split(/[^a-z']+/).filter(Boolean);
/** How many of `keys` are words of `text` (pocketsphinx never gets every word right). */
export const countHits = (text: string, keys: string[]): number => keys.filter((k) => words(text).includes(k)).length;
/** The interview id in a question card's footer. */
export const cardInterviewId = (m: MessageRecord): string => /Interview (\S+)/.exec(String((embed(m)?.footer as { text: string }).text))![1]!;

/** The interview id in a results embed's footer. */
export function interviewIdOf(results: MessageRecord): string {
  const footer = String((embed(results)?.footer as { text?: string } | undefined)?.text ?? '');
  const id = /id ([\w-]+)/.exec(footer)?.[1];
  if (!id) throw new Error(`no interview id in the results footer: ${footer}`);
  return id;
}

/** Silence the local Discord's speaker sends after each utterance (5 frames of 20 ms, its default). */
const SPEAKER_TRAILING_SILENCE_MS = 100;
/** Silence kept at each edge of trimmed speech, in ms. */
const KEPT_EDGE_MS = 40;

/** Mono 48 kHz s16le PCM without its leading and trailing silence (festival pads ~0.25 s before, ~0.5 s after). */
export function trimSilence(pcm48kMono: Buffer, thresholdRms = 300): Buffer {
  const frame = 960;
  const frames = Math.floor(pcm48kMono.length / 2 / frame);
  const voiced = (f: number): boolean => {
    let sum = 0;
    for (let i = 0; i < frame; i++) sum += pcm48kMono.readInt16LE((f * frame + i) * 2) ** 2;
    return Math.sqrt(sum / frame) > thresholdRms;
  };
  let first = 0;
  while (first < frames && !voiced(first)) first++;
  let last = frames - 1;
  while (last > first && !voiced(last)) last--;
  const keep = (KEPT_EDGE_MS / 20) * frame * 2;
  return pcm48kMono.subarray(Math.max(0, first * frame * 2 - keep), Math.min(pcm48kMono.length, (last + 1) * frame * 2 + keep));
}

/**
 * The bot settings of the voice e2e suites written for one fixed end-of-answer silence (adaptive
 * turns: test/e2e/turnTaking.test.ts): 2 s ends an answer, 0.5 s a segment, captions every second.
 */
export const FIXED_TURNS_ENV = {
  END_OF_ANSWER_MODE: 'fixed', END_OF_ANSWER_SILENCE_MS: '2000', SEGMENT_SILENCE_MS: '500',
  CAPTION_INTERVAL_MS: '1000', NO_SPEECH_TIMEOUT_MS: '20000', LLM_MAX_RETRIES: '1',
} as const;

/** The job description every voice e2e interview uses. */
export const JOB_DESCRIPTION = 'We are hiring a backend engineer who writes Go and cares about performance and testing.';

/**
 * Holds each pause of {@link VoiceHelpers.sayWithPauses} until the bot reacted to it: `watch()`
 * is called as a pause starts and returns a check, polled after the scripted pause until it is
 * true or the pause has lasted `maxMs` in all.
 */
export interface PauseHold {
  watch?: () => () => boolean;
  maxMs?: number;
}

/**
 * Helpers for the voice e2e tests over one local Discord: festival speech as Opus packets
 * (synthesised once per sentence), candidates speaking, and waits for cards and results.
 */
export class VoiceHelpers {
  readonly #discord: LocalDiscord;
  readonly #total: number;
  readonly #speech = new Map<string, Buffer[]>();
  readonly #trimmed = new Map<string, Buffer[]>();

  constructor(discord: LocalDiscord, opts: { total: number }) {
    this.#discord = discord;
    this.#total = opts.total;
  }

  /** Festival speech for `text` as Discord Opus packets, synthesised once. */
  async packetsOf(text: string): Promise<Buffer[]> {
    let packets = this.#speech.get(text);
    if (!packets) {
      packets = await festivalOpusPackets(text);
      this.#speech.set(text, packets);
    }
    return packets;
  }

  /** `userId` says `text` in their voice channel; the bot must be there to hear it. */
  async say(userId: string, text: string): Promise<void> {
    const result = await this.#discord.speak(userId, await this.packetsOf(text));
    expect(result.notDelivered, 'the bot was not in the channel to hear it').toBe(0);
  }

  /** Speaks the sentences with a pause between them (long enough to cut a segment, short of the end of the answer). */
  async answer(userId: string, sentences: string[]): Promise<void> {
    for (const [i, sentence] of sentences.entries()) {
      if (i > 0) await sleep(900);
      await this.say(userId, sentence);
    }
  }

  /** Festival speech for `text` without its leading and trailing silence, as Discord Opus packets, synthesised once. */
  async trimmedPacketsOf(text: string): Promise<Buffer[]> {
    let packets = this.#trimmed.get(text);
    if (!packets) {
      packets = encodeDiscordOpus(trimSilence(parseWav(await synthesizeWithFestival(text, { sampleRateHz: 48_000 })).pcm));
      this.#trimmed.set(text, packets);
    }
    return packets;
  }

  /**
   * Speaks `parts` in order: a string is said (festival speech with its leading and trailing
   * silence trimmed), a number is a pause of that many ms of silence as the bot hears it:
   * the speaker's trailing silence frames and the kept speech edges count towards it (Discord
   * sends nothing while a user is silent). For thinking pauses and restarts.
   */
  async sayWithPauses(userId: string, parts: Array<string | number>, pause: PauseHold = {}): Promise<void> {
    for (const part of parts) {
      if (typeof part === 'number') {
        const startedAt = Date.now();
        const reacted = pause.watch?.();
        await sleep(Math.max(0, part - SPEAKER_TRAILING_SILENCE_MS - 2 * KEPT_EDGE_MS));
        // A loaded machine may not have reacted to the pause yet: go on pausing, within bounds.
        while (reacted && !reacted() && Date.now() - startedAt < (pause.maxMs ?? part)) await sleep(50);
        continue;
      }
      const result = await this.#discord.speak(userId, await this.trimmedPacketsOf(part));
      expect(result.notDelivered, 'the bot was not in the channel to hear it').toBe(0);
    }
  }

  /**
   * Runs `/interview start` for `userId` with the fixture resume (in the main guild unless
   * `guild` says otherwise); returns the interaction's id.
   */
  startInterview(userId: string, opts: { jobTitle?: string; guild?: 'main' | 'other'; jobDescription?: string } = {}): string {
    const guild = this.#discord.guilds[opts.guild ?? 'main'];
    const record = this.#discord.runSlashCommand({
      guildId: guild.id, channelId: guild.interviewsChannelId, userId, command: 'interview', subcommand: 'start',
      options: { jd_text: opts.jobDescription ?? JOB_DESCRIPTION, type: 'technical', questions: this.#total, ...(opts.jobTitle ? { job_title: opts.jobTitle } : {}) },
      attachments: { resume: { filename: 'resume.pdf', contentType: 'application/pdf', bytes: readFileSync(join(REPO_ROOT, 'test/fixtures/documents/resume.pdf')) } },
    });
    return record.id;
  }

  /** The card of question `n`, posted at or after `sinceMs` (in `channelId` when given). */
  waitForCard(n: number, sinceMs: number, timeoutMs = 30_000, channelId?: string): Promise<MessageRecord> {
    return this.#discord.waitForMessage((m) => m.createdAtMs >= sinceMs && (!channelId || m.channelId === channelId) && title(m) === `Question ${n} of ${this.#total}`, timeoutMs);
  }

  /** The card once its Status shows `label`. */
  waitForStatus(card: MessageRecord, label: string, timeoutMs = 30_000): Promise<MessageRecord> {
    return this.#discord.waitFor(() => {
      const m = this.#discord.messages.get(card.id);
      return m && status(m).includes(label) ? m : undefined;
    }, `card ${title(card)} to show ${label}`, timeoutMs);
  }

  /** The results message for `userId`, posted at or after `sinceMs`. */
  waitForResults(userId: string, sinceMs: number, timeoutMs = 60_000): Promise<MessageRecord> {
    return this.#discord.waitForMessage((m) => m.createdAtMs >= sinceMs && m.content.includes(`<@${userId}>`) && title(m).startsWith('Interview results'), timeoutMs);
  }

  /** The last message posted for `userId` at the end of an interview (results, or the "no question was answered" line). */
  waitForEnding(userId: string, sinceMs: number, timeoutMs = 60_000): Promise<MessageRecord> {
    return this.#discord.waitForMessage((m) => m.createdAtMs >= sinceMs && m.content.includes(`<@${userId}>`) && (title(m).startsWith('Interview results') || m.content.includes('No question was answered')), timeoutMs);
  }

  /** Resolves once the bot is out of voice in the main guild. */
  botLeftVoice(): Promise<unknown> {
    return this.#discord.waitFor(() => (this.#discord.botVoiceChannel(this.#discord.guilds.main.id) === null ? true : undefined), 'the bot to leave voice');
  }
}
