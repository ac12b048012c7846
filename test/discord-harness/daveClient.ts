import { EndBehaviorType, type VoiceConnection } from '@discordjs/voice';
import { sinePackets } from './testClient.ts';

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

/** Subscribes to a user (manual end) and collects what arrives; errors (a stream destroyed by a decrypt failure) go to `errors`. */
export function receiveFrom(connection: VoiceConnection, userId: string, errors: Error[] = []): Buffer[] {
  const got: Buffer[] = [];
  connection.receiver.subscribe(userId, { end: { behavior: EndBehaviorType.Manual } }).on('data', (d: Buffer) => got.push(d)).on('error', (e) => errors.push(e));
  return got;
}

/** `count` Opus packets that are all different (each 20 ms frame its own tone), so a received frame tells its index. */
export function distinctPackets(count: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) out.push(sinePackets(211 + i * 7, 1)[0]!);
  return out;
}
