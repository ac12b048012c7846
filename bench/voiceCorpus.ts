import type { OpusPacket } from '../src/voice/ReceiveDecoder.ts';
import { festivalOpusPackets, timeline, type TimelinePart } from '../test/harness/speech/discordOpus.ts';

/** Sentences an interview answer might contain (festival speaks them; pocketsphinx scores them). */
export const SENTENCES = [
  'in my last project i built a distributed cache and reduced latency by forty percent',
  'the main challenge was keeping the data consistent across three regions',
  'we used a message queue so that the services could fail independently',
  'i wrote most of the tests and set up continuous integration for the team',
  'when a deployment failed we rolled back within five minutes',
  'my manager asked me to mentor two junior engineers',
  'we measured everything before and after each change',
  'the database was the bottleneck so we added read replicas',
  'i learned that clear communication matters more than clever code',
  'next time i would write the design document earlier',
  'i prefer small pull requests because they are easier to review',
  'our customers noticed the slow pages before our monitoring did',
  'we split the monolith into four services over two years',
  'i disagreed with the architect but we found a compromise',
  'security reviews happened before every major release',
  'the hardest part was estimating how long the migration would take',
];

/** Deterministic pseudo-random numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

let cache: Buffer[][] | undefined;

/** The sentences as Discord Opus packets (48 kHz stereo, 20 ms), synthesised once. */
export async function sentencePackets(): Promise<Buffer[][]> {
  cache ??= await Promise.all(SENTENCES.map((s) => festivalOpusPackets(s)));
  return cache;
}

/**
 * A long answer with natural pauses: sentences in a shuffled order separated by short pauses
 * (0.3–1 s) and sometimes thinking pauses (1–1.8 s: with the quiet festival leaves around sentences, still below the 3 s end-of-answer pause), some
 * of them sent as open-mic silent packets; 1% packet loss. Starts after 1.5 s of thinking.
 */
export async function naturalAnswer(durationMs: number, startMs: number, seed = 42): Promise<{ packets: OpusPacket[]; endMs: number }> {
  const sentences = await sentencePackets();
  const random = seededRandom(seed);
  const parts: TimelinePart[] = [{ gapMs: 1500 }];
  let ms = 1500;
  while (ms < durationMs - 6000) {
    const s = sentences[Math.floor(random() * sentences.length)] as Buffer[];
    parts.push({ packets: s, lose: () => random() < 0.01 });
    ms += s.length * 20;
    const pauseMs = Math.round((random() < 0.25 ? 1000 + random() * 800 : 300 + random() * 700) / 20) * 20;
    parts.push(random() < 0.3 ? { silentPacketsMs: pauseMs } : { gapMs: pauseMs });
    ms += pauseMs;
  }
  parts.push({ gapMs: Math.max(0, durationMs - ms) });
  return timeline(startMs, parts);
}
