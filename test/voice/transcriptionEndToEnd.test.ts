import { describe, expect, it } from 'vitest';
import { AnswerListener } from '../../src/voice/AnswerListener.ts';
import { festivalOpusPackets, timeline } from '../harness/speech/discordOpus.ts';
import { ManualClock } from '../harness/speech/ManualClock.ts';
import { PocketsphinxSpeechToText } from '../harness/speech/PocketsphinxSpeechToText.ts';
import { feed, runUntilEnded } from './listenHelpers.ts';

describe('AnswerListener with pocketsphinx', () => {
  it('recognises the key words of real speech received as Discord Opus with gaps, loss and silence', async () => {
    const [a, b] = await Promise.all([
      festivalOpusPackets('In my last project I built a distributed cache.'),
      festivalOpusPackets('It reduced latency by forty percent.'),
    ]);
    const stt = new PocketsphinxSpeechToText();
    const clock = new ManualClock();
    const listener = new AnswerListener({ stt, clock, startedAtMs: clock.now() });
    const partials: string[] = [];
    listener.onPartial((t) => partials.push(t));
    const { packets } = timeline(clock.now(), [
      { gapMs: 2000 },
      { packets: a, lose: (i) => i % 25 === 7 },
      { silentPacketsMs: 400 },
      { gapMs: 1200 },
      { packets: b },
    ]);
    await feed(listener, clock, packets);
    const answer = await runUntilEnded(listener, clock, 60_000);

    expect(answer.endReason).toBe('silence');
    expect(stt.calls).toHaveLength(2);
    expect(stt.calls[1]?.prompt).toBe(stt.calls[0]?.text);
    expect(partials).toHaveLength(2);
    expect(answer.transcript).toBe(`${stt.calls[0]?.text} ${stt.calls[1]?.text}`);
    for (const word of ['project', 'distributed', 'latency', 'forty', 'percent']) expect(answer.transcript).toContain(word);
    expect(answer.analytics.timeToFirstWordMs).toBeGreaterThanOrEqual(1900);
    expect(answer.analytics.timeToFirstWordMs).toBeLessThan(2300);
    expect(answer.analytics.wordCount).toBeGreaterThanOrEqual(10);
  }, 90_000);
});
