// Block building for tests: a block from a reward and transactions on top of a parent (through the kernel's
// one block assembler), its precommit certificate from test validator keys, and a genesis funding a wallet.
// The proposer key is a validator's key but the VRF proof is zero bytes: nothing below the consensus layer
// checks it.
import { blockHash, transactionId, voteSigningMessage } from "../codec/index.js";
import { sign } from "../crypto/ed25519.js";
import { assembleBlock } from "../kernel/index.js";
import { TX_VERSION } from "../params/consensus.js";
import type { NetworkParams } from "../params/network.js";
import { SAT_PER_TIME } from "../types/amount.js";
import { compareBytes } from "../types/bytes.js";
import type { Block, CertificateSignature, CertifiedBlock, Transaction } from "../types/chain.js";
import type { TestKey, TestWallet } from "./keys.js";

const ZERO_HASH = new Uint8Array(32);
const ZERO_VRF_PROOF = new Uint8Array(80);

/** Precommits from `validators` for a block (strictly ascending voter keys, as the codec requires). */
export function certify(chainId: number, block: Block, validators: readonly TestKey[]): CertifiedBlock {
  const hash = blockHash(block.header);
  const { height, round } = block.header;
  const precommits: CertificateSignature[] = [...validators]
    .sort((a, b) => compareBytes(a.publicKey, b.publicKey))
    .map((v) => ({
      voterPublicKey: v.publicKey,
      signature: sign(
        v.seed,
        voteSigningMessage(chainId, {
          phase: "precommit",
          height,
          round,
          blockHash: hash,
          voterPublicKey: v.publicKey,
        }),
      ),
    }));
  return { block, certificate: { height, round, blockHash: hash, precommits } };
}

/**
 * A child of `parent` (genesis when null): the reward first, the other transactions sorted by txid, header
 * fields derived from the parent, commitments from the kernel's assembleBlock. Certified by `validators`,
 * or uncertified for genesis.
 */
export function assembleTestBlock(
  params: NetworkParams,
  parent: CertifiedBlock | null,
  reward: Transaction,
  transactions: readonly Transaction[],
  validators: readonly TestKey[],
  timestamp?: bigint,
): CertifiedBlock {
  const rest = transactions
    .map((tx) => ({ tx, id: transactionId(tx) }))
    .sort((a, b) => compareBytes(a.id, b.id));
  const txs = [reward, ...rest.map((r) => r.tx)];
  const txids = [transactionId(reward), ...rest.map((r) => r.id)];
  const previousCertificate = parent?.certificate ?? null;
  const parentHeader = parent?.block.header ?? null;
  const block = assembleBlock({
    chainId: params.chainId,
    height: parentHeader ? parentHeader.height + 1n : 0n,
    previousHash: parentHeader ? blockHash(parentHeader) : ZERO_HASH,
    timestamp: timestamp ?? (parentHeader ? parentHeader.timestamp + BigInt(params.blockIntervalMs) : 0n),
    round: 0,
    proposerPublicKey:
      parentHeader && validators.length > 0 ? (validators[0] as TestKey).publicKey : ZERO_HASH,
    vrfProof: ZERO_VRF_PROOF,
    transactions: txs,
    txids,
    heartbeats: [],
    previousCertificate,
  });
  return parent ? certify(params.chainId, block, validators) : { block, certificate: null };
}

export interface GenesisOptions {
  /** Outputs per wallet key (default 3). */
  readonly outputsPerKey?: number;
  /** Amount of each output (default 50,000 TIME, enough for Bronze and Silver collateral). */
  readonly amount?: bigint;
  readonly timestamp?: bigint;
}

/** A genesis block funding every wallet key; allocation transactions of at most 1,000 outputs each. */
export function buildGenesis(
  params: NetworkParams,
  wallet: TestWallet,
  opts: GenesisOptions = {},
): CertifiedBlock {
  const perKey = opts.outputsPerKey ?? 3;
  const amount = opts.amount ?? 50_000n * SAT_PER_TIME;
  const outputs = [];
  for (let round = 0; round < perKey; round++) {
    for (const key of wallet.keys) outputs.push({ amount, address: key.address });
  }
  const txs: Transaction[] = [];
  for (let i = 0; i < outputs.length || i === 0; i += 1000) {
    txs.push({
      version: TX_VERSION,
      inputs: [],
      outputs: outputs.slice(i, i + 1000),
      lockTime: BigInt(i / 1000),
      special: null,
    });
  }
  const [first, ...rest] = txs as [Transaction, ...Transaction[]];
  return assembleTestBlock(params, null, first, rest, [], opts.timestamp ?? 1_700_000_000_000n);
}
