// The wire format for VRF verifications sent to the verify pool's workers, as check-batch.ts is for
// signatures: a run of (public key, proof, alpha) packed into one transferable ArrayBuffer. Little-endian:
//   u32 count, then per check: u32 alphaLength, public key (32), proof (80), alpha.
// The answer is 1 + 64 bytes per check: a 1 when the proof verified, then its output (beta), else zeros.
// A verification costs about 2 ms of BigInt curve arithmetic, 40 times a signature, which is why a syncing
// node sends them to another core ahead of the imports that need them.
import { VRF_OUTPUT_BYTES, VRF_PROOF_BYTES, VRF_PUBLIC_KEY_BYTES, vrfVerify } from "./vrf.js";

export interface VrfCheck {
  readonly publicKey: Uint8Array;
  readonly proof: Uint8Array;
  readonly alpha: Uint8Array;
}

export const VRF_ANSWER_BYTES = 1 + VRF_OUTPUT_BYTES;

const FIXED_BYTES = 4 + VRF_PUBLIC_KEY_BYTES + VRF_PROOF_BYTES;

/**
 * Whether a check can be sent as it is. One that cannot (wrong sizes, not byte arrays) fails verification
 * whatever it holds, so the caller answers it null without a worker.
 */
export function isWellFormedVrfCheck(c: VrfCheck): boolean {
  return (
    c.publicKey instanceof Uint8Array &&
    c.publicKey.length === VRF_PUBLIC_KEY_BYTES &&
    c.proof instanceof Uint8Array &&
    c.proof.length === VRF_PROOF_BYTES &&
    c.alpha instanceof Uint8Array
  );
}

/** Packs checks[start, end), which must all be well formed, into one transferable buffer. */
export function packVrfChecks(checks: readonly VrfCheck[], start: number, end: number): ArrayBuffer {
  let size = 4;
  for (let i = start; i < end; i++) {
    const c = checks[i] as VrfCheck;
    if (!isWellFormedVrfCheck(c)) throw new TypeError(`VRF check ${i} is not well formed`);
    size += FIXED_BYTES + c.alpha.length;
  }
  const buffer = new ArrayBuffer(size);
  const bytes = new Uint8Array(buffer);
  const view = new DataView(buffer);
  view.setUint32(0, end - start, true);
  let offset = 4;
  for (let i = start; i < end; i++) {
    const c = checks[i] as VrfCheck;
    view.setUint32(offset, c.alpha.length, true);
    offset += 4;
    bytes.set(c.publicKey, offset);
    offset += VRF_PUBLIC_KEY_BYTES;
    bytes.set(c.proof, offset);
    offset += VRF_PROOF_BYTES;
    bytes.set(c.alpha, offset);
    offset += c.alpha.length;
  }
  return buffer;
}

/** Verifies every check of a packed buffer (the worker's side); VRF_ANSWER_BYTES per check. */
export function verifyVrfPacked(buffer: ArrayBuffer): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(buffer);
  const view = new DataView(buffer);
  const count = view.getUint32(0, true);
  const answers = new Uint8Array(count * VRF_ANSWER_BYTES);
  let offset = 4;
  for (let i = 0; i < count; i++) {
    const alphaLength = view.getUint32(offset, true);
    offset += 4;
    const publicKey = bytes.subarray(offset, offset + VRF_PUBLIC_KEY_BYTES);
    offset += VRF_PUBLIC_KEY_BYTES;
    const proof = bytes.subarray(offset, offset + VRF_PROOF_BYTES);
    offset += VRF_PROOF_BYTES;
    const alpha = bytes.subarray(offset, offset + alphaLength);
    offset += alphaLength;
    if (alpha.length !== alphaLength) throw new RangeError("packed VRF checks are truncated");
    const beta = vrfVerify(publicKey, proof, alpha);
    if (beta !== null) {
      answers[i * VRF_ANSWER_BYTES] = 1;
      answers.set(beta, i * VRF_ANSWER_BYTES + 1);
    }
  }
  if (offset !== buffer.byteLength) throw new RangeError("packed VRF checks have trailing bytes");
  return answers;
}

/** Reads answer i of a worker's reply: beta, or null when the proof did not verify. */
export function vrfAnswerAt(answers: Uint8Array, i: number): Uint8Array | null {
  const at = i * VRF_ANSWER_BYTES;
  if (answers[at] !== 1) return null;
  return answers.slice(at + 1, at + VRF_ANSWER_BYTES);
}
