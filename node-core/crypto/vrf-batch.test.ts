// Tests of the VRF wire format: a packed run verifies exactly as vrfVerify does, answer by answer, and a
// buffer that is cut short or carries trailing bytes is refused rather than read past its checks.
import { describe, expect, it } from "vitest";
import { vrfProve, vrfPublicKey, vrfVerify } from "./vrf.js";
import {
  isWellFormedVrfCheck,
  packVrfChecks,
  VRF_ANSWER_BYTES,
  verifyVrfPacked,
  vrfAnswerAt,
} from "./vrf-batch.js";

const seed = new Uint8Array(32).fill(3);
const publicKey = vrfPublicKey(seed);
const alphas = [new Uint8Array(0), new Uint8Array([1]), new Uint8Array(300).fill(7)];
const checks = alphas.map((alpha) => ({ publicKey, proof: vrfProve(seed, alpha), alpha }));

describe("VRF check batches", () => {
  it("answers each check with its output, or null for a proof that does not verify", () => {
    const wrong = { ...(checks[1] as (typeof checks)[number]), alpha: new Uint8Array([2]) };
    const all = [...checks, wrong];
    const answers = verifyVrfPacked(packVrfChecks(all, 0, all.length));
    expect(answers.length).toBe(all.length * VRF_ANSWER_BYTES);
    all.forEach((c, i) => {
      expect(vrfAnswerAt(answers, i)).toEqual(vrfVerify(c.publicKey, c.proof, c.alpha));
    });
    expect(vrfAnswerAt(answers, 3)).toBeNull();
    expect(vrfAnswerAt(answers, 0)).toHaveLength(64);
  });

  it("packs a sub-range only", () => {
    const answers = verifyVrfPacked(packVrfChecks(checks, 1, 3));
    expect(answers.length).toBe(2 * VRF_ANSWER_BYTES);
    expect(vrfAnswerAt(answers, 0)).toEqual(
      vrfVerify(publicKey, (checks[1] as (typeof checks)[number]).proof, alphas[1] as Uint8Array),
    );
  });

  it("refuses a truncated buffer and one with trailing bytes", () => {
    const packed = new Uint8Array(packVrfChecks(checks, 0, 1));
    expect(() => verifyVrfPacked(packed.slice(0, packed.length - 1).buffer)).toThrow(RangeError);
    const longer = new Uint8Array(packed.length + 1);
    longer.set(packed);
    expect(() => verifyVrfPacked(longer.buffer)).toThrow(/trailing/);
  });

  it("tells which checks cannot be sent, and refuses to pack one", () => {
    const good = checks[0] as (typeof checks)[number];
    expect(isWellFormedVrfCheck(good)).toBe(true);
    const short = { ...good, proof: good.proof.subarray(1) };
    expect(isWellFormedVrfCheck(short)).toBe(false);
    expect(isWellFormedVrfCheck({ ...good, publicKey: new Uint8Array(33) })).toBe(false);
    expect(isWellFormedVrfCheck({ ...good, alpha: [1, 2] as unknown as Uint8Array })).toBe(false);
    expect(() => packVrfChecks([short], 0, 1)).toThrow(TypeError);
  });
});
