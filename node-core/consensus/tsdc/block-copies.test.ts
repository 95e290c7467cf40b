// Copies of one block hash with different bytes (a relay altered a transaction witness, which the header
// hash does not cover): each copy is its own entry with its own cached validity, so a poisoned copy seen
// first does not make the engine refuse the real block, and copies are bounded per hash and per peer.
import { describe, expect, it } from "vitest";
import { blockHash } from "../../codec/index.js";
import { assembleBlock } from "../../kernel/index.js";
import { TX_VERSION } from "../../params/consensus.js";
import type { Block, Transaction } from "../../types/index.js";
import { bytesEqual, toHex } from "../../types/index.js";
import { MAX_COPIES_PER_HASH } from "./block-store.js";
import { type Harness, harnessWhereOthersLead, OPTS, validatorById } from "./rules-harness.js";
import { structuralFault, type TestValidator } from "./test-support.js";

/** The witness signature a host accepts in these tests (standing in for a real signature check). */
const GOOD_WITNESS = new Uint8Array(64).fill(0x11);

function spend(witness: Uint8Array): Transaction {
  return {
    version: TX_VERSION,
    inputs: [
      {
        prevout: { txid: new Uint8Array(32).fill(7), index: 0 },
        publicKey: new Uint8Array(32).fill(9),
        signature: witness,
      },
    ],
    outputs: [{ amount: 1_000n, address: new Uint8Array(20).fill(5) }],
    lockTime: 0n,
    special: null,
  };
}

/** p0's round-0 block with one spending transaction carrying the good witness. */
function realBlock(h: Harness, p0: TestValidator): Block {
  const base = h.block(p0, 0);
  const { header } = base;
  return assembleBlock({
    chainId: header.chainId,
    height: header.height,
    previousHash: header.previousHash,
    timestamp: header.timestamp,
    round: header.round,
    proposerPublicKey: header.proposerPublicKey,
    vrfProof: header.vrfProof,
    transactions: [base.transactions[0]!, spend(GOOD_WITNESS)],
    heartbeats: [],
    previousCertificate: null,
  });
}

/** The same block (same header, so the same hash) with the spend's witness bytes replaced. */
function poisoned(block: Block, fill: number): Block {
  return { ...block, transactions: [block.transactions[0]!, spend(new Uint8Array(64).fill(fill))] };
}

function witnessFault(block: Block): string | null {
  const structural = structuralFault(block);
  if (structural !== null) return structural;
  for (const tx of block.transactions) {
    for (const input of tx.inputs) if (!bytesEqual(input.signature, GOOD_WITNESS)) return "bad signature";
  }
  return null;
}

describe("TSDC block copies (keyed by the full encoding)", () => {
  it("validates and prepares the real block after a poisoned copy of the same hash, and certifies it", async () => {
    const h = harnessWhereOthersLead(1, { validateOutcome: witnessFault });
    await h.startHeight1();
    const p0 = validatorById(h, h.ranking(0)[0]!.validator.id);
    const real = realBlock(h, p0);
    const bad = poisoned(real, 0x22);
    expect(toHex(blockHash(bad.header))).toBe(h.hexOf(real));
    const proposal = h.proposal(p0, real);
    // The attacker relays the proposer's (valid) signature with the poisoned body, first.
    expect(
      h.engine.onMessage("attacker", { kind: "proposal", proposal: { ...proposal, block: bad } }),
    ).toEqual({
      verdict: "accept",
    });
    await h.answers.settle();
    expect(await h.deliver(p0, { kind: "proposal", proposal })).toEqual({ verdict: "accept" });
    await h.advance(OPTS.candidacyWindowMs);
    expect(toHex(h.ownVote("prepare", 0)!.blockHash)).toBe(h.hexOf(real));
    // Each copy was checked once, by its own bytes.
    expect(h.validated).toEqual([h.hexOf(real), h.hexOf(real)]);
    for (const v of h.validators.slice(1)) {
      await h.deliver(v, { kind: "vote", vote: h.vote(v, "prepare", 0, real) });
      await h.deliver(v, { kind: "vote", vote: h.vote(v, "precommit", 0, real) });
    }
    expect(h.commits).toHaveLength(1);
    // The committed block is the real copy, not the poisoned one.
    expect(h.commits[0]!.block.transactions[1]!.inputs[0]!.signature).toEqual(GOOD_WITNESS);
  });

  it("commits the real copy on a precommit quorum even when only a poisoned copy was proposed first", async () => {
    const h = harnessWhereOthersLead(1, { validateOutcome: witnessFault });
    await h.startHeight1();
    const p0 = validatorById(h, h.ranking(0)[0]!.validator.id);
    const real = realBlock(h, p0);
    const proposal = h.proposal(p0, real);
    h.engine.onMessage("attacker", {
      kind: "proposal",
      proposal: { ...proposal, block: poisoned(real, 0x33) },
    });
    await h.answers.settle();
    for (const v of h.validators.slice(1))
      await h.deliver(v, { kind: "vote", vote: h.vote(v, "precommit", 0, real) });
    expect(h.commits).toHaveLength(0);
    await h.deliver(p0, { kind: "proposal", proposal });
    expect(h.commits).toHaveLength(1);
    expect(h.commits[0]!.block.transactions[1]!.inputs[0]!.signature).toEqual(GOOD_WITNESS);
  });

  it("treats the same bytes again as a duplicate and bounds copies per hash and per peer", async () => {
    const h = harnessWhereOthersLead(1, { validateOutcome: witnessFault });
    await h.startHeight1();
    const p0 = validatorById(h, h.ranking(0)[0]!.validator.id);
    const real = realBlock(h, p0);
    const proposal = h.proposal(p0, real);
    const copy = (fill: number) =>
      ({ kind: "proposal", proposal: { ...proposal, block: poisoned(real, fill) } }) as const;
    expect(h.engine.onMessage("peer-0", copy(0x40))).toEqual({ verdict: "accept" });
    expect(h.engine.onMessage("peer-0", copy(0x40))).toEqual({ verdict: "ignore", reason: "duplicate" });
    // One copy per peer and hash.
    expect(h.engine.onMessage("peer-0", copy(0x41))).toEqual({ verdict: "ignore", reason: "proposal-limit" });
    for (let i = 1; i < MAX_COPIES_PER_HASH; i++) {
      expect(h.engine.onMessage(`peer-${i}`, copy(0x40 + i))).toEqual({ verdict: "accept" });
    }
    expect(h.engine.onMessage("peer-x", copy(0x50))).toEqual({ verdict: "ignore", reason: "proposal-limit" });
    await h.answers.settle();
    await h.advance(OPTS.candidacyWindowMs);
    // Every held copy is poisoned: nil, and each copy was validated once.
    expect(toHex(h.ownVote("prepare", 0)!.blockHash)).toBe("00".repeat(32));
    expect(h.validated).toHaveLength(MAX_COPIES_PER_HASH);
  });
});
