import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { commandDefinitions } from '../src/commands/definitions.ts';
import { EVALUATION_SCHEMA_NAME } from '../src/interview/AnswerEvaluator.ts';
import { QUESTION_SCHEMA_NAME } from '../src/interview/QuestionGenerator.ts';
import { PAUSE_JUDGEMENT_SCHEMA_NAME } from '../src/interview/turns/judgeEndOfAnswer.ts';
import { REPO_ROOT, startBotProcess, type BotProcess } from '../test/e2e/helpers/startBotProcess.ts';
import { addInterviewGuilds } from '../test/harness/discord/interviewGuilds.ts';
import { startLocalDiscord, type LocalDiscord } from '../test/harness/discord/LocalDiscord.ts';
import type { Json } from '../test/harness/discord/payloads.ts';
import { startOpenAiStandIn, type ChatReply, type ChatRequest, type OpenAiStandIn } from '../test/harness/openai/startOpenAiStandIn.ts';
import { makeCannedMedia } from './scale/cannedMedia.ts';
import { measureStep, type StepFigures } from './scale/measureStep.ts';
import { ScaleCandidates } from './scale/ScaleCandidates.ts';
import { rubricReply } from '../test/interview/fakes/rubricReply.ts';

/**
 * Scale: N interviews at once in N servers of the local Discord, the bot as its own process,
 * AI stand-ins that answer at once from canned audio and text (no festival, no pocketsphinx, no
 * latency: the figures are the bot's own cost). Candidates answer every question with the same
 * pre-encoded Opus answer. N climbs through SCALE_STEPS (default 10,25,50,100,150,200); at each
 * step, after the interviews are running, a SCALE_WINDOW_S window (default 15) measures the bot:
 * late frames (> 40 ms behind the 20 ms cadence, at the local Discord), event-loop p99 (inside the
 * bot, /health `runtime`), CPU and RSS. The limits: late frames < 1 % and event-loop p99 ≤ 25 ms;
 * climbing stops after two steps break them. SCALE_STARTS_PER_S (default 1.5) paces the starts
 * (the bot's gateway sends ~115 a minute); SCALE_CPU_PROF_DIR makes the bot write a CPU profile.
 * Run alone: `node bench/scale.ts`. The harness shares the machine: its CPU is reported too.
 */

const LIMITS = { lateFrameRatio: 0.01, eventLoopP99Ms: 25 };

const envNumbers = (name: string, fallback: number[]): number[] => {
  const raw = process.env[name];
  if (!raw) return fallback;
  const values = raw.split(',').map((v) => Number(v.trim()));
  if (values.some((v) => !Number.isInteger(v) || v <= 0)) throw new Error(`${name} must be positive integers separated by commas, e.g. 10,50,100`);
  return values;
};
const envNumber = (name: string, fallback: number): number => {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
};

/** What the chat stand-in asks; the TTS stand-in says the same canned clip for each. */
const QUESTIONS = [
  'Tell me about a system you built.', 'How do you test code before a release?', 'Describe a difficult teammate.',
  'What would you change in your last project?', 'How do you handle a production outage?', 'Explain caching to a beginner.',
  'Which database suits a chat app, and why?', 'What makes an API pleasant to use?', 'How do you review pull requests?',
  'Describe a deadline you missed.', 'How would you scale a web service tenfold?', 'What is your favourite debugging tool?',
  'How do you estimate work?', 'Tell me about mentoring someone.', 'When is a rewrite worth it?',
  'How do you keep secrets out of logs?', 'What did your best manager do well?', 'Describe a trade-off you regret.',
  'How do you learn a new language quickly?', 'Why do you want this role?',
];

function chat(request: ChatRequest): ChatReply {
  const schema = request.response_format?.json_schema?.name;
  if (schema === QUESTION_SCHEMA_NAME) {
    // Distinct texts: the bot refuses a question too similar to an earlier one (and would use a fallback).
    const n = Number(/Now write question (\d+) of/.exec(request.messages.map((m) => m.content).join('\n'))?.[1] ?? '1');
    return { question: QUESTIONS[(n - 1) % QUESTIONS.length]!, isFollowUp: false, focus: 'experience' };
  }
  if (schema === PAUSE_JUDGEMENT_SCHEMA_NAME) return { verdict: 'complete' };
  if (schema === EVALUATION_SCHEMA_NAME) return rubricReply(request, { score: 7, feedback: 'A clear answer.', strengths: ['Clear'], improvements: ['More detail'] });
  throw new Error(`scale bench: no canned reply for chat schema ${String(schema)}`);
}

const holds = (s: StepFigures): boolean =>
  s.active >= s.n && s.late_frame_ratio !== null && s.late_frame_ratio < LIMITS.lateFrameRatio && s.event_loop_p99_ms !== null && s.event_loop_p99_ms <= LIMITS.eventLoopP99Ms;

/** Runs the bench; returns the figures (merged into `npm run bench`'s JSON). */
export default async function scale(): Promise<Record<string, unknown>> {
  const steps = envNumbers('SCALE_STEPS', [10, 25, 50, 100, 150, 200]);
  const windowMs = envNumber('SCALE_WINDOW_S', 15) * 1000;
  const startsPerS = envNumber('SCALE_STARTS_PER_S', 1.5);
  const profileDir = process.env.SCALE_CPU_PROF_DIR;
  const benchStartedMs = Date.now();
  const media = await makeCannedMedia();
  let discord: LocalDiscord | null = null;
  let openai: OpenAiStandIn | null = null;
  let bot: BotProcess | null = null;
  let candidates: ScaleCandidates | null = null;
  let ticker: NodeJS.Timeout | null = null;
  try {
    discord = await startLocalDiscord({ commands: commandDefinitions as unknown as Json[], defaultTimeoutMs: 120_000 });
    const guilds = addInterviewGuilds(discord.world, Math.max(...steps));
    openai = await startOpenAiStandIn({ chat, cannedSpeechWav: media.botSpeechWav, cannedTranscript: media.answerTranscript });
    bot = await startBotProcess({
      discord, openAiBaseUrl: openai.baseUrl,
      env: {
        DISCORD_CLIENT_ID: discord.applicationId, LOG_LEVEL: process.env.SCALE_LOG_LEVEL ?? 'info',
        INTERVIEWS_PER_USER_PER_DAY: '1000', NO_SPEECH_TIMEOUT_MS: '60000',
        ...(profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {}),
      },
    });
    await discord.waitForBotReady();
    // Idle RSS: the lowest of 10 one-second samples (start-up garbage, e.g. the database's, is collected meanwhile).
    let idle: { rssBytes: number } | undefined;
    for (let i = 0; i < 10; i++) {
      await sleep(1_000);
      const r = (await bot.health())?.body.runtime as { rssBytes: number } | undefined;
      if (r && (!idle || r.rssBytes < idle.rssBytes)) idle = r;
    }
    if (!idle) throw new Error('scale bench: the bot reports no runtime figures on /health');
    const c = new ScaleCandidates(discord, media, {
      questions: 20, jdText: 'Backend engineer: Go, performance, testing, teamwork.',
      resume: { filename: 'resume.pdf', contentType: 'application/pdf', bytes: readFileSync(join(REPO_ROOT, 'test/fixtures/documents/resume.pdf')) },
    }, { startsPerS });
    candidates = c;
    ticker = setInterval(() => c.tick(), 200);

    const figures: StepFigures[] = [];
    let breaks = 0;
    for (const n of steps) {
      for (const g of guilds.slice(figures.at(-1)?.n ?? 0, n)) c.add(g);
      const step = await measureStep({ n, windowMs, discord, openai, bot, candidates: c, idleRssBytes: idle.rssBytes, startsPerS });
      figures.push(step);
      process.stderr.write(`bench: scale: ${JSON.stringify(step)}\n`);
      if (!holds(step) && ++breaks >= 2) break;
    }
    const held = figures.filter(holds);
    const best = held.at(-1) ?? null;
    const knee = figures.find((s) => !holds(s)) ?? null;
    if (c.failures.length > 0) process.stderr.write(`bench: scale: failed starts: ${c.failures.slice(0, 10).join(' | ')}\n`);
    return {
      concurrent_interviews: best?.n ?? 0,
      late_frame_ratio: best?.late_frame_ratio ?? null,
      event_loop_p99_ms: best?.event_loop_p99_ms ?? null,
      cpu_ms_per_interview_second: best?.cpu_ms_per_interview_second ?? null,
      rss_mb_per_interview: best?.rss_mb_per_interview ?? null,
      scale_knee_n: knee?.n ?? null,
      scale_target_met: (best?.n ?? 0) >= 100,
      scale_limits: { late_frame_ratio_below: LIMITS.lateFrameRatio, event_loop_p99_ms_at_most: LIMITS.eventLoopP99Ms },
      scale_steps: figures,
      scale_idle_rss_mb: Math.round(idle.rssBytes / 1e6),
      // Less sensitive to when the garbage collector last ran than (rss at N - idle) / N.
      scale_rss_mb_per_added_interview: figures.length >= 2 ? Math.round(((figures.at(-1)!.rss_mb - figures[0]!.rss_mb) / (figures.at(-1)!.n - figures[0]!.n)) * 100) / 100 : null,
      scale_interviews: c.counts,
      scale_bot_speech_clip_ms: media.botSpeechMs,
      scale_answer_ms: media.answerPackets.length * 20,
      // Warnings and errors the bot logged (kinds only) and Node warnings (e.g. MaxListenersExceededWarning).
      scale_bot_log_warnings: [...new Set(bot.logs.filter((l) => l.level >= 40).map((l) => l.msg))].slice(0, 10),
      scale_bot_node_warnings: [...new Set(bot.rawOutput.filter((l) => /Warning/.test(l)).map((l) => l.replace(/^\(node:\d+\) /, '').slice(0, 160)))].slice(0, 5),
      scale_bench_seconds: Math.round((Date.now() - benchStartedMs) / 1000),
      scale_note: 'Harness (local Discord, stand-ins, candidates) runs in the bench process on the same cores: harness_cpu_cores per step. Event-loop p99: the worst 5 s window in the measurement window. rss_mb_per_interview is (rss at N - idle) / N and goes negative when start-up memory is released meanwhile: then read scale_rss_mb_per_added_interview.',
    };
  } finally {
    if (ticker) clearInterval(ticker);
    await candidates?.stop();
    if (bot?.running) await bot.stop().catch(() => undefined);
    await bot?.cleanup();
    await discord?.close();
    await openai?.close();
  }
}

// Run alone: `node bench/scale.ts` (SCALE_STEPS=10,50,100 to choose the steps).
if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await scale(), null, 2)}\n`);
}
