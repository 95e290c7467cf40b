// The genesis specifications of every network, as written to assets/networks/ by write-files.ts.
// Deterministic: the devnet keys come from a fixed PUBLIC test mnemonic, so rerunning gives identical files.
// Mainnet and testnet launch allocations are not decided yet: their files allocate only a marker output to
// an address nobody holds the key of, and register no masternodes.
import { specialSigningMessage, transactionId } from "../codec/index.js";
import { sha256, sign } from "../crypto/index.js";
import {
  addressPayloadFromPublicKey,
  derivePath,
  encodeAddress,
  entropyToMnemonic,
  mnemonicToSeed,
  walletPath,
} from "../keys/index.js";
import type { NetworkParams } from "../params/index.js";
import { DOMAIN, DUST_LIMIT } from "../params/index.js";
import { formatTime, SAT_PER_TIME, toHex, utf8 } from "../types/index.js";
import { allocationTransaction, buildGenesisBlock, registrationTransaction } from "./build.js";
import { verifyGenesisBlock } from "./load.js";
import type { GenesisAllocation, GenesisFile, GenesisMasternode, GenesisSpec } from "./spec.js";

/** 2026-01-01T00:00:00Z */
const GENESIS_TIMESTAMP = 1_767_225_600_000n;

/** PUBLIC devnet mnemonic: anyone can derive these keys. Never send value to them on another network. */
export const DEVNET_TEST_MNEMONIC = entropyToMnemonic(
  sha256(utf8.encode("TIME Coin devnet: public test keys, worthless by design")),
);

/** Derivation accounts of the devnet roles (all under m/44'/0'/account'/0'/index'). */
export const DEVNET_ACCOUNTS = Object.freeze({
  treasury: 0,
  faucet: 1,
  collateral: 2,
  operator: 3,
  payout: 4,
});
export const DEVNET_MASTERNODES = 4;
export const DEVNET_FAUCET_AMOUNT = 10_000_000n * SAT_PER_TIME;
export const DEVNET_COLLATERAL = 1_000n * SAT_PER_TIME;

function devnetKey(account: number, index: number) {
  return derivePath(mnemonicToSeed(DEVNET_TEST_MNEMONIC), walletPath(account, 0, index));
}

/**
 * The PUBLIC devnet key of a role (e.g. masternode i's operator key, the faucet's key): what the devnet
 * runner hands its daemons. Worthless by design: the mnemonic is in the genesis file.
 */
export function devnetRoleKey(
  role: keyof typeof DEVNET_ACCOUNTS,
  index: number,
): { readonly privateKey: Uint8Array; readonly publicKey: Uint8Array } {
  const key = devnetKey(DEVNET_ACCOUNTS[role], index);
  return { privateKey: key.privateKey, publicKey: key.publicKey };
}

function devnetSpec(params: NetworkParams): GenesisSpec {
  const allocations: GenesisAllocation[] = [
    {
      label: "treasury",
      address: addressPayloadFromPublicKey(devnetKey(DEVNET_ACCOUNTS.treasury, 0).publicKey),
      amount: 1_000n * SAT_PER_TIME,
    },
    {
      label: "faucet",
      address: addressPayloadFromPublicKey(devnetKey(DEVNET_ACCOUNTS.faucet, 0).publicKey),
      amount: DEVNET_FAUCET_AMOUNT,
    },
  ];
  const unsigned: GenesisMasternode[] = [];
  for (let i = 0; i < DEVNET_MASTERNODES; i++) {
    const collateral = devnetKey(DEVNET_ACCOUNTS.collateral, i);
    allocations.push({
      label: `masternode-${i}-collateral`,
      address: addressPayloadFromPublicKey(collateral.publicKey),
      amount: DEVNET_COLLATERAL,
    });
    unsigned.push({
      label: `masternode-${i}`,
      collateralIndex: allocations.length - 1,
      collateralPublicKey: collateral.publicKey,
      operatorPublicKey: devnetKey(DEVNET_ACCOUNTS.operator, i).publicKey,
      payoutAddress: addressPayloadFromPublicKey(devnetKey(DEVNET_ACCOUNTS.payout, i).publicKey),
      networkAddress: `127.0.0.1:${params.p2pPort + 10 + i}`,
      collateralSignature: new Uint8Array(64),
      operatorSignature: new Uint8Array(64),
    });
  }
  const allocationTxid = transactionId(allocationTransaction({ allocations }));
  const masternodes = unsigned.map((mn, i) => {
    const txid = transactionId(registrationTransaction(allocationTxid, mn));
    return {
      ...mn,
      collateralSignature: sign(
        devnetKey(DEVNET_ACCOUNTS.collateral, i).privateKey,
        specialSigningMessage(DOMAIN.masternodeCollateral, params.chainId, txid),
      ),
      operatorSignature: sign(
        devnetKey(DEVNET_ACCOUNTS.operator, i).privateKey,
        specialSigningMessage(DOMAIN.masternodeOperator, params.chainId, txid),
      ),
    };
  });
  return withHash(
    {
      network: params.name,
      chainId: params.chainId,
      timestamp: GENESIS_TIMESTAMP,
      allocations,
      masternodes,
      blockHash: new Uint8Array(0),
    },
    params,
  );
}

function provisionalSpec(params: NetworkParams): GenesisSpec {
  // SHA-256 prefix of a phrase: finding a public key that hashes to it is a preimage attack, so no one can spend it.
  const marker = sha256(utf8.encode(`TIME Coin ${params.name} genesis: unspendable treasury marker`)).slice(
    0,
    20,
  );
  const allocations = [{ label: "treasury", address: marker, amount: DUST_LIMIT }];
  return withHash(
    {
      network: params.name,
      chainId: params.chainId,
      timestamp: GENESIS_TIMESTAMP,
      allocations,
      masternodes: [],
      blockHash: new Uint8Array(0),
    },
    params,
  );
}

function withHash(spec: GenesisSpec, params: NetworkParams): GenesisSpec {
  return { ...spec, blockHash: verifyGenesisBlock(buildGenesisBlock(spec), params) };
}

export function toGenesisFile(spec: GenesisSpec, params: NetworkParams): GenesisFile {
  const devnet = params.name === "devnet";
  return {
    format: 1,
    network: spec.network,
    chainId: spec.chainId,
    timestamp: Number(spec.timestamp),
    description: devnet
      ? "Local development network: a funded faucet and four Bronze masternodes, all keyed from testMnemonic (public)."
      : "Provisional genesis: launch allocations and initial masternodes are not decided; the treasury is an unspendable marker.",
    ...(devnet ? { testMnemonic: DEVNET_TEST_MNEMONIC } : {}),
    allocations: spec.allocations.map((a) => ({
      label: a.label,
      address: encodeAddress(a.address, params),
      amount: formatTime(a.amount),
    })),
    masternodes: spec.masternodes.map((m) => ({
      label: m.label,
      collateralIndex: m.collateralIndex,
      collateralPublicKey: toHex(m.collateralPublicKey),
      operatorPublicKey: toHex(m.operatorPublicKey),
      payoutAddress: encodeAddress(m.payoutAddress, params),
      networkAddress: m.networkAddress,
      collateralSignature: toHex(m.collateralSignature),
      operatorSignature: toHex(m.operatorSignature),
    })),
    blockHash: toHex(spec.blockHash),
  };
}

export function genesisSpecFor(params: NetworkParams): GenesisSpec {
  return params.name === "devnet" ? devnetSpec(params) : provisionalSpec(params);
}
