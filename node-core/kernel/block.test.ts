// Block rules: a random valid chain passes (signatures included), and each rule, broken on purpose,
// is reported with its own error code. Blocks come from the deterministic test-chain builder.
import { describe, expect, it } from "vitest";
import { blockHash, transactionId } from "../codec/index.js";
import { verifyAll } from "../crypto/verify-pool.js";
import { BLOCK_REWARD, TX_VERSION } from "../params/consensus.js";
import {
  assembleTestBlock,
  buildSpend,
  type OwnedUtxo,
  SeededRng,
  signTransaction,
  TestChain,
} from "../testing/index.js";
import type { Block, CertifiedBlock, Transaction } from "../types/chain.js";
import { assembleBlock } from "./assemble-block.js";
import { checkBlock } from "./block.js";
import { expectKernelError as expectCode } from "./test-support.js";

function parentOf(chain: TestChain) {
  return { hash: blockHash(chain.tip.block.header), height: chain.height };
}

function check(chain: TestChain, block: Block) {
  return checkBlock(block, chain.state, { params: chain.params, parent: parentOf(chain) });
}

function reward(chain: TestChain, amount = BLOCK_REWARD): Transaction {
  return {
    version: TX_VERSION,
    inputs: [],
    outputs: [{ amount, address: (chain.wallet.keys[0] as { address: Uint8Array }).address }],
    lockTime: chain.height + 1n,
    special: null,
  };
}

/** A block on the chain's tip holding `txs` after a reward of `rewardAmount`. */
function blockWith(chain: TestChain, txs: Transaction[], rewardTx = reward(chain)): CertifiedBlock {
  return assembleTestBlock(chain.params, chain.tip, rewardTx, txs, chain.validators);
}

function spend(
  chain: TestChain,
  inputs: OwnedUtxo[],
  opts: Parameters<typeof buildSpend>[4] = { outputCount: 2 },
) {
  const tx = buildSpend(
    chain.params.chainId,
    inputs,
    chain.wallet.keys.map((k) => k.address),
    new SeededRng(7),
    opts,
  );
  if (!tx) throw new Error("test setup: inputs cannot pay the fee");
  return tx;
}

describe("checkBlock", () => {
  it("accepts a random valid chain and every signature it carries verifies", () => {
    const chain = new TestChain({ seed: 11, label: "kernel-valid" });
    let checks = 0;
    for (let i = 0; i < 25; i++) {
      // extend() builds and applies a block; take it back off to check it from its parent's state.
      const block = chain.extend();
      chain.disconnect();
      const result = check(chain, block.block);
      expect(verifyAll(result.signatureChecks).every(Boolean)).toBe(true);
      checks += result.signatureChecks.length;
      chain.apply(block);
    }
    expect(checks).toBeGreaterThan(25);
  });

  it("rejects header mismatches with their own codes", () => {
    const chain = new TestChain({ seed: 2, label: "kernel-header" });
    const { block } = blockWith(chain, []);
    expectCode(
      () => check(chain, { ...block, header: { ...block.header, chainId: 1 } }),
      "BLOCK_WRONG_CHAIN",
    );
    expectCode(
      () => check(chain, { ...block, header: { ...block.header, version: 2 } }),
      "BLOCK_BAD_VERSION",
    );
    expectCode(() => check(chain, { ...block, header: { ...block.header, height: 5n } }), "BLOCK_BAD_HEIGHT");
    expectCode(
      () => check(chain, { ...block, header: { ...block.header, previousHash: new Uint8Array(32).fill(1) } }),
      "BLOCK_BAD_PARENT",
    );
    expectCode(
      () => check(chain, { ...block, header: { ...block.header, merkleRoot: new Uint8Array(32) } }),
      "BLOCK_BAD_MERKLE_ROOT",
    );
    expectCode(
      () => check(chain, { ...block, header: { ...block.header, witnessRoot: new Uint8Array(32) } }),
      "BLOCK_BAD_WITNESS_ROOT",
    );
    expectCode(
      () => check(chain, { ...block, header: { ...block.header, extrasHash: new Uint8Array(32) } }),
      "BLOCK_BAD_EXTRAS_HASH",
    );
    expect(() => check(chain, block)).not.toThrow();
  });

  it("a relay that swaps a transaction's signature bytes after assembly is refused: the header commits to them", () => {
    const chain = new TestChain({ seed: 6, label: "kernel-witness" });
    const [a] = chain.spendable();
    const { block } = blockWith(chain, [spend(chain, [a as OwnedUtxo])]);
    const tx = block.transactions[1] as Transaction;
    const input = tx.inputs[0] as Transaction["inputs"][number];
    const signature = input.signature.slice();
    signature[0] = (signature[0] as number) ^ 0xff;
    const poisonedTx: Transaction = { ...tx, inputs: [{ ...input, signature }] };
    const poisoned: Block = { ...block, transactions: [block.transactions[0] as Transaction, poisonedTx] };
    // Same txids, same merkle root, same header and so the same hash the certificate signs.
    expect(transactionId(poisonedTx)).toEqual(transactionId(tx));
    expect(blockHash(poisoned.header)).toEqual(blockHash(block.header));
    const err = expectCode(() => check(chain, poisoned), "BLOCK_BAD_WITNESS_ROOT");
    expect(err.message).toBe("BLOCK_BAD_WITNESS_ROOT: witness root does not match the transactions");
    expect(err.details.actual).toBe(Buffer.from(block.header.witnessRoot).toString("hex"));
    expect(() => check(chain, block)).not.toThrow();
  });

  it("checks the reward: position, lock time, amount", () => {
    const chain = new TestChain({ seed: 3, label: "kernel-reward" });
    expectCode(
      () => check(chain, blockWith(chain, [], reward(chain, BLOCK_REWARD + 1n)).block),
      "BLOCK_REWARD_TOO_HIGH",
    );
    expectCode(
      () => check(chain, blockWith(chain, [], { ...reward(chain), lockTime: chain.height }).block),
      "BLOCK_BAD_REWARD",
    );
    const [utxo] = chain.spendable();
    const paying = spend(chain, [utxo as OwnedUtxo], { outputCount: 1, extraFee: 5_000n });
    const fee = (utxo as OwnedUtxo).entry.amount - paying.outputs.reduce((s, o) => s + o.amount, 0n);
    // The reward may take the fees, not a sat more.
    expect(() =>
      check(chain, blockWith(chain, [paying], reward(chain, BLOCK_REWARD + fee)).block),
    ).not.toThrow();
    expectCode(
      () => check(chain, blockWith(chain, [paying], reward(chain, BLOCK_REWARD + fee + 1n)).block),
      "BLOCK_REWARD_TOO_HIGH",
    );
    // A spending transaction cannot stand in first place.
    const asFirst = assembleTestBlock(chain.params, chain.tip, paying, [], chain.validators);
    expectCode(() => check(chain, asFirst.block), "BLOCK_BAD_REWARD");
  });

  it("rejects unsorted, duplicated and double-spending transaction lists", () => {
    const chain = new TestChain({ seed: 4, label: "kernel-order" });
    const [a, b, c] = chain.spendable();
    const tx1 = spend(chain, [a as OwnedUtxo]);
    const tx2 = spend(chain, [b as OwnedUtxo]);
    const good = blockWith(chain, [tx1, tx2]).block;
    const swapped = [good.transactions[0], good.transactions[2], good.transactions[1]] as Transaction[];
    const unsorted = reassemble(chain, swapped);
    expectCode(() => check(chain, unsorted), "BLOCK_UNSORTED");
    const duplicated = reassemble(chain, [good.transactions[0], tx1, tx1] as Transaction[]);
    expectCode(() => check(chain, duplicated), "BLOCK_DUPLICATE_TX");
    // Two different transactions spending the same outpoint.
    const conflictA = spend(chain, [a as OwnedUtxo], { outputCount: 1 });
    const conflictB = spend(chain, [a as OwnedUtxo, c as OwnedUtxo], { outputCount: 1 });
    expectCode(() => check(chain, blockWith(chain, [conflictA, conflictB]).block), "BLOCK_DOUBLE_SPEND");
  });

  it("reports transaction rule violations with the transaction's position", () => {
    const chain = new TestChain({ seed: 5, label: "kernel-tx" });
    const utxos = chain.spendable();
    const owned = utxos[0] as OwnedUtxo;
    const other = utxos.find((u) => Buffer.compare(u.entry.address, owned.entry.address) !== 0) as OwnedUtxo;
    const valid = spend(chain, [owned]);

    const missing = spend(chain, [{ ...owned, outpoint: { txid: new Uint8Array(32).fill(9), index: 0 } }]);
    const err = expectCode(() => check(chain, blockWith(chain, [missing]).block), "TX_MISSING_INPUT");
    expect(err.details.txIndex).toBe(1);
    expect(err.details.txid).toBe(Buffer.from(transactionId(missing)).toString("hex"));

    // Signed by the owner of another output: public key does not hash to the spent address.
    const wrongKey = signTransaction(
      chain.params.chainId,
      {
        ...valid,
        inputs: [{ ...(valid.inputs[0] as Transaction["inputs"][number]), publicKey: other.key.publicKey }],
      },
      [other.key],
    );
    expectCode(() => check(chain, blockWith(chain, [wrongKey]).block), "TX_PUBKEY_MISMATCH");

    const noFee: Transaction = signTransaction(
      chain.params.chainId,
      { ...valid, outputs: [{ amount: owned.entry.amount, address: owned.entry.address }] },
      [owned.key],
    );
    expectCode(() => check(chain, blockWith(chain, [noFee]).block), "TX_FEE_TOO_LOW");

    const overspend = signTransaction(
      chain.params.chainId,
      { ...valid, outputs: [{ amount: owned.entry.amount + 1n, address: owned.entry.address }] },
      [owned.key],
    );
    expectCode(() => check(chain, blockWith(chain, [overspend]).block), "TX_INSUFFICIENT_FUNDS");

    const dust = signTransaction(
      chain.params.chainId,
      { ...valid, outputs: [...valid.outputs, { amount: 999n, address: owned.entry.address }] },
      [owned.key],
    );
    expectCode(() => check(chain, blockWith(chain, [dust]).block), "TX_OUTPUT_DUST");

    const locked = signTransaction(chain.params.chainId, { ...valid, lockTime: chain.height + 2n }, [
      owned.key,
    ]);
    expectCode(() => check(chain, blockWith(chain, [locked]).block), "TX_LOCKTIME_NOT_REACHED");

    const twice = signTransaction(
      chain.params.chainId,
      { ...valid, inputs: [valid.inputs[0], valid.inputs[0]] as Transaction["inputs"] },
      [owned.key, owned.key],
    );
    expectCode(() => check(chain, blockWith(chain, [twice]).block), "TX_DUPLICATE_INPUT");

    const noInputs: Transaction = { ...valid, inputs: [] };
    expectCode(() => check(chain, blockWith(chain, [noInputs]).block), "TX_NO_INPUTS");
  });

  it("returns a failing signature check for a tampered signature (verification is the caller's batch)", () => {
    const chain = new TestChain({ seed: 6, label: "kernel-sig" });
    const [owned] = chain.spendable() as OwnedUtxo[];
    const tx = spend(chain, [owned as OwnedUtxo]);
    const signature = Uint8Array.from((tx.inputs[0] as Transaction["inputs"][number]).signature);
    signature[5] = (signature[5] as number) ^ 1;
    const tampered = { ...tx, inputs: [{ ...(tx.inputs[0] as Transaction["inputs"][number]), signature }] };
    const effects = check(chain, blockWith(chain, [tampered]).block);
    expect(verifyAll(effects.signatureChecks)).toEqual([false]);
    // Same transaction signed for another chain id: the message differs, so it fails too.
    const otherChain = signTransaction(2, tx, [(owned as OwnedUtxo).key]);
    expect(verifyAll(check(chain, blockWith(chain, [otherChain]).block).signatureChecks)).toEqual([false]);
  });
});

/** Rebuilds a block from an explicit transaction list (any order) with a correct merkle root. */
function reassemble(chain: TestChain, txs: Transaction[]): Block {
  const { header, heartbeats, previousCertificate } = blockWith(chain, []).block;
  return assembleBlock({ ...header, transactions: txs, heartbeats, previousCertificate });
}
