// The JSON forms of consensus objects in API results: bytes as lowercase hex, amounts as TIME decimal
// strings, addresses in their network's text form, heights and times (ms) as numbers. A u64 a user sets
// (lock time) is a number while it is a safe integer and a decimal string beyond.
import {
  blockHash,
  encodeBlock,
  transactionId,
  transactionSize,
  witnessTransactionId,
} from "../codec/index.js";
import { addressPayloadFromPublicKey, encodeAddress } from "../keys/index.js";
import type { NetworkParams } from "../params/index.js";
import type {
  AddressPayload,
  Block,
  BlockHeader,
  Certificate,
  Heartbeat,
  OutPoint,
  SpecialPayload,
  Transaction,
  UtxoEntry,
} from "../types/index.js";
import { formatTime, toHex } from "../types/index.js";

export function u64Json(value: bigint): number | string {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

export function addressJson(payload: AddressPayload, params: NetworkParams): string {
  return encodeAddress(payload, params);
}

export interface OutPointJson {
  readonly txid: string;
  readonly vout: number;
}

export function outPointJson(outpoint: OutPoint): OutPointJson {
  return { txid: toHex(outpoint.txid), vout: outpoint.index };
}

export interface InputJson extends OutPointJson {
  readonly publicKey: string;
  /** The address the public key spends from. */
  readonly address: string;
  readonly signature: string;
}

export interface OutputJson {
  readonly n: number;
  readonly value: string;
  readonly address: string;
}

export type SpecialJson =
  | {
      readonly kind: "masternodeRegistration";
      readonly collateral: OutPointJson;
      readonly collateralPublicKey: string;
      readonly operatorPublicKey: string;
      readonly payoutAddress: string;
      readonly networkAddress: string;
    }
  | {
      readonly kind: "masternodeDeregistration";
      readonly collateral: OutPointJson;
      readonly collateralPublicKey: string;
    }
  | {
      readonly kind: "payoutChange";
      readonly collateral: OutPointJson;
      readonly collateralPublicKey: string;
      readonly payoutAddress: string;
    };

export interface TransactionJson {
  readonly txid: string;
  /** BLAKE3 of the full encoding, witnesses included. */
  readonly wtxid: string;
  readonly version: number;
  readonly size: number;
  readonly locktime: number | string;
  readonly vin: readonly InputJson[];
  readonly vout: readonly OutputJson[];
  readonly special: SpecialJson | null;
}

export function specialJson(special: SpecialPayload, params: NetworkParams): SpecialJson {
  switch (special.kind) {
    case "masternodeRegistration":
      return {
        kind: special.kind,
        collateral: outPointJson(special.collateral),
        collateralPublicKey: toHex(special.collateralPublicKey),
        operatorPublicKey: toHex(special.operatorPublicKey),
        payoutAddress: addressJson(special.payoutAddress, params),
        networkAddress: special.networkAddress,
      };
    case "masternodeDeregistration":
      return {
        kind: special.kind,
        collateral: outPointJson(special.collateral),
        collateralPublicKey: toHex(special.collateralPublicKey),
      };
    case "payoutChange":
      return {
        kind: special.kind,
        collateral: outPointJson(special.collateral),
        collateralPublicKey: toHex(special.collateralPublicKey),
        payoutAddress: addressJson(special.payoutAddress, params),
      };
  }
}

export function transactionJson(tx: Transaction, params: NetworkParams): TransactionJson {
  return {
    txid: toHex(transactionId(tx)),
    wtxid: toHex(witnessTransactionId(tx)),
    version: tx.version,
    size: transactionSize(tx),
    locktime: u64Json(tx.lockTime),
    vin: tx.inputs.map((input) => ({
      ...outPointJson(input.prevout),
      publicKey: toHex(input.publicKey),
      address: addressJson(addressPayloadFromPublicKey(input.publicKey), params),
      signature: toHex(input.signature),
    })),
    vout: tx.outputs.map((output, n) => ({
      n,
      value: formatTime(output.amount),
      address: addressJson(output.address, params),
    })),
    special: tx.special === null ? null : specialJson(tx.special, params),
  };
}

export interface HeaderJson {
  readonly hash: string;
  readonly height: number;
  readonly version: number;
  readonly chainId: number;
  readonly previousblockhash: string;
  readonly merkleroot: string;
  readonly witnessroot: string;
  readonly extrashash: string;
  /** ms since the Unix epoch (start of the block's slot). */
  readonly timestamp: number;
  readonly round: number;
  readonly proposer: string;
  readonly vrfproof: string;
}

export function headerJson(header: BlockHeader): HeaderJson {
  return {
    hash: toHex(blockHash(header)),
    height: Number(header.height),
    version: header.version,
    chainId: header.chainId,
    previousblockhash: toHex(header.previousHash),
    merkleroot: toHex(header.merkleRoot),
    witnessroot: toHex(header.witnessRoot),
    extrashash: toHex(header.extrasHash),
    timestamp: Number(header.timestamp),
    round: header.round,
    proposer: toHex(header.proposerPublicKey),
    vrfproof: toHex(header.vrfProof),
  };
}

export interface CertificateJson {
  readonly height: number;
  readonly round: number;
  readonly blockhash: string;
  readonly precommits: readonly { readonly voter: string; readonly signature: string }[];
}

export function certificateJson(certificate: Certificate): CertificateJson {
  return {
    height: Number(certificate.height),
    round: certificate.round,
    blockhash: toHex(certificate.blockHash),
    precommits: certificate.precommits.map((p) => ({
      voter: toHex(p.voterPublicKey),
      signature: toHex(p.signature),
    })),
  };
}

export interface HeartbeatJson {
  readonly operator: string;
  readonly height: number;
  readonly timestamp: number;
  readonly sequence: number | string;
}

export function heartbeatJson(hb: Heartbeat): HeartbeatJson {
  return {
    operator: toHex(hb.operatorPublicKey),
    height: Number(hb.height),
    timestamp: Number(hb.timestamp),
    sequence: u64Json(hb.sequence),
  };
}

export function blockSize(block: Block): number {
  return encodeBlock(block).length;
}

export interface UtxoJson {
  readonly value: string;
  readonly address: string;
  readonly height: number;
  /** Created by a block reward (or a genesis allocation). */
  readonly coinbase: boolean;
}

export function utxoJson(entry: UtxoEntry, params: NetworkParams): UtxoJson {
  return {
    value: formatTime(entry.amount),
    address: addressJson(entry.address, params),
    height: Number(entry.height),
    coinbase: entry.isReward,
  };
}
