import type { GuildTextBasedChannel } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { deliverPrivateResults } from '../../src/bot/live/deliverPrivateResults.ts';
import { InterviewMessages } from '../../src/bot/live/InterviewMessages.ts';
import type { InterviewMessage } from '../../src/interview/InterviewMessage.ts';
import { createLogger } from '../../src/logger.ts';

const silent = createLogger({ level: 'silent' });

/** A text channel, its guild's channels and the client's users, recording every send. */
function world(opts: { dm?: 'ok' | 'closed' | 'broken'; mentors?: 'ok' | 'missing' }) {
  const sent: Array<{ where: string; body: { content?: string; embeds?: unknown[]; files?: unknown[] } }> = [];
  let n = 0;
  const posted = (where: string, channelId: string) => async (body: { content?: string; embeds?: unknown[]; files?: unknown[] }) => {
    sent.push({ where, body });
    return { id: `m${++n}`, channelId };
  };
  const channel = {
    id: 'interviews',
    send: posted('channel', 'interviews'),
    client: {
      users: {
        send: async (_userId: string, body: { content?: string }) => {
          if (opts.dm === 'closed') throw Object.assign(new Error('Cannot send messages to this user'), { code: 50007 });
          if (opts.dm === 'broken') throw Object.assign(new Error('Internal Server Error'), { status: 500 });
          return posted('dm', 'dm-1')(body);
        },
      },
    },
    guild: {
      channels: {
        fetch: async () => (opts.mentors === 'missing' ? null : { isTextBased: () => true, send: posted('mentors', 'mentors-1') }),
      },
    },
  } as unknown as GuildTextBasedChannel;
  const recorded: InterviewMessage[] = [];
  const messages = new InterviewMessages({ store: { recordInterviewMessage: async (m) => void recorded.push(m) }, guildId: 'g', interviewId: 'iv-1', logger: silent });
  return { channel, sent, recorded, messages };
}

const body = () => ({ content: '<@u1> your interview is complete. Here are your results:', embeds: [{ title: 'Interview results: Backend' }], files: [{ attachment: Buffer.from('# t'), name: 'transcript.md' }] });

describe('deliverPrivateResults', () => {
  it('DMs the candidate, copies to the mentors’ channel, posts a content-free notice, and records each message', async () => {
    const w = world({ dm: 'ok', mentors: 'ok' });
    await deliverPrivateResults({ channel: w.channel, candidateUserId: 'u1', interviewId: 'iv-1', mentorsChannelId: 'mentors-1', body, messages: w.messages, log: silent });
    await w.messages.drain();
    expect(w.sent.map((s) => s.where)).toEqual(['dm', 'mentors', 'channel']);
    expect(w.sent[0]!.body.embeds).toHaveLength(1);
    expect(w.sent[1]!.body.files).toHaveLength(1);
    expect(w.sent[1]!.body.content).toContain('<@u1>');
    expect(w.sent[2]!.body).toEqual({ content: '<@u1> Results were sent to you privately (check your direct messages).', allowedMentions: { users: ['u1'] } });
    expect(w.recorded.map((m) => [m.channelId, m.kind])).toEqual([['dm-1', 'results'], ['mentors-1', 'results'], ['interviews', 'notice']]);
  });

  it('still copies to the mentors and tells the candidate when the DM is refused (closed, or another failure)', async () => {
    for (const dm of ['closed', 'broken'] as const) {
      const w = world({ dm, mentors: 'ok' });
      await deliverPrivateResults({ channel: w.channel, candidateUserId: 'u1', interviewId: 'iv-1', mentorsChannelId: 'mentors-1', body, messages: w.messages, log: silent });
      expect(w.sent.map((s) => s.where)).toEqual(['mentors', 'channel']);
      const notice = w.sent[1]!.body;
      expect(notice.embeds).toBeUndefined();
      expect(notice.files).toBeUndefined();
      expect(notice.content).toContain('/interview show id:iv-1');
      expect(notice.content?.includes('closed')).toBe(dm === 'closed');
    }
  });

  it('skips a mentors’ channel that is gone and a missing one, and still DMs and notices', async () => {
    const gone = world({ dm: 'ok', mentors: 'missing' });
    await deliverPrivateResults({ channel: gone.channel, candidateUserId: 'u1', interviewId: 'iv-1', mentorsChannelId: 'mentors-1', body, messages: gone.messages, log: silent });
    expect(gone.sent.map((s) => s.where)).toEqual(['dm', 'channel']);
    const unset = world({ dm: 'ok' });
    await deliverPrivateResults({ channel: unset.channel, candidateUserId: 'u1', interviewId: 'iv-1', mentorsChannelId: null, body, messages: unset.messages, log: silent });
    expect(unset.sent.map((s) => s.where)).toEqual(['dm', 'channel']);
  });
});
