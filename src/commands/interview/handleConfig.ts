import { MessageFlags } from 'discord-api-types/v10';
import { defaultGuildSettings, type GuildSettings } from '../../interview/Store.ts';
import { canManageGuild } from '../../bot/isMentor.ts';
import { checkMentorsChannel } from '../../bot/checkChannels.ts';
import { UserError } from '../../UserError.ts';
import type { SubcommandHandler } from '../SubcommandHandler.ts';
import { LANGUAGE_HINT, LANGUAGE_PATTERN } from './interviewLanguage.ts';
import { applyVisibilityArgs, describeVisibility, hasVisibilityArgs, type VisibilityArgs } from './visibilityOptions.ts';

/**
 * `/interview config`: Manage Server only (checked here: Discord has no per-subcommand
 * permissions). Without options it shows the settings; with options it updates those given.
 */
export const handleConfig: SubcommandHandler<'config'> = async (interaction, args, ctx) => {
  if (!canManageGuild(interaction.memberPermissions.bitfield)) {
    throw new UserError('not_manager', 'Only members with the Manage Server permission can change Hotseat’s settings.');
  }
  if (args.default_language !== undefined && !LANGUAGE_PATTERN.test(args.default_language.trim())) {
    throw new UserError('bad_language', LANGUAGE_HINT);
  }
  const guildId = interaction.guildId;
  if (args.mentor_role?.id === guildId) {
    // Mentors read every candidate's answers: @everyone would hand them to the whole server.
    throw new UserError('mentor_everyone', 'The mentor role can’t be @everyone: mentors can read every candidate’s answers. Pick or create a role for your mentors.');
  }
  if (args.mentor_role?.managed) {
    throw new UserError('mentor_managed', `${args.mentor_role.name} is managed by an integration or bot, so members can’t be given it. Pick or create a role for your mentors.`);
  }
  const mentorsChannel = args.mentors_channel ? checkMentorsChannel(interaction.guild.channels.cache.get(args.mentors_channel.id), interaction.guild.members.me) : undefined;
  const visibility: VisibilityArgs = { results: args.results, mentorsChannelId: mentorsChannel?.id, clearMentorsChannel: args.clear_mentors_channel, captions: args.captions, bankSharePercent: args.bank_share };
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const current: GuildSettings = (await ctx.store.getGuildSettings(guildId)) ?? defaultGuildSettings(guildId);
  const changed = args.clear_mentor_role === true || args.mentor_role !== undefined || args.default_questions !== undefined || args.default_type !== undefined || args.default_language !== undefined || hasVisibilityArgs(visibility);
  const next: GuildSettings = {
    ...applyVisibilityArgs(current, visibility),
    mentorRoleId: args.clear_mentor_role ? null : (args.mentor_role?.id ?? current.mentorRoleId),
    defaultQuestions: args.default_questions ?? current.defaultQuestions,
    defaultType: args.default_type ?? current.defaultType,
    defaultLanguage: args.default_language?.trim() || current.defaultLanguage,
  };
  if (changed) await ctx.store.saveGuildSettings(next);
  const d = ctx.config.interview.defaultQuestions;
  await interaction.editReply({
    content: [
      changed ? 'Settings saved:' : 'Current settings (pass options to change them):',
      `• Mentor role: ${next.mentorRoleId ? `<@&${next.mentorRoleId}>` : 'none (members with Manage Server are mentors)'}`,
      `• Default questions: ${next.defaultQuestions ?? `${d} (bot default)`}`,
      `• Default type: ${next.defaultType ?? 'technical (bot default)'}`,
      `• Default language: ${next.defaultLanguage ?? 'English (bot default)'}`,
      ...describeVisibility(next),
    ].join('\n'),
    allowedMentions: { parse: [] },
  });
};
