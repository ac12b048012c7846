import { describe, expect, it } from 'vitest';
import { GuildQueue } from '../../src/bot/GuildQueue.ts';

describe('GuildQueue', () => {
  it('starts the first candidate and queues the next ones in order', () => {
    const q = new GuildQueue<string>();
    expect(q.request('g1', 'alice', 'a')).toEqual({ kind: 'start' });
    expect(q.activeUserId('g1')).toBe('alice');
    expect(q.request('g1', 'bob', 'b')).toEqual({ kind: 'queued', position: 1 });
    expect(q.request('g1', 'carol', 'c')).toEqual({ kind: 'queued', position: 2 });
    expect(q.waitingUserIds('g1')).toEqual(['bob', 'carol']);
    expect(q.positionOf('g1', 'carol')).toBe(2);
    expect(q.positionOf('g1', 'alice')).toBeNull();
  });

  it('keeps guilds independent', () => {
    const q = new GuildQueue<string>();
    expect(q.request('g1', 'alice', 'a').kind).toBe('start');
    expect(q.request('g2', 'bob', 'b').kind).toBe('start');
    expect(q.activeCount).toBe(2);
    expect(q.finish('g1')).toBeNull();
    expect(q.activeUserId('g2')).toBe('bob');
    expect(q.activeCount).toBe(1);
  });

  it('refuses a second request from the active or a waiting candidate', () => {
    const q = new GuildQueue<string>();
    q.request('g', 'alice', 'a');
    q.request('g', 'bob', 'b');
    expect(q.request('g', 'alice', 'a2')).toEqual({ kind: 'already_active' });
    expect(q.request('g', 'bob', 'b2')).toEqual({ kind: 'already_queued', position: 1 });
    expect(q.waitingUserIds('g')).toEqual(['bob']);
  });

  it('hands the guild to the next candidate with their item when the active one finishes', () => {
    const q = new GuildQueue<{ doc: string }>();
    q.request('g', 'alice', { doc: 'A' });
    q.request('g', 'bob', { doc: 'B' });
    q.request('g', 'carol', { doc: 'C' });
    expect(q.finish('g')).toEqual({ userId: 'bob', item: { doc: 'B' } });
    expect(q.activeUserId('g')).toBe('bob');
    expect(q.positionOf('g', 'carol')).toBe(1);
    expect(q.finish('g')).toEqual({ userId: 'carol', item: { doc: 'C' } });
    expect(q.finish('g')).toBeNull();
    expect(q.activeUserId('g')).toBeNull();
    expect(q.request('g', 'dave', { doc: 'D' })).toEqual({ kind: 'start' });
  });

  it('lets a waiting candidate leave and moves the others up', () => {
    const q = new GuildQueue<string>();
    q.request('g', 'alice', 'a');
    q.request('g', 'bob', 'b');
    q.request('g', 'carol', 'c');
    expect(q.leave('g', 'bob')).toBe(true);
    expect(q.positionOf('g', 'carol')).toBe(1);
    expect(q.leave('g', 'bob')).toBe(false);
    expect(q.leave('g', 'alice')).toBe(false); // the active one stops, not leaves
    expect(q.leave('other', 'carol')).toBe(false);
    expect(q.finish('g')).toEqual({ userId: 'carol', item: 'c' });
  });

  it('caps the number of waiting candidates', () => {
    const q = new GuildQueue<string>({ maxWaiting: 2 });
    q.request('g', 'u0', '');
    q.request('g', 'u1', '');
    q.request('g', 'u2', '');
    expect(q.request('g', 'u3', '')).toEqual({ kind: 'full' });
  });

  it('clears waiting candidates on shutdown and reports them', () => {
    const q = new GuildQueue<string>();
    q.request('g', 'alice', 'a');
    q.request('g', 'bob', 'b');
    q.request('h', 'carol', 'c');
    expect(q.clearWaiting()).toEqual([{ guildId: 'g', userId: 'bob', item: 'b' }]);
    expect(q.waitingUserIds('g')).toEqual([]);
    expect(q.activeUserId('g')).toBe('alice');
  });
});
