// Certificates with real ed25519: a quorum of precommits verifies, and each way a certificate can be wrong
// (other block or height, unsorted or duplicate voters, unknown voter, forged or cross-chain signature,
// prepare instead of precommit, not more than 2/3 of the weight, missing) yields its own typed fault.
import { describe, expect, it } from "vitest";
import { blockHash } from "../../codec/ids.js";
import { voteSigningMessage } from "../../codec/signing.js";
import type { Certificate, Vote, VotePhase } from "../../types/chain.js";
import { ed25519Scheme } from "../schemes.js";
import {
  buildCertificate,
  certificateSignatureChecks,
  verifyCertificate,
  verifyCertifiedBlock,
} from "./certificate.js";
import { TsdcError } from "./errors.js";
import { genesisBlock, makeValidators, type TestValidator, testBlock } from "./test-support.js";

const CHAIN = 3;
const { validators, votingSet } = makeValidators("cert", [10, 10, 10, 10], ed25519Scheme);
const outsider = makeValidators("cert-outsider", [10], ed25519Scheme).validators[0]!;
const parent = genesisBlock(CHAIN, 1_000_000);
const block = testBlock(
  CHAIN,
  {
    height: 1n,
    round: 2,
    previousHash: blockHash(parent.header),
    proposerPublicKey: validators[0]!.publicKey,
    vrfProof: new Uint8Array(80),
    timestamp: 1_001_000n,
  },
  null,
);
const hash = blockHash(block.header);

function vote(
  v: TestValidator,
  opts: { phase?: VotePhase; round?: number; chainId?: number; height?: bigint } = {},
): Vote {
  const unsigned = {
    phase: opts.phase ?? ("precommit" as VotePhase),
    height: opts.height ?? 1n,
    round: opts.round ?? 2,
    blockHash: hash,
    voterPublicKey: v.publicKey,
  };
  return {
    ...unsigned,
    signature: ed25519Scheme.sign(v.seed, voteSigningMessage(opts.chainId ?? CHAIN, unsigned)),
  };
}

const good = buildCertificate(
  1n,
  2,
  hash,
  validators.slice(0, 3).map((v) => vote(v)),
);
const verify = (c: Certificate, h: Uint8Array = hash, height?: bigint) =>
  verifyCertificate(c, h, votingSet, ed25519Scheme, CHAIN, height);

describe("certificateSignatureChecks", () => {
  it("names exactly the signatures verifyCertificate verifies, in order", () => {
    const asked: { publicKey: Uint8Array; message: Uint8Array; signature: Uint8Array }[] = [];
    const recording = {
      ...ed25519Scheme,
      verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) {
        asked.push({ publicKey, message, signature });
        return ed25519Scheme.verify(publicKey, message, signature);
      },
    };
    expect(verifyCertificate(good, hash, votingSet, recording, CHAIN)).toBeNull();
    expect(asked).toHaveLength(3);
    expect(certificateSignatureChecks(good, CHAIN)).toEqual(asked);
  });

  it("leaves out what cannot be checked, and a missing certificate has none", () => {
    expect(certificateSignatureChecks(null, CHAIN)).toEqual([]);
    const [first, ...rest] = good.precommits;
    const broken = { ...good, precommits: [{ ...first!, signature: new Uint8Array(3) }, ...rest] };
    expect(certificateSignatureChecks(broken, CHAIN)).toHaveLength(2);
    expect(certificateSignatureChecks({ ...good, round: -1 }, CHAIN)).toEqual([]);
  });
});

describe("verifyCertificate", () => {
  it("accepts precommits from more than 2/3 of the weight (3 of 4), sorted by key", () => {
    expect(verify(good)).toBeNull();
    expect(verify(good, hash, 1n)).toBeNull();
    expect(
      verify(
        buildCertificate(
          1n,
          2,
          hash,
          validators.map((v) => vote(v)),
        ),
      ),
    ).toBeNull();
    expect(verifyCertifiedBlock({ block, certificate: good }, votingSet, ed25519Scheme, CHAIN)).toBeNull();
  });

  it("wrong block, wrong height, missing", () => {
    const other = new Uint8Array(32).fill(9);
    expect(verify(good, other)?.code).toBe("CERT_WRONG_BLOCK");
    expect(verify({ ...good, blockHash: new Uint8Array(32) }, new Uint8Array(32))?.code).toBe(
      "CERT_WRONG_BLOCK",
    );
    expect(verify(good, hash, 2n)?.code).toBe("CERT_WRONG_HEIGHT");
    expect(verifyCertifiedBlock({ block, certificate: null }, votingSet, ed25519Scheme, CHAIN)?.code).toBe(
      "CERT_MISSING",
    );
    const otherBlock = { ...block, header: { ...block.header, round: 3 } };
    expect(
      verifyCertifiedBlock({ block: otherBlock, certificate: good }, votingSet, ed25519Scheme, CHAIN)?.code,
    ).toBe("CERT_WRONG_BLOCK");
  });

  it("unsorted and duplicate voters", () => {
    const reversed = { ...good, precommits: [...good.precommits].reverse() };
    expect(verify(reversed)?.code).toBe("CERT_UNSORTED");
    const dup = { ...good, precommits: [good.precommits[0]!, good.precommits[0]!, good.precommits[1]!] };
    const fault = verify(dup);
    expect(fault?.code).toBe("CERT_DUPLICATE_VOTER");
    expect(fault?.index).toBe(1);
  });

  it("a voter outside the voting set", () => {
    const withOutsider = buildCertificate(
      1n,
      2,
      hash,
      [...validators.slice(0, 3), outsider].map((v) => vote(v)),
    );
    const fault = verify(withOutsider);
    expect(fault?.code).toBe("CERT_UNKNOWN_VOTER");
    expect(fault?.voterId).toBe(outsider.id);
  });

  it("not more than 2/3: two of four, and an empty certificate", () => {
    const two = buildCertificate(
      1n,
      2,
      hash,
      validators.slice(0, 2).map((v) => vote(v)),
    );
    const fault = verify(two);
    expect(fault).toMatchObject({ code: "CERT_NO_QUORUM", weight: 20, totalWeight: 40 });
    expect(verify({ ...good, precommits: [] })?.code).toBe("CERT_NO_QUORUM");
  });

  // The threshold is strictly more than 2/3. Weights 100+100 of 300 are exactly 2/3 and must fail; one
  // bronze (10, the smallest tier weight) more is 2/3 + the smallest unit and must pass.
  it("exactly 2/3 of the weight is not a quorum; 2/3 plus the smallest tier weight is", () => {
    const set = makeValidators(
      "cert-boundary",
      [100, 100, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10],
      ed25519Scheme,
    );
    expect(set.votingSet.totalWeight).toBe(300);
    const certify = (signers: TestValidator[]) =>
      buildCertificate(
        1n,
        2,
        hash,
        signers.map((v) => vote(v)),
      );
    const check = (c: Certificate) => verifyCertificate(c, hash, set.votingSet, ed25519Scheme, CHAIN, 1n);
    const [goldA, goldB, ...bronzes] = set.validators as [TestValidator, TestValidator, ...TestValidator[]];
    const exact = check(certify([goldA, goldB]));
    expect(exact).toMatchObject({ code: "CERT_NO_QUORUM", weight: 200, totalWeight: 300 });
    // Exactly 2/3 from many small voters is refused as well.
    const mixed = check(certify([goldA, ...bronzes]));
    expect(mixed).toMatchObject({ code: "CERT_NO_QUORUM", weight: 200, totalWeight: 300 });
    expect(check(certify([goldA, goldB, bronzes[0]!]))).toBeNull();
    expect(check(certify([goldA, goldB, ...bronzes]))).toBeNull();
    // The voting set's own predicate, at the boundary and around it.
    expect(set.votingSet.isQuorum(200)).toBe(false);
    expect(set.votingSet.isQuorum(201)).toBe(true);
    expect(set.votingSet.isQuorum(199)).toBe(false);
    expect(set.votingSet.isQuorum(300)).toBe(true);
  });

  it("an empty voting set has no quorum, not even for zero weight", () => {
    const empty = makeValidators("cert-empty", [], ed25519Scheme).votingSet;
    expect(empty.totalWeight).toBe(0);
    expect(empty.isQuorum(0)).toBe(false);
    expect(verifyCertificate({ ...good, precommits: [] }, hash, empty, ed25519Scheme, CHAIN)?.code).toBe(
      "CERT_NO_QUORUM",
    );
  });

  it("signatures: forged, wrong chain id, prepare instead of precommit, other round or height", () => {
    const forge = (v: Vote, signature: Uint8Array) => ({ ...v, signature });
    const cases: Vote[][] = [
      [vote(validators[0]!), vote(validators[1]!), forge(vote(validators[2]!), new Uint8Array(64).fill(1))],
      [vote(validators[0]!), vote(validators[1]!), vote(validators[2]!, { chainId: 1 })],
      [vote(validators[0]!), vote(validators[1]!), vote(validators[2]!, { phase: "prepare" })],
      [vote(validators[0]!), vote(validators[1]!), vote(validators[2]!, { round: 1 })],
      [vote(validators[0]!), vote(validators[1]!), vote(validators[2]!, { height: 2n })],
    ];
    for (const votes of cases) {
      // Assemble by hand: buildCertificate rightly refuses mismatched votes.
      const cert: Certificate = {
        height: 1n,
        round: 2,
        blockHash: hash,
        precommits: votes
          .map((v) => ({ voterPublicKey: v.voterPublicKey, signature: v.signature }))
          .sort((a, b) => Buffer.compare(a.voterPublicKey, b.voterPublicKey)),
      };
      const fault = verify(cert);
      expect(fault?.code).toBe("CERT_BAD_SIGNATURE");
      expect(fault?.voterId).toBe(validators[2]!.id);
    }
    // The same certificate checked under another chain id fails too.
    expect(verifyCertificate(good, hash, votingSet, ed25519Scheme, 2)?.code).toBe("CERT_BAD_SIGNATURE");
  });

  it("malformed fields", () => {
    expect(verify({ ...good, round: -1 })?.code).toBe("CERT_MALFORMED");
    expect(verify({ ...good, blockHash: new Uint8Array(31) })?.code).toBe("CERT_MALFORMED");
    const shortSig = { ...good, precommits: [{ ...good.precommits[0]!, signature: new Uint8Array(63) }] };
    expect(verify(shortSig)?.code).toBe("CERT_MALFORMED");
  });
});

describe("verifyCertificate: inputs from peers of the wrong shape", () => {
  it("not an object, null, a height that is not a bigint, a round that is not an integer", () => {
    const malformed: unknown[] = [
      null,
      undefined,
      "certificate",
      42n,
      { ...good, height: 1 },
      { ...good, height: "1" },
      { ...good, round: 2.5 },
      { ...good, round: "2" },
      { ...good, blockHash: Array.from(hash) },
      { ...good, precommits: "none" },
    ];
    for (const value of malformed) {
      expect(verify(value as Certificate)?.code, String(value)).toBe("CERT_MALFORMED");
      // With the expected height given too: a number 1 is not the height 1n, and is malformed, not "other height".
      expect(verify(value as Certificate, hash, 1n)?.code, String(value)).toBe("CERT_MALFORMED");
    }
  });

  it("a missing or non-object precommit entry is malformed at its index, not a crash", () => {
    for (const entry of [null, undefined, 7]) {
      const cert = { ...good, precommits: [good.precommits[0]!, entry] } as unknown as Certificate;
      expect(verify(cert)).toMatchObject({ code: "CERT_MALFORMED", index: 1 });
    }
    const shortKey = {
      ...good,
      precommits: [{ ...good.precommits[0]!, voterPublicKey: new Uint8Array(31) }],
    };
    expect(verify(shortKey)).toMatchObject({ code: "CERT_MALFORMED", index: 0 });
  });

  it("a certified block whose header does not encode is malformed", () => {
    const broken = { ...block, header: { ...block.header, round: -1 } };
    expect(
      verifyCertifiedBlock({ block: broken, certificate: good }, votingSet, ed25519Scheme, CHAIN),
    ).toMatchObject({ code: "CERT_MALFORMED" });
  });

  it("every fault says in words what is wrong", () => {
    const two = buildCertificate(
      1n,
      2,
      hash,
      validators.slice(0, 2).map((v) => vote(v)),
    );
    const forged = {
      ...good,
      precommits: good.precommits.map((p, i) =>
        i === 0 ? { ...p, signature: new Uint8Array(64).fill(3) } : p,
      ),
    };
    const withOutsider = buildCertificate(
      1n,
      2,
      hash,
      [...validators.slice(0, 3), outsider].map((v) => vote(v)),
    );
    const faults = [
      verify(null as unknown as Certificate),
      verify(good, new Uint8Array(32).fill(9)),
      verify(good, hash, 2n),
      verify({ ...good, precommits: [{ ...good.precommits[0]!, signature: new Uint8Array(63) }] }),
      verify({ ...good, precommits: [good.precommits[0]!, good.precommits[0]!] }),
      verify({ ...good, precommits: [...good.precommits].reverse() }),
      verify(withOutsider),
      verify(two),
      verify(forged),
      verify({ ...good, round: 2 ** 32 }),
      verifyCertifiedBlock({ block, certificate: null }, votingSet, ed25519Scheme, CHAIN),
      verifyCertifiedBlock(
        { block: { ...block, header: { ...block.header, round: -1 } }, certificate: good },
        votingSet,
        ed25519Scheme,
        CHAIN,
      ),
    ];
    const codes = faults.map((f) => f?.code);
    expect(codes).toEqual([
      "CERT_MALFORMED",
      "CERT_WRONG_BLOCK",
      "CERT_WRONG_HEIGHT",
      "CERT_MALFORMED",
      "CERT_DUPLICATE_VOTER",
      "CERT_UNSORTED",
      "CERT_UNKNOWN_VOTER",
      "CERT_NO_QUORUM",
      "CERT_BAD_SIGNATURE",
      "CERT_MALFORMED",
      "CERT_MISSING",
      "CERT_MALFORMED",
    ]);
    for (const fault of faults) expect(fault?.message.length, fault?.code).toBeGreaterThan(10);
    expect(verify(good, hash, 2n)?.message).toContain("2");
    expect(verify(two)?.message).toMatch(/20.*40/);
  });
});

describe("buildCertificate", () => {
  it("sorts by voter key and keeps exactly the given precommits", () => {
    const votes = [...validators].reverse().map((v) => vote(v));
    const cert = buildCertificate(1n, 2, hash, votes);
    const keys = cert.precommits.map((p) => Buffer.from(p.voterPublicKey).toString("hex"));
    expect(keys).toEqual([...keys].sort());
    expect(cert.precommits).toHaveLength(4);
  });

  it("refuses prepares, other blocks and repeated voters", () => {
    expect(() => buildCertificate(1n, 2, hash, [vote(validators[0]!, { phase: "prepare" })])).toThrow(
      TsdcError,
    );
    expect(() => buildCertificate(1n, 3, hash, [vote(validators[0]!)])).toThrow(TsdcError);
    expect(() => buildCertificate(1n, 2, hash, [vote(validators[0]!), vote(validators[0]!)])).toThrow(
      TsdcError,
    );
  });

  it("names the offending vote: other height, other block, other round, repeated voter", () => {
    const thrown = (fn: () => unknown): TsdcError => {
      try {
        fn();
      } catch (err) {
        expect(err).toBeInstanceOf(TsdcError);
        return err as TsdcError;
      }
      throw new Error("expected a TsdcError");
    };
    const first = validators[0]!;
    const cases: [() => unknown, RegExp][] = [
      [() => buildCertificate(2n, 2, hash, [vote(first)]), /not a precommit/],
      [() => buildCertificate(1n, 2, new Uint8Array(32).fill(4), [vote(first)]), /not a precommit/],
      [() => buildCertificate(1n, 1, hash, [vote(first)]), /not a precommit/],
      [() => buildCertificate(1n, 2, hash, [vote(first), vote(first)]), /twice/],
    ];
    for (const [fn, text] of cases) {
      const err = thrown(fn);
      expect(err.code).toBe("TSDC_BAD_CERTIFICATE_INPUT");
      expect(err.message).toMatch(text);
    }
    const sorted = [...validators].sort((a, b) => Buffer.compare(a.publicKey, b.publicKey));
    const wrong = thrown(() =>
      buildCertificate(1n, 2, hash, [vote(sorted[0]!), vote(sorted[1]!, { round: 1 })]),
    );
    expect(wrong.payload).toEqual({ field: "precommits[1]", value: sorted[1]!.id });
    const repeated = thrown(() =>
      buildCertificate(1n, 2, hash, [vote(sorted[2]!), vote(sorted[0]!), vote(sorted[2]!)]),
    );
    expect(repeated.payload).toEqual({ field: "precommits[2]", value: sorted[2]!.id });
  });
});
