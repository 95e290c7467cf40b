// Genesis files: each network's file rebuilds into a block that passes the kernel rules with verified
// signatures and the promised hash; the files are what the generator produces today; tampering of any kind
// is refused with a specific code.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addressFromPublicKey } from "../keys/address.js";
import { mnemonicToSeed } from "../keys/mnemonic.js";
import { derivePath, walletPath } from "../keys/slip10.js";
import {
  DEVNET,
  MAINNET,
  NETWORK_NAMES,
  networkParams,
  TESTNET,
  tierForCollateral,
} from "../params/network.js";
import { toHex } from "../types/bytes.js";
import { GenesisError } from "./errors.js";
import { DEVNET_ACCOUNTS, genesisSpecFor, toGenesisFile } from "./generate.js";
import { defaultNetworksDir, genesisFromJson, loadGenesis } from "./load.js";

async function fileJson(name: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(defaultNetworksDir(), name), "utf8"));
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof GenesisError) return err.code;
    throw err;
  }
  return "no error";
}

describe("genesis files", () => {
  it.each(NETWORK_NAMES)("%s: loads, verifies and matches the generator", async (name) => {
    const params = networkParams(name);
    const loaded = await loadGenesis(params);
    expect(loaded.block.header.height).toBe(0n);
    expect(loaded.block.header.chainId).toBe(params.chainId);
    expect(toHex(loaded.hash)).toBe((await fileJson(params.genesisFile)).blockHash);
    // The committed file is exactly what `npm run genesis` writes (no hand edits, no stale file).
    expect(await fileJson(params.genesisFile)).toEqual(
      JSON.parse(JSON.stringify(toGenesisFile(genesisSpecFor(params), params))),
    );
  });

  it("gives each network a different genesis", async () => {
    const hashes = await Promise.all(
      [MAINNET, TESTNET, DEVNET].map(async (p) => toHex((await loadGenesis(p)).hash)),
    );
    expect(new Set(hashes).size).toBe(3);
  });

  it("devnet funds the faucet and registers four voting masternodes keyed from the public test mnemonic", async () => {
    const json = await fileJson(DEVNET.genesisFile);
    const { spec, block } = await loadGenesis(DEVNET);
    const seed = mnemonicToSeed(json.testMnemonic as string);
    const faucet = derivePath(seed, walletPath(DEVNET_ACCOUNTS.faucet, 0, 0));
    const faucetAllocation = spec.allocations.find((a) => a.label === "faucet");
    expect(faucetAllocation?.amount).toBeGreaterThan(0n);
    expect(addressFromPublicKey(faucet.publicKey, DEVNET)).toBe(
      (json.allocations as { label: string; address: string }[]).find((a) => a.label === "faucet")?.address,
    );
    expect(spec.masternodes).toHaveLength(4);
    const registrations = block.transactions.filter((tx) => tx.special?.kind === "masternodeRegistration");
    expect(registrations).toHaveLength(4);
    for (const [i, mn] of spec.masternodes.entries()) {
      const operator = derivePath(seed, walletPath(DEVNET_ACCOUNTS.operator, 0, i));
      expect(toHex(mn.operatorPublicKey)).toBe(toHex(operator.publicKey));
      const collateral = spec.allocations[mn.collateralIndex];
      expect(tierForCollateral(collateral?.amount ?? 0n).votingWeight).toBeGreaterThan(0);
    }
  });
});

describe("tampered genesis files", () => {
  let devnet: Record<string, unknown>;
  beforeAll(async () => {
    devnet = await fileJson(DEVNET.genesisFile);
  });
  const edit = (change: (json: Record<string, unknown>) => void) => {
    const copy = structuredClone(devnet);
    change(copy);
    return () => genesisFromJson(copy, DEVNET);
  };

  it("refuses changed amounts, signatures, fields and networks", () => {
    expect(() => genesisFromJson(structuredClone(devnet), DEVNET)).not.toThrow();
    // Allocations feed the registrations' txids, so a changed amount breaks the signed registrations.
    expect(
      codeOf(
        edit((j) => (((j.allocations as { amount: string }[])[1] as { amount: string }).amount = "10000001")),
      ),
    ).toBe("GENESIS_BAD_SIGNATURE");
    expect(codeOf(edit((j) => (j.timestamp = (j.timestamp as number) + 1)))).toBe("GENESIS_HASH_MISMATCH");
    expect(
      codeOf(
        edit((j) => {
          const mn = (j.masternodes as { operatorSignature: string }[])[0] as { operatorSignature: string };
          mn.operatorSignature = `${mn.operatorSignature.slice(0, -2)}00`;
        }),
      ),
    ).toBe("GENESIS_BAD_SIGNATURE");
    expect(codeOf(edit((j) => (j.extra = 1)))).toBe("GENESIS_BAD_FIELD");
    expect(codeOf(edit((j) => (j.timestamp = -1)))).toBe("GENESIS_BAD_FIELD");
    expect(
      codeOf(
        edit(
          (j) => (((j.allocations as { address: string }[])[0] as { address: string }).address = "TIME1xyz"),
        ),
      ),
    ).toBe("GENESIS_BAD_FIELD");
    expect(
      codeOf(
        edit(
          (j) => (((j.allocations as { amount: string }[])[0] as { amount: string }).amount = "1.123456789"),
        ),
      ),
    ).toBe("GENESIS_BAD_FIELD");
    expect(
      codeOf(
        edit(
          (j) =>
            ((
              (j.masternodes as { networkAddress: string }[])[0] as { networkAddress: string }
            ).networkAddress = "nowhere"),
        ),
      ),
    ).toBe("GENESIS_BAD_FIELD");
    expect(codeOf(() => genesisFromJson(devnet, TESTNET))).toBe("GENESIS_WRONG_NETWORK");
    expect(codeOf(() => genesisFromJson("not an object", DEVNET))).toBe("GENESIS_BAD_FIELD");
    expect(codeOf(edit((j) => (j.blockHash = "00".repeat(32))))).toBe("GENESIS_HASH_MISMATCH");
  });

  describe("on disk", () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "time-genesis-"));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it("reports unreadable files and bad JSON with the file name", async () => {
      await expect(loadGenesis(DEVNET, dir)).rejects.toMatchObject({ code: "GENESIS_FILE_UNREADABLE" });
      await writeFile(join(dir, DEVNET.genesisFile), "{ not json");
      await expect(loadGenesis(DEVNET, dir)).rejects.toMatchObject({
        code: "GENESIS_BAD_JSON",
        details: { file: join(dir, DEVNET.genesisFile) },
      });
    });
  });
});
