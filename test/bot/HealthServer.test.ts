import { describe, expect, it } from 'vitest';
import { HealthServer, type HealthReport } from '../../src/bot/HealthServer.ts';
import { createLogger } from '../../src/logger.ts';

describe('HealthServer', () => {
  it('answers 200 when ok, 503 otherwise, 404 elsewhere, and 503 when the report fails', async () => {
    let report: HealthReport | Error = { status: 'ok', discord: true, db: true, activeInterviews: 2 };
    const server = await HealthServer.start({
      host: '127.0.0.1',
      port: 0,
      logger: createLogger({ level: 'silent' }),
      report: async () => {
        if (report instanceof Error) throw report;
        return report;
      },
    });
    try {
      const url = `http://127.0.0.1:${server.port}`;
      let res = await fetch(`${url}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok', discord: true, db: true, activeInterviews: 2 });

      report = { status: 'degraded', discord: false, db: true, activeInterviews: 0 };
      res = await fetch(`${url}/health`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ discord: false });

      report = { status: 'starting', discord: false, db: false, activeInterviews: 0 };
      expect((await fetch(`${url}/health?verbose=1`)).status).toBe(503);

      report = new Error('probe crashed');
      res = await fetch(`${url}/health`);
      expect(res.status).toBe(503);

      expect((await fetch(`${url}/metrics`)).status).toBe(404);
      expect((await fetch(`${url}/health`, { method: 'POST' })).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('adds each AI capability’s last outcomes under `ai` when given a source, read at every request', async () => {
    const idle = { lastSuccessAt: null, lastFailure: null };
    let tts: { lastSuccessAt: string | null; lastFailure: { at: string; kind: string } | null } = idle;
    const server = await HealthServer.start({
      host: '127.0.0.1', port: 0, logger: createLogger({ level: 'silent' }),
      report: async () => ({ status: 'ok', discord: true, db: true, activeInterviews: 0 }),
      aiHealth: { report: () => ({ llm: idle, stt: idle, tts }) },
    });
    try {
      const url = `http://127.0.0.1:${server.port}/health`;
      expect(await (await fetch(url)).json()).toEqual({ status: 'ok', discord: true, db: true, activeInterviews: 0, ai: { llm: idle, stt: idle, tts: idle } });
      tts = { lastSuccessAt: null, lastFailure: { at: '2026-12-01T10:00:00.000Z', kind: 'timeout' } };
      const res = await fetch(url);
      expect(res.status).toBe(200); // one failed call does not make the bot unhealthy
      expect(((await res.json()) as { ai: { tts: unknown } }).ai.tts).toEqual(tts);
    } finally {
      await server.close();
    }
  });
});
