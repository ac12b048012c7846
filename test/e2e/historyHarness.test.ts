import { describe, expect, it } from 'vitest';
import { createFixtures } from '../harness/discord/fixtures.ts';
import { interactionRoutes } from '../harness/discord/interactionRoutes.ts';
import { InteractionRegistry, type InteractionRecord } from '../harness/discord/InteractionRegistry.ts';
import { MessageLog } from '../harness/discord/MessageLog.ts';
import type { Json } from '../harness/discord/payloads.ts';
import type { RestContext } from '../harness/discord/RestContext.ts';
import type { RestResponse } from '../harness/discord/RestServer.ts';

// The local Discord refuses the interaction answers Discord refuses (history.test.ts relies on
// it): autocomplete takes only a choices result (callback type 8) of at most 25 valid choices;
// a command cannot be answered with 8 or update a message (6, 7); a select menu can be updated.

function setup() {
  const { world, guilds, users } = createFixtures();
  const interactions = new InteractionRegistry(3_000);
  const messages = new MessageLog((f) => ({ id: 'a1', url: 'http://x', ...f }), () => undefined);
  const ctx: RestContext = { world, messages, interactions, commands: new Map(), gatewayUrl: () => 'ws://x', notify: () => undefined };
  const route = interactionRoutes(ctx).find((r) => r.pattern === '/interactions/:id/:token/callback')!;
  let n = 0;
  const dispatch = (type: 2 | 3 | 4, messageId?: string): InteractionRecord => {
    n++;
    const record: InteractionRecord = {
      id: `i${n}`, token: `t${n}`, type, guildId: guilds.main.id, channelId: guilds.main.interviewsChannelId, userId: users.alice.id,
      ...(messageId ? { messageId } : {}), dispatchedAtMs: Date.now(), callbacks: [], respondedAfterMs: null, originalMessageId: null, followupMessageIds: [], payload: {},
    };
    interactions.add(record);
    return record;
  };
  const answer = (record: InteractionRecord, body: Json): RestResponse => {
    const response = route.handler({ method: 'POST', path: '', params: { id: record.id, token: record.token }, query: new URLSearchParams(), body, files: [] });
    if (response instanceof Promise) throw new Error('the callback route answers synchronously');
    return response;
  };
  return { dispatch, answer, messages, guilds, users };
}

describe('local Discord: answers to autocomplete, commands and select menus', () => {
  it('takes 25 choices for an autocomplete and refuses 26, bad names and other answer types', () => {
    const { dispatch, answer } = setup();
    const choices = (k: number) => Array.from({ length: k }, (_, i) => ({ name: `choice ${i}`, value: `v${i}` }));
    expect(answer(dispatch(4), { type: 8, data: { choices: choices(25) } }).status).toBe(204);
    expect(answer(dispatch(4), { type: 8, data: { choices: choices(26) } })).toMatchObject({ status: 400, body: { code: 50035 } });
    expect(answer(dispatch(4), { type: 8, data: { choices: [{ name: 'x'.repeat(101), value: 'v' }] } }).status).toBe(400);
    expect(answer(dispatch(4), { type: 8, data: {} }).status).toBe(400);
    for (const type of [4, 5, 6, 7, 9]) expect(answer(dispatch(4), { type, data: { content: 'hi' } }).status, `type ${type}`).toBe(400);
  });

  it('refuses an autocomplete result or a message update for a slash command', () => {
    const { dispatch, answer } = setup();
    for (const type of [6, 7, 8]) expect(answer(dispatch(2), { type, data: { choices: [] } }).status, `type ${type}`).toBe(400);
    expect(answer(dispatch(2), { type: 5, data: { flags: 64 } }).status).toBe(204);
  });

  it('lets a select menu interaction update its message (7), within the message limits', () => {
    const { dispatch, answer, messages, guilds, users } = setup();
    const m = messages.create({ channelId: guilds.main.interviewsChannelId, guildId: guilds.main.id, authorId: users.alice.id, kind: 'original' }, { content: 'page 1' }, []);
    expect(answer(dispatch(3, m.id), { type: 7, data: { content: 'page 2' } }).status).toBe(204);
    expect(messages.get(m.id)?.content).toBe('page 2');
    const badMenu = { type: 1, components: [{ type: 3, custom_id: 's', options: [] }] };
    expect(answer(dispatch(3, m.id), { type: 7, data: { components: [badMenu] } }).status).toBe(400);
    expect(answer(dispatch(3, m.id), { type: 8, data: { choices: [] } }).status).toBe(400);
  });
});
