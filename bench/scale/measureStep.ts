import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BotProcess } from '../../test/e2e/helpers/startBotProcess.ts';
import { GlobalRateLimit } from '../../test/harness/discord/GlobalRateLimit.ts';
import type { LocalDiscord } from '../../test/harness/discord/LocalDiscord.ts';
import type { OpenAiStandIn } from '../../test/harness/openai/startOpenAiStandIn.ts';
import { addLateFrames, countLateFrames, type LateFrames } from './lateFrames.ts';
import type { ScaleCandidates } from './ScaleCandidates.ts';
import { LoopbackCapture, rtpKey } from './LoopbackCapture.ts';

/** The figures of one step (N interviews at once). */
export interface StepFigures {
  n: number;
  /** Interviews running in the bot (its /health) at the end of the window. */
  active: number;
  /** Seconds it took from adding the candidates to N interviews running (null: never got there). */
  ramp_s: number | null;
  window_s: number;
  frames: number;
  late_frames: number;
  /** Late frames by the kernel's send times (tcpdump on lo) when available, else by the arrival times at the local Discord. */
  late_frame_ratio: number | null;
  /** Which clock `late_frame_ratio` used: 'kernel' or 'arrival'. */
  late_frame_clock: 'kernel' | 'arrival';
  /** The same count by the local Discord's arrival times (includes the harness's own stalls). */
  late_frame_ratio_at_arrival: number | null;
  /** Bot packets in the window the capture did not see (kernel clock only; they are left out of the count). */
  frames_not_captured: number;
  worst_late_ms: number;
  event_loop_p99_ms: number | null;
  event_loop_p99_median_ms: number | null;
  event_loop_max_ms: number | null;
  /** Bot CPU over the window in cores (1 = one core busy). */
  bot_cpu_cores: number;
  cpu_ms_per_interview_second: number;
  rss_mb: number;
  rss_mb_per_interview: number;
  /**
   * Share of the window the bot's main thread was ready to run but waited for a CPU (Linux
   * schedstat): high means the machine, not the bot, was short of CPU; null where unknown.
   */
  bot_main_thread_cpu_wait_share: number | null;
  /** The bench process (local Discord, stand-ins, candidates) in cores over the window. */
  harness_cpu_cores: number;
  /** The bench process's own event-loop p99 (ms): a stalled harness stamps the bot's packets late too. */
  harness_event_loop_p99_ms: number;
  answers_in_window: number;
  /** The bot's REST requests a second that count towards Discord's global limit (50), over the window. */
  rest_requests_per_s: number;
  /** Of them, refused by the global limit (429) in the window. */
  rest_refused_global: number;
  /** The busiest routes ("METHOD /route"), requests a second each. */
  rest_top_routes_per_s: Record<string, number>;
}

interface Runtime {
  eventLoopP99Ms: number | null;
  eventLoopP99MedianMs: number | null;
  eventLoopMaxMs: number | null;
  cpuUserMs: number;
  cpuSystemMs: number;
  rssBytes: number;
}

/** Nanoseconds a thread spent waiting on a run queue (the 2nd field of /proc/<pid>/task/<tid>/schedstat), or null. */
function runQueueWaitNs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[1]);
  } catch {
    return null;
  }
}

/** How long the interviews may take to get going (paced starts, voice joins). */
const RAMP_TIMEOUT_MS = 150_000;
/** After the last start, let joins and first questions settle before measuring. */
const SETTLE_MS = 5_000;

async function runtime(bot: BotProcess, windowS: number): Promise<{ active: number; runtime: Runtime }> {
  const res = await fetch(`${bot.healthUrl}?window_s=${windowS}`, { signal: AbortSignal.timeout(10_000) });
  const body = (await res.json()) as { activeInterviews: number; runtime?: Runtime };
  if (!body.runtime) throw new Error('scale bench: /health has no runtime figures');
  return { active: body.activeInterviews, runtime: body.runtime };
}

/**
 * Waits until `n` interviews run, then measures one window: the bot's packets that reached the
 * local Discord in the window (late-frame count per guild), the bot's event-loop windows, CPU
 * and RSS from its /health, and this process's CPU. Clears the captured audio and the stand-in's
 * call log afterwards (memory).
 */
export async function measureStep(o: { n: number; windowMs: number; discord: LocalDiscord; openai: OpenAiStandIn; bot: BotProcess; candidates: ScaleCandidates; idleRssBytes: number; startsPerS: number }): Promise<StepFigures> {
  const rampStarted = Date.now();
  // Paced starts need n / startsPerS; joins and first questions get 45 s more.
  const rampDeadlineMs = rampStarted + Math.min(RAMP_TIMEOUT_MS, (o.n / o.startsPerS) * 1000 + 45_000);
  let ramp: number | null = null;
  while (Date.now() < rampDeadlineMs) {
    if (!o.bot.running) throw new Error(`scale bench: the bot exited\n${o.bot.tail()}`);
    if (o.candidates.interviewing >= o.n) {
      ramp = Math.round((Date.now() - rampStarted) / 1000);
      break;
    }
    await sleep(500);
  }
  if (ramp === null) process.stderr.write(`bench: scale: ${o.candidates.interviewing} of ${o.n} interviews running; stuck starts: ${o.candidates.stuckStarts(30_000).slice(0, 5).join(' | ')}\n`);
  await sleep(SETTLE_MS);
  const before = await runtime(o.bot, 1);
  const harnessBefore = process.cpuUsage();
  const harnessLoop = monitorEventLoopDelay({ resolution: 10 });
  harnessLoop.enable();
  const answersBefore = o.candidates.counts.answers;
  const capture = await LoopbackCapture.start(o.discord.voice.endpoints.map((e) => e.udp.port));
  const waitBefore = runQueueWaitNs(o.bot.pid);
  const refusedBefore = o.discord.globalRateLimited;
  const t0 = Date.now();
  await sleep(o.windowMs);
  const t1 = Date.now();
  const kernelTimes = await capture?.stop();
  const waitAfter = runQueueWaitNs(o.bot.pid);
  const harness = process.cpuUsage(harnessBefore);
  harnessLoop.disable();
  const after = await runtime(o.bot, Math.round(o.windowMs / 1000));
  const elapsedMs = t1 - t0;
  const restCalls = o.discord.restCalls.filter((c) => c.atMs >= t0 && c.atMs < t1 && GlobalRateLimit.counts(c.path));
  const byRoute = new Map<string, number>();
  for (const c of restCalls) byRoute.set(`${c.method} ${c.route ?? c.path}`, (byRoute.get(`${c.method} ${c.route ?? c.path}`) ?? 0) + 1);
  let atArrival: LateFrames = { frames: 0, late: 0, worstMs: 0 };
  let byKernel: LateFrames = { frames: 0, late: 0, worstMs: 0 };
  let notCaptured = 0;
  for (const packets of o.discord.voice.captured.values()) {
    const inWindow = packets.filter((p) => p.receivedAtMs >= t0 && p.receivedAtMs < t1);
    atArrival = addLateFrames(atArrival, countLateFrames(inWindow));
    if (!kernelTimes) continue;
    const sent = [];
    for (const p of inWindow) {
      const at = kernelTimes.get(rtpKey(p.ssrc, p.sequence, p.timestamp));
      if (at !== undefined) sent.push({ ...p, receivedAtMs: at });
      else {
        notCaptured++;
        // A silence frame still ends its utterance (its time is not used); a voice frame is left out.
        if (p.silence) sent.push(p);
      }
    }
    byKernel = addLateFrames(byKernel, countLateFrames(sent));
  }
  const late = kernelTimes ? byKernel : atArrival;
  const ratio = (l: LateFrames): number | null => (l.frames > 0 ? Math.round((l.late / l.frames) * 10_000) / 10_000 : null);
  o.discord.voice.captured.clear();
  o.openai.calls.length = 0;
  const cpuMs = after.runtime.cpuUserMs + after.runtime.cpuSystemMs - before.runtime.cpuUserMs - before.runtime.cpuSystemMs;
  const r2 = (x: number): number => Math.round(x * 100) / 100;
  return {
    n: o.n,
    active: after.active,
    ramp_s: ramp,
    window_s: Math.round(elapsedMs / 1000),
    frames: late.frames,
    late_frames: late.late,
    late_frame_ratio: ratio(late),
    late_frame_clock: kernelTimes ? 'kernel' : 'arrival',
    late_frame_ratio_at_arrival: ratio(atArrival),
    frames_not_captured: notCaptured,
    worst_late_ms: Math.round(late.worstMs),
    event_loop_p99_ms: after.runtime.eventLoopP99Ms,
    event_loop_p99_median_ms: after.runtime.eventLoopP99MedianMs,
    event_loop_max_ms: after.runtime.eventLoopMaxMs,
    bot_cpu_cores: r2(cpuMs / elapsedMs),
    cpu_ms_per_interview_second: r2(cpuMs / (after.active || o.n) / (elapsedMs / 1000)),
    rss_mb: Math.round(after.runtime.rssBytes / 1e6),
    rss_mb_per_interview: r2((after.runtime.rssBytes - o.idleRssBytes) / 1e6 / o.n),
    bot_main_thread_cpu_wait_share: waitBefore !== null && waitAfter !== null ? r2((waitAfter - waitBefore) / 1e6 / elapsedMs) : null,
    harness_cpu_cores: r2((harness.user + harness.system) / 1000 / elapsedMs),
    harness_event_loop_p99_ms: Math.round(harnessLoop.percentile(99) / 1e5) / 10,
    answers_in_window: o.candidates.counts.answers - answersBefore,
    rest_requests_per_s: r2(restCalls.length / (elapsedMs / 1000)),
    rest_refused_global: o.discord.globalRateLimited - refusedBefore,
    rest_top_routes_per_s: Object.fromEntries([...byRoute].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([route, count]) => [route, r2(count / (elapsedMs / 1000))])),
  };
}
