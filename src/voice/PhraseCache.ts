import type { SpeechAudio, TextToSpeech } from '../ai/TextToSpeech.ts';
import { untilAborted } from '../util/TaskGroup.ts';
import { opusPacketStream } from './createSpeechResource.ts';
import type { Playable } from './Playable.ts';

/**
 * Fixed phrases (acknowledgements, the recording notice) synthesised once and kept as Opus
 * packets (a few KB per second), replayed as often as needed.
 */
export class PhraseCache {
  readonly #tts: TextToSpeech;
  readonly #packets = new Map<string, Promise<Buffer[]>>();

  constructor(tts: TextToSpeech) {
    this.#tts = tts;
  }

  /**
   * Synthesises `texts` now (in parallel); failures are forgotten so a later call retries.
   * `signal` stops the wait, not the shared synthesis (another caller may need it).
   */
  async warm(texts: string[], signal?: AbortSignal): Promise<void> {
    await Promise.allSettled(texts.map((t) => (signal ? untilAborted(this.#load(t), signal) : this.#load(t))));
  }

  /** Whether `text` is cached and ready. */
  has(text: string): boolean {
    return this.#packets.has(text);
  }

  /**
   * `text` ready to play (its Opus packets); synthesises it on first use. Rejects if synthesis fails, or
   * with the abort reason when `signal` aborts first: one interview giving up never cancels the
   * synthesis other interviews share.
   */
  async resource(text: string, signal?: AbortSignal): Promise<Playable> {
    const packets = await (signal ? untilAborted(this.#load(text), signal) : this.#load(text));
    return { kind: 'opus', packets };
  }

  /** Bytes of Opus held (for logs). */
  async sizeBytes(): Promise<number> {
    let n = 0;
    for (const p of this.#packets.values()) {
      const packets = await p.catch(() => [] as Buffer[]);
      for (const b of packets) n += b.length;
    }
    return n;
  }

  #load(text: string): Promise<Buffer[]> {
    let entry = this.#packets.get(text);
    if (!entry) {
      entry = this.#tts.synthesize(text).then(collectPackets);
      this.#packets.set(text, entry);
      entry.catch(() => {
        if (this.#packets.get(text) === entry) this.#packets.delete(text);
      });
    }
    return entry;
  }
}

async function collectPackets(audio: SpeechAudio): Promise<Buffer[]> {
  const stream = opusPacketStream(audio);
  const packets: Buffer[] = [];
  for await (const packet of stream) packets.push(packet as Buffer);
  return packets;
}

