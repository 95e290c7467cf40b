// Adapts a SignatureScheme (consensus/schemes.ts) to the batch verifier shape storage and the mempool use,
// so the simulator's fast keyed-hash scheme can check transaction and block signatures as well.
import type { SignatureScheme } from "../consensus/index.js";
import type { SignatureCheck } from "../crypto/index.js";
import type { SignatureVerifier } from "../db/index.js";

export function verifierFromScheme(scheme: SignatureScheme): SignatureVerifier {
  return (checks: readonly SignatureCheck[]) =>
    checks.map((check) => scheme.verify(check.publicKey, check.message, check.signature));
}
