import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import { createStore } from '../../src/db/createStore.ts';
import { migrate } from '../../src/db/migrate.ts';
import { SupabaseStore } from '../../src/db/SupabaseStore.ts';
import { defaultGuildSettings } from '../../src/interview/Store.ts';
import { createLogger } from '../../src/logger.ts';
import { startSupabaseStandIn, type SupabaseStandIn } from '../harness/supabase/startSupabaseStandIn.ts';
import { describeStoreContract } from './storeContract.ts';

const KEY = 'service-role-key-for-tests-0123456789';
const standIns: SupabaseStandIn[] = [];
async function standIn(opts: { migrate?: boolean } = {}): Promise<SupabaseStandIn> {
  const s = await startSupabaseStandIn({ serviceRoleKey: KEY, ...opts });
  standIns.push(s);
  return s;
}
// One migrated stand-in for the whole file (each PGlite takes seconds to open); tests isolate
// themselves with fresh guild ids.
let shared: Promise<SupabaseStandIn> | undefined;
const sharedStandIn = () => (shared ??= standIn());
afterAll(async () => {
  for (const s of standIns) await s.close();
});

describeStoreContract('Supabase (local PostgREST stand-in)', async () => {
  const s = await sharedStandIn();
  return new SupabaseStore({ url: s.url, serviceRoleKey: KEY });
});

describe('SupabaseStore requests', () => {
  let s: SupabaseStandIn;
  let store: SupabaseStore;
  beforeAll(async () => {
    s = await sharedStandIn();
    store = new SupabaseStore({ url: s.url, serviceRoleKey: KEY });
  });

  const newInterview = (guildId: string) => ({
    guildId, candidateUserId: 'u1', candidateName: 'Grace', textChannelId: 't', voiceChannelId: 'v',
    jobTitle: 'SRE', type: 'hr' as const, language: 'en', questionCount: 2,
  });

  it('sends the service key as apikey and bearer token, writes only through rpc()', async () => {
    const g = `g-${randomUUID()}`;
    const from = s.requests.length;
    const { id } = await store.createInterview(newInterview(g));
    await store.saveAnswer({
      guildId: g, interviewId: id, number: 1, questionText: 'Q?', isFallback: false, answerStatus: 'answered',
      answerTranscript: 'A.', answerDurationMs: 1000, analytics: null, askedAt: new Date(), answeredAt: new Date(),
    });
    await store.saveEvaluation(g, id, 1, { kind: 'unscored', reason: 'timeout' });
    await store.finishInterview(g, id, 'completed', null);
    await store.deleteInterview(g, id);
    const sent = s.requests.slice(from);
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /rest/v1/rpc/create_interview',
      'POST /rest/v1/rpc/save_answer',
      'POST /rest/v1/rpc/save_evaluation',
      'POST /rest/v1/rpc/finish_interview',
      'POST /rest/v1/rpc/delete_interview',
    ]);
    for (const r of sent) {
      expect(r.headers).toMatchObject({ apikey: KEY, authorization: `Bearer ${KEY}` });
      expect(r.status).toBe(200);
    }
    expect(sent[1]!.body).toMatchObject({ p_guild_id: g, p_interview_id: id, p_number: 1, p_answer_status: 'answered' });
  });

  it('reads history with GET rpc calls: list_interviews and count_interviews, a page past the end is empty', async () => {
    const g = `g-${randomUUID()}`;
    await store.createInterview(newInterview(g));
    const from = s.requests.length;
    const page = await store.listInterviews({ guildId: g, userId: 'u1', page: 2, pageSize: 10 });
    expect(page).toEqual({ items: [], total: 1 });
    const sent = s.requests.slice(from);
    expect(sent.map((r) => `${r.method} ${r.path} ${r.status}`).sort()).toEqual([
      'GET /rest/v1/rpc/count_interviews 200',
      'GET /rest/v1/rpc/list_interviews 200',
    ]);
    expect(Object.fromEntries(sent.find((r) => r.path.endsWith('/list_interviews'))!.query)).toEqual({ p_guild_id: g, p_user_id: 'u1', p_limit: '10', p_offset: '10' });
    // Every candidate of the guild: the null argument is left out (its default applies).
    const all = await store.listInterviews({ guildId: g, page: 1, pageSize: 10 });
    expect(all.total).toBe(1);
    expect(Object.fromEntries(s.requests.at(-1)!.query)).not.toHaveProperty('p_user_id');
  });

  it('reads only through GET rpc calls (retried by supabase-js), every read naming the guild', async () => {
    const g = `g-${randomUUID()}`;
    const { id } = await store.createInterview(newInterview(g));
    const from = s.requests.length;
    await store.getInterview(g, id);
    await store.countRecentStarts(g, 'u1', new Date(0));
    await store.getGuildSettings(g);
    await store.listInterviewMessages(g, id);
    const reads = s.requests.slice(from);
    expect(reads.map((r) => r.path).sort()).toEqual([
      '/rest/v1/rpc/count_recent_starts',
      '/rest/v1/rpc/get_guild_settings',
      '/rest/v1/rpc/get_interview',
      '/rest/v1/rpc/list_interview_messages',
      '/rest/v1/rpc/list_questions',
    ]);
    for (const r of reads) {
      expect(r).toMatchObject({ method: 'GET', status: 200 });
      expect(r.query.get('p_guild_id')).toBe(g);
    }
  });

  it('rides out a short outage on reads (supabase-js retries a GET after a 503)', async () => {
    const g = `g-${randomUUID()}`;
    await store.saveGuildSettings({ ...defaultGuildSettings(g), mentorRoleId: 'r', defaultQuestions: 4, defaultType: null, defaultLanguage: null });
    const refusedBefore = s.refusedCount;
    s.down(300);
    try {
      expect(await store.getGuildSettings(g)).toMatchObject({ guildId: g, defaultQuestions: 4 });
      expect(s.refusedCount).toBeGreaterThan(refusedBefore);
    } finally {
      s.up();
    }
  });

  it('runs GET calls read-only, as PostgREST does: a function that writes fails', async () => {
    const res = await fetch(`${s.url}/rest/v1/rpc/record_interview_start?p_guild_id=g&p_user_id=u`, { headers: { apikey: KEY, authorization: `Bearer ${KEY}` } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('25006');
  });

  it('gives up on a request that takes longer than requestTimeoutMs', async () => {
    const impatient = new SupabaseStore({ url: s.url, serviceRoleKey: KEY, requestTimeoutMs: 300 });
    s.setLatency(5_000);
    try {
      const started = Date.now();
      await expect(impatient.deleteInterview('g', randomUUID())).rejects.toThrow(/Supabase delete_interview failed: .*(Timeout|abort)/i);
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      s.setLatency(0);
    }
  });

  it('surfaces a rejected key as an error', async () => {
    const bad = new SupabaseStore({ url: s.url, serviceRoleKey: 'not-the-service-role-key' });
    await expect(bad.getGuildSettings('g')).rejects.toThrow(/Invalid API key/);
    expect(s.requests.at(-1)?.status).toBe(401);
  });

  it('keeps PostgREST error details (which can quote answers) out of error messages', async () => {
    const g = `g-${randomUUID()}`;
    const { id } = await store.createInterview(newInterview(g));
    await store.saveAnswer({
      guildId: g, interviewId: id, number: 1, questionText: 'Q?', isFallback: false, answerStatus: 'answered',
      answerTranscript: 'my secret salary is 123456', answerDurationMs: 1000, analytics: null, askedAt: new Date(), answeredAt: new Date(),
    });
    const err = await store
      .saveEvaluation(g, id, 1, { kind: 'scored', evaluation: { score: 42, feedback: '', strengths: [], improvements: [], evidence: '', criteria: [] } })
      .catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect(err?.message).toMatch(/check constraint/);
    expect(err?.message).not.toContain('123456');
    // The stand-in, like PostgREST, did quote the row in `details`: the adapter dropped it.
    expect(s.requests.at(-1)).toMatchObject({ status: 400, responseBody: { code: '23514' } });
    expect(JSON.stringify(s.requests.at(-1)?.responseBody)).toContain('123456');
  });

  it('answers 400 to requests outside the supported subset', async () => {
    const headers = { apikey: KEY, authorization: `Bearer ${KEY}` };
    for (const path of [
      '/rest/v1/interviews?select=*,questions(*)',
      '/rest/v1/interviews?guild_id=like.g*',
      '/rest/v1/interviews?or=(guild_id.eq.a,guild_id.eq.b)',
      '/rest/v1/interviews?order=created_at.sideways',
      '/rest/v1/interviews?no_such_column=eq.1',
    ]) {
      const res = await fetch(`${s.url}${path}`, { headers });
      expect(res.status, path).toBe(400);
    }
    const patch = await fetch(`${s.url}/rest/v1/interviews?guild_id=eq.g`, { method: 'PATCH', headers, body: '{}' });
    expect(patch.status).toBe(400);
    const unknownFn = await fetch(`${s.url}/rest/v1/rpc/pg_sleep`, {
      method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{"seconds":1}',
    });
    expect(unknownFn.status).toBe(404);
  });
});

describe('createStore with Supabase', () => {
  const env = (url: string) => ({
    DISCORD_TOKEN: 'x'.repeat(40), OPENAI_API_KEY: 'sk-test-key', SUPABASE_URL: url, SUPABASE_SERVICE_ROLE_KEY: KEY,
  });

  it('opens a SupabaseStore when SUPABASE_URL is set', async () => {
    const s = await sharedStandIn();
    const store = await createStore(parseConfig(env(s.url)), createLogger({ level: 'silent' }));
    expect(store).toBeInstanceOf(SupabaseStore);
    expect(await store.getGuildSettings('g')).toBeNull();
    await store.close();
  });

  it('says to apply the migrations when the schema is missing or incomplete', async () => {
    const s = await standIn({ migrate: false });
    await expect(createStore(parseConfig(env(s.url)), createLogger({ level: 'silent' }))).rejects.toThrow(
      /apply sql\/001_schema\.sql.*Supabase SQL editor/,
    );
    // A project set up before the read functions existed (sql/007) is refused the same way.
    await migrate(s.db);
    await s.db.exec('drop function get_guild_settings(text)');
    await expect(createStore(parseConfig(env(s.url)), createLogger({ level: 'silent' }))).rejects.toThrow(/apply sql\/001_schema\.sql/);
  });
});
