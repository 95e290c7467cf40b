import { describe, expect, it } from "vitest";
import { heartbeatSigningMessage } from "../codec/index.js";
import { ed25519Scheme } from "../consensus/schemes.js";
import { verify } from "../crypto/ed25519.js";
import { DEVNET, MAINNET } from "../params/network.js";
import { deriveTestKeys, type TestKey } from "../testing/index.js";
import type { Heartbeat } from "../types/chain.js";
import { heartbeatSignatureCheck, signHeartbeat, verifyHeartbeatSignature } from "./heartbeat.js";

const [operator, other] = deriveTestKeys("masternodes/heartbeat", 2) as [TestKey, TestKey];

function signed(fields: Partial<Omit<Heartbeat, "signature">> = {}): Heartbeat {
  return signHeartbeat(ed25519Scheme, DEVNET.chainId, operator.seed, {
    operatorPublicKey: operator.publicKey,
    height: 41n,
    timestamp: 1_700_000_060_000n,
    sequence: 7n,
    ...fields,
  });
}

describe("heartbeat signatures", () => {
  it("signs the codec's heartbeat signing message with the operator key", () => {
    const hb = signed();
    expect(hb.signature).toHaveLength(64);
    const message = heartbeatSigningMessage(DEVNET.chainId, hb);
    expect(verify(operator.publicKey, message, hb.signature)).toBe(true);
    expect(verifyHeartbeatSignature(ed25519Scheme, DEVNET.chainId, hb)).toBe(true);
    expect(heartbeatSignatureCheck(DEVNET.chainId, hb)).toEqual({
      publicKey: hb.operatorPublicKey,
      message,
      signature: hb.signature,
    });
  });

  it("is bound to the chain id", () => {
    expect(verifyHeartbeatSignature(ed25519Scheme, MAINNET.chainId, signed())).toBe(false);
  });

  it("covers every field", () => {
    const hb = signed();
    for (const changed of [
      { ...hb, height: hb.height + 1n },
      { ...hb, timestamp: hb.timestamp + 1n },
      { ...hb, sequence: hb.sequence + 1n },
      { ...hb, operatorPublicKey: other.publicKey },
    ]) {
      expect(verifyHeartbeatSignature(ed25519Scheme, DEVNET.chainId, changed)).toBe(false);
    }
    const flipped = hb.signature.slice();
    flipped[10] = (flipped[10] as number) ^ 1;
    expect(verifyHeartbeatSignature(ed25519Scheme, DEVNET.chainId, { ...hb, signature: flipped })).toBe(
      false,
    );
  });

  it("returns false, never throws, on fields the codec cannot encode", () => {
    const hb = signed();
    const bad: Heartbeat[] = [
      { ...hb, operatorPublicKey: hb.operatorPublicKey.slice(0, 31) },
      { ...hb, height: -1n },
      { ...hb, sequence: 1n << 64n },
      { ...hb, signature: hb.signature.slice(0, 63) },
    ];
    for (const b of bad) expect(verifyHeartbeatSignature(ed25519Scheme, DEVNET.chainId, b)).toBe(false);
    expect(heartbeatSignatureCheck(DEVNET.chainId, bad[0] as Heartbeat)).toBeNull();
  });

  it("a key that did not sign cannot pass as the operator", () => {
    const forged = signHeartbeat(ed25519Scheme, DEVNET.chainId, other.seed, {
      operatorPublicKey: operator.publicKey,
      height: 1n,
      timestamp: 1n,
      sequence: 1n,
    });
    expect(verifyHeartbeatSignature(ed25519Scheme, DEVNET.chainId, forged)).toBe(false);
  });
});
