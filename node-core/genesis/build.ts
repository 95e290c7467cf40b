// Builds the genesis block from a specification: transaction 0 allocates the initial coins (its first
// output is the treasury), then one input-less registration per initial masternode, locking an allocation
// output as collateral, sorted by txid like every block. Pure: the same spec always gives the same block.
import { transactionId } from "../codec/index.js";
import { assembleBlock } from "../kernel/index.js";
import { TX_VERSION, VRF_PROOF_BYTES } from "../params/index.js";
import type { Block, MasternodeRegistration, Transaction } from "../types/index.js";
import { compareBytes } from "../types/index.js";
import type { GenesisMasternode, GenesisSpec } from "./spec.js";

export function allocationTransaction(spec: Pick<GenesisSpec, "allocations">): Transaction {
  return {
    version: TX_VERSION,
    inputs: [],
    outputs: spec.allocations.map((a) => ({ amount: a.amount, address: a.address })),
    lockTime: 0n,
    special: null,
  };
}

export function registrationTransaction(allocationTxid: Uint8Array, mn: GenesisMasternode): Transaction {
  const special: MasternodeRegistration = {
    kind: "masternodeRegistration",
    collateral: { txid: allocationTxid, index: mn.collateralIndex },
    collateralPublicKey: mn.collateralPublicKey,
    operatorPublicKey: mn.operatorPublicKey,
    payoutAddress: mn.payoutAddress,
    networkAddress: mn.networkAddress,
    collateralSignature: mn.collateralSignature,
    operatorSignature: mn.operatorSignature,
  };
  return { version: TX_VERSION, inputs: [], outputs: [], lockTime: 0n, special };
}

export function buildGenesisBlock(spec: GenesisSpec): Block {
  const allocation = allocationTransaction(spec);
  const allocationTxid = transactionId(allocation);
  const registrations = spec.masternodes
    .map((mn) => {
      const tx = registrationTransaction(allocationTxid, mn);
      return { tx, txid: transactionId(tx) };
    })
    .sort((a, b) => compareBytes(a.txid, b.txid));
  const transactions = [allocation, ...registrations.map((r) => r.tx)];
  const txids = [allocationTxid, ...registrations.map((r) => r.txid)];
  return assembleBlock({
    chainId: spec.chainId,
    height: 0n,
    previousHash: new Uint8Array(32),
    timestamp: spec.timestamp,
    round: 0,
    proposerPublicKey: new Uint8Array(32),
    vrfProof: new Uint8Array(VRF_PROOF_BYTES),
    transactions,
    txids,
    heartbeats: [],
    previousCertificate: null,
  });
}
