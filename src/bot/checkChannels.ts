import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { GuildBasedChannel, GuildMember, GuildTextBasedChannel, VoiceBasedChannel } from 'discord.js';
import { UserError } from '../UserError.ts';

/**
 * The candidate's voice channel, if the bot can run an interview there: a regular voice channel
 * (not a stage) where the bot may view, connect and speak, and which is not full.
 * @throws UserError `not_in_voice`, `voice_stage`, `voice_no_connect`, `voice_no_speak`, `voice_full`
 */
export function candidateVoiceChannel(member: GuildMember): VoiceBasedChannel {
  const channel = member.voice.channel;
  if (!channel) {
    throw new UserError('not_in_voice', 'Join a voice channel first, then run `/interview start` again: the interview happens by voice.');
  }
  if (channel.type === ChannelType.GuildStageVoice) {
    throw new UserError('voice_stage', `<#${channel.id}> is a stage channel; please join a regular voice channel for the interview.`);
  }
  const me = channel.guild.members.me;
  const perms = me ? channel.permissionsFor(me) : null;
  if (!perms?.has([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.Connect])) {
    throw new UserError('voice_no_connect', `I can't join <#${channel.id}>: I need the View Channel and Connect permissions there. Ask a server admin, or use another voice channel.`);
  }
  if (!perms.has(PermissionFlagsBits.Speak)) {
    throw new UserError('voice_no_speak', `I can join <#${channel.id}> but not speak there: I need the Speak permission. Ask a server admin, or use another voice channel.`);
  }
  if (channel.full && !perms.has(PermissionFlagsBits.MoveMembers)) {
    throw new UserError('voice_full', `<#${channel.id}> is full, so I can't join it. Use another voice channel or raise its user limit.`);
  }
  return channel;
}

/**
 * Checks the bot can post the interview's cards and results in this channel.
 * @throws UserError `text_no_access`
 */
export function checkTextChannel(channel: GuildTextBasedChannel, member: GuildMember | null): void {
  const perms = member ? channel.permissionsFor(member) : null;
  const needed = [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks, PermissionFlagsBits.AttachFiles];
  if (!perms?.has(needed)) {
    throw new UserError('text_no_access', `I can't post the interview here: I need View Channel, Send Messages, Embed Links and Attach Files in <#${channel.id}>. Ask a server admin, or use another channel.`);
  }
}

/**
 * Checks a channel chosen as the mentors' channel: a server text channel where the bot can post
 * results (embed and transcript file).
 * @throws UserError `mentors_channel_type`, `mentors_channel_no_access`
 */
export function checkMentorsChannel(channel: GuildBasedChannel | undefined, me: GuildMember | null): GuildTextBasedChannel {
  if (!channel || channel.type !== ChannelType.GuildText) {
    throw new UserError('mentors_channel_type', 'The mentors’ channel must be a text channel of this server. Pick a text channel.');
  }
  const perms = me ? channel.permissionsFor(me) : null;
  const needed = [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks, PermissionFlagsBits.AttachFiles];
  if (!perms?.has(needed)) {
    throw new UserError('mentors_channel_no_access', `I can't post results in <#${channel.id}>: I need View Channel, Send Messages, Embed Links and Attach Files there. Give me those permissions, or pick another channel.`);
  }
  return channel;
}
