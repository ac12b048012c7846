import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The kernel's timestamps of the bot's voice packets: tcpdump on the loopback interface, capturing
 * UDP to the local Discord's voice ports. A packet's pcap time is when the bot's send reached
 * loopback, whatever the bench process (which also stamps arrivals) was busy with meanwhile: the
 * late-frame figure then measures the bot, not the harness. Needs tcpdump and the right to
 * capture (root); without them {@link LoopbackCapture.start} returns null and the bench falls
 * back to the local Discord's arrival times (and says so).
 */
export class LoopbackCapture {
  readonly #process: ChildProcess;
  readonly #dir: string;
  readonly #file: string;

  private constructor(process: ChildProcess, dir: string, file: string) {
    this.#process = process;
    this.#dir = dir;
    this.#file = file;
  }

  /** Starts capturing packets to `ports` (resolves once tcpdump listens), or null when it cannot. */
  static async start(ports: number[]): Promise<LoopbackCapture | null> {
    if (process.env.SCALE_KERNEL_TIMES === '0' || spawnSync('tcpdump', ['--version']).status !== 0) return null;
    const dir = mkdtempSync(join(tmpdir(), 'scale-pcap-'));
    const file = join(dir, 'voice.pcap');
    const filter = `udp and (${ports.map((p) => `dst port ${p}`).join(' or ')})`;
    const child = spawn('tcpdump', ['-i', 'lo', '-n', '-U', '-B', '32768', '-s', '64', '-w', file, filter], { stdio: ['ignore', 'ignore', 'pipe'] });
    const listening = await new Promise<boolean>((resolve) => {
      let err = '';
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        if (/listening on/.test(err)) resolve(true);
      });
      child.once('exit', () => resolve(false));
      setTimeout(() => resolve(false), 5_000).unref();
    });
    if (!listening) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      return null;
    }
    return new LoopbackCapture(child, dir, file);
  }

  /**
   * Stops and reads the capture: the pcap time (epoch ms) of each RTP packet, keyed by
   * `ssrc:sequence:timestamp` (the RTP header is not encrypted).
   */
  async stop(): Promise<Map<string, number>> {
    const exited = new Promise((resolve) => this.#process.once('exit', resolve));
    this.#process.kill('SIGINT');
    await exited;
    try {
      return readRtpTimes(readFileSync(this.#file));
    } finally {
      rmSync(this.#dir, { recursive: true, force: true });
    }
  }
}

/** The key {@link LoopbackCapture.stop}'s map uses. */
export const rtpKey = (ssrc: number, sequence: number, timestamp: number): string => `${ssrc}:${sequence}:${timestamp}`;

/** Parses a classic pcap file (Ethernet or raw IPv4 link layer, as tcpdump writes for lo). */
function readRtpTimes(pcap: Buffer): Map<string, number> {
  const out = new Map<string, number>();
  if (pcap.length < 24) return out;
  const magic = pcap.readUInt32LE(0);
  const little = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const nanos = magic === 0xa1b23c4d || magic === 0x4d3cb2a1;
  const u32 = (o: number): number => (little ? pcap.readUInt32LE(o) : pcap.readUInt32BE(o));
  const linkType = u32(20);
  const linkHeader = linkType === 1 ? 14 : linkType === 101 ? 0 : linkType === 113 ? 16 : -1;
  if (linkHeader < 0) throw new Error(`scale bench: pcap link type ${linkType} not understood`);
  for (let o = 24; o + 16 <= pcap.length;) {
    const sec = u32(o);
    const frac = u32(o + 4);
    const caught = u32(o + 8);
    const at = o + 16;
    o = at + caught;
    const ip = at + linkHeader;
    if (ip + 20 > o || pcap[ip]! >> 4 !== 4 || pcap[ip + 9] !== 17) continue;
    const rtp = ip + (pcap[ip]! & 0x0f) * 4 + 8;
    if (rtp + 12 > o || (pcap[rtp]! & 0xc0) !== 0x80) continue;
    const ms = sec * 1000 + (nanos ? frac / 1e6 : frac / 1e3);
    out.set(rtpKey(pcap.readUInt32BE(rtp + 8), pcap.readUInt16BE(rtp + 2), pcap.readUInt32BE(rtp + 4)), ms);
  }
  return out;
}
