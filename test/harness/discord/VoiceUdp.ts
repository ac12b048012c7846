import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { isRtpOpus } from './rtp.ts';

export interface VoiceUdpOptions {
  /** IP discovery from the bot: the SSRC it announced and its address. */
  onDiscovery: (ssrc: number, remote: { address: string; port: number }) => void;
  /** An RTP packet from the bot (still encrypted). */
  onRtp: (ssrc: number, packet: Buffer, receivedAtMs: number) => void;
}

/** The UDP side of a voice endpoint on 127.0.0.1: IP discovery, the bot's RTP, and sending to the bot. */
export class VoiceUdp {
  readonly #socket: Socket = createSocket('udp4');
  readonly #opts: VoiceUdpOptions;
  port = 0;
  /** Keep-alive datagrams seen (8 bytes each). */
  keepAlives = 0;

  constructor(opts: VoiceUdpOptions) {
    this.#opts = opts;
    this.#socket.on('message', (msg, rinfo) => this.#onMessage(msg, rinfo));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.#socket.bind(0, '127.0.0.1', resolve));
    this.port = (this.#socket.address() as AddressInfo).port;
  }

  /** Sends a datagram to the bot; only ever to loopback. */
  send(packet: Buffer, remote: { address: string; port: number }): void {
    if (remote.address !== '127.0.0.1') throw new Error(`local Discord refuses to send to ${remote.address}: loopback only`);
    this.#socket.send(packet, remote.port, remote.address);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#socket.close(() => resolve()));
  }

  #onMessage(msg: Buffer, rinfo: RemoteInfo): void {
    if (msg.length === 74 && msg.readUInt16BE(0) === 1) {
      const ssrc = msg.readUInt32BE(4);
      const reply = Buffer.alloc(74);
      reply.writeUInt16BE(2, 0);
      reply.writeUInt16BE(70, 2);
      reply.writeUInt32BE(ssrc, 4);
      reply.write(rinfo.address, 8, 'utf8');
      reply.writeUInt16BE(rinfo.port, 72);
      this.send(reply, { address: rinfo.address, port: rinfo.port });
      this.#opts.onDiscovery(ssrc, { address: rinfo.address, port: rinfo.port });
    } else if (msg.length === 8) {
      this.keepAlives++;
    } else if (isRtpOpus(msg)) {
      this.#opts.onRtp(msg.readUInt32BE(8), msg, Date.now());
    }
  }
}
