import type { OpusPacket } from '../../voice/ReceiveDecoder.ts';

/** Options of {@link BargeInWatch}; times in ms on the packets' clock. */
export interface BargeInWatchOptions {
  /** Packets before this are ignored (the bot's first second of speech: an echo, a cough). */
  fromMs: number;
  /** Called once, when the candidate is heard speaking over the bot. */
  onBargeIn: () => void;
  /** Consecutive voice packets (20 ms each) that count as speech. Default {@link BARGE_IN_VOICED_PACKETS}. */
  voicedPackets?: number;
}

/** 5 packets = 100 ms of voice: a click or a single noise burst does not stop the bot. */
export const BARGE_IN_VOICED_PACKETS = 5;

/** An Opus packet this small is a silence or comfort-noise frame (Discord's silence frame is 3 bytes). */
const MAX_SILENT_PACKET_BYTES = 8;

/** Voice packets further apart than this are not one run of speech (Discord sends none while a member is silent). */
const MAX_RUN_GAP_MS = 100;

/** At most this many packets are held (60 s): memory stays bounded if nobody listens. */
const MAX_HELD_PACKETS = 3_000;

/**
 * Watches the candidate's packets while the bot speaks a question: once the candidate has
 * spoken for about 100 ms without a break (after the bot's first second), it reports a barge-in so the bot
 * stops talking. Every packet from `fromMs` on is held, so that the answer's capture can be fed
 * the words said over the question: they are part of the answer. Speech that began in the first
 * second and goes on past it is one utterance: its start is held too (else the answer would
 * begin mid-word); what stopped within the first second (a cough, an echo) is dropped.
 */
export class BargeInWatch {
  readonly #o: BargeInWatchOptions;
  readonly #held: OpusPacket[] = [];
  /** The current run of packets before `fromMs` (cleared at each gap): it may go on past it. */
  #early: OpusPacket[] = [];
  #voiced = 0;
  #fired = false;
  /** Arrival time of the first voice packet of the run that fired. */
  #firstVoiceAtMs: number | null = null;
  #lastVoiceAtMs = -Infinity;
  /** The run in progress began before fromMs (its start is already #firstVoiceAtMs). */
  #carried = false;

  constructor(options: BargeInWatchOptions) {
    this.#o = options;
  }

  /** Whether the candidate barged in. */
  get fired(): boolean {
    return this.#fired;
  }

  /** When the candidate's speech over the question began (clock ms), once fired. */
  get speechStartedAtMs(): number | null {
    return this.#fired ? this.#firstVoiceAtMs : null;
  }

  /** One of the candidate's packets, in arrival order. */
  push(packet: OpusPacket): void {
    if (packet.receivedAtMs < this.#o.fromMs) return this.#pushEarly(packet);
    if (this.#early.length > 0) this.#carryEarlyRun(packet);
    if (this.#held.length < MAX_HELD_PACKETS) this.#held.push(packet);
    if (this.#fired) return;
    if (packet.opus.length <= MAX_SILENT_PACKET_BYTES) {
      this.#voiced = 0;
      this.#carried = false;
      return;
    }
    // Clicks seconds apart are not speech: a run needs its packets close together.
    if (packet.receivedAtMs - this.#lastVoiceAtMs > MAX_RUN_GAP_MS) {
      this.#voiced = 0;
      this.#carried = false;
    }
    this.#lastVoiceAtMs = packet.receivedAtMs;
    if (this.#voiced === 0 && !this.#carried) this.#firstVoiceAtMs = packet.receivedAtMs;
    this.#carried = false;
    this.#voiced++;
    if (this.#voiced >= (this.#o.voicedPackets ?? BARGE_IN_VOICED_PACKETS)) {
      this.#fired = true;
      this.#o.onBargeIn();
    }
  }

  #pushEarly(packet: OpusPacket): void {
    const last = this.#early.at(-1);
    // A silence frame (the speaker stopped) or a gap ends the run; a new one may start after it.
    if (packet.opus.length <= MAX_SILENT_PACKET_BYTES || (last && packet.receivedAtMs - last.receivedAtMs > MAX_RUN_GAP_MS)) this.#early = [];
    if (packet.opus.length > MAX_SILENT_PACKET_BYTES && this.#early.length < MAX_HELD_PACKETS) this.#early.push(packet);
  }

  /** The first packet from `fromMs` on: the early run (voice only) is held if it goes on into this packet without a gap. */
  #carryEarlyRun(packet: OpusPacket): void {
    const run = this.#early;
    this.#early = [];
    const last = run.at(-1)!;
    if (packet.opus.length <= MAX_SILENT_PACKET_BYTES || packet.receivedAtMs - last.receivedAtMs > MAX_RUN_GAP_MS) return;
    this.#held.push(...run.slice(0, MAX_HELD_PACKETS - this.#held.length));
    // The run goes on: its packets before fromMs start it (they still do not fire on their own).
    this.#firstVoiceAtMs = run[0]!.receivedAtMs;
    this.#lastVoiceAtMs = last.receivedAtMs;
    this.#carried = true;
  }

  /** The packets held so far (handed to the answer's capture); the watch is empty afterwards. */
  take(): OpusPacket[] {
    return this.#held.splice(0);
  }
}
