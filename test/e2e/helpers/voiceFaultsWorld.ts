import { commandDefinitions } from '../../../src/commands/definitions.ts';
import type { InterviewDetails } from '../../../src/interview/types.ts';
import { startLocalDiscord, type LocalDiscord } from '../../harness/discord/LocalDiscord.ts';
import type { MessageRecord } from '../../harness/discord/MessageLog.ts';
import type { Json } from '../../harness/discord/payloads.ts';
import type { ChatReply, ChatRequest } from '../../harness/openai/startOpenAiStandIn.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../../harness/openai/startOpenAiStandIn.ts';
import { rubricReply } from '../../interview/fakes/rubricReply.ts';
import { startBotProcess, type BotProcess } from './startBotProcess.ts';
import { FIXED_TURNS_ENV, VoiceHelpers } from './voiceHelpers.ts';

/**
 * The world of test/e2e/voiceFaults.test.ts: the local Discord with voice, the scripted OpenAI
 * stand-in and the bot as a process, with the scripts both share. The bindings are live: read
 * them after {@link startVoiceFaultsWorld}.
 */

export const TOTAL = 2;
export const QUESTIONS = ['Tell me about a project where you improved the performance of a system.', 'How do you test your code before you release it?'];
export const ANSWERS = [
  ['In my last project I built a distributed cache in Go.', 'We reduced latency by forty percent.'],
  ['I write unit tests and integration tests.', 'They run on every commit.'],
];
export const ANSWER_KEY_WORDS = [['latency', 'forty', 'percent', 'project', 'built'], ['tests', 'unit', 'commit', 'write']];

export let discord: LocalDiscord;
let openai: OpenAiStandIn;
export let bot: BotProcess;
export let h: VoiceHelpers;
/**
 * What the scripted model does: fail question generation with HTTP 500 while `failQuestions`;
 * evaluations of answers to a bank question (one not in QUESTIONS) always fail.
 */
export const model = { failQuestions: false };
export const outcomes: Array<{ id: string; check: (d: InterviewDetails) => void }> = [];

function chat(request: ChatRequest): ChatReply {
  const schema = request.response_format?.json_schema?.name;
  const prompt = request.messages.map((m) => m.content).join('\n');
  if (schema === 'interview_question') {
    if (model.failQuestions) return { fault: 500 };
    const n = Number(/Now write question (\d+) of/.exec(prompt)?.[1] ?? '1');
    return { question: QUESTIONS[(n - 1) % QUESTIONS.length]!, isFollowUp: false, focus: 'experience' };
  }
  if (schema === 'answer_evaluation') {
    if (!QUESTIONS.some((q) => prompt.includes(q))) return { fault: 500 };
    return rubricReply(request, { score: 6, feedback: 'A reasonable answer.', strengths: ['Specific'], improvements: ['More detail'], evidence: '' });
  }
  throw new Error(`unexpected chat request (${schema ?? 'plain'})`);
}

/** Starts an interview for `userId` and waits for the bot to say it is starting; returns when it was started. */
export async function startInterview(userId: string): Promise<number> {
  const sinceMs = Date.now();
  await discord.waitForReply(h.startInterview(userId), (m) => m.content.includes('starting'));
  return sinceMs;
}

/**
 * Joins `userId` to `voiceChannelId`, starts an interview, answers question 1 in full and waits
 * until question 2 is listening: the common start of the mid-answer fault cases.
 */
export async function reachSecondQuestion(userId: string, voiceChannelId: string): Promise<{ sinceMs: number; card1: MessageRecord; card2: MessageRecord }> {
  discord.userJoinVoice(userId, voiceChannelId);
  const sinceMs = await startInterview(userId);
  const card1 = await h.waitForCard(1, sinceMs);
  await h.waitForStatus(card1, 'Listening');
  await h.answer(userId, ANSWERS[0]!);
  await h.waitForStatus(card1, 'Answered');
  const card2 = await h.waitForCard(2, sinceMs);
  await h.waitForStatus(card2, 'Listening');
  return { sinceMs, card1, card2 };
}

/** Starts the local Discord, the stand-in and the bot (the suite's beforeAll). */
export async function startVoiceFaultsWorld(): Promise<void> {
  discord = await startLocalDiscord({ commands: commandDefinitions as unknown as Json[], defaultTimeoutMs: 20_000 });
  h = new VoiceHelpers(discord, { total: TOTAL });
  openai = await startOpenAiStandIn({ chat });
  bot = await startBotProcess({
    discord,
    openAiBaseUrl: openai.baseUrl,
    env: { DISCORD_CLIENT_ID: discord.applicationId, ...FIXED_TURNS_ENV, REJOIN_TIMEOUT_MS: '6000' },
  });
  await Promise.all(ANSWERS.flat().map((s) => h.packetsOf(s)));
}

/** Stops everything (the suite's afterAll). */
export async function stopVoiceFaultsWorld(): Promise<void> {
  await bot?.cleanup();
  await discord?.close();
  await openai?.close();
}
