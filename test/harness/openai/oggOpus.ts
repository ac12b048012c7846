import { OpusEncoder } from '../../../src/voice/opus.ts';

/** CRC-32 as Ogg uses it: polynomial 0x04c11db7, MSB first, no reflection, initial value 0. */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let j = 0; j < 8; j++) r = r & 0x8000_0000 ? ((r << 1) ^ 0x04c1_1db7) >>> 0 : (r << 1) >>> 0;
    table[i] = r >>> 0;
  }
  return table;
})();

/** The CRC of an Ogg page (with its CRC field zeroed). */
export function oggCrc(page: Buffer): number {
  let crc = 0;
  for (const byte of page) crc = ((crc << 8) ^ (CRC_TABLE[((crc >>> 24) ^ byte) & 0xff] as number)) >>> 0;
  return crc;
}

/** One Ogg page holding one packet (RFC 3533). */
function page(packet: Buffer, opts: { serial: number; sequence: number; granule: bigint; flags: number }): Buffer {
  const lacing: number[] = [];
  for (let left = packet.length; ; left -= 255) {
    if (left >= 255) lacing.push(255);
    else {
      lacing.push(left);
      break;
    }
  }
  const header = Buffer.alloc(27 + lacing.length);
  header.write('OggS', 0, 'latin1');
  header.writeUInt8(0, 4);
  header.writeUInt8(opts.flags, 5);
  header.writeBigInt64LE(opts.granule, 6);
  header.writeUInt32LE(opts.serial, 14);
  header.writeUInt32LE(opts.sequence, 18);
  header.writeUInt8(lacing.length, 26);
  Buffer.from(lacing).copy(header, 27);
  const out = Buffer.concat([header, packet]);
  out.writeUInt32LE(oggCrc(out), 22);
  return out;
}

/** Samples the decoder drops at the start (libopus' usual encoder look-ahead at 48 kHz). */
const PRE_SKIP = 312;

/**
 * Encodes s16le mono PCM as an Ogg Opus file (RFC 7845), as TTS servers return for
 * `response_format: 'opus'`: OpusHead, OpusTags, then one page per packet of `frameMs`.
 * @param sampleRateHz one of Opus' rates (8, 12, 16, 24 or 48 kHz)
 */
export function encodeOggOpus(pcm: Buffer, sampleRateHz: number, frameMs: 20 | 40 | 60 = 20): Buffer {
  const serial = 0x486f_7473;
  const encoder = new OpusEncoder(sampleRateHz, 1);
  const frameBytes = (sampleRateHz / 1000) * frameMs * 2;
  const head = Buffer.alloc(19);
  head.write('OpusHead', 0, 'latin1');
  head.writeUInt8(1, 8);
  head.writeUInt8(1, 9);
  head.writeUInt16LE(PRE_SKIP, 10);
  head.writeUInt32LE(sampleRateHz, 12);
  head.writeInt16LE(0, 16);
  head.writeUInt8(0, 18);
  const vendor = Buffer.from('hotseat stand-in', 'utf8');
  const tags = Buffer.alloc(8 + 4 + vendor.length + 4);
  tags.write('OpusTags', 0, 'latin1');
  tags.writeUInt32LE(vendor.length, 8);
  vendor.copy(tags, 12);
  const pages = [page(head, { serial, sequence: 0, granule: 0n, flags: 0x02 }), page(tags, { serial, sequence: 1, granule: 0n, flags: 0 })];
  const frames = Math.max(1, Math.ceil(pcm.length / frameBytes));
  let granule = BigInt(PRE_SKIP);
  for (let f = 0; f < frames; f++) {
    const frame = Buffer.alloc(frameBytes);
    pcm.copy(frame, 0, f * frameBytes, Math.min(pcm.length, (f + 1) * frameBytes));
    granule += BigInt(48 * frameMs);
    pages.push(page(encoder.encode(frame), { serial, sequence: f + 2, granule, flags: f === frames - 1 ? 0x04 : 0 }));
  }
  return Buffer.concat(pages);
}
