import { secretsOf, type Config } from '../config.ts';
import { fail, type CheckResult } from './CheckResult.ts';
import { checkChatModel } from './checkChatModel.ts';
import { checkCommands } from './checkCommands.ts';
import { checkDiscordToken } from './checkDiscordToken.ts';
import { checkEmbeddedDatabase } from './checkEmbeddedDatabase.ts';
import { checkSpeechToText } from './checkSpeechToText.ts';
import { checkSupabaseDatabase } from './checkSupabaseDatabase.ts';
import { checkTextToSpeech } from './checkTextToSpeech.ts';

/** Options of {@link runDoctor}. */
export interface DoctorOptions {
  /** Receives each printed line (default: stdout). */
  write?: (line: string) => void;
  /** Where the migrations are (default sql/); tests point it elsewhere. */
  migrationsDir?: string;
}

/**
 * Checks a real configuration end to end: the Discord token, the slash commands, the chat
 * model, speech to text, text to speech and the database, each with the real client the bot
 * uses. The checks run at once; their lines are written in that order as they finish, one per
 * check, `✓ name: detail` or `✗ name: detail — fix: …`, with every configured secret replaced.
 * @returns the results; the process should exit non-zero if any failed
 */
export async function runDoctor(config: Config, opts: DoctorOptions = {}): Promise<CheckResult[]> {
  const write = opts.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const secrets = secretsOf(config);
  const token = checkDiscordToken(config.discord).catch((err: unknown): Awaited<ReturnType<typeof checkDiscordToken>> => ({ result: crashed('Discord token', err) }));
  const pending: Array<Promise<CheckResult>> = [
    token.then((t) => t.result),
    token.then(async (t) => {
      const applicationId = config.discord.clientId ?? t.bot?.id;
      if (!applicationId) return fail('Slash commands', 'not checked: needs a working Discord token (or DISCORD_CLIENT_ID)', 'fix the Discord token first');
      return guard('Slash commands', () => checkCommands(config.discord, applicationId));
    }),
    guard('Chat model', () => checkChatModel(config.llm)),
    guard('Speech to text', () => checkSpeechToText(config.stt)),
    guard('Text to speech', () => checkTextToSpeech(config.tts)),
    guard('Database', () =>
      config.storage.kind === 'supabase' ? checkSupabaseDatabase(config.storage, opts.migrationsDir) : checkEmbeddedDatabase(config.storage.dataDir, opts.migrationsDir),
    ),
  ];
  const results: CheckResult[] = [];
  for (const p of pending) {
    const result = await p;
    results.push(result);
    write(redact(formatResult(result), secrets));
  }
  return results;
}

/** `✓ name: detail` or `✗ name: detail — fix: …`. */
export function formatResult(r: CheckResult): string {
  return r.ok ? `✓ ${r.name}: ${r.detail}` : `✗ ${r.name}: ${r.detail} — fix: ${r.fix ?? 'see the message'}`;
}

function redact(line: string, secrets: string[]): string {
  let out = line;
  for (const s of secrets) out = out.split(s).join('[secret]');
  return out;
}

/** A check that throws becomes a failed line instead of ending the doctor. */
async function guard(name: string, check: () => Promise<CheckResult>): Promise<CheckResult> {
  try {
    return await check();
  } catch (err) {
    return crashed(name, err);
  }
}

function crashed(name: string, err: unknown): CheckResult {
  const message = err instanceof Error ? err.message : String(err);
  return fail(name, `the check itself failed: ${message.slice(0, 160)}`, 'report this line as a bug');
}
