import { PermissionFlagsBits } from 'discord.js';
import type { FakeChannel, FakeGuild, FakeMember } from './World.ts';

const ALL = (1n << 53n) - 1n;

/**
 * A member's permissions in a guild, or in one of its channels when given, computed the way
 * Discord does (everyone role, member roles, administrator, then channel overwrites).
 */
export function computePermissions(guild: FakeGuild, member: FakeMember, channel?: FakeChannel): bigint {
  if (guild.ownerId === member.userId) return ALL;
  const everyone = guild.roles.find((r) => r.id === guild.id);
  let perms = everyone?.permissions ?? 0n;
  for (const role of guild.roles) if (member.roleIds.includes(role.id)) perms |= role.permissions;
  if ((perms & PermissionFlagsBits.Administrator) !== 0n) return ALL;
  if (!channel) return perms;
  const overwrites = channel.permissionOverwrites;
  const everyoneOw = overwrites.find((o) => o.id === guild.id);
  if (everyoneOw) perms = (perms & ~everyoneOw.deny) | everyoneOw.allow;
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === 0 && o.id !== guild.id && member.roleIds.includes(o.id)) {
      allow |= o.allow;
      deny |= o.deny;
    }
  }
  perms = (perms & ~deny) | allow;
  const memberOw = overwrites.find((o) => o.type === 1 && o.id === member.userId);
  if (memberOw) perms = (perms & ~memberOw.deny) | memberOw.allow;
  return perms;
}
