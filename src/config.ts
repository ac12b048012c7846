import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { z } from 'zod';

/**
 * The one place that reads the environment. Everything else receives a {@link Config}.
 * All durations are in milliseconds unless a name says otherwise.
 */

/** One voice thread per core beyond the main thread's: at least one, at most four. */
const defaultVoiceThreads = (): number => Math.max(1, Math.min(4, availableParallelism() - 1));

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const url = z.url({ protocol: /^https?$/ });
const optionalString = z.string().trim().min(1).optional();
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Variables, their rules and defaults; the help text tells the user how to fix a bad value. */
const schema = z
  .object({
    DISCORD_TOKEN: z.string().trim().min(20),
    DISCORD_CLIENT_ID: z.string().regex(/^\d{15,22}$/).optional(),
    DISCORD_DEV_GUILD_ID: z.string().regex(/^\d{15,22}$/).optional(),
    DISCORD_REST_URL: url.default('https://discord.com/api'),

    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: url.optional(),
    LLM_BASE_URL: url.optional(),
    LLM_API_KEY: optionalString,
    LLM_MODEL: z.string().min(1).default('gpt-4o-mini'),
    LLM_TIMEOUT_MS: int(1_000, 600_000).default(30_000),
    LLM_MAX_RETRIES: int(0, 10).default(2),
    STT_BASE_URL: url.optional(),
    STT_API_KEY: optionalString,
    STT_MODEL: z.string().min(1).default('whisper-1'),
    STT_TIMEOUT_MS: int(1_000, 600_000).default(30_000),
    STT_MAX_RETRIES: int(0, 10).default(2),
    STT_SEND_PROMPT: bool.default(true),
    STT_SEND_LANGUAGE: bool.default(true),
    TTS_BASE_URL: url.optional(),
    TTS_API_KEY: optionalString,
    TTS_MODEL: z.string().min(1).default('tts-1'),
    TTS_VOICE: z.string().min(1).default('alloy'),
    TTS_TIMEOUT_MS: int(1_000, 600_000).default(30_000),
    TTS_MAX_RETRIES: int(0, 10).default(2),
    TTS_RESPONSE_FORMAT: z.enum(['pcm', 'wav', 'opus']).default('pcm'),

    SUPABASE_URL: url.optional(),
    SUPABASE_SERVICE_ROLE_KEY: optionalString,
    DATA_DIR: z.string().min(1).default('./data'),

    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    HEALTH_PORT: int(0, 65_535).default(8080),
    HEALTH_HOST: z.string().min(1).default('127.0.0.1'),

    MAX_UPLOAD_BYTES: int(1_024, 25 * 1024 * 1024).default(5 * 1024 * 1024),
    MAX_PDF_PAGES: int(1, 200).default(20),
    MAX_DOCUMENT_CHARS: int(1_000, 200_000).default(20_000),
    PDF_WORKERS: int(1, 16).default(2),
    VOICE_THREADS: int(0, 16).optional(),

    DEFAULT_QUESTIONS: int(1, 20).default(10),
    REPEAT_WINDOW_MS: int(0, 3_600_000).default(120_000),
    MAX_ANSWER_MS: int(10_000, 3_600_000).default(300_000),
    DONE_BUTTON_AFTER_MS: int(0, 3_600_000).default(0),
    NO_SPEECH_TIMEOUT_MS: int(5_000, 3_600_000).default(120_000),
    EVALUATION_RETRY_INTERVAL_MS: int(1_000, 86_400_000).default(300_000),
    END_OF_ANSWER_SILENCE_MS: int(500, 60_000).default(3_000),
    END_OF_ANSWER_MODE: z.enum(['adaptive', 'fixed']).default('adaptive'),
    END_OF_ANSWER_SHORT_MS: int(300, 10_000).default(800),
    END_OF_ANSWER_LONG_MS: int(1_000, 60_000).default(6_000),
    END_OF_ANSWER_HOLD_MS: int(1_000, 120_000).default(20_000),
    END_OF_ANSWER_JUDGE_TIMEOUT_MS: int(200, 10_000).default(1_500),
    ACKNOWLEDGEMENTS: bool.default(true),
    BARGE_IN_AFTER_MS: int(0, 60_000).default(1_000),
    SEGMENT_SILENCE_MS: int(100, 10_000).default(600),
    MAX_SEGMENT_MS: int(1_000, 120_000).default(30_000),
    PREROLL_MS: int(0, 2_000).default(400),
    CAPTION_INTERVAL_MS: int(1_000, 60_000).default(2_000),
    CAPTION_EDITS_PER_SECOND: int(1, 45).default(25),
    REJOIN_TIMEOUT_MS: int(5_000, 3_600_000).default(180_000),
    INTERVIEWS_PER_USER_PER_DAY: int(1, 1_000).default(10),
    ALLOW_INSECURE_TLS_FOR_TESTS: bool.default(false),
    STORE_OUTAGE_FILE_FOR_TESTS: optionalString,
  });

/** Rules across variables; checked even when single variables are also wrong, so all are reported. */
function crossFieldProblems(env: Record<string, string>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const caps = (['LLM', 'STT', 'TTS'] as const).filter((cap) => !env[`${cap}_API_KEY`]);
  if (!env.OPENAI_API_KEY && caps.length > 0) {
    out.push(['OPENAI_API_KEY', `is missing (needed for ${caps.join(', ')}): set OPENAI_API_KEY, or LLM_/STT_/TTS_API_KEY per capability`]);
  }
  const ms = (name: string, fallback: number): number => (env[name] !== undefined && /^\d+$/.test(env[name].trim()) ? Number(env[name]) : fallback);
  const [shortMs, longMs, holdMs] = [ms('END_OF_ANSWER_SHORT_MS', 800), ms('END_OF_ANSWER_LONG_MS', 6_000), ms('END_OF_ANSWER_HOLD_MS', 20_000)];
  if (shortMs > longMs || longMs > holdMs) {
    out.push([
      shortMs > longMs ? 'END_OF_ANSWER_SHORT_MS' : 'END_OF_ANSWER_LONG_MS',
      `is out of order: END_OF_ANSWER_SHORT_MS (${shortMs}) ≤ END_OF_ANSWER_LONG_MS (${longMs}) ≤ END_OF_ANSWER_HOLD_MS (${holdMs}) is required`,
    ]);
  }
  if (Boolean(env.SUPABASE_URL) !== Boolean(env.SUPABASE_SERVICE_ROLE_KEY)) {
    out.push([
      env.SUPABASE_URL ? 'SUPABASE_SERVICE_ROLE_KEY' : 'SUPABASE_URL',
      'is missing: SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY go together (leave both empty for the embedded database)',
    ]);
  }
  return out;
}

/** How to fix each variable, shown when it is missing or malformed. */
const HINTS: Record<string, string> = {
  DISCORD_TOKEN: 'the bot token from https://discord.com/developers/applications → your app → Bot → Reset Token',
  DISCORD_CLIENT_ID: 'the Application ID (digits) from the Developer Portal → General Information',
  TTS_RESPONSE_FORMAT: 'pcm (24 kHz raw, OpenAI), wav or opus (Ogg Opus): what the TTS server can return',
  DISCORD_DEV_GUILD_ID: 'a server ID (digits; Developer Mode → right-click the server → Copy Server ID)',
  OPENAI_API_KEY: 'an API key for an OpenAI-compatible server (https://platform.openai.com/api-keys)',
  SUPABASE_URL: 'your project URL, e.g. https://abcd.supabase.co',
  SUPABASE_SERVICE_ROLE_KEY: 'Supabase → Project Settings → API → service_role key',
};

export type ProviderConfig = { baseUrl: string | undefined; apiKey: string; model: string; timeoutMs: number; maxRetries: number };

/** Validated configuration. Secrets are plain strings here: never log this object whole. */
export interface Config {
  discord: { token: string; clientId: string | undefined; devGuildId: string | undefined; restUrl: string };
  llm: ProviderConfig;
  /** `sendPrompt`/`sendLanguage`: whether transcriptions carry the text so far and the language hint (some servers refuse them). */
  stt: ProviderConfig & { sendPrompt: boolean; sendLanguage: boolean };
  /** `responseFormat`: what /audio/speech is asked for; every one is decoded without ffmpeg. */
  tts: ProviderConfig & { voice: string; responseFormat: 'pcm' | 'wav' | 'opus' };
  storage:
    | { kind: 'pglite'; dataDir: string }
    | { kind: 'supabase'; url: string; serviceRoleKey: string; dataDir: string };
  log: { level: string };
  health: { port: number; host: string };
  /** `pdfWorkers`: PDF worker threads parsing at once; more uploads wait in a bounded queue. */
  documents: { maxUploadBytes: number; maxPdfPages: number; maxChars: number; pdfWorkers: number };
  interview: {
    defaultQuestions: number;
    repeatWindowMs: number;
    maxAnswerMs: number;
    doneButtonAfterMs: number;
    noSpeechTimeoutMs: number;
    endOfAnswerSilenceMs: number;
    /**
     * Adaptive end of answer (src/interview/turns/endOfAnswerPolicy.ts): `fixed` waits
     * `endOfAnswerSilenceMs` at every pause; `adaptive` waits `shortMs` after a complete answer,
     * `longMs` mid-thought, `holdMs` after "let me think", and gives the model `judgeTimeoutMs`.
     */
    endOfAnswer: { mode: 'adaptive' | 'fixed'; shortMs: number; longMs: number; holdMs: number; judgeTimeoutMs: number };
    /** Say a short acknowledgement ("Thanks.") before the next question. */
    acknowledgements: boolean;
    /** The candidate speaking this long (ms) after a question began stops the bot and starts the answer; 0 = off. */
    bargeInAfterMs: number;
    rejoinTimeoutMs: number;
    captionIntervalMs: number;
    /** Caption edits a second for all interviews of this process (Discord's global limit is 50 requests a second per bot). */
    captionEditsPerSecond: number;
    interviewsPerUserPerDay: number;
    /** How often answers whose evaluation failed are evaluated again (the posted results are then updated). */
    evaluationRetryIntervalMs: number;
  };
  /**
   * `threads`: voice threads carrying the interviews' audio (connections, encryption, Opus, the
   * player); 0 runs it on the main thread.
   */
  voice: { segmentSilenceMs: number; maxSegmentMs: number; prerollMs: number; threads: number };
  /** Only the test harness sets this: trust the local Discord stand-in's self-signed certificate. */
  allowInsecureTlsForTests: boolean;
  /** Only the tests set this: while this file exists, every store call fails as if the database were down. */
  storeOutageFileForTests: string | undefined;
}

/** A configuration problem: the message names every bad variable and says how to fix it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly variables: string[];
  constructor(variables: string[], message: string) {
    super(message);
    this.variables = variables;
  }
}

/** Empty strings count as unset, so `KEY=` in .env means "use the default". */
function clean(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v.trim() !== '') out[k] = v;
  return out;
}

/** Builds the {@link ConfigError} for schema issues plus cross-field problems. */
function configError(raw: Record<string, string>, issues: z.core.$ZodIssue[], cross: Array<[string, string]>): ConfigError {
  const lines = new Map<string, string>();
  for (const issue of issues) {
    const name = String(issue.path[0] ?? 'environment');
    if (lines.has(name)) continue;
    const what = raw[name] === undefined ? 'is missing' : `is invalid (${issue.message})`;
    const hint = HINTS[name] ? `: ${HINTS[name]}` : '';
    lines.set(name, `  ${name} ${what}${hint}`);
  }
  for (const [name, what] of cross) if (!lines.has(name)) lines.set(name, `  ${name} ${what}`);
  return new ConfigError(
    [...lines.keys()],
    `Hotseat cannot start; fix these settings in .env (copy .env.example to start):\n${[...lines.values()].join('\n')}`,
  );
}

/** Parses and validates an environment. Throws {@link ConfigError} listing every problem. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const raw = clean(env);
  const result = schema.safeParse(raw);
  const cross = crossFieldProblems(raw);
  if (!result.success || cross.length > 0) throw configError(raw, result.error?.issues ?? [], cross);
  const e = result.data as z.infer<typeof schema>;
  const provider = (cap: 'LLM' | 'STT' | 'TTS'): ProviderConfig => ({
    baseUrl: e[`${cap}_BASE_URL`] ?? e.OPENAI_BASE_URL,
    apiKey: (e[`${cap}_API_KEY`] ?? e.OPENAI_API_KEY) as string,
    model: e[`${cap}_MODEL`],
    timeoutMs: e[`${cap}_TIMEOUT_MS`],
    maxRetries: e[`${cap}_MAX_RETRIES`],
  });
  return {
    discord: { token: e.DISCORD_TOKEN, clientId: e.DISCORD_CLIENT_ID, devGuildId: e.DISCORD_DEV_GUILD_ID, restUrl: e.DISCORD_REST_URL },
    llm: provider('LLM'),
    stt: { ...provider('STT'), sendPrompt: e.STT_SEND_PROMPT, sendLanguage: e.STT_SEND_LANGUAGE },
    tts: { ...provider('TTS'), voice: e.TTS_VOICE, responseFormat: e.TTS_RESPONSE_FORMAT },
    storage:
      e.SUPABASE_URL && e.SUPABASE_SERVICE_ROLE_KEY
        ? { kind: 'supabase', url: e.SUPABASE_URL, serviceRoleKey: e.SUPABASE_SERVICE_ROLE_KEY, dataDir: e.DATA_DIR }
        : { kind: 'pglite', dataDir: e.DATA_DIR },
    log: { level: e.LOG_LEVEL },
    health: { port: e.HEALTH_PORT, host: e.HEALTH_HOST },
    documents: { maxUploadBytes: e.MAX_UPLOAD_BYTES, maxPdfPages: e.MAX_PDF_PAGES, maxChars: e.MAX_DOCUMENT_CHARS, pdfWorkers: e.PDF_WORKERS },
    interview: {
      defaultQuestions: e.DEFAULT_QUESTIONS,
      repeatWindowMs: e.REPEAT_WINDOW_MS,
      maxAnswerMs: e.MAX_ANSWER_MS,
      doneButtonAfterMs: e.DONE_BUTTON_AFTER_MS,
      noSpeechTimeoutMs: e.NO_SPEECH_TIMEOUT_MS,
      endOfAnswerSilenceMs: e.END_OF_ANSWER_SILENCE_MS,
      endOfAnswer: {
        mode: e.END_OF_ANSWER_MODE,
        shortMs: e.END_OF_ANSWER_SHORT_MS,
        longMs: e.END_OF_ANSWER_LONG_MS,
        holdMs: e.END_OF_ANSWER_HOLD_MS,
        judgeTimeoutMs: e.END_OF_ANSWER_JUDGE_TIMEOUT_MS,
      },
      acknowledgements: e.ACKNOWLEDGEMENTS,
      bargeInAfterMs: e.BARGE_IN_AFTER_MS,
      rejoinTimeoutMs: e.REJOIN_TIMEOUT_MS,
      captionIntervalMs: e.CAPTION_INTERVAL_MS,
      captionEditsPerSecond: e.CAPTION_EDITS_PER_SECOND,
      interviewsPerUserPerDay: e.INTERVIEWS_PER_USER_PER_DAY,
      evaluationRetryIntervalMs: e.EVALUATION_RETRY_INTERVAL_MS,
    },
    voice: { segmentSilenceMs: e.SEGMENT_SILENCE_MS, maxSegmentMs: e.MAX_SEGMENT_MS, prerollMs: e.PREROLL_MS, threads: e.VOICE_THREADS ?? defaultVoiceThreads() },
    allowInsecureTlsForTests: e.ALLOW_INSECURE_TLS_FOR_TESTS,
    storeOutageFileForTests: e.STORE_OUTAGE_FILE_FOR_TESTS,
  };
}

/**
 * Loads `.env` (if present; real environment variables win) and validates the result.
 * @param envFile path of the dotenv file, relative to the working directory
 */
export function loadConfig(envFile = '.env'): Config {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return parseConfig(process.env);
}

const discordOnly = schema.pick({ DISCORD_TOKEN: true, DISCORD_CLIENT_ID: true, DISCORD_DEV_GUILD_ID: true, DISCORD_REST_URL: true });

/**
 * Only the Discord settings, for `npm run deploy-commands`, which needs no AI key or database.
 * DISCORD_CLIENT_ID is required here. Loads `.env` like {@link loadConfig}.
 */
export function loadDiscordConfig(envFile = '.env'): Config['discord'] & { clientId: string } {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const raw = clean(process.env);
  const result = discordOnly.required({ DISCORD_CLIENT_ID: true }).safeParse(raw);
  if (!result.success) throw configError(raw, result.error.issues, []);
  const e = result.data;
  return { token: e.DISCORD_TOKEN, clientId: e.DISCORD_CLIENT_ID, devGuildId: e.DISCORD_DEV_GUILD_ID, restUrl: e.DISCORD_REST_URL };
}

/** The secret values in a config, for log redaction. */
export function secretsOf(config: Config): string[] {
  const s = [config.discord.token, config.llm.apiKey, config.stt.apiKey, config.tts.apiKey];
  if (config.storage.kind === 'supabase') s.push(config.storage.serviceRoleKey);
  return s.filter((v) => v.length >= 8);
}
