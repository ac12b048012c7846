import { createCipheriv, createDecipheriv } from 'node:crypto';

/** RTP payload type Discord uses for Opus. */
export const OPUS_PAYLOAD_TYPE = 120;
/** The Opus frame Discord clients send when they stop speaking. */
export const SILENCE_FRAME = Buffer.from([0xf8, 0xff, 0xfe]);

export interface RtpFields {
  sequence: number;
  /** 48 kHz units. */
  timestamp: number;
  ssrc: number;
  marker?: boolean;
}

/** A 12-byte RTP header (version 2, no extension, payload type 120). */
export function rtpHeader(f: RtpFields): Buffer {
  const h = Buffer.alloc(12);
  h[0] = 0x80;
  h[1] = OPUS_PAYLOAD_TYPE | (f.marker ? 0x80 : 0);
  h.writeUInt16BE(f.sequence & 0xffff, 2);
  h.writeUInt32BE(f.timestamp >>> 0, 4);
  h.writeUInt32BE(f.ssrc >>> 0, 8);
  return h;
}

/** True for an RTP Opus packet (as opposed to IP discovery or keep-alives). */
export function isRtpOpus(packet: Buffer): boolean {
  return packet.length >= 12 + 16 + 4 && packet[0]! >> 6 === 2 && (packet[1]! & 0x7f) === OPUS_PAYLOAD_TYPE;
}

/**
 * Encrypts an Opus packet in mode aead_aes256_gcm_rtpsize: header as AAD, then ciphertext,
 * 16-byte tag and the 4-byte big-endian nonce counter (the 12-byte nonce is the counter
 * followed by zeros), exactly as @discordjs/voice's Networking does.
 */
export function encryptRtpSize(header: Buffer, opus: Buffer, secretKey: Buffer, nonceCounter: number): Buffer {
  const nonce = Buffer.alloc(12);
  nonce.writeUInt32BE(nonceCounter >>> 0, 0);
  const cipher = createCipheriv('aes-256-gcm', secretKey, nonce);
  cipher.setAAD(header);
  return Buffer.concat([header, cipher.update(opus), cipher.final(), cipher.getAuthTag(), nonce.subarray(0, 4)]);
}

/**
 * Decrypts an aead_aes256_gcm_rtpsize packet: returns the RTP fields and the Opus payload
 * (a header extension, when present, is authenticated in clear and its body stripped).
 * @throws when authentication fails
 */
export function decryptRtpSize(packet: Buffer, secretKey: Buffer): RtpFields & { opus: Buffer } {
  const hasExtension = (packet[0]! & 0x10) !== 0;
  const headerSize = 12 + (hasExtension ? 4 : 0);
  const nonce = Buffer.alloc(12);
  packet.copy(nonce, 0, packet.length - 4);
  const decipher = createDecipheriv('aes-256-gcm', secretKey, nonce);
  decipher.setAAD(packet.subarray(0, headerSize));
  decipher.setAuthTag(packet.subarray(packet.length - 20, packet.length - 4));
  let opus = Buffer.concat([decipher.update(packet.subarray(headerSize, packet.length - 20)), decipher.final()]);
  if (hasExtension) opus = opus.subarray(4 * packet.readUInt16BE(14));
  return {
    sequence: packet.readUInt16BE(2), timestamp: packet.readUInt32BE(4), ssrc: packet.readUInt32BE(8),
    marker: (packet[1]! & 0x80) !== 0, opus,
  };
}
