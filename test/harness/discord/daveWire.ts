/** DAVE voice gateway opcodes (discord/dave-protocol, "Voice Gateway Opcodes"). */
export const DaveOp = {
  PrepareTransition: 21,
  ExecuteTransition: 22,
  TransitionReady: 23,
  PrepareEpoch: 24,
  ExternalSender: 25,
  KeyPackage: 26,
  Proposals: 27,
  CommitWelcome: 28,
  AnnounceCommit: 29,
  Welcome: 30,
  InvalidCommitWelcome: 31,
} as const;

/** The two magic bytes that end every DAVE protocol frame. */
const MAGIC_MARKER = 0xfafa;
/** The Opus silence frame, passed through untransformed by every DAVE decryptor. */
const SILENCE = Buffer.from([0xf8, 0xff, 0xfe]);

/** A binary message from the voice server: uint16 sequence number, uint8 opcode, payload. */
export function serverBinaryFrame(sequence: number, op: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(3);
  head.writeUInt16BE(sequence & 0xffff, 0);
  head.writeUInt8(op, 2);
  return Buffer.concat([head, payload]);
}

/** A binary message from a client: uint8 opcode then payload (clients send no sequence number). */
export function parseClientBinary(frame: Buffer): { op: number; payload: Buffer } {
  if (frame.length < 1) throw new Error('empty binary message');
  return { op: frame[0]!, payload: frame.subarray(1) };
}

/** MLS variable-size vector length header (RFC 9420 §2.1.2) followed by the data. */
export function mlsVector(data: Buffer): Buffer {
  const n = data.length;
  let head: Buffer;
  if (n < 0x40) head = Buffer.from([n]);
  else if (n < 0x4000) {
    head = Buffer.alloc(2);
    head.writeUInt16BE(0x4000 | n);
  } else {
    head = Buffer.alloc(4);
    head.writeUInt32BE((0x80000000 | n) >>> 0);
  }
  return Buffer.concat([head, data]);
}

/** A uint16 transition id followed by an MLS message (ops 29 and 30). */
export function withTransitionId(transitionId: number, message: Buffer): Buffer {
  const head = Buffer.alloc(2);
  head.writeUInt16BE(transitionId, 0);
  return Buffer.concat([head, message]);
}

/** A Discord snowflake as the 8 big-endian bytes DAVE uses for credentials and the group id. */
export function snowflakeBytes(id: string): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(id));
  return b;
}

/** The snowflake encoded in 8 big-endian bytes. */
export function snowflakeFromBytes(bytes: Uint8Array): string {
  return Buffer.from(bytes).readBigUInt64BE().toString();
}

/** True when the frame passes the DAVE protocol frame check's first test: it ends with the magic marker. */
export function isDaveFrame(frame: Buffer): boolean {
  return frame.length > 2 + 8 && frame.readUInt16BE(frame.length - 2) === MAGIC_MARKER;
}

/** The 3-byte Opus silence frame (never end-to-end encrypted). */
export function isSilenceFrame(frame: Buffer): boolean {
  return frame.equals(SILENCE);
}
