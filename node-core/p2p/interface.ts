// What the rest of the node (the API, metrics, health, the daemon) sees of the p2p host: the peers with
// their measured figures, the connection counts, bans, traffic per protocol, and the switches an operator
// has (disconnect, ban, network on/off). The libp2p host (p2p/host.ts) implements it; the API and metrics
// depend on this interface only, so they are tested without sockets where a real host is not the point.

/** One connected peer, as getpeerinfo and the network page show it. */
export interface PeerInfo {
  /** The libp2p peer id (base58). */
  readonly peerId: string;
  /** Hex of the peer's ed25519 public key: the node id Snowball and TSDC use (a masternode's operator key). */
  readonly nodeId: string;
  /** The remote multiaddr of the connection. */
  readonly address: string;
  readonly direction: "inbound" | "outbound";
  /** Epoch ms the connection opened. */
  readonly connectedAt: number;
  /** Last ping round trip, or null before the first. */
  readonly latencyMs: number | null;
  /** The tip height from the peer's last status message, or null before its handshake. */
  readonly height: bigint | null;
  /** The agent string from its handshake (identify), or null. */
  readonly agent: string | null;
  /** True when the peer's key is a registered masternode's operator key. */
  readonly masternode: boolean;
  readonly bytesIn: number;
  readonly bytesOut: number;
  /** Higher is better; penalties lower it, a score under the ban threshold bans the peer. */
  readonly score: number;
}

export interface BanEntry {
  /** An IP address ("127.0.1.2") or a peer id. */
  readonly target: string;
  /** Epoch ms the ban ends. */
  readonly until: number;
  readonly reason: string;
}

export interface ConnectionCounts {
  readonly inbound: number;
  readonly outbound: number;
  readonly total: number;
}

export interface ProtocolTraffic {
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly messagesIn: number;
  readonly messagesOut: number;
}

export interface NetworkControl {
  /** This node's libp2p peer id. */
  readonly peerId: string;
  /** Multiaddrs this node listens on (with its peer id). */
  listenAddresses(): string[];
  /** True while the network is switched on (setnetworkactive). */
  readonly active: boolean;
  setActive(active: boolean): Promise<void>;
  peers(): PeerInfo[];
  connectionCounts(): ConnectionCounts;
  /** Bans an IP address or a peer id for `durationMs`, disconnecting what matches. */
  ban(target: string, durationMs: number, reason: string): Promise<void>;
  /** True when a ban was lifted. */
  unban(target: string): boolean;
  listBanned(): BanEntry[];
  clearBanned(): void;
  /** Closes the connections to a peer id, node id or address; false when nothing matched. */
  disconnect(target: string): Promise<boolean>;
  /** Bytes and messages per protocol name (e.g. "snowball", "sync", "gossip:txs") since start. */
  traffic(): Readonly<Record<string, ProtocolTraffic>>;
  /** Messages dropped by per-peer rate limits, per message class, since start. */
  rateLimitDrops(): Readonly<Record<string, number>>;
  /** Bans since start (by score, by handshake mismatch, by an operator). */
  readonly banCount: number;
}
