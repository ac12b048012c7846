import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './startBotProcess.ts';

/**
 * Runs one of the repo's scripts (e.g. deploy-commands.ts, src/shard.ts) as its own process on
 * this Node, in a temp working directory, with exactly `env`. Resolves with its exit code and
 * output once it exits (killed after `timeoutMs`).
 */
export async function runScript(script: string, env: Record<string, string>, timeoutMs = 20_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cwd = mkdtempSync(join(tmpdir(), 'hotseat-script-'));
  try {
    const child = spawn(process.execPath, [join(REPO_ROOT, script)], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    clearTimeout(timer);
    return { code, stdout, stderr };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}
