import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, secretsOf } from '../src/config.ts';

const minimal = { DISCORD_TOKEN: 'x'.repeat(30), OPENAI_API_KEY: 'sk-test-1234567890' };

describe('parseConfig', () => {
  it('names every missing required variable and how to fix it', () => {
    let err: unknown;
    try {
      parseConfig({});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const ce = err as ConfigError;
    expect(ce.variables).toEqual(expect.arrayContaining(['DISCORD_TOKEN', 'OPENAI_API_KEY']));
    expect(ce.message).toMatch(/DISCORD_TOKEN is missing: the bot token/);
    expect(ce.message).toMatch(/\.env\.example/);
  });

  it('rejects malformed values, naming the variable', () => {
    expect(() => parseConfig({ ...minimal, MAX_ANSWER_MS: 'five minutes' })).toThrow(/MAX_ANSWER_MS is invalid/);
    expect(() => parseConfig({ ...minimal, LLM_BASE_URL: 'not a url' })).toThrow(/LLM_BASE_URL is invalid/);
    expect(() => parseConfig({ ...minimal, SUPABASE_URL: 'https://x.supabase.co' })).toThrow(/SUPABASE_SERVICE_ROLE_KEY/);
  });

  it('applies defaults and per-capability overrides', () => {
    const c = parseConfig({ ...minimal, LLM_BASE_URL: 'http://localhost:11434/v1', LLM_API_KEY: 'ollama-key-123', DEFAULT_QUESTIONS: '' });
    expect(c.interview.defaultQuestions).toBe(10);
    expect(c.interview.maxAnswerMs).toBe(300_000);
    expect(c.interview.repeatWindowMs).toBe(120_000);
    expect(c.documents.maxUploadBytes).toBe(5 * 1024 * 1024);
    expect(c.llm).toMatchObject({ baseUrl: 'http://localhost:11434/v1', apiKey: 'ollama-key-123' });
    expect(c.stt).toMatchObject({ baseUrl: undefined, apiKey: minimal.OPENAI_API_KEY, model: 'whisper-1' });
    expect(c.storage).toEqual({ kind: 'pglite', dataDir: './data' });
    expect(secretsOf(c)).toContain(minimal.DISCORD_TOKEN);
  });
});

describe('npm start without configuration', () => {
  it('exits within 2 s naming the missing variables', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'hotseat-noenv-'));
    const started = Date.now();
    const r = spawnSync(process.execPath, [resolve('src/main.ts')], { cwd, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 10_000 });
    const elapsedMs = Date.now() - started;
    expect(r.status).toBe(78);
    expect(r.stderr).toMatch(/DISCORD_TOKEN is missing/);
    expect(r.stderr).toMatch(/OPENAI_API_KEY is missing/);
    expect(elapsedMs).toBeLessThan(2_000);
  });

  it('`npm start` (the README command) exits within 2 s naming the missing variables', () => {
    // A checkout without .env: the real package.json, src and node_modules, nothing else.
    const cwd = mkdtempSync(join(tmpdir(), 'hotseat-npmstart-'));
    copyFileSync(resolve('package.json'), join(cwd, 'package.json'));
    symlinkSync(resolve('src'), join(cwd, 'src'));
    symlinkSync(resolve('node_modules'), join(cwd, 'node_modules'));
    const started = Date.now();
    const r = spawnSync('npm', ['start', '--silent'], { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd }, encoding: 'utf8', timeout: 10_000 });
    const elapsedMs = Date.now() - started;
    rmSync(cwd, { recursive: true, force: true });
    expect(r.error).toBeUndefined();
    expect(r.stderr).toMatch(/DISCORD_TOKEN is missing/);
    expect(r.stderr).toMatch(/OPENAI_API_KEY is missing/);
    expect(r.stderr).toMatch(/copy \.env\.example/);
    expect(r.status).not.toBe(0);
    expect(elapsedMs).toBeLessThan(2_000);
  });
});
