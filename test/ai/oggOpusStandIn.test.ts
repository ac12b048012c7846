import { describe, expect, it } from 'vitest';
import { encodeOggOpus, oggCrc } from '../harness/openai/oggOpus.ts';

describe('the stand-in’s Ogg Opus writer', () => {
  it('uses Ogg’s CRC (CRC-32/CKSUM without the final inversion: check value 0x89A1897F)', () => {
    expect(oggCrc(Buffer.from('123456789', 'latin1'))).toBe(0x89a1_897f);
  });

  it('writes pages whose CRC, sequence and granule positions are consistent', () => {
    const ogg = encodeOggOpus(Buffer.alloc(24_000 * 2 / 2), 24_000); // 0.5 s of silence: 25 packets
    const pages: Array<{ sequence: number; granule: bigint; flags: number }> = [];
    for (let offset = 0; offset < ogg.length;) {
      expect(ogg.toString('latin1', offset, offset + 4)).toBe('OggS');
      const segments = ogg[offset + 26]!;
      const size = 27 + segments + [...ogg.subarray(offset + 27, offset + 27 + segments)].reduce((a, b) => a + b, 0);
      const page = Buffer.from(ogg.subarray(offset, offset + size));
      const crc = page.readUInt32LE(22);
      page.writeUInt32LE(0, 22);
      expect(oggCrc(page)).toBe(crc);
      pages.push({ sequence: page.readUInt32LE(18), granule: page.readBigInt64LE(6), flags: page[5]! });
      offset += size;
    }
    expect(pages).toHaveLength(27);
    expect(pages.map((p) => p.sequence)).toEqual([...pages.keys()]);
    expect(pages[0]!.flags).toBe(0x02);
    expect(pages.at(-1)).toMatchObject({ flags: 0x04, granule: 312n + 25n * 960n });
  });
});
