import { describe, expect, it } from "vitest";
import { ed25519Scheme } from "../consensus/index.js";
import { VirtualTime } from "../consensus/virtual-time.js";
import { utf8 } from "../types/index.js";
import {
  CpuMeter,
  costedSignatures,
  costedVrf,
  countedVerifier,
  DEFAULT_CPU_COSTS,
  FREE_CPU,
} from "./cpu.js";
import { KeyedHashVrf } from "./schemes.js";
import { runSimulation } from "./simulation.js";

describe("CpuMeter", () => {
  it("queues work behind work and is never busy in the past", () => {
    const time = new VirtualTime(0);
    const meter = new CpuMeter(DEFAULT_CPU_COSTS, time);
    expect(meter.busyUntil).toBe(0);
    meter.charge(3);
    meter.charge(2);
    expect(meter.busyUntil).toBe(5);
    time.runUntil(10);
    expect(meter.busyUntil).toBe(10);
    meter.charge(1);
    expect(meter.busyUntil).toBe(11);
    expect(meter.counts.busyMs).toBe(6);
    meter.reset();
    expect(meter.busyUntil).toBe(10);
    expect(meter.counts.busyMs).toBe(6);
  });

  it("charges each signature, VRF and batch operation of the node that runs it", () => {
    const time = new VirtualTime(0);
    const costs = { signatureSignMs: 1, signatureVerifyMs: 2, vrfProveMs: 30, vrfVerifyMs: 40 };
    const meter = new CpuMeter(costs, time);
    const sigs = costedSignatures(ed25519Scheme, meter);
    const vrf = costedVrf(new KeyedHashVrf(ed25519Scheme), meter);
    const secret = new Uint8Array(32).fill(3);
    const pk = sigs.publicKey(secret);
    const message = utf8.encode("m");
    const signature = sigs.sign(secret, message);
    expect(sigs.verify(pk, message, signature)).toBe(true);
    const proof = vrf.prove(secret, message);
    expect(vrf.verify(pk, proof, message)).not.toBeNull();
    const verifier = countedVerifier(
      (checks) => checks.map((c) => sigs.verify(c.publicKey, c.message, c.signature)),
      meter,
    );
    expect(verifier([{ publicKey: pk, message, signature }])).toEqual([true]);
    expect(meter.counts).toEqual({
      signatures: 1,
      signatureVerifies: 2,
      vrfProofs: 1,
      vrfVerifies: 1,
      batchVerifies: 1,
      busyMs: 1 + 2 * 2 + 30 + 40,
    });
    expect(meter.busyUntil).toBe(75);
  });
});

describe("CPU costs in a run", () => {
  const base = { nodes: 6, txs: 6, doubleSpends: 1, seed: 4 } as const;

  it("free CPU charges nothing and queues nothing", async () => {
    const r = await runSimulation({ ...base, cpuCosts: FREE_CPU });
    expect(r.cpuBusyMsMax).toBe(0);
    expect(r.messagesQueuedByCpu).toBe(0);
    // The operations are still counted.
    expect(r.cpuSignatureVerifies).toBeGreaterThan(0);
    expect(r.cpuVrfVerifies).toBeGreaterThan(0);
    expect(r.cpuBatchVerifies).toBeGreaterThan(0);
  });

  it("a node busy verifying takes its next message only when its CPU is free: finality and blocks slow", async () => {
    const free = await runSimulation({ ...base, cpuCosts: FREE_CPU });
    // Slow verifies (a VRF check costing 60 ms) hold every node's inbox back.
    const slow = await runSimulation({
      ...base,
      cpuCosts: { ...DEFAULT_CPU_COSTS, vrfVerifyMs: 60, signatureVerifyMs: 2 },
    });
    expect(slow.honestDisagreements).toBe(0);
    expect(slow.messagesQueuedByCpu).toBeGreaterThan(0);
    expect(slow.cpuBusyMsMean).toBeGreaterThanOrEqual(60 * (slow.cpuVrfVerifies / base.nodes) * 0.9);
    expect(slow.finalityMsP50 as number).toBeGreaterThan(free.finalityMsP50 as number);
    expect(slow.failures).toEqual([]);
    // Same options, same result: the costs are options, not clock readings.
    const again = await runSimulation({
      ...base,
      cpuCosts: { ...DEFAULT_CPU_COSTS, vrfVerifyMs: 60, signatureVerifyMs: 2 },
    });
    expect(JSON.stringify(again)).toBe(JSON.stringify(slow));
  });
});
