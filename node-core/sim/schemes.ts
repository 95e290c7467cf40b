// Crypto modules of the simulator. A hundred in-process nodes check the same signatures a hundred times
// (every vote, heartbeat and transaction input reaches every node), and thousands of seeded runs cannot pay
// for that, nor for real ECVRF proofs at 3–4 ms each. So:
//
// - MemoSignatureScheme wraps the REAL ed25519 scheme and is SHARED by all nodes of a run: each distinct
//   (public key, message, signature) is verified once by the real `verify` and the boolean is reused; each
//   distinct (secret, message) is signed once (ed25519 signing is deterministic, so the reuse is exact).
//   Every signature in a run is therefore still a real ed25519 signature checked by the real rule.
//
// - KeyedHashVrf is a SIMULATION-ONLY STAND-IN for ECVRF-EDWARDS25519-SHA512. Its "proof" is a BLAKE3
//   keyed hash of (public key, alpha) and its output a hash of the proof. It keeps what the consensus
//   logic relies on — a deterministic 64-byte output per (key, alpha), uniformly distributed, checkable
//   from the public key, different for every height/round — but it is NOT unforgeable (anyone can compute
//   anyone's proof). That is harmless in the simulator because no simulated adversary forges another
//   node's VRF proof; it must never be used outside the simulator. TSDC receives it through the same
//   VrfScheme interface as ecvrfScheme, so the proposer ranking, the engine and the certificate code run
//   unchanged; only the cost per proof drops from milliseconds to a microsecond.
//
// The "real" crypto mode of a run uses ed25519Scheme and ecvrfScheme directly (one small test does).
import { ecvrfScheme, ed25519Scheme, type SignatureScheme, type VrfScheme } from "../consensus/index.js";
import { blake3Parts } from "../crypto/index.js";
import { bytesEqual, concatBytes, toHex, utf8 } from "../types/index.js";
import type { CryptoMode } from "./options.js";

interface VerifiedEntry {
  readonly signature: Uint8Array;
  readonly publicKey: Uint8Array;
  readonly message: Uint8Array;
  readonly ok: boolean;
}

/** A number from the signature's first 6 bytes: a cheap map key; entries are still compared in full. */
function signatureKey(signature: Uint8Array): number {
  return (
    (((signature[0] as number) |
      ((signature[1] as number) << 8) |
      ((signature[2] as number) << 16) |
      ((signature[3] as number) << 24)) >>>
      0) *
      65_536 +
    ((signature[4] as number) | ((signature[5] as number) << 8))
  );
}

export interface MemoStats {
  verifyCalls: number;
  /** Calls that ran the underlying verify (distinct triples). */
  verifyComputed: number;
  signCalls: number;
  signComputed: number;
}

/** Shared memoizing wrapper of a signature scheme (exact: every input is compared, see the header). */
export class MemoSignatureScheme implements SignatureScheme {
  readonly stats: MemoStats = { verifyCalls: 0, verifyComputed: 0, signCalls: 0, signComputed: 0 };
  // Keyed by a prefix of the signature (nearly unique), each entry then compared in full.
  private readonly verified = new Map<number, VerifiedEntry[]>();
  private readonly signed = new Map<string, Uint8Array>();
  private readonly publicKeys = new Map<string, Uint8Array>();

  constructor(
    private readonly base: SignatureScheme = ed25519Scheme,
    /** The memo is dropped when it holds more entries than this (results never depend on it). */
    private readonly maxEntries = 500_000,
  ) {}

  publicKey(secret: Uint8Array): Uint8Array {
    const key = toHex(secret);
    let pk = this.publicKeys.get(key);
    if (pk === undefined) {
      pk = this.base.publicKey(secret);
      this.publicKeys.set(key, pk);
    }
    return pk;
  }

  sign(secret: Uint8Array, message: Uint8Array): Uint8Array {
    this.stats.signCalls++;
    const key = `${toHex(secret)}:${toHex(message)}`;
    let signature = this.signed.get(key);
    if (signature === undefined) {
      this.stats.signComputed++;
      signature = this.base.sign(secret, message);
      if (this.signed.size >= this.maxEntries) this.signed.clear();
      this.signed.set(key, signature);
    }
    return signature;
  }

  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
    this.stats.verifyCalls++;
    if (
      !(signature instanceof Uint8Array) ||
      signature.length < 6 ||
      !(publicKey instanceof Uint8Array) ||
      !(message instanceof Uint8Array)
    ) {
      return this.base.verify(publicKey, message, signature);
    }
    const key = signatureKey(signature);
    let entries = this.verified.get(key);
    if (entries !== undefined) {
      for (const e of entries) {
        if (
          sameBytes(e.signature, signature) &&
          sameBytes(e.publicKey, publicKey) &&
          sameBytes(e.message, message)
        ) {
          return e.ok;
        }
      }
    }
    this.stats.verifyComputed++;
    const ok = this.base.verify(publicKey, message, signature);
    if (entries === undefined) {
      if (this.verified.size >= this.maxEntries) this.verified.clear();
      entries = [];
      this.verified.set(key, entries);
    }
    // Copies: callers may reuse their buffers.
    entries.push({
      signature: signature.slice(),
      publicKey: publicKey.slice(),
      message: message.slice(),
      ok,
    });
    return ok;
  }
}

/** Plain early-exit comparison: everything compared here is public. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  const n = a.length;
  if (b.length !== n) return false;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

const PROOF_TAG = utf8.encode("TIME/sim-only-keyed-hash-vrf/proof");
const OUTPUT_TAG_1 = utf8.encode("TIME/sim-only-keyed-hash-vrf/output/1");
const OUTPUT_TAG_2 = utf8.encode("TIME/sim-only-keyed-hash-vrf/output/2");
/** Same length as an ECVRF proof so every codec cap and header field is exercised as in production. */
export const KEYED_HASH_PROOF_BYTES = 80;

/** SIMULATION-ONLY keyed-hash stand-in for ECVRF (forgeable by design; see the header). */
export class KeyedHashVrf implements VrfScheme {
  constructor(private readonly signatures: SignatureScheme) {}

  private proofFor(publicKey: Uint8Array, alpha: Uint8Array): Uint8Array {
    const h = blake3Parts(PROOF_TAG, publicKey, alpha);
    // 32 hash bytes ‖ the public key ‖ 16 bytes of a second hash: 80 bytes like an ECVRF proof.
    return concatBytes(h, publicKey, blake3Parts(h, alpha).subarray(0, 16));
  }

  prove(secret: Uint8Array, alpha: Uint8Array): Uint8Array {
    return this.proofFor(this.signatures.publicKey(secret), alpha);
  }

  verify(publicKey: Uint8Array, proof: Uint8Array, alpha: Uint8Array): Uint8Array | null {
    if (!(proof instanceof Uint8Array) || proof.length !== KEYED_HASH_PROOF_BYTES) return null;
    if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) return null;
    return bytesEqual(proof, this.proofFor(publicKey, alpha)) ? this.output(proof) : null;
  }

  output(proof: Uint8Array): Uint8Array {
    return concatBytes(blake3Parts(OUTPUT_TAG_1, proof), blake3Parts(OUTPUT_TAG_2, proof));
  }
}

export interface SimCrypto {
  readonly signatures: SignatureScheme;
  readonly vrf: VrfScheme;
  /** Memo statistics in fast mode. */
  readonly memo: MemoStats | null;
}

/** The crypto modules shared by every node of one run. */
export function simCrypto(mode: CryptoMode): SimCrypto {
  if (mode === "real") return { signatures: ed25519Scheme, vrf: ecvrfScheme, memo: null };
  const signatures = new MemoSignatureScheme(ed25519Scheme);
  return { signatures, vrf: new KeyedHashVrf(signatures), memo: signatures.stats };
}
