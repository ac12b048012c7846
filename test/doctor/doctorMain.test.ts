import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalDiscord } from '../harness/discord/LocalDiscord.ts';
import type { OpenAiStandIn } from '../harness/openai/startOpenAiStandIn.ts';
import { doctorEnv, migratedDataDir, OPENAI_KEY, removeDir, startServices } from './doctorFixture.ts';

const MAIN = fileURLToPath(new URL('../../src/doctor/main.ts', import.meta.url));

let discord: LocalDiscord;
let ai: OpenAiStandIn;
let dataDir: string;
beforeAll(async () => {
  [{ discord, ai }, dataDir] = await Promise.all([startServices(), migratedDataDir()]);
}, 120_000);
afterAll(async () => {
  await Promise.all([discord?.close(), ai?.close()]);
  await removeDir(dataDir);
});

/** Runs `node src/doctor/main.ts` (as `npm run doctor` does) with only these variables. */
function runMain(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN], { env: { PATH: process.env.PATH ?? '', ...env }, cwd: dataDir, timeout: 90_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

describe('npm run doctor (the entry point)', () => {
  it('exits 0 when every check passes and 1 when one fails, printing no secret', async () => {
    const env = doctorEnv(discord, ai, dataDir);
    const ok = await runMain(env);
    expect(ok.stdout.trim().split('\n')).toHaveLength(7);
    expect(ok.stdout).toContain('All 6 checks passed.');
    expect(ok.code).toBe(0);

    const bad = await runMain({ ...env, LLM_API_KEY: 'sk-wrong-key-0987654321', LLM_MODEL: 'no-such-model' });
    expect(bad.stdout).toMatch(/✗ Chat model: model "no-such-model" not found on http:\/\/127\.0\.0\.1:\d+\/v1, available: gpt-4o-mini/);
    expect(bad.stdout).toContain('1 of 6 checks failed.');
    expect(bad.code).toBe(1);
    for (const out of [ok.stdout + ok.stderr, bad.stdout + bad.stderr]) {
      for (const secret of [discord.token, OPENAI_KEY, 'sk-wrong-key-0987654321']) expect(out).not.toContain(secret);
    }
  }, 200_000);

  it('exits 78 with the variable named when the configuration is invalid', async () => {
    const result = await runMain({ OPENAI_API_KEY: OPENAI_KEY });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('DISCORD_TOKEN is missing');
  }, 60_000);
});
