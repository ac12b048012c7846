import { EndBehaviorType, type VoiceConnection } from '@discordjs/voice';

/** What the tests read of @discordjs/voice's DAVE wrapper (typed loosely: it is not exported). */
export interface LibraryDave {
  protocolVersion: number;
  lastTransitionId?: number;
  consecutiveFailures: number;
  session?: { ready: boolean; epoch: bigint | null; getDecryptionStats(userId: string): { successes: number; failures: number } | null };
}

/** The connection's current DAVE session wrapper, if the networking is up and has one. */
export function daveOf(connection: VoiceConnection): LibraryDave | undefined {
  const state = connection.state as { networking?: { state: { dave?: LibraryDave } } };
  return state.networking?.state.dave;
}

/** Subscribes to a user (manual end) and collects what arrives. */
export function receiveFrom(connection: VoiceConnection, userId: string): Buffer[] {
  const got: Buffer[] = [];
  connection.receiver.subscribe(userId, { end: { behavior: EndBehaviorType.Manual } }).on('data', (d: Buffer) => got.push(d));
  return got;
}
