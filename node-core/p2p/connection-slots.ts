// Connection caps enforced atomically: a slot is taken in the connection gater the moment a TCP
// connection is accepted or dialled (before the handshake), counted with the slots still being upgraded,
// and given back when that raw connection closes, so a burst of simultaneous connections cannot overshoot
// a cap. Registered masternodes have reserved inbound slots: once ordinary peers fill the inbound slots
// that are not reserved, only a peer whose key is a registered operator key may take one of the rest.

export interface ConnectionCaps {
  readonly maxTotal: number;
  readonly maxInbound: number;
  readonly maxOutbound: number;
  readonly maxPerIp: number;
  /** Inbound slots only registered masternodes may use (part of maxInbound). */
  readonly reservedForMasternodes: number;
}

/** The seeds' limits: 125 total, 100 inbound, 25 outbound, 10 per IP. */
export const DEFAULT_CONNECTION_CAPS: ConnectionCaps = Object.freeze({
  maxTotal: 125,
  maxInbound: 100,
  maxOutbound: 25,
  maxPerIp: 10,
  reservedForMasternodes: 20,
});

interface Slot {
  readonly direction: "inbound" | "outbound";
  readonly ip: string;
  /** False until the peer's key is known: a slot still being upgraded is nobody's ordinary slot yet. */
  identified: boolean;
  masternode: boolean;
}

export class ConnectionSlots {
  private readonly slots = new Map<object, Slot>();

  constructor(readonly caps: ConnectionCaps) {}

  private count(predicate: (slot: Slot) => boolean): number {
    let n = 0;
    for (const slot of this.slots.values()) if (predicate(slot)) n++;
    return n;
  }

  /** Takes a slot for `token`, or returns why not. */
  take(token: object, direction: "inbound" | "outbound", ip: string): string | null {
    if (this.slots.has(token)) return null;
    if (this.slots.size >= this.caps.maxTotal) return `all ${this.caps.maxTotal} connection slots are taken`;
    if (this.count((s) => s.ip === ip) >= this.caps.maxPerIp) {
      return `${ip} already has ${this.caps.maxPerIp} connections`;
    }
    if (direction === "inbound" && this.count((s) => s.direction === "inbound") >= this.caps.maxInbound) {
      return `all ${this.caps.maxInbound} inbound slots are taken`;
    }
    if (direction === "outbound" && this.count((s) => s.direction === "outbound") >= this.caps.maxOutbound) {
      return `all ${this.caps.maxOutbound} outbound slots are taken`;
    }
    this.slots.set(token, { direction, ip, identified: false, masternode: false });
    return null;
  }

  /**
   * Once the peer's key is known: an inbound ordinary peer may keep its slot only while ordinary inbound
   * peers hold fewer than the unreserved slots. Returns why not, and then releases the slot.
   */
  identify(token: object, masternode: boolean): string | null {
    const slot = this.slots.get(token);
    if (slot === undefined) return null;
    slot.identified = true;
    slot.masternode = masternode;
    if (slot.direction !== "inbound" || masternode) return null;
    const ordinary = this.count((s) => s.direction === "inbound" && s.identified && !s.masternode);
    if (ordinary > this.caps.maxInbound - this.caps.reservedForMasternodes) {
      this.release(token);
      return "the remaining inbound slots are reserved for registered masternodes";
    }
    return null;
  }

  holds(token: object): boolean {
    return this.slots.has(token);
  }

  release(token: object): void {
    this.slots.delete(token);
  }

  get size(): number {
    return this.slots.size;
  }
}
