import { describe, expect, it } from "vitest";
import { ed25519Scheme } from "../consensus/schemes.js";
import { verifyAll } from "../crypto/verify-pool.js";
import { MAX_BLOCK_HEARTBEATS, MAX_TX_OUTPUTS, REWARD_PAYEES_PER_POOL } from "../params/consensus.js";
import { DEVNET, MAINNET, TESTNET, withBlockInterval } from "../params/network.js";
import { deriveTestKeys, SeededRng, type TestKey } from "../testing/index.js";
import { compareBytes, toHex } from "../types/bytes.js";
import type { Block, Certificate, Heartbeat } from "../types/chain.js";
import type { MasternodeRecord } from "../types/state.js";
import {
  blockHeartbeatSignatureChecks,
  checkBlockHeartbeats,
  checkBlockHeartbeatsStructure,
  heartbeatWindowBlocks,
  lowestHeartbeatHeight,
  selectHeartbeatsForBlock,
} from "./block-heartbeats.js";
import { signHeartbeat } from "./heartbeat.js";
import { registryAt } from "./registry.js";
import { computeReward } from "./rewards.js";
import { makeRecord } from "./test-fixtures.js";

const params = DEVNET; // 5 s slots: a window of 36 blocks
const keys = deriveTestKeys("masternodes/block-heartbeats", 8);
const key = (i: number) => keys[i] as TestKey;
const idOf = (i: number) => toHex(key(i).publicKey);
const tiers = ["gold", "silver", "bronze", "free", "free", "bronze"] as const;
// Operators 0..5 are registered (every tier, Free included); 6 and 7 are not.
const records = tiers.map((tier, i) => makeRecord(key(i).publicKey, tier, key(i).address, i));
const registry = registryAt(records);

function hb(i: number, height: bigint, sequence = 1n, chainId = params.chainId): Heartbeat {
  return signHeartbeat(ed25519Scheme, chainId, key(i).seed, {
    operatorPublicKey: key(i).publicKey,
    height,
    timestamp: 1_700_000_000_000n + sequence,
    sequence,
  });
}

const byKey = (list: Heartbeat[]) =>
  [...list].sort((a, b) => compareBytes(a.operatorPublicKey, b.operatorPublicKey));
const ctx = (parentHeight: bigint) => ({
  params,
  parentHeight,
  registeredOperators: registry.operators,
  signatures: ed25519Scheme,
});
const codeOf = (heartbeats: Heartbeat[], parentHeight = 100n) =>
  checkBlockHeartbeats({ heartbeats }, ctx(parentHeight))?.code ?? null;

describe("heartbeat window", () => {
  it("is 180 s worth of blocks, rounded up", () => {
    expect(heartbeatWindowBlocks(MAINNET)).toBe(1n);
    expect(heartbeatWindowBlocks(TESTNET)).toBe(1n);
    expect(heartbeatWindowBlocks(DEVNET)).toBe(36n);
    expect(heartbeatWindowBlocks(withBlockInterval(DEVNET, 1_000))).toBe(180n);
    expect(heartbeatWindowBlocks(withBlockInterval(DEVNET, 7_000))).toBe(26n);
    expect(heartbeatWindowBlocks(withBlockInterval(DEVNET, 180_000))).toBe(1n);
    expect(heartbeatWindowBlocks(withBlockInterval(DEVNET, 100))).toBe(1_800n);
    expect(lowestHeartbeatHeight(DEVNET, 100n)).toBe(64n);
    expect(lowestHeartbeatHeight(DEVNET, 10n)).toBe(0n);
    expect(lowestHeartbeatHeight(MAINNET, 0n)).toBe(0n);
  });
});

describe("checkBlockHeartbeats", () => {
  it("accepts registered operators of every tier, signed for this network, inside the window", () => {
    expect(codeOf([])).toBeNull();
    expect(codeOf(byKey([hb(0, 100n), hb(1, 64n), hb(2, 80n), hb(3, 99n), hb(4, 100n)]))).toBeNull();
    expect(codeOf(byKey([hb(0, 0n), hb(3, 10n)]), 10n)).toBeNull();
  });

  it("refuses heights outside [parent - window, parent]", () => {
    expect(codeOf([hb(0, 63n)])).toBe("BLOCK_HEARTBEAT_OUT_OF_WINDOW");
    expect(codeOf([hb(0, 101n)])).toBe("BLOCK_HEARTBEAT_OUT_OF_WINDOW");
    const error = checkBlockHeartbeats({ heartbeats: byKey([hb(1, 90n), hb(2, 40n)]) }, ctx(100n));
    expect(error?.details).toMatchObject({ expected: "64..100", actual: "40" });
  });

  it("refuses unregistered operators, bad signatures, disorder and duplicates", () => {
    expect(codeOf([hb(6, 100n)])).toBe("BLOCK_HEARTBEAT_UNREGISTERED");
    expect(codeOf([hb(0, 100n, 1n, MAINNET.chainId)])).toBe("BLOCK_HEARTBEAT_BAD_SIGNATURE");
    const sorted = byKey([hb(0, 100n), hb(1, 100n)]);
    expect(codeOf([sorted[1] as Heartbeat, sorted[0] as Heartbeat])).toBe("BLOCK_HEARTBEATS_UNSORTED");
    expect(codeOf([hb(2, 99n, 1n), hb(2, 100n, 2n)])).toBe("BLOCK_HEARTBEATS_UNSORTED");
    const error = checkBlockHeartbeats(
      { heartbeats: byKey([hb(0, 100n), hb(1, 100n), hb(7, 100n)]) },
      ctx(100n),
    );
    expect(error?.code).toBe("BLOCK_HEARTBEAT_UNREGISTERED");
    expect(error?.details.operator).toBe(idOf(7));
  });

  it("refuses more than MAX_BLOCK_HEARTBEATS before looking at any of them", () => {
    const one = hb(0, 100n);
    const many = Array.from({ length: MAX_BLOCK_HEARTBEATS + 1 }, () => one);
    expect(codeOf(many)).toBe("BLOCK_HEARTBEATS_TOO_MANY");
  });

  it("batch signature checks agree with the synchronous rule", () => {
    const good = byKey([hb(0, 100n), hb(1, 99n), hb(2, 98n)]);
    const forged = good.map((h, i) => (i === 1 ? { ...h, signature: (good[0] as Heartbeat).signature } : h));
    for (const list of [good, forged]) {
      expect(checkBlockHeartbeatsStructure(list, ctx(100n))).toBeNull();
      const checks = blockHeartbeatSignatureChecks(list, params.chainId);
      const results = verifyAll(
        checks.map(
          (c) =>
            c ?? { publicKey: new Uint8Array(0), message: new Uint8Array(0), signature: new Uint8Array(0) },
        ),
      );
      const syncError = checkBlockHeartbeats({ heartbeats: list }, ctx(100n));
      expect(results.indexOf(false)).toBe(syncError ? syncError.details.heartbeatIndex : -1);
    }
  });
});

describe("selectHeartbeatsForBlock", () => {
  const select = (
    heartbeats: Heartbeat[],
    parentHeight: bigint,
    extra: { previousCertificate?: Certificate | null; signatures?: typeof ed25519Scheme } = {},
  ) =>
    selectHeartbeatsForBlock(heartbeats, {
      params,
      parentHeight,
      registeredOperators: registry.operators,
      previousCertificate: extra.previousCertificate ?? null,
      ...(extra.signatures ? { signatures: extra.signatures } : {}),
    });

  it("takes the latest in-window heartbeat per registered operator, sorted by key", () => {
    const pool = [
      hb(0, 90n, 1n),
      hb(0, 95n, 2n),
      hb(1, 99n, 5n),
      hb(1, 101n, 6n), // newest but above the parent: the older one is carried instead
      hb(2, 50n, 1n), // too old
      hb(3, 100n, 3n),
      hb(6, 100n, 1n), // not registered
    ];
    const chosen = select(pool, 100n);
    expect(chosen.map((h) => [toHex(h.operatorPublicKey), h.sequence])).toEqual(
      byKey([pool[1], pool[2], pool[5]] as Heartbeat[]).map((h) => [toHex(h.operatorPublicKey), h.sequence]),
    );
    expect(checkBlockHeartbeats({ heartbeats: chosen }, ctx(100n))).toBeNull();
  });

  it("skips operators who signed the previous certificate (eligible already)", () => {
    const certificate: Certificate = {
      height: 100n,
      round: 0,
      blockHash: new Uint8Array(32),
      precommits: [{ voterPublicKey: key(0).publicKey, signature: new Uint8Array(64) }],
    };
    const chosen = select([hb(0, 100n), hb(1, 100n)], 100n, { previousCertificate: certificate });
    expect(chosen.map((h) => toHex(h.operatorPublicKey))).toEqual([idOf(1)]);
  });

  it("drops badly signed heartbeats when asked to verify", () => {
    const forged = { ...hb(1, 100n, 9n), signature: hb(0, 100n).signature };
    const pool = [hb(1, 99n, 8n), forged];
    expect(select(pool, 100n)[0]?.sequence).toBe(9n);
    expect(select(pool, 100n, { signatures: ed25519Scheme })[0]?.sequence).toBe(8n);
  });

  it("caps at MAX_BLOCK_HEARTBEATS and rotates through the rest over consecutive heights", () => {
    const prng = new SeededRng(7);
    const shared = prng.bytes(20);
    const n = MAX_BLOCK_HEARTBEATS + 500;
    const many: MasternodeRecord[] = [];
    const pool: Heartbeat[] = [];
    for (let i = 0; i < n; i++) {
      const operatorPublicKey = prng.bytes(32);
      many.push(makeRecord(operatorPublicKey, "free", shared, i));
      pool.push({
        operatorPublicKey,
        height: 100n,
        timestamp: 1n,
        sequence: 1n,
        signature: new Uint8Array(64),
      });
    }
    const operators = registryAt(many).operators;
    const pick = (parentHeight: bigint) =>
      selectHeartbeatsForBlock(pool, {
        params,
        parentHeight,
        registeredOperators: operators,
        previousCertificate: null,
      });
    const a = pick(100n);
    const b = pick(101n);
    expect(a).toHaveLength(MAX_BLOCK_HEARTBEATS);
    expect(b).toHaveLength(MAX_BLOCK_HEARTBEATS);
    expect(
      checkBlockHeartbeatsStructure(a, { params, parentHeight: 100n, registeredOperators: operators }),
    ).toBeNull();
    const ids = (list: Heartbeat[]) => new Set(list.map((h) => toHex(h.operatorPublicKey)));
    expect(ids(a)).not.toEqual(ids(b));
    expect(new Set([...ids(a), ...ids(b)]).size).toBe(n);
  });

  it("carries heartbeats of more payees than a reward has outputs, and the reward stays valid", () => {
    const prng = new SeededRng(11);
    const n = MAX_TX_OUTPUTS + 300;
    const many: MasternodeRecord[] = [];
    const pool: Heartbeat[] = [];
    for (let i = 0; i < n; i++) {
      const operatorPublicKey = prng.bytes(32);
      many.push(makeRecord(operatorPublicKey, i % 2 === 0 ? "bronze" : "free", prng.bytes(20), i));
      pool.push({
        operatorPublicKey,
        height: 100n,
        timestamp: 1n,
        sequence: 1n,
        signature: new Uint8Array(64),
      });
    }
    const parent = registryAt(many);
    const proposer = many[0] as MasternodeRecord;
    const voters = many.slice(1, 41);
    const previousCertificate: Certificate = {
      height: 100n,
      round: 0,
      blockHash: new Uint8Array(32),
      precommits: voters
        .map((r) => ({ voterPublicKey: r.operatorPublicKey, signature: new Uint8Array(64) }))
        .sort((x, y) => compareBytes(x.voterPublicKey, y.voterPublicKey)),
    };
    const chosen = selectHeartbeatsForBlock(pool, {
      params,
      parentHeight: 100n,
      registeredOperators: parent.operators,
      previousCertificate,
    });
    // Every operator but the 40 voters (eligible through the certificate already).
    expect(chosen).toHaveLength(n - 40);
    const window = [98n, 99n, 100n].map((height) => ({
      header: { height } as Block["header"],
      previousCertificate: null,
      heartbeats: [],
    }));
    const reward = computeReward({
      height: 101n,
      parentRecords: parent.records,
      previousCertificate,
      heartbeats: chosen,
      window,
      proposerPublicKey: proposer.operatorPublicKey,
      fees: 0n,
      treasuryAddress: prng.bytes(20),
    });
    // Two pools of 400 payees each, the treasury and the producer.
    expect(reward.outputs).toHaveLength(2 * REWARD_PAYEES_PER_POOL + 2);
  });
});
