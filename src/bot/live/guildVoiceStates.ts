import { Events, type Client, type VoiceState } from 'discord.js';

type Handler = (oldState: VoiceState, newState: VoiceState) => void;

/** Per client: the one VOICE_STATE_UPDATE listener and the handlers by guild id. */
const routers = new WeakMap<Client, { byGuild: Map<string, Set<Handler>>; listener: Handler }>();

/**
 * Calls `handler` for voice state changes in one guild. However many interviews run, the
 * client has a single `voiceStateUpdate` listener that routes each change to its guild's
 * handlers: one interview per guild no longer means one listener per interview, each called
 * for every change in every guild (and Node's MaxListenersExceededWarning from 11 on).
 * @returns unsubscribe (idempotent); the client listener goes with the last handler
 */
export function onGuildVoiceState(client: Client, guildId: string, handler: Handler): () => void {
  let router = routers.get(client);
  if (!router) {
    const byGuild = new Map<string, Set<Handler>>();
    const listener: Handler = (oldState, newState) => {
      const handlers = byGuild.get(newState.guild.id);
      if (handlers) for (const h of [...handlers]) h(oldState, newState);
    };
    router = { byGuild, listener };
    routers.set(client, router);
    client.on(Events.VoiceStateUpdate, listener);
  }
  const { byGuild, listener } = router;
  let handlers = byGuild.get(guildId);
  if (!handlers) byGuild.set(guildId, (handlers = new Set()));
  const own = (a: VoiceState, b: VoiceState): void => handler(a, b); // a fresh identity: the same function may subscribe twice
  handlers.add(own);
  return () => {
    if (!handlers.delete(own)) return;
    if (handlers.size === 0 && byGuild.get(guildId) === handlers) byGuild.delete(guildId);
    if (byGuild.size === 0 && routers.get(client)?.listener === listener) {
      client.off(Events.VoiceStateUpdate, listener);
      routers.delete(client);
    }
  };
}
