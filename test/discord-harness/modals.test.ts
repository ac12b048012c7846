import { once } from 'node:events';
import { ActionRowBuilder, Client, Events, GatewayIntentBits, ModalBuilder, Routes, TextInputBuilder, TextInputStyle } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalDiscord, type LocalDiscord } from '../harness/discord/LocalDiscord.ts';

describe('local Discord: modals (callback type 9, MODAL_SUBMIT) with the real discord.js client', () => {
  let discord: LocalDiscord;
  let client: Client;
  const answers: string[] = [];

  beforeEach(async () => {
    answers.length = 0;
    discord = await startLocalDiscord();
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.restUrl } });
    client.on(Events.InteractionCreate, (interaction) => {
      void (async () => {
        if (interaction.isChatInputCommand()) {
          if (interaction.commandName === 'ping') {
            // Past discord.js's own checks: a title over 45 characters and a row of two inputs.
            const input = { type: 4, custom_id: 'a', label: 'A', style: 1 };
            const data = { custom_id: 'm', title: 'x'.repeat(46), components: [{ type: 1, components: [input, { ...input, custom_id: 'b' }] }] };
            await client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body: { type: 9, data }, auth: false })
              .catch((e: unknown) => answers.push(`refused: ${String(e)}`));
            return;
          }
          const modal = new ModalBuilder().setCustomId('hotseat:note:1').setTitle('Your note').addComponents(
            new ActionRowBuilder<TextInputBuilder>().addComponents(new TextInputBuilder().setCustomId('note').setLabel('Note').setStyle(TextInputStyle.Paragraph).setMaxLength(20).setValue('prefilled')),
            new ActionRowBuilder<TextInputBuilder>().addComponents(new TextInputBuilder().setCustomId('score').setLabel('Score').setStyle(TextInputStyle.Short).setRequired(false)),
          );
          await interaction.showModal(modal);
        } else if (interaction.isModalSubmit()) {
          answers.push(`${interaction.customId} ${interaction.fields.getTextInputValue('note')} [${interaction.fields.getTextInputValue('score')}]`);
          await interaction.reply({ content: 'saved' });
        }
      })();
    });
    const ready = once(client, Events.ClientReady);
    await client.login(discord.token);
    await ready;
  });

  afterEach(async () => {
    await client.destroy();
    await discord.close();
  });

  it('shows a modal, submits it with typed and prefilled values, and lets the submit be answered', async () => {
    const { main } = discord.guilds;
    const alice = discord.users.alice.id;
    const cmd = discord.runSlashCommand({ guildId: main.id, channelId: main.generalChannelId, userId: alice, command: 'interview', subcommand: 'stop' });
    await discord.waitForInteractionResponse(cmd.id);
    expect(cmd.callbacks[0]?.type).toBe(9);
    expect(() => discord.submitModal({ shownBy: cmd.id, userId: discord.users.bob.id, values: {} })).toThrow(/only user/);
    expect(() => discord.submitModal({ shownBy: cmd.id, userId: alice, values: { nope: 'x' } })).toThrow(/no input nope/);
    expect(() => discord.submitModal({ shownBy: cmd.id, userId: alice, values: { note: 'y'.repeat(21) } })).toThrow(/0–20 characters/);
    expect(() => discord.submitModal({ shownBy: cmd.id, userId: alice, values: { note: '' } })).toThrow(/required/);
    const submit = discord.submitModal({ shownBy: cmd.id, userId: alice, values: { score: '7' } });
    await discord.waitForReply(submit.id, (m) => m.content === 'saved');
    expect(answers).toEqual(['hotseat:note:1 prefilled [7]']);
    const again = discord.submitModal({ shownBy: cmd.id, userId: alice, values: { note: 'typed' } });
    await discord.waitForReply(again.id, (m) => m.content === 'saved');
    expect(answers.at(-1)).toBe('hotseat:note:1 typed []');
    expect(discord.unexpectedCalls()).toEqual([]);
  });

  it('refuses a modal outside Discord\'s limits with its Invalid Form Body', async () => {
    const { main } = discord.guilds;
    const cmd = discord.runSlashCommand({ guildId: main.id, channelId: main.generalChannelId, userId: discord.users.alice.id, command: 'ping' });
    await discord.waitFor(() => answers[0], 'the refusal');
    expect(answers[0]).toMatch(/Invalid Form Body/);
    expect(answers[0]).toMatch(/data\.title/);
    expect(answers[0]).toMatch(/data\.components\.0\.components/);
    expect(cmd.callbacks).toEqual([]);
  });
});
