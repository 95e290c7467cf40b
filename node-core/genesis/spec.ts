// The genesis specification: the JSON shape of assets/networks/<network>.genesis.json and its strict
// parser. Every field is checked (types, hex lengths, addresses for the right network, amounts as decimal
// TIME strings) and unknown fields are refused, so a typo can never silently change the genesis block.
import { isValidNetworkAddress } from "../kernel/index.js";
import { parseAddress } from "../keys/index.js";
import { isNetworkName, type NetworkName, type NetworkParams } from "../params/index.js";
import { fromHex, parseTime } from "../types/index.js";
import { GenesisError } from "./errors.js";

export interface GenesisAllocation {
  readonly label: string;
  readonly address: Uint8Array;
  readonly amount: bigint;
}

export interface GenesisMasternode {
  readonly label: string;
  /** Index of the collateral output in the allocation transaction. */
  readonly collateralIndex: number;
  readonly collateralPublicKey: Uint8Array;
  readonly operatorPublicKey: Uint8Array;
  readonly payoutAddress: Uint8Array;
  readonly networkAddress: string;
  readonly collateralSignature: Uint8Array;
  readonly operatorSignature: Uint8Array;
}

export interface GenesisSpec {
  readonly network: NetworkName;
  readonly chainId: number;
  /** Milliseconds since the Unix epoch. */
  readonly timestamp: bigint;
  /** allocations[0]: the treasury, whose address receives the treasury share of every block reward. */
  readonly allocations: readonly GenesisAllocation[];
  readonly masternodes: readonly GenesisMasternode[];
  /** Expected block hash; the loader refuses a file whose rebuilt block hashes differently. */
  readonly blockHash: Uint8Array;
}

/** The file format (all bytes hex, amounts decimal TIME strings, addresses in TIME form). */
export interface GenesisFile {
  format: 1;
  network: NetworkName;
  chainId: number;
  timestamp: number;
  description: string;
  /** Devnet only: the PUBLIC mnemonic whose keys fund the faucet and run the devnet masternodes. */
  testMnemonic?: string;
  /** The first allocation is the treasury (label "treasury"). */
  allocations: { label: string; address: string; amount: string }[];
  masternodes: {
    label: string;
    collateralIndex: number;
    collateralPublicKey: string;
    operatorPublicKey: string;
    payoutAddress: string;
    networkAddress: string;
    collateralSignature: string;
    operatorSignature: string;
  }[];
  blockHash: string;
}

type Json = Record<string, unknown>;

function fail(field: string, message: string): never {
  throw new GenesisError("GENESIS_BAD_FIELD", `${field}: ${message}`, { field });
}

function object(
  value: unknown,
  field: string,
  keys: readonly string[],
  optional: readonly string[] = [],
): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(field, "must be an object");
  const obj = value as Json;
  for (const key of Object.keys(obj)) {
    if (!keys.includes(key) && !optional.includes(key)) fail(`${field}.${key}`, "unknown field");
  }
  for (const key of keys) if (!(key in obj)) fail(`${field}.${key}`, "missing");
  return obj;
}

function string(value: unknown, field: string, maxLength = 1000): string {
  if (typeof value !== "string" || value.length > maxLength)
    fail(field, `must be a string of <= ${maxLength}`);
  return value;
}

function integer(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min || value > max) {
    fail(field, `must be an integer in ${min}..${max}`);
  }
  return value;
}

function hex(value: unknown, field: string, bytes: number): Uint8Array {
  const text = string(value, field);
  if (!/^[0-9a-f]*$/.test(text) || text.length !== bytes * 2)
    fail(field, `must be ${bytes} bytes of lowercase hex`);
  return fromHex(text);
}

function address(value: unknown, field: string, params: NetworkParams): Uint8Array {
  try {
    return parseAddress(string(value, field, 100), params);
  } catch (err) {
    fail(field, err instanceof Error ? err.message : "invalid address");
  }
}

function array(value: unknown, field: string, max: number): unknown[] {
  if (!Array.isArray(value) || value.length > max) fail(field, `must be an array of at most ${max} items`);
  return value;
}

export function parseGenesisFile(json: unknown, params: NetworkParams): GenesisSpec {
  const root = object(
    json,
    "$",
    ["format", "network", "chainId", "timestamp", "description", "allocations"],
    ["testMnemonic", "masternodes", "blockHash"],
  );
  if (root.format !== 1) fail("$.format", "must be 1");
  const network = string(root.network, "$.network");
  if (!isNetworkName(network) || network !== params.name) {
    throw new GenesisError("GENESIS_WRONG_NETWORK", `genesis file is for "${network}", not ${params.name}`, {
      expected: params.name,
      actual: network,
    });
  }
  const chainId = integer(root.chainId, "$.chainId", 0, 0xffff_ffff);
  if (chainId !== params.chainId) {
    throw new GenesisError("GENESIS_WRONG_NETWORK", "chain id does not match the network preset", {
      expected: String(params.chainId),
      actual: String(chainId),
    });
  }
  string(root.description, "$.description");
  if (root.testMnemonic !== undefined) string(root.testMnemonic, "$.testMnemonic");
  const allocations = array(root.allocations, "$.allocations", 10_000).map((item, i) => {
    const f = `$.allocations[${i}]`;
    const a = object(item, f, ["label", "address", "amount"]);
    let amount: bigint;
    try {
      amount = parseTime(string(a.amount, `${f}.amount`, 40));
    } catch {
      fail(`${f}.amount`, "must be a TIME decimal string with at most 8 decimals");
    }
    return {
      label: string(a.label, `${f}.label`, 100),
      address: address(a.address, `${f}.address`, params),
      amount,
    };
  });
  if (allocations[0]?.label !== "treasury")
    fail("$.allocations[0].label", 'the first allocation is "treasury"');
  const masternodes = array(root.masternodes ?? [], "$.masternodes", 1000).map((item, i) => {
    const f = `$.masternodes[${i}]`;
    const m = object(item, f, [
      "label",
      "collateralIndex",
      "collateralPublicKey",
      "operatorPublicKey",
      "payoutAddress",
      "networkAddress",
      "collateralSignature",
      "operatorSignature",
    ]);
    const networkAddress = string(m.networkAddress, `${f}.networkAddress`, 64);
    if (!isValidNetworkAddress(networkAddress)) fail(`${f}.networkAddress`, "must be host:port");
    return {
      label: string(m.label, `${f}.label`, 100),
      collateralIndex: integer(m.collateralIndex, `${f}.collateralIndex`, 0, allocations.length - 1),
      collateralPublicKey: hex(m.collateralPublicKey, `${f}.collateralPublicKey`, 32),
      operatorPublicKey: hex(m.operatorPublicKey, `${f}.operatorPublicKey`, 32),
      payoutAddress: address(m.payoutAddress, `${f}.payoutAddress`, params),
      networkAddress,
      collateralSignature: hex(m.collateralSignature, `${f}.collateralSignature`, 64),
      operatorSignature: hex(m.operatorSignature, `${f}.operatorSignature`, 64),
    };
  });
  return {
    network: params.name,
    chainId,
    timestamp: BigInt(integer(root.timestamp, "$.timestamp", 0, Number.MAX_SAFE_INTEGER)),
    allocations,
    masternodes,
    blockHash: root.blockHash === undefined ? new Uint8Array(0) : hex(root.blockHash, "$.blockHash", 32),
  };
}
