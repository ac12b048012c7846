import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { SpeechToText } from '../src/ai/SpeechToText.ts';
import { AnswerListener } from '../src/voice/AnswerListener.ts';
import type { OpusPacket } from '../src/voice/ReceiveDecoder.ts';
import { OpusEncoder } from '../src/voice/opus.ts';
import { ManualClock } from '../test/harness/speech/ManualClock.ts';
import { naturalAnswer } from './voiceCorpus.ts';

const ANSWER_MS = 300_000;

/** An instant STT that keeps nothing, so only the pipeline's own memory is measured. */
const nullStt: SpeechToText = { transcribe: () => Promise.resolve('words') };

function listen(clock: ManualClock): AnswerListener {
  return new AnswerListener({ stt: nullStt, clock, startedAtMs: clock.now(), maxAnswerMs: ANSWER_MS * 2 });
}

/** Pushes every packet synchronously (as fast as one core can), then finishes. */
async function runOnce(packets: OpusPacket[], endMs: number): Promise<{ wall: number; cpu: number }> {
  const clock = new ManualClock(packets[0] ? packets[0].receivedAtMs - 1500 : 0);
  const listener = listen(clock);
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  for (let i = 0; i < packets.length; i++) {
    listener.push(packets[i] as OpusPacket);
    // Every 5 s of audio, let the (instant) STT run, as it would while packets trickle in.
    if (i % 250 === 0) await new Promise((r) => setImmediate(r));
  }
  await clock.advanceTo(endMs);
  listener.finish();
  const answer = await listener.result;
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  await listener.close();
  if (answer.durationMs < ANSWER_MS - 10_000) throw new Error(`bench answer too short: ${answer.durationMs} ms`);
  return { wall: answer.durationMs / elapsedMs, cpu: answer.durationMs / cpuMs };
}

const CONCURRENT = 10;

/**
 * Runs CONCURRENT listeners side by side over the same answer (a per-listener figure of ~0.1 MB
 * is below the heap's noise) and returns the retained memory per listener.
 */
async function measureMemory(packets: OpusPacket[], endMs: number): Promise<{ peak: number; peakBuffers: number }> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const retained = (): number => {
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const clock = new ManualClock(packets[0] ? packets[0].receivedAtMs - 1500 : 0);
  const baseline = retained();
  const listeners = Array.from({ length: CONCURRENT }, () => listen(clock));
  let peak = 0;
  let peakBuffers = 0;
  for (let i = 0; i < packets.length; i++) {
    for (const l of listeners) l.push(packets[i] as OpusPacket);
    if (i % 250 === 0) {
      await new Promise((r) => setImmediate(r));
      peak = Math.max(peak, retained() - baseline);
      peakBuffers = Math.max(peakBuffers, ...listeners.map((l) => l.stats.heldPcmBytes));
    }
  }
  await clock.advanceTo(endMs);
  for (const l of listeners) l.finish();
  await Promise.all(listeners.map((l) => l.close()));
  return { peak: peak / CONCURRENT, peakBuffers };
}

/** libopus alone (48 kHz stereo packets decoded at 16 kHz mono), for context on a busy machine. */
function rawDecodeSpeed(packets: OpusPacket[]): number {
  const decoder = new OpusEncoder(16_000, 1);
  const started = process.cpuUsage();
  for (const p of packets) decoder.decode(p.opus);
  const cpu = process.cpuUsage(started);
  return (packets.length * 20) / ((cpu.user + cpu.system) / 1000);
}

/**
 * decode_x_realtime: receive → decode (libopus at 16 kHz) → VAD → segments (→ WAV for an
 * instant STT) for a 5-minute answer, on one thread, in multiples of real time (median of 3),
 * per CPU second (the machine is shared: wall figures are also reported).
 * session_peak_mb: retained memory per answering candidate: the peak of (heapUsed +
 * arrayBuffers) after a forced GC, minus the same before the listeners existed, sampled every
 * 5 s of audio, for 10 listeners at once, divided by 10; session_buffers_peak_mb: the
 * pipeline's own PCM buffers (current segment + preroll) of one listener.
 */
export default async function voiceThroughput(): Promise<Record<string, unknown>> {
  const start = 1_000_000;
  const { packets, endMs } = await naturalAnswer(ANSWER_MS, start);
  const runs: Array<{ wall: number; cpu: number }> = [];
  for (let i = 0; i < 3; i++) runs.push(await runOnce(packets, endMs));
  const median = (xs: number[]): number => Math.round(xs.sort((a, b) => a - b)[1] ?? 0);
  const raw = [rawDecodeSpeed(packets), rawDecodeSpeed(packets), rawDecodeSpeed(packets)];

  const { peak, peakBuffers } = await measureMemory(packets, endMs);
  const mb = (bytes: number): number => Math.round((bytes / 1e6) * 100) / 100;
  return {
    decode_x_realtime: median(runs.map((r) => r.cpu)),
    decode_x_realtime_wall: median(runs.map((r) => r.wall)),
    libopus_only_x_realtime: median(raw),
    decode_x_realtime_method: 'seconds of answer per CPU second of this single-threaded process (median of 3); _wall is per wall second on the shared machine',
    session_peak_mb: mb(peak),
    session_buffers_peak_mb: mb(peakBuffers),
    session_peak_mb_method: `peak of heapUsed+arrayBuffers after forced GC minus baseline, sampled every 5 s of a 5-min answer, ${CONCURRENT} listeners side by side, divided by ${CONCURRENT}; buffers = one listener's current segment + preroll PCM`,
  };
}
