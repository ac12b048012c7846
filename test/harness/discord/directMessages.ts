import type { RestResponse } from './RestServer.ts';
import type { FakeChannel, World } from './World.ts';

/** Discord's answer when the recipient does not accept direct messages from the bot. */
export const cannotSendToUser: RestResponse = { status: 403, body: { message: 'Cannot send messages to this user', code: 50007 } };

/**
 * Whether Discord refuses a message the bot posts in `channel`: in a DM channel whose recipient
 * closed their direct messages (privacy settings, or a blocked bot), Discord still opens the DM
 * channel (POST /users/@me/channels) but refuses every message in it with 403 / 50007.
 */
export function dmRefusal(world: World, channel: FakeChannel): RestResponse | null {
  if (channel.type !== 1 || !channel.recipientId) return null;
  return world.users.get(channel.recipientId)?.dmsClosed ? cannotSendToUser : null;
}

/** Test switch: `closed` makes the user refuse the bot's direct messages (Discord's 50007). */
export function setDirectMessagesClosed(world: World, userId: string, closed: boolean): void {
  const user = world.users.get(userId);
  if (!user) throw new Error(`local Discord: unknown user ${userId}`);
  user.dmsClosed = closed;
}
