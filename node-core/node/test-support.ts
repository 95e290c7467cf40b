// Test support: the options and modules of a plain node (no operator key) on a network's genesis, over a
// given store, clock and transport, with the real signature and VRF schemes and the synchronous verifier.
// The tests that build a node through the composition root share this instead of each spelling it out.
import { ecvrfScheme, ed25519Scheme, SeededRng, type VirtualTime } from "../consensus/index.js";
import { verifyAll } from "../crypto/index.js";
import type { ChainBackend } from "../db/index.js";
import type { NetworkParams } from "../params/index.js";
import type { Block } from "../types/index.js";
import type { Logger } from "../util/index.js";
import type { NodeModules, NodeOptions } from "./options.js";
import { LiveTaskRunner } from "./tasks.js";
import type { NodeTransport } from "./transport.js";

export interface PlainNodeInputs {
  readonly params: NetworkParams;
  readonly genesis: { readonly block: Block; readonly hash: Uint8Array };
  readonly backend: ChainBackend;
  /** Clock and scheduler both. */
  readonly time: VirtualTime;
  readonly transport: NodeTransport;
  readonly logger: Logger;
  readonly rngSeed?: number;
  /** Defaults to a LiveTaskRunner on `logger`. */
  readonly tasks?: NodeModules["tasks"];
  /** Modules that replace the defaults (a caching VRF, prefetch hooks, …). */
  readonly extra?: Partial<NodeModules>;
}

export function plainNodeInputs(inputs: PlainNodeInputs): { opts: NodeOptions; modules: NodeModules } {
  const { params, genesis, time, logger } = inputs;
  const treasury = genesis.block.transactions[0]?.outputs[0]?.address;
  if (treasury === undefined) throw new Error("the genesis block has no treasury output");
  const opts: NodeOptions = {
    params,
    genesis: { block: genesis.block, hash: genesis.hash, treasuryAddress: treasury },
    operator: null,
    tsdc: {
      chainId: params.chainId,
      blockIntervalMs: params.blockIntervalMs,
      genesisTimestampMs: Number(genesis.block.header.timestamp),
    },
  };
  const modules: NodeModules = {
    backend: inputs.backend,
    clock: time,
    scheduler: time,
    rng: new SeededRng(inputs.rngSeed ?? 5),
    signatures: ed25519Scheme,
    vrf: ecvrfScheme,
    verifier: verifyAll,
    transport: inputs.transport,
    tasks: inputs.tasks ?? new LiveTaskRunner(logger),
    logger,
    ...inputs.extra,
  };
  return { opts, modules };
}
