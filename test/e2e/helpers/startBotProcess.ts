import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is test/e2e/helpers/startBotProcess.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** One parsed pino log line of the bot. */
export type BotLogLine = Record<string, unknown> & { level: number; msg: string };

export interface BotProcessOptions {
  /** The local Discord: `restUrl` (…/api) and the bot `token`, e.g. a `LocalDiscord`. */
  discord: { restUrl: string; token: string; applicationId?: string };
  /** OPENAI_BASE_URL, e.g. the OpenAI stand-in's `baseUrl` (…/v1). */
  openAiBaseUrl: string;
  /** Where PGlite lives; default a fresh temp dir (removed by {@link BotProcess.cleanup}). */
  dataDir?: string;
  /** Extra or overriding environment variables (e.g. END_OF_ANSWER_SILENCE_MS). */
  env?: Record<string, string>;
  /** Script to run, relative to the repo (default src/main.ts). */
  script?: string;
}

/** Exit of the bot process. */
export interface BotExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * Runs the bot as its own process, as a user does (`node src/main.ts` on this Node), against
 * local stand-ins: DISCORD_REST_URL → the local Discord, OPENAI_BASE_URL → the OpenAI
 * stand-in, DATA_DIR → a temp dir, HEALTH_PORT → a free port, ALLOW_INSECURE_TLS_FOR_TESTS →
 * true (the local Discord's voice certificate is self-signed). The working directory is a
 * temp dir, so a developer's `.env` in the repo never leaks in. Start with
 * {@link startBotProcess}; restart with {@link BotProcess.restart} (same env and data).
 */
export class BotProcess {
  readonly env: Record<string, string>;
  readonly dataDir: string;
  readonly healthUrl: string;
  /** Every JSON log line so far, across restarts (a restart adds `{msg:'--- restart ---'}`). */
  readonly logs: BotLogLine[] = [];
  /** Non-JSON output (stderr, stack traces), across restarts. */
  readonly rawOutput: string[] = [];
  #child: ChildProcess | null = null;
  #exit: Promise<BotExit> | null = null;
  readonly #script: string;
  readonly #workDir: string;
  readonly #ownsDataDir: boolean;
  readonly #listeners = new Set<() => void>();

  constructor(env: Record<string, string>, dataDir: string, ownsDataDir: boolean, healthPort: number, script: string) {
    this.env = env;
    this.dataDir = dataDir;
    this.#ownsDataDir = ownsDataDir;
    this.healthUrl = `http://127.0.0.1:${healthPort}/health`;
    this.#script = script;
    this.#workDir = mkdtempSync(join(tmpdir(), 'hotseat-bot-cwd-'));
  }

  /** Spawns the process (use {@link startBotProcess}, which also waits for health). */
  launch(): void {
    if (this.#child) throw new Error('bot process already running');
    const child = spawn(process.execPath, [join(REPO_ROOT, this.#script)], {
      cwd: this.#workDir,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    this.#exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const onData = (chunk: Buffer, buffer: { rest: string }): void => {
      buffer.rest += chunk.toString('utf8');
      const lines = buffer.rest.split('\n');
      buffer.rest = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        try {
          this.logs.push(JSON.parse(line) as BotLogLine);
        } catch {
          this.rawOutput.push(line);
        }
      }
      for (const l of this.#listeners) l();
    };
    const out = { rest: '' };
    const err = { rest: '' };
    child.stdout?.on('data', (c: Buffer) => onData(c, out));
    child.stderr?.on('data', (c: Buffer) => onData(c, err));
    void this.#exit.then(() => {
      for (const l of this.#listeners) l();
    });
  }

  /** The process id while it runs (e.g. to read /proc/<pid>/stat). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  /** Whether the process is running. */
  get running(): boolean {
    return this.#child !== null && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Resolves when the process exits (immediately if it already has). */
  exited(): Promise<BotExit> {
    if (!this.#exit) throw new Error('bot process was never started');
    return this.#exit;
  }

  /** Waits for a log line matching the predicate (earlier lines count). Fails early if the process exits. */
  waitForLog(predicate: (line: BotLogLine) => boolean, timeoutMs = 20_000): Promise<BotLogLine> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const hit = this.logs.find(predicate);
        if (hit) return done(() => resolve(hit));
        if (!this.running) done(() => reject(new Error(`bot exited before the expected log line\n${this.tail()}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for a log line\n${this.tail()}`))), timeoutMs);
      const done = (settle: () => void): void => {
        clearTimeout(timer);
        this.#listeners.delete(check);
        settle();
      };
      this.#listeners.add(check);
      check();
    });
  }

  /** GET /health: status code and JSON body (null when unreachable). */
  async health(): Promise<{ status: number; body: Record<string, unknown> } | null> {
    try {
      const res = await fetch(this.healthUrl, { signal: AbortSignal.timeout(3_000) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    } catch {
      return null;
    }
  }

  /** Polls /health until it answers 200 (the gateway is ready and interrupted interviews are marked). */
  async waitForHealthy(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`bot exited while starting\n${this.tail()}`);
      if ((await this.health())?.status === 200) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`bot not healthy after ${timeoutMs} ms\n${this.tail()}`);
  }

  /** Sends a signal (default SIGTERM: graceful shutdown) and waits for the exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 25_000): Promise<BotExit> {
    const child = this.#child;
    if (!child || !this.#exit) throw new Error('bot process was never started');
    if (this.running) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const exit = await this.#exit;
    clearTimeout(timer);
    this.#child = null;
    return exit;
  }

  /** Kills the process at once (a crash: no shutdown code runs). */
  kill(): Promise<BotExit> {
    return this.stop('SIGKILL');
  }

  /** Starts the process again with the same environment and data directory, and waits for health. */
  async restart(): Promise<void> {
    if (this.running) throw new Error('stop or kill the bot before restarting it');
    this.#child = null;
    this.logs.push({ level: 30, msg: '--- restart ---' });
    this.launch();
    await this.waitForHealthy();
  }

  /** Lines of the current/last run after the last restart marker. */
  logsSinceStart(): BotLogLine[] {
    const i = this.logs.map((l) => l.msg).lastIndexOf('--- restart ---');
    return this.logs.slice(i + 1);
  }

  /** The last log lines, for failure messages. */
  tail(n = 30): string {
    return [...this.logs.slice(-n).map((l) => JSON.stringify(l)), ...this.rawOutput.slice(-n)].join('\n');
  }

  /** Awaits `promise`; if it rejects, the error carries the bot's last log lines. */
  async explain<T>(promise: Promise<T>): Promise<T> {
    try {
      return await promise;
    } catch (err) {
      throw new Error(`${String(err)}\n--- bot log ---\n${this.tail(60)}`, { cause: err });
    }
  }

  /** Kills the process if still running and removes the temp dirs this helper made. */
  async cleanup(): Promise<void> {
    if (this.running) await this.kill();
    rmSync(this.#workDir, { recursive: true, force: true });
    if (this.#ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The environment the bot process gets (no inherited variables except PATH/HOME/TMPDIR). */
export function botEnv(opts: BotProcessOptions, dataDir: string, healthPort: number): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    TMPDIR: tmpdir(),
    DISCORD_TOKEN: opts.discord.token,
    ...(opts.discord.applicationId ? { DISCORD_CLIENT_ID: opts.discord.applicationId } : {}),
    DISCORD_REST_URL: opts.discord.restUrl,
    OPENAI_API_KEY: 'sk-test-0000000000000000',
    OPENAI_BASE_URL: opts.openAiBaseUrl,
    DATA_DIR: dataDir,
    HEALTH_HOST: '127.0.0.1',
    HEALTH_PORT: String(healthPort),
    LOG_LEVEL: 'debug',
    ALLOW_INSECURE_TLS_FOR_TESTS: 'true',
    ...opts.env,
  };
}

/**
 * Starts the bot process and waits until /health says 200. Always `await bot.cleanup()`
 * (afterAll), which kills it if needed and removes its temp dirs.
 */
export async function startBotProcess(opts: BotProcessOptions): Promise<BotProcess> {
  const ownsDataDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'hotseat-data-'));
  const healthPort = await freePort();
  const bot = new BotProcess(botEnv(opts, dataDir, healthPort), dataDir, ownsDataDir, healthPort, opts.script ?? 'src/main.ts');
  bot.launch();
  try {
    await bot.waitForHealthy();
  } catch (err) {
    await bot.cleanup();
    throw err;
  }
  return bot;
}
