import type { DiscordGatewayAdapterLibraryMethods } from '@discordjs/voice';
import { PassThrough } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import type { SpeechAudio } from '../../ai/TextToSpeech.ts';
import { OpusEncoder } from '../../voice/opus.ts';
import { playableSpeech, type Playable } from '../../voice/Playable.ts';
import { RECEIVE_SAMPLE_RATE_HZ } from '../../voice/ReceiveDecoder.ts';
import { UserError } from '../../UserError.ts';
import { setThreadPriority, THREAD_NICE } from '../../util/threadPriority.ts';
import { VoiceLink } from '../live/VoiceLink.ts';
import { trustLoopbackTls } from '../trustLoopbackTls.ts';
import type { FromVoiceThread, OpenLink, SaySource, ToVoiceThread, VoiceThreadData } from './messages.ts';
import { postingLogger } from './threadLog.ts';

/**
 * A voice thread: hosts the VoiceLinks (connection, DAVE, player, receive subscription) of the
 * interviews the main thread assigns to it, so their audio work — UDP, transport and DAVE
 * encryption, Opus encoding, the 20 ms player cycle — runs on this thread's event loop, never
 * delayed by the interviews' own work (SQL, HTTP, Discord messages) on the main thread.
 * The gateway stays on the main thread: each link's adapter is bridged through messages.
 */

const port = parentPort;
if (!port) throw new Error('voiceThread.ts runs as a worker thread (see VoiceThreadPool)');

/** How long candidate packets wait to be sent over in one batch (ms): a few per link, one message per thread. */
const PACKET_BATCH_MS = 10;
/** How often each link's DAVE counters are sent when they changed (ms): /health reads them. */
const DAVE_STATS_MS = 1_000;

interface HostedLink {
  link: VoiceLink | null;
  /** The library's side of the adapter, while it has one. */
  methods: DiscordGatewayAdapterLibraryMethods | null;
  plays: Map<number, { stop: AbortController; stream: PassThrough | null }>;
  /** The candidate's audio decoded here, one continuous stream (the main thread gets PCM, not work). */
  decoder: OpusEncoder;
  closing: boolean;
  daveJson: string;
}

const links = new Map<number, HostedLink>();
const post = (message: FromVoiceThread, transfer?: ArrayBuffer[]): void => port.postMessage(message, transfer ?? []);
const epochNowMs = (): number => performance.timeOrigin + performance.now();
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

// Candidate packets, batched: one transferred buffer per PACKET_BATCH_MS for all links.
let batch: { id: number; packet: Buffer; pcm: Buffer; at: number }[] = [];
let batchTimer: NodeJS.Timeout | null = null;
const NOT_DECODED = Buffer.alloc(0);
function queuePacket(id: number, decoder: OpusEncoder, packet: Buffer, at: number): void {
  let pcm: Buffer;
  try {
    pcm = decoder.decode(packet);
  } catch {
    pcm = NOT_DECODED; // counted as a decode error by the listener, as it would count its own
  }
  batch.push({ id, packet, pcm, at });
  batchTimer ??= setTimeout(flushPackets, PACKET_BATCH_MS);
}
function flushPackets(): void {
  batchTimer = null;
  const items = batch;
  batch = [];
  if (items.length === 0) return;
  const offsets = new Uint32Array(items.length + 1);
  const pcmOffsets = new Uint32Array(items.length + 1);
  for (let k = 0; k < items.length; k++) {
    offsets[k + 1] = offsets[k]! + items[k]!.packet.length;
    pcmOffsets[k + 1] = pcmOffsets[k]! + items[k]!.pcm.length;
  }
  const bytes = new Uint8Array(offsets[items.length]!);
  const pcm = new Uint8Array(pcmOffsets[items.length]!);
  const ids = new Uint32Array(items.length);
  const at = new Float64Array(items.length);
  items.forEach((item, k) => {
    bytes.set(item.packet, offsets[k]);
    pcm.set(item.pcm, pcmOffsets[k]);
    ids[k] = item.id;
    at[k] = item.at;
  });
  post({ t: 'packets', links: ids, offsets, arrivedAtEpochMs: at, bytes, pcmOffsets, pcm }, [bytes.buffer, ids.buffer, offsets.buffer, at.buffer, pcmOffsets.buffer, pcm.buffer]);
}

setInterval(() => {
  for (const [id, hosted] of links) {
    if (!hosted.link) continue;
    const json = JSON.stringify(hosted.link.daveStats);
    if (json === hosted.daveJson) continue;
    hosted.daveJson = json;
    post({ t: 'dave', id, stats: hosted.link.daveStats });
  }
}, DAVE_STATS_MS).unref();

async function open(m: OpenLink): Promise<void> {
  const decoder = new OpusEncoder(RECEIVE_SAMPLE_RATE_HZ, 1);
  const hosted: HostedLink = { link: null, methods: null, plays: new Map(), closing: false, daveJson: '', decoder };
  links.set(m.id, hosted);
  try {
    const link = await VoiceLink.open({
      guildId: m.guildId,
      channelId: m.channelId,
      candidateUserId: m.candidateUserId,
      logger: postingLogger(m.logLevel, (line) => post({ t: 'log', id: m.id, line })),
      adapterCreator: (methods) => {
        hosted.methods = methods;
        return {
          // Sent on the main thread's shard; a shard that is down is the main thread's to report.
          sendPayload: (payload) => (post({ t: 'send', id: m.id, payload }), true),
          destroy: () => {
            hosted.methods = null;
            post({ t: 'adapter-destroyed', id: m.id });
          },
        };
      },
      nowMs: epochNowMs,
      onCandidatePacket: (packet, at) => queuePacket(m.id, decoder, packet, at),
      onStatus: (status) => post({ t: 'status', id: m.id, status }),
      readyTimeoutMs: m.readyTimeoutMs, reconnectGraceMs: m.reconnectGraceMs, maxRejoinAttempts: m.maxRejoinAttempts,
      rejoinBackoffMs: m.rejoinBackoffMs, daveResendAfterFailures: m.daveResendAfterFailures, daveRejoinAfterMs: m.daveRejoinAfterMs,
    });
    hosted.link = link;
    post({ t: 'opened', id: m.id });
    if (hosted.closing) await close(m.id);
  } catch (error) {
    links.delete(m.id);
    const code = error instanceof UserError ? error.code : null;
    post({ t: 'open-failed', id: m.id, code, message: error instanceof Error ? error.message : String(error) });
  }
}

function say(id: number, playId: number, source: SaySource): void {
  const hosted = links.get(id);
  if (!hosted?.link) return void post({ t: 'played', id, playId });
  const stop = new AbortController();
  let stream: PassThrough | null = null;
  let speech: Playable;
  try {
    if (source.kind === 'opus') speech = { kind: 'opus', packets: source.packets.map(asBuffer) };
    else {
      stream = new PassThrough();
      const audio: SpeechAudio = source.kind === 'pcm'
        ? { format: 'pcm_s16le', sampleRateHz: source.sampleRateHz, channels: source.channels, stream }
        : { format: 'ogg_opus', stream };
      speech = playableSpeech(audio);
    }
  } catch {
    // An unplayable format was refused on the main thread already; nothing to say.
    return void post({ t: 'played', id, playId });
  }
  // The player reports a broken stream (its own error handler logs it); this keeps it from being uncaught.
  stream?.on('error', () => undefined);
  hosted.plays.set(playId, { stop, stream });
  void hosted.link.say(speech, stop.signal).finally(() => {
    hosted.plays.delete(playId);
    stream?.destroy();
    post({ t: 'played', id, playId });
  });
}

async function close(id: number): Promise<void> {
  const hosted = links.get(id);
  if (!hosted) return void post({ t: 'closed', id });
  hosted.closing = true;
  if (!hosted.link) return; // still opening: closed once it is open (see open)
  for (const play of hosted.plays.values()) play.stop.abort();
  try {
    await hosted.link.close();
  } finally {
    links.delete(id);
    post({ t: 'closed', id });
  }
}

function handle(m: ToVoiceThread): void {
  const hosted = links.get(m.id);
  switch (m.t) {
    case 'open': return void open(m).catch((error: unknown) => threadLog.error({ err: error }, 'opening a voice link failed'));
    case 'gateway':
      if (m.kind === 'server') hosted?.methods?.onVoiceServerUpdate(m.data as Parameters<DiscordGatewayAdapterLibraryMethods['onVoiceServerUpdate']>[0]);
      else hosted?.methods?.onVoiceStateUpdate(m.data as Parameters<DiscordGatewayAdapterLibraryMethods['onVoiceStateUpdate']>[0]);
      return;
    case 'adapter-gone': return void hosted?.methods?.destroy();
    case 'say': return say(m.id, m.playId, m.source);
    case 'chunk': return void hosted?.plays.get(m.playId)?.stream?.write(asBuffer(m.chunk));
    case 'end': return void hosted?.plays.get(m.playId)?.stream?.end();
    case 'fail': return void hosted?.plays.get(m.playId)?.stream?.destroy(new Error(m.message));
    case 'stop': return void hosted?.plays.get(m.playId)?.stop.abort();
    case 'close': return void close(m.id).catch((error: unknown) => threadLog.warn({ err: error }, 'leaving a voice channel failed'));
  }
}

const threadLog = postingLogger('info', (line) => post({ t: 'log', id: null, line }));

// The audio cannot wait: where allowed, this thread runs ahead of the rest of the process (THREAD_NICE).
if (setThreadPriority(THREAD_NICE.voice)) threadLog.info({ nice: THREAD_NICE.voice }, 'voice thread runs at a raised priority');
else threadLog.info('voice thread runs at the normal priority (raising it is not permitted here)');
// tls.connect is per thread: the voice gateway's TLS is opened here.
if ((workerData as VoiceThreadData).allowInsecureTlsForTests) trustLoopbackTls(postingLogger('error', (line) => post({ t: 'log', id: null, line })));
port.on('message', (m: ToVoiceThread) => {
  try {
    handle(m);
  } catch (error) {
    // One link's bad message must not take the thread (and every other interview on it) down.
    threadLog.error({ err: error, message: m.t }, 'voice thread could not handle a message');
  }
});
process.on('unhandledRejection', (error) => threadLog.error({ err: error }, 'unhandled rejection in a voice thread'));
