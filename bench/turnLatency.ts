import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { commandDefinitions } from '../src/commands/definitions.ts';
import { REPO_ROOT, startBotProcess, type BotProcess } from '../test/e2e/helpers/startBotProcess.ts';
import { startLocalDiscord, type LocalDiscord } from '../test/harness/discord/LocalDiscord.ts';
import type { MessageRecord } from '../test/harness/discord/MessageLog.ts';
import type { Json } from '../test/harness/discord/payloads.ts';
import { startOpenAiStandIn, type ChatReply, type ChatRequest, type OpenAiStandIn } from '../test/harness/openai/startOpenAiStandIn.ts';
import { festivalOpusPackets } from '../test/harness/speech/discordOpus.ts';
import { rubricReply } from '../test/interview/fakes/rubricReply.ts';

/**
 * Turn latency through the local Discord: the bot runs as its own process against the local
 * Discord (real gateway, voice, RTP) and the OpenAI stand-in with fixed latencies. A candidate
 * answers aloud (festival speech at real-time pace); for each answer we measure from the
 * candidate's last audio packet to the bot's first audio packet of the next question.
 * Target: p50 ≤ end-of-answer pause + the slowest single stand-in latency + 250 ms, which only
 * holds if the stages overlap (speculative next question on the tentative end, speech
 * synthesised before the answer has ended).
 */

/** Stand-in latency floors in ms: a response takes at least this long (festival/pocketsphinx may take longer). */
const STAND_IN_MS = { chat: 500, speech: 700, transcription: 1_200 };
const END_OF_ANSWER_SILENCE_MS = 3_000;
const SEGMENT_SILENCE_MS = 600;
/** Measured turns (the interview has one more question, whose answer is not needed). */
const TURNS = 5;

const QUESTIONS = [
  'Tell me about a project where you improved the performance of a system.',
  'How do you test your code before you release it?',
  'Describe a time you worked with a difficult team member.',
  'How do you decide which task to work on first?',
  'What did you learn from a mistake you made at work?',
  'Why do you want to work on this team?',
];
const ANSWERS = [
  ['In my last project I built a distributed cache in Go.', 'We reduced latency by forty percent.'],
  ['I write unit tests and integration tests.', 'They run on every commit.'],
  ['I listened to my colleague.', 'We agreed on a plan together.'],
  ['I look at the impact and the deadline.', 'Then I talk to my manager.'],
  ['I once deleted a table by accident.', 'Now I always make a backup first.'],
];

function chat(request: ChatRequest): ChatReply {
  const schema = request.response_format?.json_schema?.name;
  const prompt = request.messages.map((m) => m.content).join('\n');
  if (schema === 'interview_question') {
    const n = Number(/Now write question (\d+) of/.exec(prompt)?.[1] ?? '1');
    return { question: QUESTIONS[(n - 1) % QUESTIONS.length]!, isFollowUp: false, focus: 'experience' };
  }
  return rubricReply(request, { score: 7, feedback: 'A clear answer.', strengths: ['Clear'], improvements: ['More detail'] });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

const median = (values: number[]): number | null => (values.length === 0 ? null : percentile(values, 50));
const title = (m: { embeds: Json[] }): string => String(m.embeds[0]?.title ?? '');
const status = (m: { embeds: Json[] }): string =>
  ((m.embeds[0]?.fields ?? []) as Array<{ name: string; value: string }>).find((f) => f.name === 'Status')?.value ?? '';

/** Runs the bench; returns the figures (merged into `npm run bench`'s JSON). */
export default async function turnLatency(): Promise<Record<string, unknown>> {
  let discord: LocalDiscord | null = null;
  let openai: OpenAiStandIn | null = null;
  let bot: BotProcess | null = null;
  try {
    discord = await startLocalDiscord({ commands: commandDefinitions as unknown as Json[], defaultTimeoutMs: 60_000 });
    openai = await startOpenAiStandIn({ chat, latency: { chatMs: STAND_IN_MS.chat, speechMs: STAND_IN_MS.speech, transcriptionMs: STAND_IN_MS.transcription } });
    bot = await startBotProcess({
      discord,
      openAiBaseUrl: openai.baseUrl,
      env: {
        DISCORD_CLIENT_ID: discord.applicationId,
        LOG_LEVEL: 'warn',
        END_OF_ANSWER_SILENCE_MS: String(END_OF_ANSWER_SILENCE_MS),
        SEGMENT_SILENCE_MS: String(SEGMENT_SILENCE_MS),
      },
    });
    const speech = new Map<string, Buffer[]>();
    for (const sentence of ANSWERS.flat()) speech.set(sentence, await festivalOpusPackets(sentence));

    const d = discord;
    const { main } = d.guilds;
    const alice = d.users.alice.id;
    d.userJoinVoice(alice, main.voiceChannelId);
    const startedAtMs = Date.now();
    const record = d.runSlashCommand({
      guildId: main.id, channelId: main.interviewsChannelId, userId: alice, command: 'interview', subcommand: 'start',
      options: { jd_text: 'Backend engineer: Go, performance, testing, teamwork.', type: 'technical', questions: TURNS + 1 },
      attachments: { resume: { filename: 'resume.pdf', contentType: 'application/pdf', bytes: readFileSync(join(REPO_ROOT, 'test/fixtures/documents/resume.pdf')) } },
    });
    await d.waitForReply(record.id, (m) => m.content.includes('starting'));
    const card = (n: number): Promise<MessageRecord> =>
      d.waitForMessage((m) => m.createdAtMs >= startedAtMs && title(m) === `Question ${n} of ${TURNS + 1}`);
    const listening = (c: MessageRecord): Promise<unknown> =>
      d.waitFor(() => (status(d.messages.get(c.id) ?? c).includes('Listening') ? true : undefined), `question card ${title(c)} listening`, 60_000);

    const latenciesMs: number[] = [];
    let last: MessageRecord | null = null;
    for (let n = 1; n <= TURNS; n++) {
      const c = await card(n);
      await listening(c);
      await sleep(300);
      let lastAudioAtMs = 0;
      for (const [i, sentence] of ANSWERS[n - 1]!.entries()) {
        if (i > 0) await sleep(900);
        const result = await d.speak(alice, speech.get(sentence)!, { trailingSilenceFrames: 0 });
        lastAudioAtMs = result.lastDeliveredAtMs ?? Date.now();
      }
      const first = await d.waitFor(
        () => d.botAudio(main.id, lastAudioAtMs + 1).find((p) => !p.silence),
        `the bot's first audio packet after answer ${n}`,
        60_000,
      );
      latenciesMs.push(first.receivedAtMs - lastAudioAtMs);
      process.stderr.write(`bench: turn ${n}: ${first.receivedAtMs - lastAudioAtMs} ms\n`);
      last = await card(n + 1);
    }
    if (last) {
      const interviewId = /Interview (\S+)/.exec(String((last.embeds[0]?.footer as { text?: string } | undefined)?.text))?.[1];
      if (interviewId) d.clickButton({ messageId: last.id, customId: `hotseat:end:${interviewId}`, userId: alice });
      await d.waitFor(() => (d.botVoiceChannel(main.id) === null ? true : undefined), 'the bot to leave voice', 60_000);
    }

    const measured = (path: string): number | null => {
      const ms = median(openai!.callsTo(path).flatMap((c) => (c.firstByteAtMs !== undefined && c.status === 200 ? [c.firstByteAtMs - c.receivedAtMs] : [])));
      return ms === null ? null : Math.round(ms);
    };
    const slowestMs = Math.max(STAND_IN_MS.chat, STAND_IN_MS.speech, STAND_IN_MS.transcription);
    const p50 = percentile(latenciesMs, 50);
    return {
      turn_latency_ms_p50: Math.round(p50),
      turn_latency_ms_p95: Math.round(percentile(latenciesMs, 95)),
      turn_latency_turns: latenciesMs.length,
      turn_latency_ms_all: latenciesMs.map(Math.round),
      turn_latency_end_of_answer_pause_ms: END_OF_ANSWER_SILENCE_MS,
      turn_latency_stand_in_ms: STAND_IN_MS,
      turn_latency_stand_in_measured_ms_p50: {
        chat: measured('/v1/chat/completions'),
        speech: measured('/v1/audio/speech'),
        transcription: measured('/v1/audio/transcriptions'),
      },
      turn_latency_target_ms: END_OF_ANSWER_SILENCE_MS + slowestMs + 250,
      turn_latency_target_met: p50 <= END_OF_ANSWER_SILENCE_MS + slowestMs + 250,
    };
  } finally {
    await bot?.cleanup();
    await discord?.close();
    await openai?.close();
  }
}

// Run alone: `node bench/turnLatency.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(await turnLatency(), null, 2)}\n`);
}
