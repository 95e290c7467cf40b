// Block rules and the state transition. checkBlock validates a block against its parent and a state view
// and returns its effects: the UTXO and masternode writes, the undo record that reverses them exactly, and
// the signatures to verify. Outputs created anywhere in the block may be spent anywhere in it (transactions
// are sorted by txid, not by dependency); an outpoint is spent at most once per block.
import {
  blockExtrasHash,
  blockHash,
  CodecError,
  encodeBlock,
  merkleRoot,
  transactionId,
  transactionSize,
  witnessRoot,
} from "../codec/index.js";
import type { NetworkParams } from "../params/index.js";
import { BLOCK_REWARD, BLOCK_VERSION, MAX_BLOCK_BYTES } from "../params/index.js";
import type { Block, Hash32, MasternodeChange, OutPoint, Utxo, UtxoEntry } from "../types/index.js";
import { bytesEqual, compareBytes, toHex } from "../types/index.js";
import type { BlockEffects, BlockPrefetch } from "./effects.js";
import { KernelError } from "./errors.js";
import { blockSignatureChecks } from "./signatures.js";
import { checkSpecialPayload } from "./special.js";
import { checkTransactionSpend, checkTransactionStructure, sumOutputs } from "./transaction.js";
import { outpointKey, type StateView } from "./view.js";

export interface ChainLink {
  readonly hash: Hash32;
  readonly height: bigint;
}

export interface BlockContext {
  readonly params: NetworkParams;
  /** The block this one extends; null for genesis. */
  readonly parent: ChainLink | null;
}

const ZERO_HASH = new Uint8Array(32);

/** The state entries checkBlock will read, for storage to fetch in bulk first. */
export function blockPrefetch(block: Block): BlockPrefetch {
  const outpoints = new Map<string, OutPoint>();
  const operators: Uint8Array[] = [];
  for (const tx of block.transactions) {
    for (const input of tx.inputs) outpoints.set(outpointKey(input.prevout), input.prevout);
    if (tx.special) {
      outpoints.set(outpointKey(tx.special.collateral), tx.special.collateral);
      if (tx.special.kind === "masternodeRegistration") operators.push(tx.special.operatorPublicKey);
    }
  }
  const list = [...outpoints.values()];
  return { utxos: list, masternodes: list, operators };
}

/** Index of `id` in the strictly increasing `ids[from..]`, or -1. */
function sortedIndexOf(ids: readonly Hash32[], id: Hash32, from: number): number {
  let lo = from;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const order = compareBytes(ids[mid] as Hash32, id);
    if (order === 0) return mid;
    if (order < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function checkHeader(block: Block, ctx: BlockContext): void {
  const { header } = block;
  if (header.version !== BLOCK_VERSION) {
    throw new KernelError("BLOCK_BAD_VERSION", `unsupported block version ${header.version}`);
  }
  if (header.chainId !== ctx.params.chainId) {
    throw new KernelError("BLOCK_WRONG_CHAIN", "block belongs to another network", {
      expected: String(ctx.params.chainId),
      actual: String(header.chainId),
    });
  }
  const expectedHeight = ctx.parent ? ctx.parent.height + 1n : 0n;
  if (header.height !== expectedHeight) {
    throw new KernelError("BLOCK_BAD_HEIGHT", "block height does not follow its parent", {
      expected: expectedHeight.toString(),
      actual: header.height.toString(),
    });
  }
  const expectedParent = ctx.parent ? ctx.parent.hash : ZERO_HASH;
  if (!bytesEqual(header.previousHash, expectedParent)) {
    throw new KernelError("BLOCK_BAD_PARENT", "block does not extend the current tip", {
      expected: toHex(expectedParent),
      actual: toHex(header.previousHash),
    });
  }
}

/**
 * The block's encoding fits MAX_BLOCK_BYTES. The encoder itself refuses a block over the cap (so no
 * oversized block is ever serialized): that refusal is this rule's verdict, reported as BLOCK_TOO_LARGE.
 */
function blockSizeWithinCap(block: Block): void {
  try {
    encodeBlock(block);
  } catch (err) {
    if (err instanceof CodecError && err.code === "CODEC_OVER_CAP" && err.details.field === "block") {
      throw new KernelError("BLOCK_TOO_LARGE", `block is over the limit of ${MAX_BLOCK_BYTES} bytes`, {
        expected: `<= ${MAX_BLOCK_BYTES}`,
        actual: err.message,
      });
    }
    throw err;
  }
}

export function checkBlock(block: Block, view: StateView, ctx: BlockContext): BlockEffects {
  checkHeader(block, ctx);
  const genesis = ctx.parent === null;
  const height = block.header.height;
  blockSizeWithinCap(block);
  const txs = block.transactions;
  if (txs.length === 0) throw new KernelError("BLOCK_NO_TRANSACTIONS", "a block holds at least its reward");

  const txids = txs.map(transactionId);
  const root = merkleRoot(txids);
  if (!bytesEqual(root, block.header.merkleRoot)) {
    throw new KernelError("BLOCK_BAD_MERKLE_ROOT", "merkle root does not match the transactions", {
      expected: toHex(root),
      actual: toHex(block.header.merkleRoot),
    });
  }
  // The txid root leaves out signatures; this root is what makes the witness bytes part of the signed hash.
  const witnesses = witnessRoot(txs);
  if (!bytesEqual(witnesses, block.header.witnessRoot)) {
    throw new KernelError("BLOCK_BAD_WITNESS_ROOT", "witness root does not match the transactions", {
      expected: toHex(witnesses),
      actual: toHex(block.header.witnessRoot),
    });
  }
  const extras = blockExtrasHash(block.heartbeats, block.previousCertificate);
  if (!bytesEqual(extras, block.header.extrasHash)) {
    throw new KernelError("BLOCK_BAD_EXTRAS_HASH", "extras hash does not match heartbeats and certificate");
  }
  for (let i = 2; i < txids.length; i++) {
    const order = compareBytes(txids[i - 1] as Hash32, txids[i] as Hash32);
    if (order === 0) {
      throw new KernelError("BLOCK_DUPLICATE_TX", "the same transaction appears twice", {
        txIndex: i,
        txid: toHex(txids[i] as Hash32),
      });
    }
    if (order > 0) {
      throw new KernelError("BLOCK_UNSORTED", "transactions after the reward must be sorted by txid", {
        txIndex: i,
      });
    }
  }
  // txids[1..] are strictly increasing now, so the first txid is unique iff a binary search misses it. At
  // genesis every transaction spends nothing, so the first could otherwise reappear anywhere later.
  const twin = sortedIndexOf(txids, txids[0] as Hash32, 1);
  if (twin >= 0) {
    throw new KernelError("BLOCK_DUPLICATE_TX", "the same transaction appears twice", {
      txIndex: twin,
      txid: toHex(txids[0] as Hash32),
    });
  }

  // Outputs created in this block, visible to every transaction of the block.
  const created = new Map<string, Utxo>();
  for (let t = 0; t < txs.length; t++) {
    const tx = txs[t] as Block["transactions"][number];
    const txid = txids[t] as Hash32;
    const isReward = tx.inputs.length === 0;
    for (let o = 0; o < tx.outputs.length; o++) {
      const output = tx.outputs[o] as (typeof tx.outputs)[number];
      const outpoint = { txid, index: o };
      created.set(outpointKey(outpoint), {
        outpoint,
        entry: { amount: output.amount, address: output.address, height, isReward },
      });
    }
  }

  const spentInBlock = new Set<string>();
  const lookup = (outpoint: OutPoint): UtxoEntry | undefined => {
    const key = outpointKey(outpoint);
    if (spentInBlock.has(key)) return undefined;
    return created.get(key)?.entry ?? view.getUtxo(outpoint);
  };
  const spentFromView: Utxo[] = [];
  const masternodeChanges: MasternodeChange[] = [];
  const touchedCollateral = new Set<string>();
  const registeredOperators = new Set<string>();
  const registeredCollateral: string[] = [];
  let fees = 0n;

  const ctxTx = { chainId: ctx.params.chainId, height };
  for (let t = 0; t < txs.length; t++) {
    const tx = txs[t] as Block["transactions"][number];
    const txid = txids[t] as Hash32;
    try {
      const txSize = transactionSize(tx);
      let change: MasternodeChange | null = null;
      if (t === 0 && !genesis) {
        checkTransactionStructure(tx, "reward", txSize);
        if (tx.lockTime !== height) {
          throw new KernelError("BLOCK_BAD_REWARD", "reward lock time must equal the block height", {
            expected: height.toString(),
            actual: tx.lockTime.toString(),
          });
        }
        continue;
      }
      if (genesis) {
        if (tx.inputs.length > 0) {
          throw new KernelError("BLOCK_BAD_GENESIS", "genesis transactions spend nothing");
        }
        checkTransactionStructure(tx, "genesis", txSize);
        const special = checkSpecialPayload(tx, view, ctxTx, lookup);
        if (special) change = special.change;
      } else {
        checkTransactionStructure(tx, "regular", txSize);
        for (let i = 0; i < tx.inputs.length; i++) {
          const key = outpointKey((tx.inputs[i] as (typeof tx.inputs)[number]).prevout);
          if (spentInBlock.has(key)) {
            throw new KernelError("BLOCK_DOUBLE_SPEND", "outpoint already spent earlier in this block", {
              inputIndex: i,
              outpoint: key,
            });
          }
        }
        const result = checkTransactionSpend(tx, txid, view, ctxTx, lookup, txSize);
        for (const spent of result.spent) {
          const key = outpointKey(spent.outpoint);
          spentInBlock.add(key);
          if (!created.has(key)) spentFromView.push(spent);
        }
        fees += result.fee;
        change = result.masternodeChange;
      }
      if (change) {
        const key = outpointKey(change.collateral);
        if (touchedCollateral.has(key)) {
          throw new KernelError(
            "BLOCK_CONFLICTING_MASTERNODE_OPS",
            "two masternode operations on the same collateral in one block",
            { outpoint: key },
          );
        }
        touchedCollateral.add(key);
        if (change.after && !change.before) {
          const operator = toHex(change.after.operatorPublicKey);
          if (registeredOperators.has(operator)) {
            throw new KernelError("MN_OPERATOR_IN_USE", "two registrations with one operator key in a block");
          }
          registeredOperators.add(operator);
          registeredCollateral.push(key);
        }
        masternodeChanges.push(change);
      }
    } catch (err) {
      if (err instanceof KernelError) throw err.withDetails({ txIndex: t, txid: toHex(txid) });
      throw err;
    }
  }

  // A spend in the block must not race a registration of the same collateral in the block: the
  // registration was checked against an output the block also consumes (input rules see only the view).
  for (const key of registeredCollateral) {
    if (spentInBlock.has(key)) {
      throw new KernelError(
        "MN_COLLATERAL_SPENT_BY_REGISTRATION",
        "collateral registered and spent in one block",
        {
          outpoint: key,
        },
      );
    }
  }

  if (!genesis) {
    const reward = sumOutputs(txs[0] as Block["transactions"][number]);
    if (reward > BLOCK_REWARD + fees) {
      throw new KernelError("BLOCK_REWARD_TOO_HIGH", "reward exceeds the block subsidy plus fees", {
        txIndex: 0,
        expected: `<= ${BLOCK_REWARD + fees}`,
        actual: reward.toString(),
      });
    }
  }

  const createdLeft: Utxo[] = [];
  for (const [key, utxo] of created) if (!spentInBlock.has(key)) createdLeft.push(utxo);
  const hash = blockHash(block.header);
  return {
    blockHash: hash,
    height,
    txids,
    created: createdLeft,
    spent: spentFromView.map((u) => u.outpoint),
    masternodes: masternodeChanges,
    undo: {
      height,
      blockHash: hash,
      spent: spentFromView,
      created: createdLeft.map((u) => u.outpoint),
      masternodes: masternodeChanges,
    },
    signatureChecks: blockSignatureChecks(block, txids, ctx.params.chainId),
    fees,
  };
}
