// Public surface of the deterministic multi-node consensus simulator.
export { parseCrash, parsePartition, parseSimArgs, SIM_USAGE } from "./args.js";
export { type Adversary, type AdversaryNodeView, createAdversary } from "./byzantine.js";
export { type CpuCosts, type CpuCounts, CpuMeter, DEFAULT_CPU_COSTS, FREE_CPU } from "./cpu.js";
export { AsyncTracker, driveVirtualTime, NodeTimers } from "./driver.js";
export { isSimError, SimError, type SimErrorCode, type SimErrorDetails } from "./errors.js";
export { messageKind, type SimMessage } from "./messages.js";
export { MetricsCollector, percentile, type SimResult } from "./metrics.js";
export { linkSeed, type NetworkStats, SimNetwork } from "./network.js";
export {
  ADVERSARY_KINDS,
  type AdversaryKind,
  type CrashSpec,
  type CryptoMode,
  DEFAULT_SIM_OPTIONS,
  MAX_WORKLOAD_OUTPUTS,
  type PartitionSpec,
  resolveSimOptions,
  type SimOptions,
  type SimTsdcOptions,
  type SnowballRoster,
} from "./options.js";
export { buildWorkload, chooseByzantine, type SimGenesis, simGenesis, type WorkloadTx } from "./scenario.js";
export { KeyedHashVrf, MemoSignatureScheme, simCrypto } from "./schemes.js";
export { type NodeReport, runSimulation, type SimRun, simulate } from "./simulation.js";
