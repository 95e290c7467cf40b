// Test support (never imported by product code): an in-memory NetworkControl whose figures a test sets, so
// the metrics and /health are tested on what a p2p host reports without opening sockets.
import type { BanEntry, ConnectionCounts, NetworkControl, PeerInfo, ProtocolTraffic } from "../p2p/index.js";

export class TestNetwork implements NetworkControl {
  readonly peerId = "12D3KooWTestNetworkPeer";
  active = true;
  inbound = 0;
  outbound = 0;
  banCount = 0;
  readonly trafficByProtocol: Record<string, ProtocolTraffic> = {};
  readonly drops: Record<string, number> = {};
  private readonly bans = new Map<string, BanEntry>();

  listenAddresses(): string[] {
    return [`/ip4/127.0.0.1/tcp/24100/p2p/${this.peerId}`];
  }

  async setActive(active: boolean): Promise<void> {
    this.active = active;
  }

  peers(): PeerInfo[] {
    return [];
  }

  connectionCounts(): ConnectionCounts {
    return { inbound: this.inbound, outbound: this.outbound, total: this.inbound + this.outbound };
  }

  async ban(target: string, durationMs: number, reason: string): Promise<void> {
    this.bans.set(target, { target, until: Date.now() + durationMs, reason });
    this.banCount++;
  }

  unban(target: string): boolean {
    return this.bans.delete(target);
  }

  listBanned(): BanEntry[] {
    return [...this.bans.values()];
  }

  clearBanned(): void {
    this.bans.clear();
  }

  async disconnect(): Promise<boolean> {
    return false;
  }

  traffic(): Readonly<Record<string, ProtocolTraffic>> {
    return this.trafficByProtocol;
  }

  rateLimitDrops(): Readonly<Record<string, number>> {
    return this.drops;
  }

  /** Adds traffic on `protocol` as a host would count it. */
  carry(protocol: string, bytesIn: number, bytesOut: number, messagesIn = 1, messagesOut = 1): void {
    const t = this.trafficByProtocol[protocol] ?? { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 };
    this.trafficByProtocol[protocol] = {
      bytesIn: t.bytesIn + bytesIn,
      bytesOut: t.bytesOut + bytesOut,
      messagesIn: t.messagesIn + messagesIn,
      messagesOut: t.messagesOut + messagesOut,
    };
  }
}
