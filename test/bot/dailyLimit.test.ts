import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/commands/CommandContext.ts';
import { InterviewCoordinator } from '../../src/bot/InterviewCoordinator.ts';
import type { InterviewOutcome, InterviewRunner } from '../../src/bot/InterviewRunner.ts';
import { handleStart } from '../../src/commands/interview/handleStart.ts';
import { parseConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { MemoryStore } from '../../src/interview/testing/MemoryStore.ts';
import { PdfWorkerPool } from '../../src/interview/documents/PdfWorkerPool.ts';

/**
 * `/interview start` and the daily limit, at the handler: the real handler, coordinator,
 * document checks and an in-memory store; only discord.js objects and voice are stand-ins.
 * The runner creates and finishes a real interview row, as LiveInterview does.
 */
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../fixtures/documents/${name}`, import.meta.url)));
const files: Record<string, Uint8Array> = { 'resume.pdf': fixture('resume.pdf'), 'encrypted.pdf': fixture('encrypted.pdf'), 'corrupt.pdf': fixture('corrupt.pdf') };

function world(limit: number) {
  const config = parseConfig({ DISCORD_TOKEN: 'x'.repeat(40), OPENAI_API_KEY: 'sk-test-key', INTERVIEWS_PER_USER_PER_DAY: String(limit) });
  const store = new MemoryStore();
  const runners: Array<{ end: (o: InterviewOutcome) => void }> = [];
  const coordinator = new InterviewCoordinator({
    logger: createLogger({ level: 'silent' }),
    store,
    startInterview: async (request) => {
      const record = await store.createInterview({
        guildId: request.guild.id, candidateUserId: request.candidate.id, candidateName: 'Ada', textChannelId: request.textChannel.id,
        voiceChannelId: request.voiceChannel.id, jobTitle: '', type: request.type, language: request.language, questionCount: request.questionCount,
      });
      let end!: (o: InterviewOutcome) => void;
      const done = new Promise<InterviewOutcome>((resolve) => (end = resolve)).then(async (o) => {
        await store.finishInterview(record.guildId, record.id, 'completed', null);
        return o;
      });
      runners.push({ end });
      const runner: InterviewRunner = { interviewId: record.id, candidateUserId: request.candidate.id, done, handleButton: async () => {}, stop: async () => void end('abandoned') };
      return runner;
    },
  });
  const fetchFn = (async (url: string) => new Response(files[new URL(url).pathname.slice(1)] ?? new Uint8Array())) as unknown as typeof fetch;
  const ctx: CommandContext = { config, store, logger: createLogger({ level: 'silent' }), coordinator, fetch: fetchFn, pdfPool: new PdfWorkerPool({ maxWorkers: 2 }) };

  const me = { id: 'bot' };
  const guild = { id: 'g1', members: { me, fetch: async () => member }, voiceAdapterCreator: () => undefined };
  const voiceChannel = { id: 'voice-1', type: 2, full: false, guild, permissionsFor: () => ({ has: () => true }) };
  const member = { id: 'ada', displayName: 'Ada', voice: { channel: voiceChannel } };
  const textChannel = { id: 'text-1', permissionsFor: () => ({ has: () => true }), send: async () => ({}) };
  const replies: string[] = [];

  /** Runs `/interview start` with this resume file; resolves with the reply or the UserError code. */
  async function start(resumeFile: string): Promise<string> {
    const interaction = {
      guild, member, channel: textChannel,
      deferReply: async () => {},
      editReply: async ({ content }: { content: string }) => void replies.push(content),
    };
    const resume = { url: `http://files.test/${resumeFile}`, size: files[resumeFile]!.byteLength, name: resumeFile, contentType: 'application/pdf' };
    const args = { resume, jd_text: 'A backend engineer who knows Go and PostgreSQL.', type: 'technical', questions: 3 };
    try {
      await handleStart(interaction as never, args as never, ctx);
      return replies.at(-1) ?? '';
    } catch (err) {
      return `refused: ${(err as { code?: string }).code ?? String(err)}`;
    }
  }
  /** Ends the running interview and deletes every interview of the candidate, as `/interview delete` does. */
  async function finishAndDeleteAll(): Promise<void> {
    runners.at(-1)?.end('completed');
    await new Promise((r) => setTimeout(r, 0));
    while (coordinator.activeUserId('g1') !== null) await new Promise((r) => setTimeout(r, 1));
    for (const { id } of (await store.listInterviews({ guildId: 'g1', userId: 'ada', page: 1, pageSize: 100 })).items) {
      expect(await store.deleteInterview('g1', id)).toBe(true);
    }
  }
  return { start, finishAndDeleteAll, store };
}

describe('/interview start and the daily limit', () => {
  it('does not give starts back when the candidate deletes their interviews', async () => {
    const w = world(2);
    expect(await w.start('resume.pdf')).toContain('is starting in');
    await w.finishAndDeleteAll();
    expect(await w.start('resume.pdf')).toContain('is starting in');
    await w.finishAndDeleteAll();
    expect(w.store.interviews.size).toBe(0);
    expect(await w.start('resume.pdf')).toBe('refused: rate_limited');
  });

  it('does not count a start refused for a bad document', async () => {
    const w = world(1);
    expect(await w.start('encrypted.pdf')).toBe('refused: pdf_encrypted');
    expect(await w.start('corrupt.pdf')).toMatch(/^refused: pdf_/);
    expect(w.store.starts).toEqual([]);
    expect(await w.start('resume.pdf')).toContain('is starting in');
    expect(w.store.starts.map((s) => s.userId)).toEqual(['ada']);
    await w.finishAndDeleteAll();
    expect(await w.start('resume.pdf')).toBe('refused: rate_limited');
  });
});
