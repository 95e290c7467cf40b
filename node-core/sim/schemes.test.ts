import { describe, expect, it } from "vitest";
import { ed25519Scheme, type SignatureScheme } from "../consensus/schemes.js";
import { utf8 } from "../types/bytes.js";
import { KEYED_HASH_PROOF_BYTES, KeyedHashVrf, MemoSignatureScheme, simCrypto } from "./schemes.js";

const secretA = new Uint8Array(32).fill(1);
const secretB = new Uint8Array(32).fill(2);

describe("MemoSignatureScheme", () => {
  it("gives exactly the real scheme's answers and verifies each distinct check once", () => {
    let baseVerifies = 0;
    const counting: SignatureScheme = {
      ...ed25519Scheme,
      verify: (pk, m, s) => {
        baseVerifies++;
        return ed25519Scheme.verify(pk, m, s);
      },
    };
    const memo = new MemoSignatureScheme(counting);
    const pkA = memo.publicKey(secretA);
    const pkB = memo.publicKey(secretB);
    const message = utf8.encode("vote");
    const sig = memo.sign(secretA, message);
    expect(sig).toEqual(ed25519Scheme.sign(secretA, message));
    const tampered = sig.slice();
    tampered[10] = (tampered[10] as number) ^ 1;
    const cases: [Uint8Array, Uint8Array, Uint8Array][] = [
      [pkA, message, sig],
      [pkB, message, sig], // wrong key
      [pkA, utf8.encode("votf"), sig], // wrong message
      [pkA, message, tampered], // wrong signature
    ];
    for (let round = 0; round < 3; round++) {
      for (const [pk, m, s] of cases) expect(memo.verify(pk, m, s)).toBe(ed25519Scheme.verify(pk, m, s));
    }
    expect(baseVerifies).toBe(cases.length);
    expect(memo.stats.verifyCalls).toBe(3 * cases.length);
    expect(memo.stats.verifyComputed).toBe(cases.length);
  });

  it("is not fooled by a caller reusing its buffers", () => {
    const memo = new MemoSignatureScheme();
    const pk = memo.publicKey(secretA);
    const message = utf8.encode("reused buffer");
    const sig = memo.sign(secretA, message);
    expect(memo.verify(pk, message, sig)).toBe(true);
    message[0] = (message[0] as number) ^ 0xff; // same object, other content
    expect(memo.verify(pk, message, sig)).toBe(false);
  });

  it("signs each (secret, message) once and returns the same signature", () => {
    const memo = new MemoSignatureScheme();
    const message = utf8.encode("heartbeat");
    const a = memo.sign(secretA, message);
    const b = memo.sign(secretA, message);
    expect(b).toEqual(a);
    expect(memo.stats.signComputed).toBe(1);
    expect(memo.sign(secretB, message)).not.toEqual(a);
  });

  it("treats malformed inputs like the real scheme (false, no throw)", () => {
    const memo = new MemoSignatureScheme();
    const pk = memo.publicKey(secretA);
    expect(memo.verify(pk, utf8.encode("x"), new Uint8Array(3))).toBe(false);
    expect(memo.verify(new Uint8Array(5), utf8.encode("x"), new Uint8Array(64))).toBe(false);
  });
});

describe("KeyedHashVrf (simulation-only stand-in)", () => {
  const vrf = new KeyedHashVrf(new MemoSignatureScheme());
  const pkA = ed25519Scheme.publicKey(secretA);
  const pkB = ed25519Scheme.publicKey(secretB);
  const alpha = utf8.encode("height 7 round 0");

  it("proofs have ECVRF's size, verify under the prover's key and give the prover's output", () => {
    const proof = vrf.prove(secretA, alpha);
    expect(proof.length).toBe(KEYED_HASH_PROOF_BYTES);
    const out = vrf.verify(pkA, proof, alpha);
    expect(out).toEqual(vrf.output(proof));
    expect(out?.length).toBe(64);
    expect(vrf.prove(secretA, alpha)).toEqual(proof);
  });

  it("rejects another key, another alpha, a flipped bit and a wrong length", () => {
    const proof = vrf.prove(secretA, alpha);
    expect(vrf.verify(pkB, proof, alpha)).toBeNull();
    expect(vrf.verify(pkA, proof, utf8.encode("height 7 round 1"))).toBeNull();
    for (const i of [0, 40, 79]) {
      const bad = proof.slice();
      bad[i] = (bad[i] as number) ^ 0x10;
      expect(vrf.verify(pkA, bad, alpha)).toBeNull();
    }
    expect(vrf.verify(pkA, proof.subarray(0, 79), alpha)).toBeNull();
  });

  it("outputs look uniform (first byte spread over 16 buckets)", () => {
    const buckets = new Array<number>(16).fill(0);
    for (let i = 0; i < 4000; i++) {
      const out = vrf.output(vrf.prove(secretA, utf8.encode(`alpha ${i}`)));
      buckets[(out[0] as number) >> 4]! += 1;
    }
    for (const b of buckets) {
      expect(b).toBeGreaterThan(170);
      expect(b).toBeLessThan(330);
    }
  });

  it("simCrypto picks the stand-ins only in fast mode", () => {
    expect(simCrypto("fast").vrf).toBeInstanceOf(KeyedHashVrf);
    expect(simCrypto("fast").signatures).toBeInstanceOf(MemoSignatureScheme);
    const real = simCrypto("real");
    expect(real.signatures).toBe(ed25519Scheme);
    expect(real.memo).toBeNull();
  });
});
