// `npm run bench -- consensus`: the consensus simulator (node-core/sim) as a benchmark. Throughput: how many
// transactions 20 simulated validators finalize per second of CPU (every validator runs the real mempool,
// Snowball, TSDC and chain import in this one process, so this is one machine doing the work of twenty),
// and the messages each finalized transaction costs. Latency: finality in virtual milliseconds at 50 ms
// one-way latency, from a transaction reaching a validator to Snowball finalizing it there (targets: p50 <=
// 1,000 ms, p99 <= 2,500 ms: the Avalanche paper reports a 1.35 s median, Dash InstantSend a 1.85 s mean).
import { cpuUsage } from "node:process";
import type { SimOptions, SimResult } from "../sim/index.js";
import { runSimulation } from "../sim/index.js";
import { formatRate, report } from "./measure.js";

async function timed(opts: Partial<SimOptions>): Promise<{ result: SimResult; cpuSeconds: number }> {
  const start = cpuUsage();
  const result = await runSimulation(opts);
  const used = cpuUsage(start);
  return { result, cpuSeconds: (used.user + used.system) / 1e6 };
}

function ms(value: number | null): string {
  return value === null ? "n/a" : `${Math.round(value).toLocaleString("en-US")} ms`;
}

function verdict(value: number | null, target: number): string {
  if (value === null) return "";
  return value <= target
    ? `target <= ${target.toLocaleString("en-US")} ms: met`
    : `target <= ${target} ms: MISSED`;
}

export async function runConsensusBench(): Promise<void> {
  // Warm-up: module JIT and the cached genesis, so the measured runs time the consensus work.
  await runSimulation({ nodes: 20, txs: 50, seed: 99 });

  const load = await timed({ nodes: 20, txs: 1_000, spreadMs: 5_000, seed: 1 });
  const r = load.result;
  report("validators (one process), transactions, spread", `20, ${r.txs}`, "over 5 s virtual, 50 ms one-way");
  report("transactions finalized per CPU second (20 validators)", formatRate(r.finalized / load.cpuSeconds));
  report("messages per finalized transaction", String(r.messagesPerFinalTx ?? "n/a"));
  report(
    "CPU seconds for the run",
    load.cpuSeconds.toFixed(2),
    `${r.virtualMs / 1000} s virtual, ${r.blocks} blocks`,
  );
  report("finality under that load, p50 / p99", `${ms(r.finalityMsP50)} / ${ms(r.finalityMsP99)}`);

  const latency = await timed({
    nodes: 20,
    txs: 200,
    doubleSpends: 20,
    latencyMs: 50,
    jitterMs: 10,
    seed: 2,
  });
  const l = latency.result;
  report(
    "finality p50, 20 validators, 50 ms latency, 10 ms jitter",
    ms(l.finalityMsP50),
    verdict(l.finalityMsP50, 1_000),
  );
  report(
    "finality p99, 20 validators, 50 ms latency, 10 ms jitter",
    ms(l.finalityMsP99),
    verdict(l.finalityMsP99, 2_500),
  );
  report("finality polls p50 / p99", `${l.finalityRoundsP50} / ${l.finalityRoundsP99}`);
  report(
    "double spends: finalized one side / conflicting final",
    `${l.rejected} of 20 / ${l.conflictingFinal}`,
  );

  const wide = await timed({
    nodes: 100,
    txs: 20,
    doubleSpends: 4,
    byzantine: 0.2,
    adversary: "silent",
    seed: 3,
  });
  const w = wide.result;
  report("finality p50 / p99, 100 validators, 20% silent", `${ms(w.finalityMsP50)} / ${ms(w.finalityMsP99)}`);
  report("messages per finalized transaction, 100 validators", String(w.messagesPerFinalTx ?? "n/a"));
  report("CPU seconds for that run", wide.cpuSeconds.toFixed(2));
}
