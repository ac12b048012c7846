import { randomUUID } from 'node:crypto';
import type { Interaction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { buildCustomId } from '../../src/bot/customId.ts';
import { answerAutocomplete } from '../../src/commands/answerAutocomplete.ts';
import type { AutocompleteHandler } from '../../src/commands/AutocompleteHandler.ts';
import type { ButtonAction, ButtonHandler } from '../../src/commands/ButtonHandler.ts';
import type { CommandContext } from '../../src/commands/CommandContext.ts';
import { interactionTable, type ChatInputRoute, type InteractionTable } from '../../src/commands/interactionTable.ts';
import { InterviewCommand } from '../../src/commands/interviewCommand.ts';
import { routeInteraction } from '../../src/commands/routeInteraction.ts';
import type { ModalHandler } from '../../src/commands/ModalHandler.ts';
import type { SelectHandler } from '../../src/commands/SelectHandler.ts';
import { createLogger } from '../../src/logger.ts';
import { UserError } from '../../src/UserError.ts';

/** A plain-object stand-in for a discord.js interaction: just what the router and the boundary read. */
function fakeInteraction(
  kind: 'command' | 'button' | 'select' | 'autocomplete' | 'modal',
  opts: { commandName?: string; subcommand?: string; group?: string; customId?: string; inGuild?: boolean; focused?: string; values?: string[] } = {},
) {
  const replies: Array<{ content: string; flags: number }> = [];
  const responses: unknown[][] = [];
  const interaction = {
    id: 'i1',
    guildId: opts.inGuild === false ? null : 'guild-1',
    user: { id: 'user-1' },
    commandName: opts.commandName ?? 'interview',
    customId: opts.customId ?? '',
    values: opts.values ?? [],
    options: { getSubcommand: () => opts.subcommand ?? null, getSubcommandGroup: () => opts.group ?? null, getFocused: () => ({ name: opts.focused ?? 'id', value: 'typed' }) },
    deferred: false,
    replied: false,
    ephemeral: null,
    isChatInputCommand: () => kind === 'command',
    isButton: () => kind === 'button',
    isStringSelectMenu: () => kind === 'select',
    isAutocomplete: () => kind === 'autocomplete',
    isModalSubmit: () => kind === 'modal',
    inCachedGuild: () => opts.inGuild !== false,
    reply: async (o: { content: string; flags: number }) => void replies.push(o),
    editReply: async () => undefined,
    followUp: async () => undefined,
    respond: async (choices: unknown[]) => void responses.push(choices),
  };
  return { interaction: interaction as unknown as Interaction, raw: interaction, replies, responses };
}

/** A table whose handlers record what they were called with. */
function recordingTable(failWith?: Error) {
  const calls: string[] = [];
  const command = (name: string): ChatInputRoute => async () => {
    calls.push(`command ${name}`);
    if (failWith) throw failWith;
  };
  const button: ButtonHandler = async (_interaction, action, id) => {
    calls.push(`button ${action} ${id}`);
    if (failWith) throw failWith;
  };
  const buttons = Object.fromEntries(['repeat', 'done', 'skip', 'end', 'queue-leave', 'delete-confirm', 'delete-cancel', 'history-page', 'review-open'].map((a) => [a, button])) as {
    [A in ButtonAction]: ButtonHandler<A>;
  };
  const modal: ModalHandler = async (_interaction, action, id) => {
    calls.push(`modal ${action} ${id}`);
    if (failWith) throw failWith;
  };
  const select: SelectHandler = async (interaction, action, id) => {
    calls.push(`select ${action} ${id} ${interaction.values.join(',')}`);
    if (failWith) throw failWith;
  };
  const complete: AutocompleteHandler = async () => {
    calls.push('autocomplete show id');
    if (failWith) throw failWith;
    return Array.from({ length: 30 }, (_, i) => ({ name: `choice ${i}`, value: `v${i}` }));
  };
  const table: InteractionTable = {
    commands: { interview: { start: command('start'), stop: command('stop'), bank: command('bank') } },
    buttons,
    selects: { 'history-open': select, 'review-pick': select },
    modals: { 'review-save': modal, 'rubric-edit': async (_interaction, action, id) => { calls.push(`modal ${action} ${id}`); }, 'bank-add': async (_interaction, action, id) => void calls.push(`modal ${action} ${id}`) },
    autocomplete: { interview: { show: { id: complete } } },
  };
  return { table, calls };
}

const ctx = { logger: createLogger({ level: 'silent' }) } as CommandContext;
const EPHEMERAL = 64;

describe('routeInteraction', () => {
  it('runs the handler of the command and subcommand from the table', async () => {
    const { table, calls } = recordingTable();
    await routeInteraction(fakeInteraction('command', { subcommand: 'stop' }).interaction, ctx, table);
    expect(calls).toEqual(['command stop']);
  });

  it('runs a subcommand group’s one entry for each of its subcommands, and never a modal id as a button', async () => {
    const { table, calls } = recordingTable();
    await routeInteraction(fakeInteraction('command', { group: 'bank', subcommand: 'list' }).interaction, ctx, table);
    await routeInteraction(fakeInteraction('command', { group: 'bank', subcommand: 'stop' }).interaction, ctx, table);
    await routeInteraction(fakeInteraction('button', { customId: buildCustomId('bank-add', '1234_a') }).interaction, ctx, table);
    expect(calls).toEqual(['command bank', 'command bank']);
  });

  it('runs the handler of the button action with the id from the customId', async () => {
    const { table, calls } = recordingTable();
    const interviewId = randomUUID();
    await routeInteraction(fakeInteraction('button', { customId: buildCustomId('delete-confirm', interviewId) }).interaction, ctx, table);
    await routeInteraction(fakeInteraction('button', { customId: buildCustomId('done', interviewId) }).interaction, ctx, table);
    expect(calls).toEqual([`button delete-confirm ${interviewId}`, `button done ${interviewId}`]);
  });

  it('ignores a button whose customId names a modal action (no handler runs, nothing is answered)', async () => {
    const { table, calls } = recordingTable();
    const fake = fakeInteraction('button', { customId: buildCustomId('rubric-edit', 'technical') });
    await routeInteraction(fake.interaction, ctx, table);
    expect(calls).toEqual([]);
    expect(fake.replies).toEqual([]);
  });

  it('runs the select menu handler with the customId id and the chosen values', async () => {
    const { table, calls } = recordingTable();
    const interviewId = randomUUID();
    await routeInteraction(fakeInteraction('select', { customId: buildCustomId('history-open', '1234'), values: [interviewId] }).interaction, ctx, table);
    expect(calls).toEqual([`select history-open 1234 ${interviewId}`]);
  });

  it('runs the modal handler of a submitted modal, and never takes a modal customId for a button', async () => {
    const { table, calls } = recordingTable();
    const ref = `${randomUUID()}_3`;
    await routeInteraction(fakeInteraction('modal', { customId: buildCustomId('review-save', ref) }).interaction, ctx, table);
    await routeInteraction(fakeInteraction('button', { customId: buildCustomId('review-save', ref) }).interaction, ctx, table);
    await routeInteraction(fakeInteraction('modal', { customId: buildCustomId('review-open', ref) }).interaction, ctx, table);
    expect(calls).toEqual([`modal review-save ${ref}`]);
  });

  it('answers autocomplete with the handler’s first 25 choices, and with none when it fails', async () => {
    const { table, calls } = recordingTable();
    const ok = fakeInteraction('autocomplete', { subcommand: 'show', focused: 'id' });
    await routeInteraction(ok.interaction, ctx, table);
    expect(calls).toEqual(['autocomplete show id']);
    expect(ok.responses).toHaveLength(1);
    expect(ok.responses[0]).toHaveLength(25);
    expect(ok.responses[0]?.[24]).toEqual({ name: 'choice 24', value: 'v24' });

    const failing = fakeInteraction('autocomplete', { subcommand: 'show', focused: 'id' });
    await routeInteraction(failing.interaction, ctx, recordingTable(new Error('store down')).table);
    expect(failing.responses).toEqual([[]]);
    expect(failing.replies).toEqual([]);
  });

  it('answers a slow autocomplete with no choices once its budget is spent', async () => {
    const interaction = fakeInteraction('autocomplete', { subcommand: 'show' });
    const slow: AutocompleteHandler = () => new Promise((resolve) => setTimeout(() => resolve([{ name: 'late', value: 'late' }]), 400));
    const started = Date.now();
    await answerAutocomplete(interaction.interaction as never, slow, ctx, {}, 50);
    expect(Date.now() - started).toBeLessThan(350);
    expect(interaction.responses).toEqual([[]]);
  });

  it('ignores what is not ours: other commands, foreign buttons and menus, other options’ autocomplete', async () => {
    const { table, calls } = recordingTable();
    const others = [
      fakeInteraction('command', { commandName: 'someone-elses', subcommand: 'start' }),
      fakeInteraction('button', { customId: 'other-bot:done:1' }),
      fakeInteraction('button', { customId: 'hotseat:unknown-action:1' }),
      fakeInteraction('button', { customId: buildCustomId('history-open', '1234') }),
      fakeInteraction('select', { customId: buildCustomId('delete-confirm', '1234') }),
      fakeInteraction('autocomplete', { subcommand: 'show', focused: 'constructor' }),
      fakeInteraction('autocomplete', { subcommand: 'toString', focused: 'id' }),
    ];
    for (const o of others) await routeInteraction(o.interaction, ctx, table);
    expect(calls).toEqual([]);
    expect(others.flatMap((o) => o.replies)).toEqual([]);
    expect(others.flatMap((o) => o.responses)).toEqual([]);
  });

  it('answers every failure inside its one error boundary: user errors as is, others with a reference', async () => {
    const refused = recordingTable(new UserError('not_allowed', 'Only the candidate can do that.'));
    const refusedCall = fakeInteraction('command', { subcommand: 'start' });
    await routeInteraction(refusedCall.interaction, ctx, refused.table);
    expect(refusedCall.replies).toEqual([expect.objectContaining({ content: 'Only the candidate can do that.', flags: EPHEMERAL })]);

    const broken = recordingTable(new Error('boom'));
    const brokenCall = fakeInteraction('button', { customId: buildCustomId('skip', randomUUID()) });
    await routeInteraction(brokenCall.interaction, ctx, broken.table);
    expect(brokenCall.replies[0]?.content).toMatch(/Something went wrong on my side \(reference `[0-9a-f]{8}`\)/);
    expect(brokenCall.replies[0]?.content).not.toContain('boom');

    const unknown = fakeInteraction('command', { subcommand: 'no-such-subcommand' });
    await routeInteraction(unknown.interaction, ctx, recordingTable().table);
    expect(unknown.replies[0]?.content).toMatch(/Something went wrong on my side/);
  });

  it('refuses outside a server before any handler runs', async () => {
    const { table, calls } = recordingTable();
    const command = fakeInteraction('command', { subcommand: 'start', inGuild: false });
    const button = fakeInteraction('button', { customId: buildCustomId('queue-leave', 'guild-1'), inGuild: false });
    await routeInteraction(command.interaction, ctx, table);
    await routeInteraction(button.interaction, ctx, table);
    expect(calls).toEqual([]);
    expect(command.replies[0]?.content).toMatch(/Hotseat works inside a server/);
    expect(button.replies[0]?.content).toBe('This button only works inside a server.');
  });

  it('has a handler for every /interview subcommand and every button action in the real table', () => {
    const subcommands = InterviewCommand.options.map((o) => o.name).sort();
    expect(Object.keys(interactionTable.commands)).toEqual([InterviewCommand.name]);
    expect(Object.keys(interactionTable.commands[InterviewCommand.name] ?? {}).sort()).toEqual(subcommands);
    expect(Object.keys(interactionTable.buttons).sort()).toEqual(['delete-cancel', 'delete-confirm', 'done', 'end', 'history-page', 'queue-leave', 'repeat', 'review-open', 'skip']);
    for (const handler of Object.values(interactionTable.buttons)) expect(typeof handler).toBe('function');
    expect(Object.keys(interactionTable.selects)).toEqual(['history-open', 'review-pick']);
    expect(Object.keys(interactionTable.modals).sort()).toEqual(['bank-add', 'review-save', 'rubric-edit']);
  });

  it('has an autocomplete handler for exactly the options declared with autocomplete', () => {
    type Option = { name: string; type: number; autocomplete?: boolean; options?: readonly Option[] };
    // Subcommands of a group are routed by their own name (the router reads getSubcommand()), so those names must be unique.
    const leaves = (InterviewCommand.options as readonly Option[]).flatMap((o) => (o.type === 2 ? (o.options ?? []) : [o]));
    expect(new Set(leaves.map((l) => l.name)).size).toBe(leaves.length);
    const declared = leaves.flatMap((sub) => (sub.options ?? []).filter((o) => o.autocomplete === true).map((o) => `${sub.name} ${o.name}`));
    const routed = Object.entries(interactionTable.autocomplete[InterviewCommand.name] ?? {}).flatMap(([sub, options]) => Object.keys(options).map((o) => `${sub} ${o}`));
    expect(routed.sort()).toEqual(declared.sort());
    expect(declared.sort()).toEqual(['delete id', 'remove id', 'review id', 'show id']);
  });
});
