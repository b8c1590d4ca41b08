/**
 * MongoDB wire protocol framing. Requests: OP_QUERY (2004, only for the legacy handshake on
 * `admin.$cmd`) and OP_MSG (2013, one kind-0 body plus kind-1 document sequences, optional CRC-32C
 * trailer). Replies: OP_REPLY (1) to OP_QUERY and OP_MSG to OP_MSG. OP_COMPRESSED is not offered in
 * the handshake, so the driver never sends it.
 */
import { deserialize, serialize, type Document } from 'bson';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

const HEADER = 16;
const CHECKSUM_PRESENT = 1;
const MORE_TO_COME = 2;

export interface Request {
  readonly requestId: number;
  readonly opCode: number;
  /** The command document with kind-1 sequences merged in as arrays. */
  readonly command: Document;
  /** Database named by OP_QUERY's namespace; OP_MSG carries `$db` in the body instead. */
  readonly db: string | undefined;
  /** The client asked for no reply (OP_MSG moreToCome, e.g. w:0 writes). */
  readonly moreToCome: boolean;
}

export class ProtocolError extends Error {}

/** Length of the first complete message in `buf`, or 0 if more bytes are needed. */
export function completeMessageLength(buf: Buffer): number {
  if (buf.length < 4) return 0;
  const len = buf.readInt32LE(0);
  if (len < HEADER || len > 64 * 1024 * 1024) throw new ProtocolError(`invalid message length ${len}`);
  return buf.length >= len ? len : 0;
}

function readCString(buf: Buffer, at: number): [string, number] {
  const end = buf.indexOf(0, at);
  if (end < 0) throw new ProtocolError('unterminated cstring');
  return [buf.toString('utf8', at, end), end + 1];
}

function readDoc(buf: Buffer, at: number): [Document, number] {
  const size = buf.readInt32LE(at);
  return [deserialize(buf.subarray(at, at + size)), at + size];
}

/** Parses one complete message (header included). */
export function parseRequest(msg: Buffer): Request {
  const requestId = msg.readInt32LE(4);
  const opCode = msg.readInt32LE(12);
  if (opCode === OP_QUERY) {
    let at = HEADER + 4; // flags
    const [ns, next] = readCString(msg, at);
    at = next + 8; // numberToSkip, numberToReturn
    const [query] = readDoc(msg, at);
    const command = (query.$query as Document | undefined) ?? query;
    return { requestId, opCode, command, db: ns.split('.')[0], moreToCome: false };
  }
  if (opCode === OP_MSG) {
    const flags = msg.readUInt32LE(HEADER);
    const end = flags & CHECKSUM_PRESENT ? msg.length - 4 : msg.length;
    let at = HEADER + 4;
    let body: Document | undefined;
    const sequences: [string, Document[]][] = [];
    while (at < end) {
      const kind = msg.readUInt8(at);
      at += 1;
      if (kind === 0) {
        [body, at] = readDoc(msg, at);
      } else if (kind === 1) {
        const size = msg.readInt32LE(at);
        const stop = at + size;
        const [id, next] = readCString(msg, at + 4);
        const docs: Document[] = [];
        let p = next;
        while (p < stop) {
          const [doc, after] = readDoc(msg, p);
          docs.push(doc);
          p = after;
        }
        sequences.push([id, docs]);
        at = stop;
      } else {
        throw new ProtocolError(`unsupported OP_MSG section kind ${kind}`);
      }
    }
    if (!body) throw new ProtocolError('OP_MSG without a body section');
    for (const [id, docs] of sequences) body[id] = docs;
    return { requestId, opCode, command: body, db: undefined, moreToCome: (flags & MORE_TO_COME) !== 0 };
  }
  throw new ProtocolError(`unsupported opcode ${opCode}`);
}

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.alloc(HEADER);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

/** OP_REPLY carrying one document (the answer to an OP_QUERY command). */
export function encodeReply(requestId: number, responseTo: number, doc: Document): Buffer {
  const body = serialize(doc);
  const fixed = Buffer.alloc(20); // responseFlags, cursorID (int64), startingFrom, numberReturned
  fixed.writeInt32LE(1, 16);
  return Buffer.concat([header(HEADER + fixed.length + body.length, requestId, responseTo, OP_REPLY), fixed, body]);
}

/** OP_MSG with a single kind-0 body section. */
export function encodeMsg(requestId: number, responseTo: number, doc: Document): Buffer {
  const body = serialize(doc);
  const fixed = Buffer.alloc(5); // flagBits (0), section kind 0
  return Buffer.concat([header(HEADER + fixed.length + body.length, requestId, responseTo, OP_MSG), fixed, body]);
}
