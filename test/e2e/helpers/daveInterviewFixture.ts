import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { commandDefinitions } from '../../../src/commands/definitions.ts';
import { startLocalDiscord, type LocalDiscord } from '../../harness/discord/LocalDiscord.ts';
import type { Json } from '../../harness/discord/payloads.ts';
import type { ChatReply, ChatRequest } from '../../harness/openai/startOpenAiStandIn.ts';
import { startOpenAiStandIn, type OpenAiStandIn } from '../../harness/openai/startOpenAiStandIn.ts';
import { startBotProcess, type BotProcess } from './startBotProcess.ts';
import { VoiceHelpers } from './voiceHelpers.ts';
import { rubricReply } from '../../interview/fakes/rubricReply.ts';

/** One interview's DAVE counters as /health lists them (counts only). */
export interface DaveVoiceHealth {
  daveProtocolVersion: number;
  daveEpoch: number;
  decryptFailures: number;
  plaintextDropped: number;
  plaintextAccepted: number;
  groupResets: number;
  keyPackageResends: number;
  rejoins: number;
}

/** What a DAVE e2e file gets: the local Discord, the OpenAI stand-in, the bot process and helpers. */
export interface DaveInterviewFixture {
  readonly discord: LocalDiscord;
  readonly openai: OpenAiStandIn;
  readonly bot: BotProcess;
  readonly h: VoiceHelpers;
  /** The first running interview's DAVE counters from /health. */
  voiceHealth(): Promise<DaveVoiceHealth>;
}

/**
 * Registers the vitest hooks of a DAVE e2e file: a local Discord speaking DAVE v1, a chat
 * stand-in asking `questions` in order and scoring every answer 6, the bot process with short
 * pauses, `sentences` turned into packets up front; the bot's DAVE log lines on failure.
 */
export function useDaveInterviewFixture(opts: { questions: string[]; sentences: string[] }): DaveInterviewFixture {
  let asked = 0;
  const chat = (request: ChatRequest): ChatReply => {
    const schema = request.response_format?.json_schema?.name;
    if (schema === 'interview_question') return { question: opts.questions[Math.min(asked++, opts.questions.length - 1)]!, isFollowUp: false, focus: 'experience' };
    if (schema === 'answer_evaluation') return rubricReply(request, { score: 6, feedback: 'A reasonable answer.', strengths: ['Specific'], improvements: ['More detail'], evidence: '' });
    throw new Error(`unexpected chat request (${schema ?? 'plain'})`);
  };
  const f = {} as { discord: LocalDiscord; openai: OpenAiStandIn; bot: BotProcess; h: VoiceHelpers };
  beforeAll(async () => {
    f.discord = await startLocalDiscord({ commands: commandDefinitions as unknown as Json[], defaultTimeoutMs: 20_000 });
    f.h = new VoiceHelpers(f.discord, { total: opts.questions.length });
    f.openai = await startOpenAiStandIn({ chat });
    f.bot = await startBotProcess({
      discord: f.discord, openAiBaseUrl: f.openai.baseUrl,
      env: { DISCORD_CLIENT_ID: f.discord.applicationId, END_OF_ANSWER_SILENCE_MS: '4000', SEGMENT_SILENCE_MS: '500', CAPTION_INTERVAL_MS: '1000', NO_SPEECH_TIMEOUT_MS: '20000' },
    });
    await Promise.all(opts.sentences.map((s) => f.h.packetsOf(s)));
  }, 120_000);
  afterAll(async () => {
    await f.bot?.cleanup();
    await f.discord?.close();
    await f.openai?.close();
  });
  beforeEach((ctx) => {
    ctx.onTestFailed(() => console.error(`bot log tail:\n${f.bot.tail(400).split('\n').filter((l) => /DAVE|voice|rejoin/i.test(l)).join('\n')}`));
  });
  return {
    get discord() { return f.discord; },
    get openai() { return f.openai; },
    get bot() { return f.bot; },
    get h() { return f.h; },
    async voiceHealth() {
      const res = await f.bot.health();
      const health = (res?.body.interviews as DaveVoiceHealth[] | undefined)?.[0];
      expect(health, '/health lists the interview').toBeDefined();
      return health!;
    },
  };
}
