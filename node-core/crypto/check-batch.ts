// The wire format between the verify pool and its workers: a run of signature checks packed into one
// ArrayBuffer so a chunk crosses the thread boundary as a single transfer (no copy, no per-array cloning)
// instead of thousands of structured-cloned Uint8Arrays. Little-endian:
//   u32 count, then per check: u32 publicKeyLength, u32 signatureLength, u32 messageLength, bytes.
// The worker verifies straight from views into that buffer.
import { verify } from "./ed25519.js";

export interface SignatureCheck {
  readonly publicKey: Uint8Array;
  readonly message: Uint8Array;
  readonly signature: Uint8Array;
}

const EMPTY = new Uint8Array(0);

/**
 * The three byte strings sent for a check. A field that is not a Uint8Array (untyped JS callers) turns the
 * check into an empty public key, which verify rejects whatever the rest holds: the same `false` that verify
 * gives for the original check.
 */
function wireFields(c: SignatureCheck): readonly [Uint8Array, Uint8Array, Uint8Array] {
  if (
    !(c.publicKey instanceof Uint8Array) ||
    !(c.signature instanceof Uint8Array) ||
    !(c.message instanceof Uint8Array)
  ) {
    return [EMPTY, EMPTY, EMPTY];
  }
  return [c.publicKey, c.signature, c.message];
}

/** Packs checks[start, end) into one transferable buffer. */
export function packChecks(checks: readonly SignatureCheck[], start: number, end: number): ArrayBuffer {
  const fields: (readonly [Uint8Array, Uint8Array, Uint8Array])[] = [];
  let size = 4;
  for (let i = start; i < end; i++) {
    const f = wireFields(checks[i] as SignatureCheck);
    fields.push(f);
    size += 12 + f[0].length + f[1].length + f[2].length;
  }
  const buffer = new ArrayBuffer(size);
  const bytes = new Uint8Array(buffer);
  const view = new DataView(buffer);
  view.setUint32(0, end - start, true);
  let offset = 4;
  for (const [publicKey, signature, message] of fields) {
    view.setUint32(offset, publicKey.length, true);
    view.setUint32(offset + 4, signature.length, true);
    view.setUint32(offset + 8, message.length, true);
    offset += 12;
    bytes.set(publicKey, offset);
    offset += publicKey.length;
    bytes.set(signature, offset);
    offset += signature.length;
    bytes.set(message, offset);
    offset += message.length;
  }
  return buffer;
}

/** Verifies every check of a packed buffer; result byte i is 1 when check i is valid. */
export function verifyPacked(buffer: ArrayBuffer): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(buffer);
  const view = new DataView(buffer);
  const count = view.getUint32(0, true);
  const results = new Uint8Array(count);
  let offset = 4;
  for (let i = 0; i < count; i++) {
    const publicKeyLength = view.getUint32(offset, true);
    const signatureLength = view.getUint32(offset + 4, true);
    const messageLength = view.getUint32(offset + 8, true);
    offset += 12;
    const publicKey = bytes.subarray(offset, offset + publicKeyLength);
    offset += publicKeyLength;
    const signature = bytes.subarray(offset, offset + signatureLength);
    offset += signatureLength;
    const message = bytes.subarray(offset, offset + messageLength);
    offset += messageLength;
    results[i] = verify(publicKey, message, signature) ? 1 : 0;
  }
  if (offset !== buffer.byteLength) throw new RangeError("packed signature checks have trailing bytes");
  return results;
}
