// The offline signer end to end: an unsigned transaction spending the devnet faucet's genesis allocation
// (keyed from the public devnet testMnemonic, account 1) plus an output on the change chain past the gap,
// signed through runCli, must pass the kernel's transaction check against a UTXO view holding those outputs,
// with every signature verifying. Refusals name the input and never print the phrase.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeTransaction, encodeTransaction, transactionId, transactionSize } from "../../codec/index.js";
import { verify } from "../../crypto/index.js";
import { loadGenesis } from "../../genesis/index.js";
import { checkTransaction, MapStateView } from "../../kernel/index.js";
import {
  addressFromPublicKey,
  derivePath,
  mnemonicToSeed,
  parseAddress,
  walletPath,
} from "../../keys/index.js";
import { DEVNET, minimumFee, TESTNET, TX_VERSION } from "../../params/index.js";
import {
  bytesEqual,
  fromHex,
  type OutPoint,
  SAT_PER_TIME,
  type Transaction,
  toHex,
} from "../../types/index.js";
import type { CliIo } from "./context.js";
import { runCli } from "./main.js";

const ROOT = new URL("../../../", import.meta.url);
const genesisJson = JSON.parse(
  readFileSync(new URL("assets/networks/devnet.genesis.json", ROOT), "utf8"),
) as {
  testMnemonic: string;
  allocations: { label: string; address: string; amount: string }[];
};
const FAUCET = genesisJson.allocations.find((a) => a.label === "faucet")?.address as string;
const TREASURY = genesisJson.allocations.find((a) => a.label === "treasury")?.address as string;
const FAUCET_ACCOUNT = "1";

const dir = mkdtempSync(join(tmpdir(), "time-cli-sign-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const mnemonicFile = join(dir, "devnet.mnemonic");
writeFileSync(mnemonicFile, `${genesisJson.testMnemonic}\n`);

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliWith("", ...args);
}

async function cliWith(
  input: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    writeOut: (t) => {
      stdout += t;
    },
    writeErr: (t) => {
      stderr += t;
    },
    readIn: async function* () {
      if (input !== "") yield Buffer.from(input);
    },
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

const seed = mnemonicToSeed(genesisJson.testMnemonic);
let faucetOutpoint: OutPoint;
let faucetAmount: bigint;
const view = new MapStateView();
// A second coin of the faucet's wallet on the change chain at index 25: past the first 20, so the signer
// must scan on to find it.
const changeKey = derivePath(seed, walletPath(1, 1, 25));
const CHANGE_ADDRESS = addressFromPublicKey(changeKey.publicKey, DEVNET);
const changeOutpoint: OutPoint = { txid: new Uint8Array(32).fill(7), index: 3 };
const CHANGE_AMOUNT = 50n * SAT_PER_TIME;

beforeAll(async () => {
  const genesis = await loadGenesis(DEVNET);
  const payload = parseAddress(FAUCET, DEVNET);
  for (const tx of genesis.block.transactions) {
    const index = tx.outputs.findIndex((o) => bytesEqual(o.address, payload));
    if (index >= 0) {
      faucetOutpoint = { txid: transactionId(tx), index };
      faucetAmount = (tx.outputs[index] as Transaction["outputs"][number]).amount;
    }
  }
  expect(faucetAmount).toBe(10_000_000n * SAT_PER_TIME);
  view.setUtxo(faucetOutpoint, { amount: faucetAmount, address: payload, height: 0n, isReward: false });
  view.setUtxo(changeOutpoint, {
    amount: CHANGE_AMOUNT,
    address: parseAddress(CHANGE_ADDRESS, DEVNET),
    height: 0n,
    isReward: false,
  });
});

/** An unsigned transaction: zero witnesses, unless a public key is given for an input. */
function unsigned(prevouts: OutPoint[], publicKeys: (Uint8Array | undefined)[] = []): Transaction {
  const spent = prevouts.reduce((sum, p) => sum + (view.getUtxo(p)?.amount ?? 0n), 0n);
  const draft: Transaction = {
    version: TX_VERSION,
    inputs: prevouts.map((prevout, i) => ({
      prevout,
      publicKey: publicKeys[i] ?? new Uint8Array(32),
      signature: new Uint8Array(64),
    })),
    outputs: [
      { amount: 1_000n * SAT_PER_TIME, address: parseAddress(TREASURY, DEVNET) },
      { amount: 0n, address: parseAddress(FAUCET, DEVNET) },
    ],
    lockTime: 0n,
    special: null,
  };
  const fee = minimumFee(transactionSize(draft));
  return {
    ...draft,
    outputs: [
      draft.outputs[0] as Transaction["outputs"][number],
      {
        ...(draft.outputs[1] as Transaction["outputs"][number]),
        amount: spent - 1_000n * SAT_PER_TIME - fee,
      },
    ],
  };
}

/** Runs the kernel's check on devnet (throws on a rule broken) and says whether every signature verifies. */
function expectValid(hex: string): boolean {
  const tx = decodeTransaction(fromHex(hex));
  const result = checkTransaction(tx, transactionId(tx), view, { chainId: DEVNET.chainId, height: 1n });
  return result.signatureChecks.every((c) => verify(c.publicKey, c.message, c.signature));
}

describe("sign-transaction", () => {
  it("signs a spend of the devnet faucet's genesis output that the kernel accepts", async () => {
    const tx = unsigned([faucetOutpoint]);
    const result = await cli(
      "sign-transaction",
      "--mnemonic-file",
      mnemonicFile,
      "--network",
      "devnet",
      "--account",
      FAUCET_ACCOUNT,
      "--prevouts",
      FAUCET,
      toHex(encodeTransaction(tx)),
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^[0-9a-f]+\n$/);
    expect(expectValid(result.stdout.trim())).toBe(true);
    const signed = decodeTransaction(fromHex(result.stdout.trim()));
    expect(signed.outputs).toEqual(tx.outputs);
    expect(result.stdout + result.stderr).not.toContain(genesisJson.testMnemonic.split(" ")[0]);
  });

  it("finds a key on the change chain past the gap, and keys named in the transaction", async () => {
    const faucetKey = derivePath(seed, walletPath(1, 0, 0)).publicKey;
    const hex = toHex(encodeTransaction(unsigned([faucetOutpoint, changeOutpoint])));
    const viaPrevouts = await cli(
      "sign-transaction",
      "--mnemonic-file",
      mnemonicFile,
      "--network=devnet",
      "--account=1",
      `--prevouts=${FAUCET}, ${CHANGE_ADDRESS}`,
      hex,
    );
    expect(viaPrevouts.code).toBe(0);
    expect(expectValid(viaPrevouts.stdout.trim())).toBe(true);
    const named = toHex(
      encodeTransaction(unsigned([faucetOutpoint, changeOutpoint], [faucetKey, changeKey.publicKey])),
    );
    const viaKeys = await cli(
      "sign-transaction",
      "--mnemonic-file",
      mnemonicFile,
      "--network=devnet",
      "--account=1",
      named,
    );
    expect(viaKeys.code).toBe(0);
    // The same keys make the same txid, and ed25519 signatures are deterministic.
    expect(viaKeys.stdout).toBe(viaPrevouts.stdout);
  });

  it("reads the transaction from standard input for '-'", async () => {
    const hex = toHex(encodeTransaction(unsigned([faucetOutpoint])));
    const base = ["sign-transaction", "--network=devnet", "--account=1", `--prevouts=${FAUCET}`];
    const fromArg = await cli(...base, "--mnemonic-file", mnemonicFile, hex);
    const fromStdin = await cliWith(`${hex}\n`, ...base, "--mnemonic-file", mnemonicFile, "-");
    expect(fromStdin).toEqual(fromArg);
    const both = await cliWith(hex, ...base, "--mnemonic-file", "-", "-");
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/only one of --mnemonic-file, --passphrase-file and the transaction/);
  });

  it("binds the signatures to the network: a testnet signature fails on devnet", async () => {
    const hex = toHex(encodeTransaction(unsigned([faucetOutpoint])));
    const testnetAddress = addressFromPublicKey(derivePath(seed, walletPath(1, 0, 0)).publicKey, TESTNET);
    const result = await cli(
      "sign-transaction",
      "--mnemonic-file",
      mnemonicFile,
      "--network=testnet",
      "--account=1",
      `--prevouts=${testnetAddress}`,
      hex,
    );
    expect(result.code).toBe(0);
    expect(expectValid(result.stdout.trim())).toBe(false);
  });

  it("refuses, naming the input, what it cannot sign", async () => {
    const one = toHex(encodeTransaction(unsigned([faucetOutpoint])));
    const two = toHex(encodeTransaction(unsigned([faucetOutpoint, changeOutpoint])));
    const base = ["sign-transaction", "--mnemonic-file", mnemonicFile, "--network=devnet"];
    const cases: [string[], RegExp][] = [
      [
        [...base, "--account=0", `--prevouts=${FAUCET}`, one],
        /^input 0: the address --prevouts gives for it is not among the first 1000 receive and change addresses of account 0/,
      ],
      [[...base, "--account=1", one], /^input 0 names no public key; give the address .* with --prevouts/],
      [[...base, "--account=1", `--prevouts=${FAUCET}`, two], /^--prevouts gives 1 address for 2 inputs/],
      [
        [...base, "--account=1", `--prevouts=${FAUCET},${TREASURY}`, two],
        /^input 1: the address --prevouts gives for it is not among/,
      ],
      [
        [...base, "--account=1", "--prevouts=TIME1AXFLiWUT5wLFBTLuF4Nw4SkeUt2zaBtRh", one],
        /^--prevouts entry 0 \(for input 0\): .*network/i,
      ],
      [[...base, "--account=1", `--prevouts=${FAUCET}`, "abc"], /must be given as hexadecimal/],
      [[...base, "--account=1", `--prevouts=${FAUCET}`, `${one}00`], /does not decode/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(...args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr.replace(/^time-cli: error: /, "")).toMatch(message);
      expect(result.stderr).not.toContain(genesisJson.testMnemonic.split(" ")[1]);
    }
  });
});
