import { describe, expect, it } from "vitest";
import { blockHash, encodeMasternodeRecord } from "../codec/index.js";
import type { BlockEffects } from "../kernel/effects.js";
import { applyEffects, checkBlock, MapStateView, outpointKey } from "../kernel/index.js";
import { buildChild, SeededRng, TestChain } from "../testing/index.js";
import { toHex } from "../types/bytes.js";
import type { CertifiedBlock } from "../types/chain.js";
import type { MasternodeRecord } from "../types/state.js";
import { MasternodeError } from "./errors.js";
import { MasternodeRegistry, type RegistrySnapshot, registryAt, tierCounts } from "./registry.js";
import { makeRecord } from "./test-fixtures.js";

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Everything a snapshot says, as plain comparable data. */
function view(snapshot: RegistrySnapshot) {
  return {
    records: snapshot.records.map((r) => toHex(encodeMasternodeRecord(r))),
    validators: snapshot.votingSet.validators.map((v) => ({
      id: v.id,
      weight: v.weight,
      tier: v.tier,
      payout: toHex(v.payoutAddress),
      collateral: outpointKey(v.collateral),
    })),
    totalWeight: snapshot.votingSet.totalWeight,
    tierCounts: snapshot.tierCounts,
    operators: [...snapshot.operators.keys()],
  };
}

/** Replays the chain from genesis through the kernel into a fresh state: the registry after each block. */
function replay(chain: TestChain): RegistrySnapshot[] {
  const state = new MapStateView();
  const out: RegistrySnapshot[] = [];
  let parent: { hash: Uint8Array; height: bigint } | null = null;
  for (const certified of chain.blocks) {
    const effects = checkBlock(certified.block, state, { params: chain.params, parent });
    applyEffects(state, effects);
    parent = { hash: blockHash(certified.block.header), height: certified.block.header.height };
    out.push(registryAt(state.masternodes.values()));
  }
  return out;
}

describe("registryAt", () => {
  const prng = new SeededRng(3);
  const records = (["gold", "silver", "bronze", "free", "free", "bronze"] as const).map((tier, i) =>
    makeRecord(prng.bytes(32), tier, prng.bytes(20), i),
  );

  it("derives the voting set and tier counts from records alone, whatever their order", () => {
    const a = registryAt(records);
    const b = registryAt([...records].reverse());
    expect(view(a)).toEqual(view(b));
    expect(a.tierCounts).toEqual({ gold: 1, silver: 1, bronze: 2, free: 2 });
    expect(tierCounts(records)).toEqual(a.tierCounts);
    expect(a.records).toHaveLength(6);
    expect(a.votingSet.validators).toHaveLength(4);
    expect(a.votingSet.totalWeight).toBe(1000 + 100 + 10 + 10);
    expect(a.operators.size).toBe(6);
  });

  it("refuses two masternodes with one operator key", () => {
    const twin = {
      ...(records[1] as MasternodeRecord),
      operatorPublicKey: (records[0] as MasternodeRecord).operatorPublicKey,
    };
    expect(() => registryAt([...records, twin])).toThrow(
      expect.objectContaining({ code: "REGISTRY_DUPLICATE_OPERATOR" }),
    );
  });
});

describe("MasternodeRegistry over a generated chain", () => {
  // TIME_SEED pins one seed (to reproduce a failure); TIME_FULL_TESTS runs more seeds and longer chains.
  const full = Boolean(process.env.TIME_FULL_TESTS);
  const seeds = process.env.TIME_SEED ? [Number(process.env.TIME_SEED)] : full ? range(1, 40) : [5, 6, 7];
  const steps = full ? 400 : 90;

  it.each(seeds)("is a pure function of the chain: incremental = replay from genesis (seed %i)", (seed) => {
    const chain = new TestChain({
      label: "masternodes/registry",
      seed,
      keyCount: 12,
      child: { masternodeOpChance: 0.6, maxTransactions: 2 },
    });
    const registry = new MasternodeRegistry(chain.state.masternodes.values(), 0n);
    const history: RegistrySnapshot[] = [registry.snapshot()];
    const effects: BlockEffects[] = [];
    const actions = new SeededRng(seed ^ 0x5eed);
    const chainRng = new SeededRng(seed + 1);
    let disconnects = 0;
    for (let step = 0; step < steps; step++) {
      if (chain.height > 2n && actions.chance(0.12)) {
        const depth = actions.range(1, 3);
        for (let d = 0; d < depth && chain.height > 1n; d++) {
          chain.disconnect();
          registry.disconnect((effects.pop() as BlockEffects).undo);
          history.pop();
          disconnects += 1;
        }
      } else {
        const child: CertifiedBlock = buildChild(
          chain.params,
          chain.tip,
          chain.state,
          chain.wallet,
          chain.validators,
          chainRng,
          { masternodeOpChance: 0.6, maxTransactions: 2 },
        );
        const e = chain.apply(child);
        registry.connect(e);
        effects.push(e);
        history.push(registry.snapshot());
      }
      expect(registry.tipHeight).toBe(chain.height);
      expect(view(registry.snapshot())).toEqual(view(registryAt(chain.state.masternodes.values())));
    }
    expect(disconnects).toBeGreaterThan(0);

    const replayed = replay(chain);
    expect(replayed).toHaveLength(history.length);
    for (let h = 0; h < history.length; h++) {
      expect(view(history[h] as RegistrySnapshot), `after block ${h}`).toEqual(
        view(replayed[h] as RegistrySnapshot),
      );
    }

    // The set used for height h is the registry after block h-1: a registration in block h joins the set of
    // height h+1, a deregistration leaves it, a payout change takes effect there.
    const setFor = (height: number) => (history[height - 1] as RegistrySnapshot).votingSet;
    const seen = { registrations: 0, deregistrations: 0, payoutChanges: 0, freeRegistrations: 0 };
    for (let i = 0; i < effects.length; i++) {
      const h = i + 1;
      for (const change of (effects[i] as BlockEffects).masternodes) {
        const record = (change.after ?? change.before) as MasternodeRecord;
        const id = toHex(record.operatorPublicKey);
        const weighted = setFor(h + 1).get(id) !== undefined || setFor(h).get(id) !== undefined;
        if (change.before === null) {
          expect(setFor(h).get(id)).toBeUndefined();
          expect((history[h] as RegistrySnapshot).operators.get(id)).toBe(change.after);
          if (weighted) {
            expect(setFor(h + 1).get(id)?.collateral).toEqual(record.collateral);
            seen.registrations += 1;
          } else {
            seen.freeRegistrations += 1;
          }
        } else if (change.after === null) {
          expect(setFor(h + 1).get(id)).toBeUndefined();
          expect((history[h] as RegistrySnapshot).operators.has(id)).toBe(false);
          if (weighted) seen.deregistrations += 1;
        } else {
          const next = setFor(h + 1).get(id);
          if (next) {
            expect(next.payoutAddress).toEqual(change.after.payoutAddress);
            expect(setFor(h).get(id)?.payoutAddress).toEqual(change.before.payoutAddress);
            seen.payoutChanges += 1;
          }
        }
      }
    }
    expect(seen.registrations).toBeGreaterThan(0);
    expect(seen.deregistrations).toBeGreaterThan(0);
    expect(seen.payoutChanges).toBeGreaterThan(0);
  });

  it("refuses deltas at the wrong height or that do not match its records, and stays unchanged", () => {
    const chain = new TestChain({
      label: "masternodes/registry-errors",
      seed: 9,
      child: { masternodeOpChance: 1 },
    });
    const registry = new MasternodeRegistry(chain.state.masternodes.values(), 0n);
    let e = chain.apply(
      buildChild(chain.params, chain.tip, chain.state, chain.wallet, chain.validators, new SeededRng(1)),
    );
    while (e.masternodes.length === 0) {
      registry.connect(e);
      e = chain.apply(
        buildChild(
          chain.params,
          chain.tip,
          chain.state,
          chain.wallet,
          chain.validators,
          new SeededRng(Number(chain.height)),
        ),
      );
    }
    const before = view(registry.snapshot());
    const code = (fn: () => void) => {
      try {
        fn();
      } catch (err) {
        expect(err).toBeInstanceOf(MasternodeError);
        return (err as MasternodeError).code;
      }
      return "no error";
    };
    expect(code(() => registry.connect({ ...e, height: e.height + 1n }))).toBe("REGISTRY_HEIGHT_MISMATCH");
    expect(code(() => registry.disconnect(e.undo))).toBe("REGISTRY_HEIGHT_MISMATCH");
    // Changes replayed backwards before they were applied: their `after` records are not held yet.
    const reversed = {
      height: e.height,
      masternodes: e.masternodes.map((c) => ({ ...c, before: c.after, after: c.before })),
    };
    expect(code(() => registry.connect(reversed))).toBe("REGISTRY_INCONSISTENT");
    expect(view(registry.snapshot())).toEqual(before);
    registry.connect(e);
    expect(view(registry.snapshot())).toEqual(view(registryAt(chain.state.masternodes.values())));
    expect(code(() => registry.connect(e))).toBe("REGISTRY_HEIGHT_MISMATCH");
    registry.disconnect(e.undo);
    expect(view(registry.snapshot())).toEqual(before);
  });
});
