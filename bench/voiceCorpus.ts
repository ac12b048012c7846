import type { OpusPacket } from '../src/voice/ReceiveDecoder.ts';
import { festivalOpusPackets, timeline, type TimelinePart } from '../test/harness/speech/discordOpus.ts';

/**
 * Sentences of interview answers (festival speaks them; pocketsphinx scores them): 55 sentences,
 * 673 words, 354 distinct, all in pocketsphinx's dictionary. Lower case, no punctuation, numbers
 * written as words, so the reference needs no normalisation beyond what the hypothesis gets.
 */
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
  'i have been working as a software engineer for about six years now',
  'before that i studied computer science at a university in my home town',
  'my current team is responsible for the payment system of a large online shop',
  'i usually start my day by reading the alerts from the night before',
  'one of my strengths is that i stay calm when production is on fire',
  'a weakness of mine is that i sometimes say yes to too many requests',
  'i am trying to get better at saying no and explaining the trade offs',
  'i would describe my leadership style as supportive but direct',
  'when two people on my team disagree i ask each of them to write down their reasons',
  'we then look at the facts together and choose the option with the lower risk',
  'i once missed a deadline because i underestimated the amount of testing',
  'after that i started adding a buffer of twenty percent to my estimates',
  'the project that i am most proud of saved the company a lot of money',
  'we replaced an old batch job with a streaming pipeline that runs every minute',
  'the report that used to arrive the next morning was now ready in real time',
  'sales people could finally see which products were selling during the day',
  'i worked closely with the product manager to decide what to build first',
  'we talked to ten customers before writing a single line of code',
  'some of their feedback surprised us and changed the whole plan',
  'i think good software starts with understanding the problem very well',
  'i enjoy pair programming because i learn something new every time',
  'in a code review i try to ask questions instead of giving orders',
  'if i see a bug in production i first make sure the users are safe',
  'then i find the root cause and write a test that would have caught it',
  'we hold a short meeting after every incident without blaming anyone',
  'the goal is to improve the system rather than to find a guilty person',
  'i am looking for a role where i can grow into a technical lead',
  'your company builds products that millions of people use every day',
  'i like that your teams own their services from design to operations',
  'i read your engineering blog and the article about testing was very good',
  'in five years i see myself leading a small team of strong engineers',
  'i would also like to keep writing code at least a few days a week',
  'my salary expectation is in line with the market for this position',
  'i can start working with you after a notice period of one month',
  'thank you for the question that is a very interesting problem',
  'let me think about it for a moment before i answer',
  'first i would clarify the requirements and ask who the users are',
  'then i would sketch a simple design and discuss its limits',
  'finally i would talk about how to monitor the system once it is live',
];

/** Deterministic pseudo-random numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Runs `fn` over `items` with at most `limit` at once; results keep the order of `items`. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T, i);
      }
    }),
  );
  return out;
}

/**
 * The sentences the long natural answer of the throughput and STT-cost benches is made of: the
 * first 16 (the corpus those figures were first measured with; their vocabulary does not matter
 * to them, only the rhythm of speech and pauses).
 */
const NATURAL_ANSWER_SENTENCES = SENTENCES.slice(0, 16);

let cache: Promise<Buffer[][]> | undefined;

/** The natural answer's sentences as Discord Opus packets (48 kHz stereo, 20 ms), synthesised once, 2 at a time. */
export function sentencePackets(): Promise<Buffer[][]> {
  cache ??= mapLimited(NATURAL_ANSWER_SENTENCES, 2, (s) => festivalOpusPackets(s));
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
