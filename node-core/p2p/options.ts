// What the p2p host is configured with (options: network name, addresses, key, limits) and what the host
// process hands it (modules: time, timers, logging, and the anomaly detector that watches peers).
import type { Clock, Scheduler } from "../consensus/index.js";
import type { Logger } from "../util/index.js";
import { type ConnectionCaps, DEFAULT_CONNECTION_CAPS } from "./connection-slots.js";
import { P2pError } from "./errors.js";
import { DEFAULT_RATE_LIMITS, type RateClass, type RateLimit } from "./rate-limits.js";

export interface P2pHostOptions {
  /** Network name: the protocol ids are /timecoin/<network>/… */
  readonly network: string;
  /** Listen addresses, multiaddrs or host:port. */
  readonly listen: readonly string[];
  /** Peers dialled at start and whenever they are not connected (multiaddrs or host:port). */
  readonly bootstrap?: readonly string[];
  /** The 32-byte ed25519 seed of this node's libp2p key: the operator key on a masternode. */
  readonly keySeed: Uint8Array;
  /** User agent, e.g. "timecoin-desktop/0.1.0". */
  readonly agent: string;
  /**
   * Source address of outgoing connections (default: the kernel's choice). The devnet gives each node its
   * own loopback address, and dials from it so that per-IP rules see one address per node.
   */
  readonly localAddress?: string;
  /** Where bans.json lives; null keeps bans in memory only. */
  readonly dataDir?: string | null;
  readonly caps?: Partial<ConnectionCaps>;
  readonly rateLimits?: Partial<Record<RateClass, RateLimit>>;
  /** A peer whose handshake does not match is banned this long (default 10 minutes, doubling on repeat). */
  readonly handshakeBanMs?: number;
  /** A peer whose score reaches the ban threshold is banned this long (default 10 minutes, doubling). */
  readonly scoreBanMs?: number;
  /** A connection without a matching handshake after this long is closed (default 10 s). */
  readonly handshakeTimeoutMs?: number;
  /** Bytes a stream may hold unsent before messages to that peer are dropped (default 8 MiB). */
  readonly maxQueuedBytes?: number;
  readonly pingIntervalMs?: number;
  /**
   * Open every channel's stream at the handshake (default true) rather than at its first message: the
   * first query otherwise pays the negotiation (~20 ms on loopback).
   */
  readonly preopenStreams?: boolean;
  /** Outbound connections peer exchange dials up to (default 8, at most caps.maxOutbound). */
  readonly outboundTarget?: number;
  readonly redialIntervalMs?: number;
}

/** What the p2p host tells the anomaly detector (metrics/), which may lower a peer's score. */
export interface PeerObserver {
  observeMessage(peer: string, valid: boolean): void;
  observeConnection(ip: string): void;
}

export interface P2pHostModules {
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  readonly anomaly?: PeerObserver;
}

export function resolveHostOptions(opts: P2pHostOptions) {
  if (opts.keySeed.length !== 32) {
    throw new P2pError("P2P_BAD_OPTIONS", "keySeed must be 32 bytes", {
      option: "keySeed",
      reason: "length",
    });
  }
  if (!/^[a-z0-9-]+$/.test(opts.network)) {
    throw new P2pError("P2P_BAD_OPTIONS", `network name ${opts.network} is not a protocol id segment`, {
      option: "network",
      reason: "characters",
    });
  }
  const caps: ConnectionCaps = { ...DEFAULT_CONNECTION_CAPS, ...opts.caps };
  for (const [name, value] of Object.entries(caps)) {
    if (!Number.isSafeInteger(value) || value < 0) bad(`caps.${name}`, "a count of connections");
  }
  if (caps.reservedForMasternodes > caps.maxInbound) {
    bad("caps.reservedForMasternodes", "more reserved slots than inbound slots");
  }
  const rateLimits: Record<RateClass, RateLimit> = { ...DEFAULT_RATE_LIMITS, ...opts.rateLimits };
  for (const [name, limit] of Object.entries(rateLimits)) {
    if (
      !(
        Number.isFinite(limit.perSecond) &&
        limit.perSecond > 0 &&
        Number.isFinite(limit.burst) &&
        limit.burst >= 1
      )
    ) {
      bad(`rateLimits.${name}`, "a rate above 0 and a burst of at least 1");
    }
  }
  const resolved = {
    network: opts.network,
    listen: [...opts.listen],
    bootstrap: [...(opts.bootstrap ?? [])],
    keySeed: opts.keySeed,
    agent: opts.agent,
    dataDir: opts.dataDir ?? null,
    localAddress: opts.localAddress ?? null,
    caps,
    rateLimits,
    handshakeBanMs: opts.handshakeBanMs ?? 600_000,
    scoreBanMs: opts.scoreBanMs ?? 600_000,
    handshakeTimeoutMs: opts.handshakeTimeoutMs ?? 10_000,
    maxQueuedBytes: opts.maxQueuedBytes ?? 8 << 20,
    pingIntervalMs: opts.pingIntervalMs ?? 10_000,
    preopenStreams: opts.preopenStreams ?? true,
    outboundTarget: Math.min(opts.outboundTarget ?? 8, caps.maxOutbound),
    redialIntervalMs: opts.redialIntervalMs ?? 5_000,
  };
  // A zero interval would make the ping and redial timers spin.
  for (const name of ["handshakeTimeoutMs", "pingIntervalMs", "redialIntervalMs"] as const) {
    if (!(Number.isFinite(resolved[name]) && resolved[name] > 0)) bad(name, "a duration above 0 ms");
  }
  for (const name of ["handshakeBanMs", "scoreBanMs", "maxQueuedBytes"] as const) {
    if (!(Number.isFinite(resolved[name]) && resolved[name] >= 0)) bad(name, "a finite amount, 0 or more");
  }
  return resolved;
}

function bad(option: string, expected: string): never {
  throw new P2pError("P2P_BAD_OPTIONS", `the p2p option ${option} must be ${expected}`, {
    option,
    reason: "range",
  });
}
