import { PermissionFlagsBits } from 'discord-api-types/v10';

/** What decides whether a member is a mentor (taken from an interaction's member). */
export interface MemberAuthority {
  /** Role ids the member has. */
  roleIds: readonly string[];
  /** The member's permissions in the channel as a bit field (`interaction.memberPermissions.bitfield`). */
  permissions: bigint;
}

/**
 * A mentor holds the guild's configured mentor role, or may manage the server (Manage Server or
 * Administrator). Mentors see and delete everyone's interviews in their guild and may press
 * another candidate's buttons or stop their interview.
 */
export function isMentor(member: MemberAuthority, mentorRoleId: string | null): boolean {
  return canManageGuild(member.permissions) || (mentorRoleId !== null && member.roleIds.includes(mentorRoleId));
}

/** Manage Server, or Administrator (which implies every permission). */
export function canManageGuild(permissions: bigint): boolean {
  const wanted = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.Administrator;
  return (permissions & wanted) !== 0n;
}
