import type { InterviewGuild } from '../../test/harness/discord/interviewGuilds.ts';
import type { LocalDiscord } from '../../test/harness/discord/LocalDiscord.ts';
import type { MessageRecord } from '../../test/harness/discord/MessageLog.ts';
import type { Json } from '../../test/harness/discord/payloads.ts';
import type { CannedMedia } from './cannedMedia.ts';

/** What every interview is started with. */
export interface InterviewRequest {
  questions: number;
  jdText: string;
  resume: { filename: string; contentType: string; bytes: Buffer };
}

type Phase = 'waiting' | 'starting' | 'interviewing';

interface Candidate {
  guild: InterviewGuild;
  phase: Phase;
  phaseSinceMs: number;
  /** The latest question card the bot posted in this guild's text channel (the live record: edits apply in place). */
  card: MessageRecord | null;
  answeredCardId: string | null;
  listeningSinceMs: number | null;
  speaking: boolean;
  interactionId: string | null;
}

/** How long a start may take before it counts as failed (the gateway queues voice joins past ~115 sends a minute). */
const START_TIMEOUT_MS = 180_000;
/** The candidate waits this long after the card says Listening before answering, as a person would. */
const THINK_MS = 300;

const QUESTION_TITLE = /^Question \d+ of \d+$/;
const titleOf = (m: MessageRecord): string => String((m.embeds[0] as Json | undefined)?.title ?? '');
const statusOf = (m: MessageRecord): string => (((m.embeds[0] as Json | undefined)?.fields ?? []) as Array<{ name: string; value: string }>).find((f) => f.name === 'Status')?.value ?? '';

/**
 * The candidates of the scale bench, one per guild: each joins its voice channel, starts an
 * interview, answers every question with the same pre-encoded Opus answer once the card says
 * Listening, and starts a new interview when the bot leaves (so N stays N). Driven by
 * {@link tick} from one timer, reading only new messages and the live records of current cards:
 * no per-guild waiters on the local Discord, whose checks would all run on every packet.
 * Starts are paced (`startsPerS`) because the bot's gateway allows ~115 sends a minute.
 */
export class ScaleCandidates {
  readonly #discord: LocalDiscord;
  readonly #media: CannedMedia;
  readonly #request: InterviewRequest;
  readonly #byChannel = new Map<string, Candidate>();
  readonly #all: Candidate[] = [];
  readonly #startsPerS: number;
  #startBudget = 1;
  #lastTickMs = Date.now();
  #cursor = 0;
  #stopped = false;
  readonly #speaking = new Set<Promise<unknown>>();
  /** Counters over the whole run. */
  readonly counts = { started: 0, completed: 0, answers: 0, startFailures: 0, notDelivered: 0 };
  /** Replies of starts that did not lead to an interview (for the bench's stderr). */
  readonly failures: string[] = [];

  constructor(discord: LocalDiscord, media: CannedMedia, request: InterviewRequest, opts: { startsPerS: number }) {
    this.#discord = discord;
    this.#media = media;
    this.#request = request;
    this.#startsPerS = opts.startsPerS;
  }

  /** Puts a candidate in its guild's voice channel; its interview starts when the pacing allows. */
  add(guild: InterviewGuild): void {
    const c: Candidate = { guild, phase: 'waiting', phaseSinceMs: Date.now(), card: null, answeredCardId: null, listeningSinceMs: null, speaking: false, interactionId: null };
    this.#all.push(c);
    this.#byChannel.set(guild.textChannelId, c);
    this.#discord.userJoinVoice(guild.candidateId, guild.voiceChannelId);
  }

  /** Candidates whose interview is running (the bot is in their voice channel). */
  get interviewing(): number {
    return this.#all.filter((c) => c.phase === 'interviewing').length;
  }

  /** Replies to starts still waiting for the bot after `olderThanMs` (for the bench's stderr). */
  stuckStarts(olderThanMs: number): string[] {
    const now = Date.now();
    return this.#all.filter((c) => c.phase === 'starting' && now - c.phaseSinceMs > olderThanMs).map((c) => {
      const reply = this.#discord.messages.messages.find((m) => m.interactionId === c.interactionId && !m.loading);
      return `${c.guild.id}: ${reply ? reply.content || titleOf(reply) : 'no reply yet'}`;
    });
  }

  /** One step of every candidate: call every ~100–250 ms. */
  tick(): void {
    const now = Date.now();
    this.#startBudget = Math.min(3, this.#startBudget + ((now - this.#lastTickMs) / 1000) * this.#startsPerS);
    this.#lastTickMs = now;
    const messages = this.#discord.messages.messages;
    for (; this.#cursor < messages.length; this.#cursor++) {
      const m = messages[this.#cursor]!;
      const c = this.#byChannel.get(m.channelId);
      if (c && QUESTION_TITLE.test(titleOf(m))) c.card = m;
    }
    for (const c of this.#all) this.#step(c, now);
  }

  /** No new interviews; waits for answers being spoken to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.allSettled([...this.#speaking]);
  }

  #step(c: Candidate, now: number): void {
    const inVoice = this.#discord.botVoiceChannel(c.guild.id) === c.guild.voiceChannelId;
    if (c.phase === 'waiting') {
      if (this.#stopped || this.#startBudget < 1 || inVoice) return;
      this.#startBudget -= 1;
      this.#start(c, now);
    } else if (c.phase === 'starting') {
      if (inVoice) this.#enter(c, 'interviewing', now);
      else if (now - c.phaseSinceMs > START_TIMEOUT_MS) this.#failStart(c, now);
    } else if (!inVoice) {
      this.counts.completed++;
      this.#enter(c, 'waiting', now);
    } else {
      this.#maybeAnswer(c, now);
    }
  }

  #enter(c: Candidate, phase: Phase, now: number): void {
    c.phase = phase;
    c.phaseSinceMs = now;
  }

  #start(c: Candidate, now: number): void {
    const { questions, jdText, resume } = this.#request;
    const record = this.#discord.runSlashCommand({
      guildId: c.guild.id, channelId: c.guild.textChannelId, userId: c.guild.candidateId, command: 'interview', subcommand: 'start',
      options: { jd_text: jdText, type: 'technical', questions }, attachments: { resume },
    });
    c.interactionId = record.id;
    c.card = null;
    c.listeningSinceMs = null;
    this.counts.started++;
    this.#enter(c, 'starting', now);
  }

  #failStart(c: Candidate, now: number): void {
    this.counts.startFailures++;
    const reply = this.#discord.messages.messages.find((m) => m.interactionId === c.interactionId && !m.loading);
    this.failures.push(`${c.guild.id}: ${reply ? reply.content || titleOf(reply) : 'no reply'}`);
    this.#enter(c, 'waiting', now);
  }

  #maybeAnswer(c: Candidate, now: number): void {
    const card = c.card;
    if (!card || card.deleted || card.id === c.answeredCardId || c.speaking || !statusOf(card).includes('Listening')) {
      if (!c.speaking) c.listeningSinceMs = null;
      return;
    }
    c.listeningSinceMs ??= now;
    if (now - c.listeningSinceMs < THINK_MS) return;
    c.answeredCardId = card.id;
    c.speaking = true;
    this.counts.answers++;
    const spoken = this.#discord.speak(c.guild.candidateId, this.#media.answerPackets).then((r) => {
      this.counts.notDelivered += r.notDelivered;
    }).finally(() => {
      c.speaking = false;
      this.#speaking.delete(spoken);
    });
    this.#speaking.add(spoken);
  }
}
