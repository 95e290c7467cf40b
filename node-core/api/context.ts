// What the host (the daemon, the desktop app) hands the API: the running node, the chain store, the network
// and its genesis, the p2p host's controls, time, identity strings, the stop switch and, on a devnet node
// given one, the faucet key. Transports never see it: they hand requests to an Api built over it.
import type { Clock } from "../consensus/index.js";
import type { ChainView } from "../db/index.js";
import type { TimeNode } from "../node/index.js";
import type { NetworkControl } from "../p2p/index.js";
import type { NetworkParams } from "../params/index.js";
import type { Hash32 } from "../types/index.js";
import type { WalletService } from "../wallet/index.js";

/** An ed25519 key: the 32-byte seed and its public key. Never logged, never in a result or an error. */
export interface FaucetKey {
  readonly secret: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** The host's part in running the wallet's masternode on this node (the daemon restarts with its key). */
export interface MasternodeHost {
  /** The operator key this node runs as (hex), or null for a node that votes on nothing. */
  readonly operatorPublicKey: string | null;
  /** Stores the operator key where the host reads it at start (owner-only). The caller wipes `seed`. */
  install(seed: Uint8Array): Promise<void>;
  /** Starts the node again with that key; called once the reply has been sent. */
  restart(): void;
}

export interface ApiContext {
  /** Services (chain, mempool, follower, snowball, tsdc, heartbeats...), events, submit(). */
  readonly node: TimeNode;
  /** The chain store, read-only. */
  readonly view: ChainView;
  readonly params: NetworkParams;
  readonly genesisHash: Hash32;
  /** The libp2p host's controls, or null on a node without one (network methods then say so). */
  readonly network: NetworkControl | null;
  readonly clock: Clock;
  /** clock.now() when the node started (uptime). */
  readonly startedAt: number;
  /** e.g. "timecoin-desktop/0.1.0" */
  readonly agent: string;
  /** Asks the host to shut down; the API calls it only after the reply to `stop` is sent. */
  requestStop(): void;
  /** The devnet faucet key, or null (every other network, and devnet nodes without it). */
  readonly faucet: FaucetKey | null;
  /** The node's wallets; absent on a host without them (the wallet methods then say so). */
  readonly wallets?: WalletService;
  /** Absent on a host that cannot run the wallet's masternode (masternodestart then says so). */
  readonly masternodeHost?: MasternodeHost;
}
