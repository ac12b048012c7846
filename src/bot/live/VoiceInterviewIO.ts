import type { SpeechAudio, TextToSpeech } from '../../ai/TextToSpeech.ts';
import type { AnswerCapture, InterviewIO, SessionView } from '../../interview/InterviewIO.ts';
import type { Logger } from '../../logger.ts';
import { BargeInWatch } from './BargeInWatch.ts';
import type { QuestionCards } from './QuestionCards.ts';
import type { OpusPacket } from '../../voice/ReceiveDecoder.ts';
import type { Playable } from '../../voice/Playable.ts';

/** An answer capture fed with the candidate's packets (VOICE's AnswerListener, adapted). */
export interface PacketAnswerCapture extends AnswerCapture {
  push(packet: OpusPacket): void;
}

/** Creates the capture for one answer; `startedAtMs` is when listening began (same clock as packets). */
export type AnswerCaptureFactory = (ctx: { number: number; question: string; signal: AbortSignal; startedAtMs: number }) => PacketAnswerCapture;

export interface VoiceInterviewIOOptions {
  tts: TextToSpeech;
  /** Turns synthesised speech into something the bot can say (VOICE's playableSpeech). */
  toResource: (audio: SpeechAudio) => Playable;
  /** Says it; resolves when it finished or `signal` aborted (InterviewVoice.say). */
  play: (speech: Playable, signal: AbortSignal) => Promise<void>;
  createCapture: AnswerCaptureFactory;
  cards: QuestionCards;
  logger: Logger;
  /** Clock in ms, shared with the packets' arrival times. */
  nowMs: () => number;
  /** Speech that must finish before the first question (the recording notice). */
  before?: Promise<void>;
  /** Short fixed lines (acknowledgements), ready to play; default synthesised with `tts` each time. */
  phrase?: (text: string) => Promise<Playable>;
  /**
   * Barge-in: the candidate speaking this long after a question began (ms) stops the bot, and
   * what they said over it starts the answer. null turns it off. Default 1000.
   */
  bargeInAfterMs?: number | null;
}

/** Default of {@link VoiceInterviewIOOptions.bargeInAfterMs}. */
export const DEFAULT_BARGE_IN_AFTER_MS = 1_000;

/** How many prepared (pre-synthesised) questions to keep; older ones are dropped. */
const MAX_PREPARED = 2;

/**
 * The engine's {@link InterviewIO} over Discord voice: questions are spoken through TTS and the
 * audio player (pre-synthesised when the engine hints at the next question, so it plays the
 * instant the answer ends), answers come from the candidate's packets through the voice
 * pipeline, and the state is drawn on the question cards.
 */
export class VoiceInterviewIO implements InterviewIO {
  readonly #o: VoiceInterviewIOOptions;
  readonly #prepared = new Map<string, { audio: Promise<SpeechAudio>; controller: AbortController }>();
  #capture: PacketAnswerCapture | null = null;
  /**
   * Watching for the candidate speaking over the bot — from the acknowledgement (or the question
   * when there is none) until the next answer's capture — with what stops the bot when they do;
   * the packets go to that capture.
   */
  #watch: { watch: BargeInWatch; bargeIn: AbortController } | null = null;
  /** The acknowledgement being said (never rejects); the next question waits for it. */
  #ack: Promise<void> = Promise.resolve();
  readonly #life = new AbortController();
  #closed = false;

  constructor(options: VoiceInterviewIOOptions) {
    this.#o = options;
  }

  /** Routes one of the candidate's packets to the answer being captured (dropped otherwise). */
  pushPacket(packet: OpusPacket): void {
    if (this.#capture) this.#capture.push(packet);
    else this.#watch?.watch.push(packet);
  }

  acknowledge(text: string): void {
    if (this.#closed) return;
    const signal = this.#life.signal;
    const say = async (): Promise<void> => {
      const resource = this.#o.phrase ? await this.#o.phrase(text) : this.#o.toResource(this.#own(await this.#o.tts.synthesize(text, { signal })));
      if (signal.aborted) return;
      // The candidate may talk over the acknowledgement too: the same watch then spares them the question.
      const watching = this.#watching();
      await this.#o.play(resource, watching ? AbortSignal.any([signal, watching.bargeIn.signal]) : signal);
    };
    this.#ack = this.#ack.then(say).catch((error: unknown) => this.#o.logger.debug({ err: error }, 'saying the acknowledgement failed'));
  }

  async speak(text: string, signal: AbortSignal): Promise<void> {
    await this.#o.before;
    await this.#ack;
    if (signal.aborted || this.#closed) return;
    const audio = await this.#takePrepared(text, signal);
    if (signal.aborted) {
      audio.stream.destroy();
      return;
    }
    const watching = this.#watching();
    try {
      if (watching?.watch.fired) {
        // They are already talking (over the acknowledgement): the card shows the question; listen.
        this.#o.logger.info('the candidate spoke over the acknowledgement; listening');
        return;
      }
      await this.#o.play(this.#o.toResource(audio), watching ? AbortSignal.any([signal, watching.bargeIn.signal]) : signal);
      if (watching?.watch.fired) this.#o.logger.info('the candidate spoke over the question; listening');
    } finally {
      // Played, stopped, or never started (voice closed, aborted, a bad resource): the
      // synthesis must not stay open (an unread HTTP body holds its socket) either way.
      audio.stream.destroy();
    }
  }

  /**
   * The watch of this turn, started when the bot first speaks in it (the bot's first second is
   * exempt); null when barge-in is off.
   */
  #watching(): { watch: BargeInWatch; bargeIn: AbortController } | null {
    const afterMs = this.#o.bargeInAfterMs === undefined ? DEFAULT_BARGE_IN_AFTER_MS : this.#o.bargeInAfterMs;
    if (afterMs === null) return null;
    if (!this.#watch) {
      const bargeIn = new AbortController();
      this.#watch = { watch: new BargeInWatch({ fromMs: this.#o.nowMs() + afterMs, onBargeIn: () => bargeIn.abort() }), bargeIn };
    }
    return this.#watch;
  }

  prepareSpeech(text: string): void {
    if (this.#closed || this.#prepared.has(text)) return;
    const controller = new AbortController();
    const audio = this.#o.tts.synthesize(text, { signal: controller.signal }).then((a) => this.#own(a));
    // A failed preparation is retried by speak(); never let it float as an unhandled rejection.
    audio.catch((error: unknown) => this.#o.logger.debug({ err: error }, 'preparing speech failed'));
    this.#prepared.set(text, { audio, controller });
    while (this.#prepared.size > MAX_PREPARED) {
      const oldest = this.#prepared.keys().next().value as string;
      this.#discard(oldest);
    }
  }

  listen(ctx: { number: number; question?: string; signal: AbortSignal }): AnswerCapture {
    // Words said over the question start the answer: the capture begins with them.
    const held = this.#watch?.watch.take() ?? [];
    this.#watch = null;
    const startedAtMs = Math.min(this.#o.nowMs(), held[0]?.receivedAtMs ?? Infinity);
    const capture = this.#o.createCapture({ ...ctx, question: ctx.question ?? '', startedAtMs });
    for (const packet of held) capture.push(packet);
    this.#capture = capture;
    const clear = (): void => {
      if (this.#capture === capture) this.#capture = null;
    };
    ctx.signal.addEventListener('abort', clear, { once: true });
    const result = capture.result.finally(clear);
    return {
      finish: () => capture.finish(),
      cancel: () => {
        clear();
        capture.cancel();
      },
      onPartial: (cb) => capture.onPartial(cb),
      onTentativeEnd: (cb) => capture.onTentativeEnd(cb),
      onHold: (cb) => capture.onHold?.(cb),
      onCommand: (cb) => capture.onCommand?.(cb),
      result,
    };
  }

  show(view: SessionView): void {
    // How the last recorded question ended comes from the session, so its card can say so.
    const last = view.lastAnswer;
    if (last) this.#o.cards.setQuestionEnd(last.number, last.status === 'answered' && last.transcript !== null ? { kind: 'answered', transcript: last.transcript } : { kind: last.status === 'skipped' ? 'skipped' : 'unanswered' });
    this.#o.cards.show(view);
  }

  /** Drops prepared speech and the capture; later packets are ignored. */
  close(): void {
    this.#closed = true;
    this.#life.abort();
    this.#watch = null;
    for (const text of [...this.#prepared.keys()]) this.#discard(text);
    this.#capture?.cancel();
    this.#capture = null;
  }

  async #takePrepared(text: string, signal: AbortSignal): Promise<SpeechAudio> {
    const prepared = this.#prepared.get(text);
    this.#prepared.delete(text);
    if (prepared) {
      try {
        return await prepared.audio;
      } catch {
        // Fall through: synthesise again (the provider may have recovered).
      }
    }
    return this.#own(await this.#o.tts.synthesize(text, { signal }));
  }

  /**
   * Takes ownership of a synthesised stream's errors from the moment it exists: the provider
   * destroys a stream with the abort reason when its synthesis is aborted (a dropped
   * preparation, close), and its body can die mid-way while nobody plays it yet (prepared
   * speech; the provider reports that on this stream, see {@link TextToSpeech}). A stream
   * nobody listens to would turn either into an uncaught exception. Playback adds its own
   * handlers on top.
   */
  #own(audio: SpeechAudio): SpeechAudio {
    audio.stream.on('error', (error: unknown) => {
      if (!isAbort(error)) this.#o.logger.debug({ err: error }, 'synthesised speech stream failed');
    });
    return audio;
  }

  #discard(text: string): void {
    const prepared = this.#prepared.get(text);
    if (!prepared) return;
    this.#prepared.delete(text);
    prepared.controller.abort();
    prepared.audio.then((a) => a.stream.destroy(), () => undefined);
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
