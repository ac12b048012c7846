import { Client, Events, type VoiceState } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { onGuildVoiceState } from '../../src/bot/live/guildVoiceStates.ts';

const state = (guildId: string, userId: string): VoiceState => ({ guild: { id: guildId }, id: userId }) as unknown as VoiceState;

describe('onGuildVoiceState', () => {
  let client: Client;
  afterEach(async () => {
    await client.destroy();
  });

  it('keeps one client listener for any number of interviews and routes each change to its guild only', () => {
    client = new Client({ intents: [] });
    const seen = new Map<string, string[]>();
    const stops = Array.from({ length: 12 }, (_, i) => onGuildVoiceState(client, `g${i}`, (_old, now) => {
      seen.set(`g${i}`, [...(seen.get(`g${i}`) ?? []), now.id]);
    }));
    expect(client.listenerCount(Events.VoiceStateUpdate)).toBe(1);
    client.emit(Events.VoiceStateUpdate, state('g3', 'alice'), state('g3', 'alice'));
    client.emit(Events.VoiceStateUpdate, state('g7', 'bob'), state('g7', 'bob'));
    client.emit(Events.VoiceStateUpdate, state('elsewhere', 'carol'), state('elsewhere', 'carol'));
    expect(Object.fromEntries(seen)).toEqual({ g3: ['alice'], g7: ['bob'] });
    stops[3]!();
    stops[3]!(); // idempotent
    client.emit(Events.VoiceStateUpdate, state('g3', 'alice'), state('g3', 'alice'));
    expect(seen.get('g3')).toEqual(['alice']);
    for (const stop of stops) stop();
    expect(client.listenerCount(Events.VoiceStateUpdate)).toBe(0);
    // A new subscription after the last one left attaches again.
    const again: string[] = [];
    const stop = onGuildVoiceState(client, 'g1', (_o, n) => again.push(n.id));
    client.emit(Events.VoiceStateUpdate, state('g1', 'dave'), state('g1', 'dave'));
    expect(again).toEqual(['dave']);
    expect(client.listenerCount(Events.VoiceStateUpdate)).toBe(1);
    stop();
  });

  it('calls two handlers of the same guild (a new interview subscribing while the last one leaves)', () => {
    client = new Client({ intents: [] });
    const calls: string[] = [];
    const handler = (_o: VoiceState, n: VoiceState): void => { calls.push(n.id); };
    const first = onGuildVoiceState(client, 'g', handler);
    onGuildVoiceState(client, 'g', handler);
    client.emit(Events.VoiceStateUpdate, state('g', 'x'), state('g', 'x'));
    expect(calls).toEqual(['x', 'x']);
    first();
    client.emit(Events.VoiceStateUpdate, state('g', 'y'), state('g', 'y'));
    expect(calls).toEqual(['x', 'x', 'y']);
  });
});
