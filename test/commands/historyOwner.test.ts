import type { Interaction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { buildCustomId } from '../../src/bot/customId.ts';
import type { CommandContext } from '../../src/commands/CommandContext.ts';
import { encodeHistoryState } from '../../src/commands/interview/historyState.ts';
import { routeInteraction } from '../../src/commands/routeInteraction.ts';
import { MemoryStore } from '../../src/interview/testing/MemoryStore.ts';
import { createLogger } from '../../src/logger.ts';

/** A component interaction from `userId` on a history page that `owner` asked for. */
function component(kind: 'button' | 'select', customId: string, userId: string) {
  const calls: string[] = [];
  const interaction = {
    id: 'i1', guildId: 'guild-1', user: { id: userId }, customId, values: ['00000000-0000-4000-8000-000000000001'],
    deferred: false, replied: false, ephemeral: null,
    isAutocomplete: () => false, isChatInputCommand: () => false, isButton: () => kind === 'button', isStringSelectMenu: () => kind === 'select', inCachedGuild: () => true,
    reply: async (o: { content: string; flags: number }) => void calls.push(`reply ${o.flags} ${o.content}`),
    deferUpdate: async () => void calls.push('deferUpdate'),
    deferReply: async () => void calls.push('deferReply'),
    editReply: async () => void calls.push('editReply'),
    followUp: async () => void calls.push('followUp'),
  };
  return { interaction: interaction as unknown as Interaction, calls };
}

describe('history components of someone else', () => {
  const ctx = { logger: createLogger({ level: 'silent' }), store: new MemoryStore() } as unknown as CommandContext;
  const owner = '111111111111111111';
  const other = '222222222222222222';

  it('get a private note and change nothing (Prev / Next and the menu)', async () => {
    const page = buildCustomId('history-page', encodeHistoryState({ ownerId: owner, page: 2, userId: owner, type: null, sinceMs: null }));
    for (const [kind, customId] of [['button', page], ['select', buildCustomId('history-open', owner)]] as const) {
      const { interaction, calls } = component(kind, customId, other);
      await routeInteraction(interaction, ctx);
      expect(calls, kind).toEqual([expect.stringMatching(/^reply 64 Only the member who ran this `\/interview history` can use it/)]);
    }
  });

  it('a forged page state is refused as out of date', async () => {
    const { interaction, calls } = component('button', 'hotseat:history-page:1_0_0_a_0', owner);
    await routeInteraction(interaction, ctx);
    expect(calls).toEqual([expect.stringMatching(/^reply 64 This history page is out of date/)]);
  });
});
