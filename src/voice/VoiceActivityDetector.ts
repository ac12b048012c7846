/** Tuning of {@link VoiceActivityDetector}; levels in dBFS, times in ms. */
export interface VadOptions {
  /** Speech starts when a frame is this far above the noise floor... Default 15 dB. */
  onsetMarginDb: number;
  /** ...and stays speech while frames are this far above it (hysteresis). Default 9 dB. */
  holdMarginDb: number;
  /** Never speech below this absolute level. Default -50 dBFS. */
  minSpeechDb: number;
  /** Consecutive loud frames needed to start speech (rejects clicks). Default 3 (60 ms). */
  onsetFrames: number;
}

/** Default voice activity detection tuning. */
export const DEFAULT_VAD_OPTIONS: VadOptions = {
  onsetMarginDb: 15,
  holdMarginDb: 9,
  minSpeechDb: -50,
  onsetFrames: 3,
};

const FLOOR_DB = -90;

/** Level of s16le mono PCM in dBFS (-90 for digital silence). */
export function frameLevelDb(frame: Buffer): number {
  let sum = 0;
  const samples = frame.length >> 1;
  if (frame.byteOffset % 2 === 0) {
    const view = new Int16Array(frame.buffer, frame.byteOffset, samples);
    for (let i = 0; i < samples; i++) {
      const s = view[i] as number;
      sum += s * s;
    }
  } else {
    for (let i = 0; i < samples; i++) {
      const s = frame.readInt16LE(i << 1);
      sum += s * s;
    }
  }
  if (sum === 0) return FLOOR_DB;
  return Math.max(FLOOR_DB, 10 * Math.log10(sum / samples / (32768 * 32768)));
}

/**
 * Energy-based voice activity detection with hysteresis and an adaptive noise floor, one
 * decision per 20 ms frame. No model, no download; enough for one speaker close to a mic
 * after Discord's own noise suppression.
 */
export class VoiceActivityDetector {
  readonly #opts: VadOptions;
  #noiseDb = -70;
  #speaking = false;
  #loudRun = 0;
  #levelDb = FLOOR_DB;

  constructor(options: Partial<VadOptions> = {}) {
    this.#opts = { ...DEFAULT_VAD_OPTIONS, ...options };
  }

  /** Whether the last frame was (part of) speech. */
  get speaking(): boolean {
    return this.#speaking;
  }

  /** Level of the last frame processed, in dBFS. */
  get levelDb(): number {
    return this.#levelDb;
  }

  /**
   * Classifies one frame.
   * @returns `true` while speech is going on. Onset is reported on the frame that completes
   *   `onsetFrames` loud frames in a row (the preroll keeps the frames before it).
   */
  process(frame: Buffer): boolean {
    const db = frameLevelDb(frame);
    this.#levelDb = db;
    const o = this.#opts;
    if (this.#speaking) {
      if (db < Math.max(o.minSpeechDb - (o.onsetMarginDb - o.holdMarginDb), this.#noiseDb + o.holdMarginDb)) {
        this.#speaking = false;
        this.#loudRun = 0;
      }
    } else if (db >= Math.max(o.minSpeechDb, this.#noiseDb + o.onsetMarginDb)) {
      this.#loudRun++;
      if (this.#loudRun >= o.onsetFrames) this.#speaking = true;
    } else {
      this.#loudRun = 0;
    }
    this.#trackNoise(db);
    return this.#speaking;
  }

  #trackNoise(db: number): void {
    // Falls fast to quiet frames, rises slowly (0.5 dB/s) so speech does not raise the floor.
    if (db < this.#noiseDb) this.#noiseDb = Math.max(FLOOR_DB, this.#noiseDb + (db - this.#noiseDb) * 0.3);
    else if (!this.#speaking) this.#noiseDb += 0.01;
  }
}
