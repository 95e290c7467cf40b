// The libp2p host: the node's transport on a real network (TCP + noise + yamux + identify + ping +
// gossipsub) and the operator's view of it (NetworkControl). A masternode's libp2p key is its operator key,
// so the noise handshake proves which masternode answers a poll, and a peer's node id (the hex of its
// ed25519 key) is what Snowball and TSDC address.
//
// Point-to-point messages ride one long-lived stream per peer and channel (channels.ts); broadcasts go to
// gossipsub topics whose validator is the node's own verdict. Every inbound frame is checked in this order:
// the length prefix against the channel's cap (before buffering), the per-peer rate limit of its class, the
// protocol decoder, the channel's admitted types, then the node's verdict; each failure costs the sender
// score, and a score at the ban threshold bans it (with backoff). A peer is only heard after its status
// handshake matched our chain id, genesis and protocol version; a mismatch disconnects and bans it.
import "./polyfill.js";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import { generateKeyPairFromSeed, publicKeyFromRaw } from "@libp2p/crypto/keys";
import {
  type Message as GossipMessage,
  type GossipSub,
  gossipsub,
  TopicValidatorResult,
} from "@libp2p/gossipsub";
import { identify } from "@libp2p/identify";
import type { Connection, MultiaddrConnection, PeerId, Stream } from "@libp2p/interface";
import { peerIdFromPublicKey, peerIdFromString } from "@libp2p/peer-id";
import { ping } from "@libp2p/ping";
import { type TCPSocketOptions, tcp } from "@libp2p/tcp";
import { type Multiaddr, multiaddr } from "@multiformats/multiaddr";
import { createLibp2p, type Libp2p } from "libp2p";
import type { Cancel, Verdict, VerdictKind } from "../consensus/index.js";
import { decodeMessage, encodeMessage, MAX_MESSAGE_BYTES, PROTOCOL_VERSION } from "../network/index.js";
import type { NodeMessage, NodeTransport } from "../node/index.js";
import { bytesEqual, fromHex, toHex } from "../types/index.js";
import { BanList } from "./bans.js";
import {
  CHANNELS,
  type Channel,
  channelAdmits,
  channelCap,
  channelOf,
  messageType,
  protocolId,
  TOPICS,
  type Topic,
  topicAdmits,
  topicCap,
  topicId,
  topicOf,
} from "./channels.js";
import { ConnectionSlots } from "./connection-slots.js";
import { P2pError } from "./errors.js";
import { FrameReader, lengthPrefixed } from "./frames.js";
import type { BanEntry, ConnectionCounts, NetworkControl, PeerInfo, ProtocolTraffic } from "./interface.js";
import { type P2pHostModules, type P2pHostOptions, resolveHostOptions } from "./options.js";
import { BAN_THRESHOLD, PENALTY, PeerScores } from "./peer-scores.js";
import { type RateClass, RateLimiter } from "./rate-limits.js";

type StatusMessage = Extract<NodeMessage, { kind: "status" }>;

type Services = { identify: unknown; ping: { ping(peer: PeerId): Promise<number> }; pubsub: GossipSub };

interface OutStream {
  readonly channel: Channel;
  stream: Stream | null;
  opening: boolean;
  /**
   * Frames not yet handed to the stream: waiting for it to open, or for the end of this turn of the event
   * loop, when they go out as one write (bounded by maxQueuedBytes together with the stream's own buffer).
   */
  queue: Uint8Array[];
  queuedBytes: number;
}

interface PeerState {
  readonly peerId: PeerId;
  readonly key: string;
  readonly nodeId: string;
  connection: Connection;
  readonly connectedAt: number;
  ready: boolean;
  /** Frames that arrived before the handshake finished (bounded). */
  early: { channel: Channel; frame: Uint8Array }[];
  earlyBytes: number;
  height: bigint | null;
  latencyMs: number | null;
  /** From identify. */
  agent: string | null;
  bytesIn: number;
  bytesOut: number;
  readonly out: Map<Channel, OutStream>;
  handshakeTimer: Cancel | null;
}

const EARLY_FRAME_BYTES = 1 << 20;
/** Broadcast messages that arrived point to point, remembered for their gossip copy (the newest this many). */
const DIRECT_VERDICTS = 8_192;

/** Gossip's message id of a payload (msgIdFn below), as a map key. */
function gossipIdOf(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

const VALIDATOR_RESULT = {
  accept: TopicValidatorResult.Accept,
  ignore: TopicValidatorResult.Ignore,
  reject: TopicValidatorResult.Reject,
} as const;

function trafficRow(): { bytesIn: number; bytesOut: number; messagesIn: number; messagesOut: number } {
  return { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 };
}

/** The IP address of a multiaddr (/ip4/1.2.3.4/tcp/…), or its string when it has none. */
export function ipOf(address: Multiaddr | string): string {
  const text = address.toString();
  const match = /^\/ip[46]\/([^/]+)/.exec(text);
  return match ? (match[1] as string) : text;
}

/** A "host:port" or multiaddr listen/dial address as a multiaddr string. */
export function toMultiaddr(address: string): string {
  const bad = () =>
    new P2pError("P2P_BAD_ADDRESS", `${address} is neither host:port nor a multiaddr`, { address });
  let text = address;
  if (!address.startsWith("/")) {
    const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(address);
    if (match === null) throw bad();
    const host = match[1] as string;
    const family = host.includes(":") ? "ip6" : /^[\d.]+$/.test(host) ? "ip4" : "dns";
    text = `/${family}/${host}/tcp/${match[2]}`;
  }
  // Parsed here so a port over 65535 or a bad IP is refused naming the address, not deep inside libp2p.
  try {
    multiaddr(text);
  } catch {
    throw bad();
  }
  return text;
}

export class P2pHost implements NodeTransport {
  private readonly opts: ReturnType<typeof resolveHostOptions>;
  private libp2p: Libp2p<Services> | null = null;
  private handler: ((from: string, message: NodeMessage) => Verdict) | null = null;
  private readonly byKey = new Map<string, PeerState>();
  /** Streams with frames to write at the end of this turn of the event loop. */
  private readonly dirty = new Map<OutStream, PeerState>();
  private readonly byNodeId = new Map<string, PeerState>();
  private readonly bans: BanList;
  private readonly scores: PeerScores;
  private readonly limiter: RateLimiter;
  private readonly slots: ConnectionSlots;
  private readonly trafficBy = new Map<string, ReturnType<typeof trafficRow>>();
  private timers: Cancel[] = [];
  private started = false;
  private stopping = false;
  private isActive = true;
  private selfNodeId = "";
  private selfPeerId = "";
  private statusSource: (() => StatusMessage) | null = null;
  private masternodeCheck: (nodeId: string) => boolean = () => false;
  private peerCache: string[] | null = null;
  /**
   * The verdict the node gave a broadcast's point-to-point copy, by gossip message id. The gossip copy that
   * follows gets the same verdict without a second delivery: the node would call it a duplicate and ignore
   * it, and gossipsub does not relay what its validator ignores, so nothing would go beyond one hop.
   */
  private readonly directVerdicts = new Map<string, VerdictKind>();

  constructor(
    opts: P2pHostOptions,
    private readonly modules: P2pHostModules,
  ) {
    const host = this;
    this.control = {
      get peerId() {
        return host.selfPeerId;
      },
      get active() {
        return host.isActive;
      },
      get banCount() {
        return host.bans.count;
      },
      listenAddresses: () => this.listenAddresses(),
      setActive: (active) => this.setActive(active),
      peers: () => this.peerInfo(),
      connectionCounts: () => this.connectionCounts(),
      ban: (target, durationMs, reason) => this.ban(target, durationMs, reason),
      unban: (target) => this.bans.unban(target),
      listBanned: () => this.bans.list(),
      clearBanned: () => this.bans.clear(),
      disconnect: (target) => this.disconnect(target),
      traffic: () => this.traffic(),
      rateLimitDrops: () => this.limiter.drops(),
    };
    this.opts = resolveHostOptions(opts);
    const logger = modules.logger;
    this.bans = new BanList(
      modules.clock,
      this.opts.dataDir ? join(this.opts.dataDir, "bans.json") : null,
      logger,
    );
    this.scores = new PeerScores(modules.clock);
    this.limiter = new RateLimiter(this.opts.rateLimits, modules.clock);
    this.slots = new ConnectionSlots(this.opts.caps);
  }

  /** The operator's view and switches (getpeerinfo, setban, setnetworkactive …). */
  readonly control: NetworkControl;

  get peerId(): string {
    return this.selfPeerId;
  }

  /** Hex of this node's ed25519 key: its node id (the operator key on a masternode). */
  get nodeId(): string {
    return this.selfNodeId;
  }

  get active(): boolean {
    return this.isActive;
  }

  get banCount(): number {
    return this.bans.count;
  }

  /** What this node says in its handshake (its tip); set by the daemon once the node is built. */
  setStatusSource(source: () => StatusMessage): void {
    this.statusSource = source;
  }

  /** Tells registered masternodes (by node id) apart, for reserved slots and getpeerinfo. */
  setMasternodeCheck(check: (nodeId: string) => boolean): void {
    this.masternodeCheck = check;
  }

  // --- lifecycle ------------------------------------------------------------------------------------

  async start(): Promise<void> {
    if (this.started) throw new P2pError("P2P_STATE", "the host is already started", {});
    this.started = true;
    // A typo in the bootstrap list is an error now, not a dial that silently never happens.
    for (const address of this.opts.bootstrap) toMultiaddr(address);
    await this.bans.load();
    const privateKey = await generateKeyPairFromSeed("Ed25519", this.opts.keySeed);
    this.selfNodeId = toHex(privateKey.publicKey.raw);
    const node = await createLibp2p({
      privateKey,
      start: false,
      addresses: { listen: this.opts.listen.map(toMultiaddr) },
      // net.connect takes localAddress; @libp2p/tcp passes dialOpts through but does not type it.
      transports: [
        tcp(
          this.opts.localAddress === null
            ? {}
            : { dialOpts: { localAddress: this.opts.localAddress } as TCPSocketOptions },
        ),
      ],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      nodeInfo: { userAgent: this.opts.agent },
      connectionManager: {
        maxConnections: this.opts.caps.maxTotal,
        maxParallelDials: 20,
      },
      connectionGater: {
        denyDialPeer: (peer) => !this.isActive || this.isPeerBanned(peer),
        denyDialMultiaddr: (ma) => !this.isActive || this.bans.isBanned(ipOf(ma)),
        denyInboundConnection: (maConn) => this.gateRaw(maConn, "inbound"),
        denyOutboundConnection: (_peer, maConn) => this.gateRaw(maConn, "outbound"),
        denyInboundEncryptedConnection: (peer, maConn) => this.gateIdentified(peer, maConn, "inbound"),
        denyOutboundEncryptedConnection: (peer, maConn) => this.gateIdentified(peer, maConn, "outbound"),
      },
      services: {
        identify: identify(),
        ping: ping(),
        pubsub: gossipsub({
          // Transactions, blocks, votes and heartbeats carry their own signatures: gossipsub's envelope
          // signature would only halve throughput (~1,000 vs ~2,000 messages/s per subscriber measured).
          globalSignaturePolicy: "StrictNoSign",
          msgIdFn: (message: GossipMessage) => createHash("sha256").update(message.data).digest(),
          allowPublishToZeroTopicPeers: true,
          emitSelf: false,
          doPX: true,
          maxInboundDataLength: MAX_MESSAGE_BYTES + 1024,
          allowedTopics: TOPICS.map((t) => topicId(this.opts.network, t)),
        }),
      },
    });
    this.libp2p = node as unknown as Libp2p<Services>;
    this.selfPeerId = node.peerId.toString();

    for (const channel of CHANNELS) {
      await node.handle(
        protocolId(this.opts.network, channel),
        (stream, connection) => this.readStream(channel, stream, connection),
        { maxInboundStreams: 4, maxOutboundStreams: 4 },
      );
    }
    node.addEventListener("connection:open", (event) => this.onConnectionOpen(event.detail));
    node.addEventListener("connection:close", (event) => this.onConnectionClose(event.detail));
    node.addEventListener("peer:identify", (event) => {
      const peer = this.byKey.get(event.detail.peerId.toString());
      if (peer !== undefined) peer.agent = event.detail.agentVersion ?? null;
    });
    await node.start();
    const pubsub = this.libp2p.services.pubsub;
    for (const topic of TOPICS) {
      const id = topicId(this.opts.network, topic);
      pubsub.subscribe(id);
      pubsub.topicValidators.set(
        id,
        (peer, message) => VALIDATOR_RESULT[this.validateGossip(topic, peer, message)],
      );
    }
    this.modules.logger.info(
      { peerId: this.selfPeerId, nodeId: this.selfNodeId, listen: this.listenAddresses() },
      "p2p host listening",
    );
    this.schedule(this.opts.pingIntervalMs, () => this.pingPeers());
    this.schedule(this.opts.redialIntervalMs, () => {
      this.dialBootstrap();
      void this.discover().catch((error: unknown) => {
        this.modules.logger.debug({ err: error }, "peer exchange failed");
      });
    });
    this.dialBootstrap();
  }

  async stop(): Promise<void> {
    if (!this.started || this.stopping) return;
    this.stopping = true;
    for (const cancel of this.timers) cancel();
    this.timers = [];
    for (const peer of this.byKey.values()) peer.handshakeTimer?.();
    const node = this.libp2p;
    if (node !== null) {
      // gossipsub keeps timers of its own; libp2p stops its services in order.
      await node.stop();
    }
    await this.bans.flush();
    this.byKey.clear();
    this.byNodeId.clear();
  }

  private schedule(intervalMs: number, task: () => void): void {
    const tick = (): void => {
      if (this.stopping) return;
      try {
        task();
      } catch (error) {
        this.modules.logger.error({ err: error }, "p2p timer task failed");
      }
      this.timers.push(this.modules.scheduler.after(intervalMs, tick));
    };
    this.timers.push(this.modules.scheduler.after(intervalMs, tick));
  }

  // --- NodeTransport --------------------------------------------------------------------------------

  peers(): readonly string[] {
    if (this.peerCache === null) {
      const ids = [this.selfNodeId];
      for (const peer of this.byNodeId.values()) if (peer.ready) ids.push(peer.nodeId);
      this.peerCache = ids.sort();
    }
    return this.peerCache;
  }

  send(nodeId: string, message: NodeMessage): void {
    const peer = this.byNodeId.get(nodeId);
    if (peer === undefined || !peer.ready || this.stopping) {
      this.count("unreachable", 0, "out");
      return;
    }
    let frame: Uint8Array;
    try {
      frame = encodeMessage(message);
    } catch (error) {
      this.modules.logger.error({ err: error, kind: message.kind }, "a message of ours does not encode");
      return;
    }
    this.write(peer, channelOf(message), lengthPrefixed(frame));
  }

  broadcast(message: NodeMessage): void {
    const node = this.libp2p;
    if (node === null || this.stopping || !this.isActive) return;
    let data: Uint8Array;
    try {
      data = encodeMessage(message);
    } catch (error) {
      this.modules.logger.error({ err: error, kind: message.kind }, "a message of ours does not encode");
      return;
    }
    const topic = topicOf(message);
    const id = topicId(this.opts.network, topic);
    const pubsub = node.services.pubsub;
    this.count(`gossip:${topic}`, data.length, "out");
    pubsub.publish(id, data).catch((error: unknown) => {
      this.modules.logger.debug({ err: error, topic }, "gossip publish failed");
    });
    // Every connected peer also gets it point to point. Gossipsub drops a payload it has seen (the message
    // id is its hash), so the engines' re-broadcasts, which repair a lost vote or a candidacy sent before a
    // peer connected, would never arrive through it (seen: a fresh devnet stuck in round 0 for good);
    // gossipsub only reaches peers whose subscription it has learnt, too. The receiving engine ignores the
    // second copy as a duplicate; gossip still carries the message beyond the directly connected peers.
    const framed = lengthPrefixed(data);
    for (const peer of this.byKey.values()) {
      if (peer.ready) this.write(peer, channelOf(message), framed);
    }
  }

  onMessage(handler: (from: string, message: NodeMessage) => Verdict): () => void {
    if (this.handler !== null) throw new P2pError("P2P_STATE", "the host has a message handler already", {});
    this.handler = handler;
    return () => {
      if (this.handler === handler) this.handler = null;
    };
  }

  // --- outbound -------------------------------------------------------------------------------------

  /** The outbound stream state of a channel, opening the stream when there is none. */
  private ensureStream(peer: PeerState, channel: Channel): OutStream {
    const out = this.outStream(peer, channel);
    if (out.stream === null && !out.opening) this.openStream(peer, channel, out);
    return out;
  }

  private outStream(peer: PeerState, channel: Channel): OutStream {
    let out = peer.out.get(channel);
    if (out === undefined) {
      out = { channel, stream: null, opening: false, queue: [], queuedBytes: 0 };
      peer.out.set(channel, out);
    }
    return out;
  }

  private write(peer: PeerState, channel: Channel, bytes: Uint8Array): void {
    const out = this.outStream(peer, channel);
    const stream = out.stream;
    const open = stream !== null && stream.status === "open";
    // Backpressure: a peer that does not read is not allowed to make us buffer without bound.
    const buffered = out.queuedBytes + (open ? stream.writeBufferLength : bytes.length);
    if (buffered > this.opts.maxQueuedBytes) {
      this.count(`dropped:${channel}`, bytes.length, "out");
      return;
    }
    out.queue.push(bytes);
    out.queuedBytes += bytes.length;
    if (open) this.flushSoon(peer, out);
    else if (!out.opening) this.openStream(peer, channel, out);
  }

  /**
   * Coalesces the frames written to one stream during this turn of the event loop into a single write: each
   * write costs a yamux frame, a noise encryption and a syscall, and a node answering a burst of polls or
   * relaying a burst of transactions writes many small frames to the same peer at once (measured: the write
   * path was the largest cost of a loaded daemon). Frames are length-prefixed, so the reader splits them
   * exactly as before.
   */
  private flushSoon(peer: PeerState, out: OutStream): void {
    if (this.dirty.size === 0) setImmediate(() => this.flushAll());
    this.dirty.set(out, peer);
  }

  private flushAll(): void {
    const dirty = [...this.dirty];
    this.dirty.clear();
    for (const [out, peer] of dirty) this.flush(peer, out);
  }

  private flush(peer: PeerState, out: OutStream): void {
    const stream = out.stream;
    if (out.queue.length === 0 || stream === null || stream.status !== "open") return;
    const frames = out.queue;
    const bytes = frames.length === 1 ? (frames[0] as Uint8Array) : Buffer.concat(frames);
    out.queue = [];
    out.queuedBytes = 0;
    try {
      stream.send(bytes);
    } catch (error) {
      // The stream began closing since the frames were queued (the peer went away): they are lost with it.
      for (const frame of frames) this.count(`dropped:${out.channel}`, frame.length, "out");
      this.modules.logger.debug(
        { err: error, peer: peer.key, channel: out.channel },
        "a stream closed under a write",
      );
      return;
    }
    peer.bytesOut += bytes.length;
    for (const frame of frames) this.count(out.channel, frame.length, "out");
  }

  private openStream(peer: PeerState, channel: Channel, out: OutStream): void {
    out.opening = true;
    out.stream = null;
    peer.connection
      .newStream(protocolId(this.opts.network, channel))
      .then((stream) => {
        out.opening = false;
        if (this.stopping || this.byKey.get(peer.key) !== peer) {
          stream.abort(new Error("peer gone"));
          return;
        }
        out.stream = stream;
        stream.addEventListener("close", () => {
          if (out.stream === stream) out.stream = null;
        });
        this.flush(peer, out);
      })
      .catch((error: unknown) => {
        out.opening = false;
        out.queue = [];
        out.queuedBytes = 0;
        this.modules.logger.debug({ err: error, peer: peer.key, channel }, "opening a stream failed");
      });
  }

  // --- inbound --------------------------------------------------------------------------------------

  private readStream(channel: Channel, stream: Stream, connection: Connection): void {
    const key = connection.remotePeer.toString();
    const reader = new FrameReader(channelCap(channel));
    stream.addEventListener("message", (event) => {
      const peer = this.byKey.get(key);
      if (peer === undefined || this.stopping) {
        stream.abort(new Error("unknown peer"));
        return;
      }
      const data = event.data;
      const chunk = data instanceof Uint8Array ? data : data.subarray();
      peer.bytesIn += chunk.length;
      const frames = reader.push(chunk);
      if (typeof frames === "string") {
        this.count(`invalid:${channel}`, chunk.length, "in");
        this.penalise(peer, frames === "frame-over-cap" ? PENALTY.oversize : PENALTY.malformed, frames);
        stream.abort(new Error(frames));
        return;
      }
      for (const frame of frames) {
        if (channel !== "status" && !peer.ready) {
          if (peer.earlyBytes + frame.length > EARLY_FRAME_BYTES) {
            this.penalise(peer, PENALTY.overLimit, "flood-before-handshake");
            continue;
          }
          peer.early.push({ channel, frame });
          peer.earlyBytes += frame.length;
          continue;
        }
        this.receiveFrame(peer, channel, frame);
      }
    });
  }

  private receiveFrame(peer: PeerState, channel: Channel, frame: Uint8Array): void {
    // A ban closes the connection asynchronously: the frames behind the one that banned the peer (in the
    // same chunk, or replayed from before the handshake) must not reach the node.
    if (this.bans.isBanned(peer.key)) return;
    this.count(channel, frame.length, "in");
    if (!this.limiter.allow(peer.key, channel as RateClass)) {
      this.penalise(peer, PENALTY.overLimit, `rate-limit:${channel}`);
      return;
    }
    let message: NodeMessage;
    try {
      message = decodeMessage(frame);
    } catch (error) {
      this.modules.anomaly?.observeMessage(peer.key, false);
      this.penalise(peer, PENALTY.malformed, `malformed:${(error as { code?: string }).code ?? "?"}`);
      return;
    }
    if (!channelAdmits(channel, messageType(message))) {
      this.modules.anomaly?.observeMessage(peer.key, false);
      this.penalise(peer, PENALTY.malformed, `wrong-channel:${messageType(message)}`);
      return;
    }
    if (channel === "status") {
      this.onHandshake(peer, message as StatusMessage);
      return;
    }
    if (message.kind === "status") peer.height = message.height;
    const verdict = this.deliver(peer, message);
    const type = messageType(message);
    if (verdict !== null && TOPICS.some((topic) => topicAdmits(topic, type))) {
      this.directVerdicts.set(gossipIdOf(frame), verdict.verdict);
      if (this.directVerdicts.size > DIRECT_VERDICTS) {
        this.directVerdicts.delete(this.directVerdicts.keys().next().value as string);
      }
    }
  }

  private deliver(peer: PeerState, message: NodeMessage): Verdict | null {
    const handler = this.handler;
    if (handler === null) return null;
    let verdict: Verdict;
    try {
      verdict = handler(peer.nodeId, message);
    } catch (error) {
      this.modules.logger.error({ err: error, kind: message.kind }, "the node's handler threw");
      return null;
    }
    this.modules.anomaly?.observeMessage(peer.key, verdict.verdict !== "reject");
    if (verdict.verdict === "reject") this.penalise(peer, PENALTY.rejected, `rejected:${verdict.reason}`);
    return verdict;
  }

  private validateGossip(topic: Topic, from: PeerId, message: GossipMessage): "accept" | "ignore" | "reject" {
    const peer = this.byKey.get(from.toString());
    if (peer === undefined || !peer.ready || this.bans.isBanned(peer.key)) return "ignore";
    const data = message.data;
    this.count(`gossip:${topic}`, data.length, "in");
    if (data.length > topicCap(topic)) {
      this.penalise(peer, PENALTY.oversize, `oversize-gossip:${topic}`);
      return "reject";
    }
    if (!this.limiter.allow(peer.key, "gossip")) {
      this.penalise(peer, PENALTY.overLimit, "rate-limit:gossip");
      return "ignore";
    }
    let decoded: NodeMessage;
    try {
      decoded = decodeMessage(data);
    } catch {
      this.modules.anomaly?.observeMessage(peer.key, false);
      this.penalise(peer, PENALTY.malformed, `malformed-gossip:${topic}`);
      return "reject";
    }
    if (!topicAdmits(topic, messageType(decoded))) {
      this.penalise(peer, PENALTY.malformed, `wrong-topic:${messageType(decoded)}`);
      return "reject";
    }
    const direct = this.directVerdicts.get(gossipIdOf(data));
    if (direct !== undefined) return direct;
    const verdict = this.deliver(peer, decoded);
    return verdict === null ? "ignore" : verdict.verdict;
  }

  // --- connections and the handshake ----------------------------------------------------------------

  private gateRaw(maConn: MultiaddrConnection, direction: "inbound" | "outbound"): boolean {
    if (!this.isActive && direction === "inbound") return true;
    const ip = ipOf(maConn.remoteAddr);
    if (this.bans.isBanned(ip)) return true;
    const refused = this.slots.take(maConn, direction, ip);
    if (refused !== null) {
      this.modules.logger.debug({ ip, direction, reason: refused }, "connection refused");
      return true;
    }
    maConn.addEventListener("close", () => this.slots.release(maConn));
    this.modules.anomaly?.observeConnection(ip);
    return false;
  }

  /** An operator may ban a peer by its peer id or by its node id (what getpeerinfo, Snowball and TSDC show). */
  private isPeerBanned(peer: PeerId): boolean {
    if (this.bans.isBanned(peer.toString())) return true;
    const nodeId = nodeIdOf(peer);
    return nodeId !== null && this.bans.isBanned(nodeId);
  }

  private gateIdentified(
    peer: PeerId,
    maConn: MultiaddrConnection,
    direction: "inbound" | "outbound",
  ): boolean {
    // libp2p gates an outbound connection before its handshake only when the address names a peer id: a
    // host:port dial (the bootstrap list) takes its slot here.
    if (!this.slots.holds(maConn) && this.gateRaw(maConn, direction)) return true;
    if (this.isPeerBanned(peer)) {
      this.slots.release(maConn);
      return true;
    }
    const nodeId = nodeIdOf(peer);
    const refused = this.slots.identify(maConn, nodeId !== null && this.masternodeCheck(nodeId));
    return refused !== null;
  }

  private onConnectionOpen(connection: Connection): void {
    const key = connection.remotePeer.toString();
    const existing = this.byKey.get(key);
    if (existing !== undefined) {
      if (existing.connection.status === "open") return;
      // The connection it was on is gone (its close event may come after this open): start over on this one.
      this.dropPeer(existing);
    }
    const nodeId = nodeIdOf(connection.remotePeer);
    if (nodeId === null) {
      // Only ed25519 keys can be node ids.
      void connection.close().catch(() => {});
      return;
    }
    const peer: PeerState = {
      peerId: connection.remotePeer,
      key,
      nodeId,
      connection,
      connectedAt: this.modules.clock.now(),
      ready: false,
      early: [],
      earlyBytes: 0,
      height: null,
      latencyMs: null,
      agent: null,
      bytesIn: 0,
      bytesOut: 0,
      out: new Map(),
      handshakeTimer: null,
    };
    this.byKey.set(key, peer);
    this.byNodeId.set(nodeId, peer);
    peer.handshakeTimer = this.modules.scheduler.after(this.opts.handshakeTimeoutMs, () => {
      if (!peer.ready && this.byKey.get(key) === peer) {
        this.modules.logger.info({ peer: key }, "no handshake in time: disconnecting");
        void this.closePeer(peer);
      }
    });
    const status = this.statusSource?.();
    if (status !== undefined) this.write(peer, "status", lengthPrefixed(encodeMessage(status)));
  }

  private onConnectionClose(connection: Connection): void {
    const key = connection.remotePeer.toString();
    const peer = this.byKey.get(key);
    if (peer === undefined || peer.connection !== connection) return;
    // The closing connection may still say "open" while its close event runs: never carry on over it.
    const other = this.libp2p
      ?.getConnections(connection.remotePeer)
      .find((c) => c !== connection && c.status === "open");
    if (other !== undefined) {
      // A second connection to the same peer (both dialled at once): carry on over it.
      peer.connection = other;
      peer.out.clear();
      return;
    }
    this.dropPeer(peer);
  }

  private dropPeer(peer: PeerState): void {
    peer.handshakeTimer?.();
    if (this.byKey.get(peer.key) === peer) this.byKey.delete(peer.key);
    if (this.byNodeId.get(peer.nodeId) === peer) this.byNodeId.delete(peer.nodeId);
    this.limiter.forget(peer.key);
    this.peerCache = null;
  }

  private onHandshake(peer: PeerState, status: StatusMessage): void {
    const local = this.statusSource?.();
    if (local === undefined) return;
    const reasons: string[] = [];
    if (status.protocolVersion !== PROTOCOL_VERSION)
      reasons.push(`protocol version ${status.protocolVersion}`);
    if (status.chainId !== local.chainId) reasons.push(`chain id ${status.chainId}`);
    if (!bytesEqual(status.genesisHash, local.genesisHash)) reasons.push("another genesis block");
    if (reasons.length > 0) {
      const reason = `handshake mismatch: ${reasons.join(", ")}`;
      this.modules.logger.info({ peer: peer.key, reason }, "peer is on another network: banning it");
      this.bans.ban(peer.key, this.opts.handshakeBanMs, reason, true);
      void this.closePeer(peer);
      return;
    }
    peer.height = status.height;
    if (!peer.ready) {
      peer.ready = true;
      peer.handshakeTimer?.();
      peer.handshakeTimer = null;
      this.peerCache = null;
      // Open every channel's stream now: negotiating one costs a round trip or two (~20 ms measured on
      // loopback for the first query and its reply), which the first transaction would otherwise pay.
      if (this.opts.preopenStreams) {
        for (const channel of CHANNELS) if (channel !== "status") this.ensureStream(peer, channel);
      }
      const early = peer.early;
      peer.early = [];
      peer.earlyBytes = 0;
      this.deliver(peer, status);
      for (const { channel, frame } of early) this.receiveFrame(peer, channel, frame);
      return;
    }
    this.deliver(peer, status);
  }

  private penalise(peer: PeerState, points: number, reason: string): void {
    this.modules.logger.debug({ peer: peer.key, points, reason }, "peer penalised");
    if (this.scores.penalise(peer.key, points)) {
      const ms = this.bans.ban(
        peer.key,
        this.opts.scoreBanMs,
        `score reached ${BAN_THRESHOLD}: ${reason}`,
        true,
      );
      this.scores.reset(peer.key);
      this.modules.logger.warn({ peer: peer.key, reason, banMs: ms }, "peer banned");
      void this.closePeer(peer);
    }
  }

  /** Lowers a peer's score from outside (the anomaly detector). */
  reportPeer(peerKey: string, points: number, reason: string): void {
    const peer = this.byKey.get(peerKey);
    if (peer !== undefined) this.penalise(peer, points, reason);
  }

  private async closePeer(peer: PeerState): Promise<void> {
    const node = this.libp2p;
    if (node === null) return;
    await node.hangUp(peer.peerId).catch(() => {});
  }

  private pingPeers(): void {
    const node = this.libp2p;
    if (node === null) return;
    for (const peer of this.byKey.values()) {
      node.services.ping
        .ping(peer.peerId)
        .then((ms) => {
          peer.latencyMs = ms;
        })
        .catch(() => {});
    }
  }

  private dialBootstrap(): void {
    const node = this.libp2p;
    if (node === null || !this.isActive || this.stopping) return;
    if (this.slotsOutbound() >= this.opts.caps.maxOutbound) return;
    for (const address of this.opts.bootstrap) {
      let ma: Multiaddr;
      try {
        ma = multiaddr(toMultiaddr(address));
      } catch {
        continue;
      }
      const target = ma.getComponents().find((c) => c.name === "p2p")?.value;
      if (target !== undefined && (target === this.selfPeerId || this.byKey.has(target))) continue;
      node.dial(ma).catch((error: unknown) => {
        this.modules.logger.debug({ address, err: error }, "bootstrap dial failed");
      });
    }
  }

  /**
   * Peer exchange: addresses this node learnt from its peers (identify's listen addresses, gossipsub's
   * peer exchange on prune) are dialled while it has fewer outbound connections than its target.
   */
  private async discover(): Promise<void> {
    const node = this.libp2p;
    if (node === null || !this.isActive || this.stopping) return;
    let missing = this.opts.outboundTarget - this.slotsOutbound();
    if (missing <= 0) return;
    const known = await node.peerStore.all();
    for (const peer of known) {
      if (missing <= 0) break;
      const key = peer.id.toString();
      if (key === this.selfPeerId || this.byKey.has(key) || this.bans.isBanned(key)) continue;
      if (peer.addresses.length === 0) continue;
      missing--;
      node.dial(peer.id).catch((error: unknown) => {
        this.modules.logger.debug({ peer: key, err: error }, "peer exchange dial failed");
      });
    }
  }

  private slotsOutbound(): number {
    let n = 0;
    for (const peer of this.byKey.values()) if (peer.connection.direction === "outbound") n++;
    return n;
  }

  private count(protocol: string, bytes: number, direction: "in" | "out"): void {
    let row = this.trafficBy.get(protocol);
    if (row === undefined) {
      row = trafficRow();
      this.trafficBy.set(protocol, row);
    }
    if (direction === "in") {
      row.bytesIn += bytes;
      row.messagesIn++;
    } else {
      row.bytesOut += bytes;
      row.messagesOut++;
    }
  }

  // --- NetworkControl -------------------------------------------------------------------------------

  listenAddresses(): string[] {
    return this.libp2p?.getMultiaddrs().map((ma) => ma.toString()) ?? [];
  }

  /** Dials an address now (host:port or multiaddr, with or without /p2p/<id>). */
  async dial(address: string): Promise<void> {
    const node = this.libp2p;
    if (node === null) throw new P2pError("P2P_STATE", "the host is not started", {});
    await node.dial(multiaddr(toMultiaddr(address)));
  }

  async setActive(active: boolean): Promise<void> {
    if (this.isActive === active) return;
    this.isActive = active;
    this.modules.logger.info({ active }, active ? "network switched on" : "network switched off");
    const node = this.libp2p;
    if (node === null) return;
    if (!active) {
      await Promise.all(node.getConnections().map((c) => c.close().catch(() => {})));
    } else {
      this.dialBootstrap();
    }
  }

  // NetworkControl.peers clashes with NodeTransport.peers: getpeerinfo uses peerInfo().
  peerInfo(): PeerInfo[] {
    return [...this.byKey.values()]
      .filter((p) => p.ready)
      .map((p) => ({
        peerId: p.key,
        nodeId: p.nodeId,
        address: p.connection.remoteAddr.toString(),
        direction: p.connection.direction,
        connectedAt: p.connectedAt,
        latencyMs: p.latencyMs,
        height: p.height,
        agent: p.agent,
        masternode: this.masternodeCheck(p.nodeId),
        bytesIn: p.bytesIn,
        bytesOut: p.bytesOut,
        score: Math.round(this.scores.get(p.key) * 100) / 100,
      }))
      .sort((a, b) => a.connectedAt - b.connectedAt);
  }

  connectionCounts(): ConnectionCounts {
    let inbound = 0;
    let outbound = 0;
    for (const peer of this.byKey.values()) {
      if (!peer.ready) continue;
      if (peer.connection.direction === "inbound") inbound++;
      else outbound++;
    }
    return { inbound, outbound, total: inbound + outbound };
  }

  async ban(target: string, durationMs: number, reason: string): Promise<void> {
    this.bans.ban(target, durationMs, reason);
    for (const peer of [...this.byKey.values()]) {
      if (peer.key === target || peer.nodeId === target || ipOf(peer.connection.remoteAddr) === target) {
        await this.closePeer(peer);
      }
    }
  }

  unban(target: string): boolean {
    return this.bans.unban(target);
  }

  listBanned(): BanEntry[] {
    return this.bans.list();
  }

  clearBanned(): void {
    this.bans.clear();
  }

  async disconnect(target: string): Promise<boolean> {
    const matches = [...this.byKey.values()].filter(
      (p) =>
        p.key === target ||
        p.nodeId === target ||
        p.connection.remoteAddr.toString() === target ||
        p.connection.remoteAddr.toString().startsWith(`${toMultiaddrSafe(target)}/`) ||
        ipOf(p.connection.remoteAddr) === target,
    );
    for (const peer of matches) await this.closePeer(peer);
    return matches.length > 0;
  }

  traffic(): Readonly<Record<string, ProtocolTraffic>> {
    return Object.fromEntries([...this.trafficBy].map(([k, v]) => [k, { ...v }]));
  }

  rateLimitDrops(): Readonly<Record<string, number>> {
    return this.limiter.drops();
  }
}

function toMultiaddrSafe(address: string): string {
  try {
    return toMultiaddr(address);
  } catch {
    return address;
  }
}

/** Hex of an ed25519 peer id's public key; null for other key types. */
export function nodeIdOf(peer: PeerId): string | null {
  if (peer.type !== "Ed25519" || peer.publicKey === undefined) return null;
  return toHex(peer.publicKey.raw);
}

/** The libp2p peer id of a node id (hex ed25519 key). */
export function peerIdOfNodeId(nodeId: string): PeerId {
  return peerIdFromPublicKey(publicKeyFromRaw(fromHex(nodeId)));
}

/** Parses a peer id string (for operator input). */
export function parsePeerId(text: string): PeerId {
  return peerIdFromString(text);
}
