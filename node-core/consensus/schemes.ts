// Signature and VRF schemes as injectable modules. The node always uses the real ones (ed25519 through the
// one `verify`, ECVRF-EDWARDS25519-SHA512-TAI). The simulator may inject its own keyed-hash schemes so that
// thousands of seeded runs of 100 nodes fit in CI; consensus logic is identical either way.
import { publicKeyFromSeed, sign, verify, vrfProofToHash, vrfProve, vrfVerify } from "../crypto/index.js";

export interface SignatureScheme {
  publicKey(secret: Uint8Array): Uint8Array;
  sign(secret: Uint8Array, message: Uint8Array): Uint8Array;
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}

export interface VrfScheme {
  prove(secret: Uint8Array, alpha: Uint8Array): Uint8Array;
  /** The VRF output (beta) when the proof is valid for (publicKey, alpha), else null. Never throws. */
  verify(publicKey: Uint8Array, proof: Uint8Array, alpha: Uint8Array): Uint8Array | null;
  /** The output of a proof this node made itself. */
  output(proof: Uint8Array): Uint8Array;
}

export const ed25519Scheme: SignatureScheme = { publicKey: publicKeyFromSeed, sign, verify };

export const ecvrfScheme: VrfScheme = { prove: vrfProve, verify: vrfVerify, output: vrfProofToHash };
