import { beforeAll, describe, expect, it } from 'vitest';
import { FakeSpeechToText } from '../../src/ai/testing/FakeSpeechToText.ts';
import { AnswerListener } from '../../src/voice/AnswerListener.ts';
import { encodeDiscordOpus, festivalOpusPackets, timeline } from '../harness/speech/discordOpus.ts';
import { ManualClock } from '../harness/speech/ManualClock.ts';
import { feed, runUntilEnded } from './listenHelpers.ts';

let talk: Buffer[];

beforeAll(async () => {
  const sentences = await Promise.all([
    festivalOpusPackets('in my last project i built a distributed cache and reduced latency by forty percent'),
    festivalOpusPackets('the main challenge was keeping the data consistent across three regions'),
  ]);
  talk = sentences.flat();
}, 60_000);

describe('AnswerListener live captions', () => {
  it('captions continuous speech piece by piece while it goes on, sending each sample once', async () => {
    let n = 0;
    const stt = new FakeSpeechToText({ handler: () => `piece${++n}` });
    const clock = new ManualClock();
    const startMs = clock.now();
    const listener = new AnswerListener({ stt, clock, startedAtMs: startMs });
    const partials: Array<{ atMs: number; text: string }> = [];
    listener.onPartial((text) => partials.push({ atMs: clock.now() - startMs, text }));
    const tentative: string[] = [];
    listener.onTentativeEnd((text) => tentative.push(text));
    const { packets } = timeline(startMs, [{ gapMs: 1000 }, { packets: talk }]);
    const speechEndMs = 1000 + talk.length * 20;
    await feed(listener, clock, packets);
    // Captions came while the candidate was still talking, not only after the pause.
    const during = partials.filter((p) => p.atMs <= speechEndMs);
    expect(talk.length * 20).toBeGreaterThan(9_000);
    expect(during.length).toBeGreaterThanOrEqual(2);
    expect(during[0]?.atMs).toBeLessThan(1000 + 4_500);
    const answer = await runUntilEnded(listener, clock);

    expect(stt.calls.length).toBeGreaterThanOrEqual(3);
    for (const c of stt.calls) expect(c.audioMs).toBeLessThanOrEqual(4_600);
    // Each piece is prompted with the text before it; the answer is the pieces joined.
    stt.calls.forEach((c, i) => expect(c.prompt).toBe(i === 0 ? undefined : Array.from({ length: i }, (_, k) => `piece${k + 1}`).join(' ')));
    expect(answer.transcript).toBe(Array.from({ length: stt.calls.length }, (_, k) => `piece${k + 1}`).join(' '));
    // Pieces are not pauses: tentative ends come only where the candidate paused — between the two
    // sentences (festival's ~500 ms) and at the end — never at a piece cut inside a sentence.
    expect(stt.calls.length).toBe(4);
    expect(tentative).toEqual(['piece1 piece2', answer.transcript]);
    // Billed audio: the speech plus one preroll and one tail, never a sample twice.
    expect(stt.audioMs).toBeLessThanOrEqual(talk.length * 20 + 400 + 200 + 20);
    expect(stt.audioMs / (talk.length * 20)).toBeLessThanOrEqual(1.05);
    await listener.close();
  });

  it('sends a short last piece of continuous speech (under minSpeechMs), but not a lone click after silence', async () => {
    let n = 0;
    const stt = new FakeSpeechToText({ handler: () => `piece${++n}` });
    const clock = new ManualClock();
    const listener = new AnswerListener({ stt, clock, startedAtMs: clock.now() });
    const { packets } = timeline(clock.now(), [
      { gapMs: 1000 },
      { packets: tone(3_600) },
      { packets: tone(240, 0) },
      { packets: tone(120) }, // the last word, 120 ms: a piece of its own after the cut in the gap
      { gapMs: 2000 },
      { packets: tone(120) }, // a click after a pause: not sent
    ]);
    await feed(listener, clock, packets);
    const answer = await runUntilEnded(listener, clock);
    expect(stt.calls).toHaveLength(2);
    expect(stt.calls[1]?.audioMs).toBeLessThan(600);
    expect(answer.transcript).toBe('piece1 piece2');
  });
});

/** Discord Opus packets of a 200 Hz tone (a loud, steady voice) or of near silence. */
function tone(ms: number, amplitude = 8_000): Buffer[] {
  const samples = (ms / 1000) * 48_000;
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) pcm.writeInt16LE(Math.round(amplitude * Math.sin((2 * Math.PI * 200 * i) / 48_000)), i * 2);
  return encodeDiscordOpus(pcm);
}
