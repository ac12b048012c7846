import type { SpeechToText } from '../ai/SpeechToText.ts';
import type { SpokenCommand } from '../interview/InterviewIO.ts';
import { RECEIVE_SAMPLE_RATE_HZ } from './ReceiveDecoder.ts';
import { isSilenceHallucination } from './silenceHallucinations.ts';
import type { SpeechSegment } from './SpeechSegmenter.ts';
import { encodeWav } from './wav.ts';

/** Text that replaces a segment the STT could not transcribe. */
export const INAUDIBLE = '[inaudible]';

/** Options of {@link SegmentTranscriber}. */
export interface SegmentTranscriberOptions {
  stt: SpeechToText;
  signal: AbortSignal;
  /** ISO-639-1 language hint. */
  language?: string;
  /** Called after each segment with the transcript so far, when it grew. */
  onText?: (transcriptSoFar: string) => void;
  /** Recognises a spoken command in the text of a segment that starts an utterance (null: not one). */
  commandOf?: (text: string) => SpokenCommand | null;
  /** Called with a recognised command; its text is left out of the transcript. */
  onCommand?: (command: SpokenCommand) => void;
}

/**
 * Transcribes segments once each, strictly in order, with the text so far as the prompt.
 * Drops silence hallucinations; a segment whose STT call fails becomes {@link INAUDIBLE}.
 * There is no retry here: the provider retries retryable failures itself (src/ai/withRetry.ts),
 * so one segment costs at most the provider's maxRetries + 1 requests. Only the queued
 * segments' PCM is held.
 */
export class SegmentTranscriber {
  readonly #o: SegmentTranscriberOptions;
  readonly #texts: string[] = [];
  #tail: Promise<void> = Promise.resolve();
  #queued = 0;
  /** Audio handed to the STT, in ms (the provider's own retries not counted). */
  sentAudioMs = 0;
  /** STT calls made, one per segment (the provider's own retries not counted). */
  calls = 0;
  /** Segments whose text was dropped as a hallucination. */
  droppedHallucinations = 0;
  /** Segments that became [inaudible]. */
  failedSegments = 0;

  constructor(options: SegmentTranscriberOptions) {
    this.#o = options;
  }

  /** The transcript of the segments finished so far. */
  get text(): string {
    return this.#texts.join(' ');
  }

  /** Segments queued or being transcribed. */
  get pending(): number {
    return this.#queued;
  }

  /** Queues a segment; it is transcribed after all earlier ones. */
  add(segment: SpeechSegment): void {
    this.#queued++;
    const wav = encodeWav(segment.pcm, RECEIVE_SAMPLE_RATE_HZ, 1);
    const durationMs = segment.endMs - segment.startMs;
    // Only what starts an utterance can be a command; a piece continuing speech is an answer.
    const startsUtterance = !segment.continuesPrevious;
    this.#tail = this.#tail.then(async () => {
      try {
        if (this.#o.signal.aborted) return;
        const text = await this.#transcribe(wav, durationMs);
        if (text === null) return;
        const command = startsUtterance && text !== INAUDIBLE ? this.#o.commandOf?.(text) : null;
        if (command) return this.#command(command);
        this.#texts.push(text);
        this.#notify();
      } finally {
        this.#queued--;
      }
    });
  }

  /** Resolves when every queued segment is done. Never rejects. */
  idle(): Promise<void> {
    return this.#tail;
  }

  /** Calls onText; a throwing listener must not break the chain (idle() would reject, later segments be lost). */
  #notify(): void {
    try {
      this.#o.onText?.(this.text);
    } catch {
      // The listener's own bug; the transcript carries on.
    }
  }

  #command(command: SpokenCommand): void {
    try {
      this.#o.onCommand?.(command);
    } catch {
      // The listener's own bug; the transcript carries on.
    }
  }

  /** @returns the text to keep, or null to drop it. */
  async #transcribe(wav: Buffer, durationMs: number): Promise<string | null> {
    this.calls++;
    this.sentAudioMs += durationMs;
    try {
      const raw = await this.#o.stt.transcribe(wav, {
        prompt: this.text || undefined,
        language: this.#o.language,
        signal: this.#o.signal,
      });
      const text = raw.replace(/\s+/g, ' ').trim();
      if (isSilenceHallucination(text)) {
        this.droppedHallucinations++;
        return null;
      }
      return text;
    } catch {
      // The provider has already retried what was worth retrying; an abort is not a failure.
      if (this.#o.signal.aborted) return null;
      this.failedSegments++;
      return INAUDIBLE;
    }
  }
}
