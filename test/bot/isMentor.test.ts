import { PermissionFlagsBits } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { canManageGuild, isMentor } from '../../src/bot/isMentor.ts';

const plain = PermissionFlagsBits.SendMessages | PermissionFlagsBits.Connect | PermissionFlagsBits.Speak;

describe('isMentor', () => {
  it('is true for the configured mentor role', () => {
    expect(isMentor({ roleIds: ['r1', 'mentor'], permissions: plain }, 'mentor')).toBe(true);
  });
  it('is false for an ordinary member, with or without a configured role', () => {
    expect(isMentor({ roleIds: ['r1'], permissions: plain }, 'mentor')).toBe(false);
    expect(isMentor({ roleIds: ['r1'], permissions: plain }, null)).toBe(false);
  });
  it('is true for Manage Server and for Administrator even without the role', () => {
    expect(isMentor({ roleIds: [], permissions: plain | PermissionFlagsBits.ManageGuild }, 'mentor')).toBe(true);
    expect(isMentor({ roleIds: [], permissions: PermissionFlagsBits.Administrator }, null)).toBe(true);
  });
  it('does not treat other moderation permissions as Manage Server', () => {
    expect(canManageGuild(PermissionFlagsBits.ManageMessages | PermissionFlagsBits.KickMembers | PermissionFlagsBits.ManageRoles)).toBe(false);
  });
});
