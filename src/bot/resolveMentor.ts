import type { GuildMember } from 'discord.js';
import type { Store } from '../interview/Store.ts';
import { isMentor } from './isMentor.ts';

/** The parts of a cached guild interaction used to decide mentor status. */
export interface MentorSource {
  guildId: string;
  member: GuildMember;
  /** Permissions of the member in the interaction's channel (`interaction.memberPermissions`). */
  memberPermissions: { bitfield: bigint };
}

/** Whether the interaction's member is a mentor in its guild (configured role or Manage Server). */
export async function resolveMentor(source: MentorSource, store: Store): Promise<boolean> {
  const settings = await store.getGuildSettings(source.guildId);
  return isMentor({ roleIds: [...source.member.roles.cache.keys()], permissions: source.memberPermissions.bitfield }, settings?.mentorRoleId ?? null);
}
