// The libp2p host over real TCP on loopback: hosts handshake, then point-to-point sends and broadcasts reach
// the node's handler with the sender's node id; a peer of another network, and a raw libp2p client that
// speaks garbage on a TimeCoin protocol, are disconnected and banned while honest hosts carry on; a throwing
// handler does not take the host down; stop() leaves no socket open.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import { generateKeyPair, generateKeyPairFromSeed } from "@libp2p/crypto/keys";
import type { Connection } from "@libp2p/interface";
import { tcp } from "@libp2p/tcp";
import { multiaddr } from "@multiformats/multiaddr";
import { createLibp2p, type Libp2p } from "libp2p";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ACCEPT, systemClock, timerScheduler, type Verdict } from "../consensus/index.js";
import { publicKeyFromSeed } from "../crypto/index.js";
import { loadGenesis } from "../genesis/index.js";
import { encodeMessage, MAX_QUERY_TXIDS, MESSAGE_CAPS, PROTOCOL_VERSION } from "../network/index.js";
import type { NodeMessage } from "../node/index.js";
import { networkParams } from "../params/index.js";
import { toHex } from "../types/index.js";
import { type MemoryLogger, memoryLogger } from "../util/index.js";
import { protocolId } from "./channels.js";
import { lengthPrefixed } from "./frames.js";
import { P2pHost } from "./host.js";
import type { P2pHostOptions, PeerObserver } from "./options.js";

type StatusMessage = Extract<NodeMessage, { kind: "status" }>;

const NETWORK = "devnet";
const params = networkParams(NETWORK);
const WAIT = { timeout: 10_000, interval: 20 };

let genesisHash: Uint8Array;
beforeAll(async () => {
  genesisHash = (await loadGenesis(params)).hash;
});

let nextSeed = 1;
function freshSeed(): Uint8Array {
  const seed = new Uint8Array(32);
  new DataView(seed.buffer).setUint32(0, nextSeed++);
  seed[31] = 0x5a;
  return seed;
}

function statusOf(genesis: Uint8Array, height = 0n): StatusMessage {
  return {
    kind: "status",
    protocolVersion: PROTOCOL_VERSION,
    chainId: params.chainId,
    genesisHash: genesis,
    height,
    tipHash: genesis,
  };
}

interface Received {
  readonly from: string;
  readonly message: NodeMessage;
}

interface TestHost {
  readonly host: P2pHost;
  /** Hex of the host's ed25519 key, computed from its seed on our side. */
  readonly nodeId: string;
  readonly received: Received[];
  readonly logger: MemoryLogger;
  address(): string;
}

const hosts: P2pHost[] = [];
const raws: Libp2p[] = [];

afterEach(async () => {
  await Promise.all(raws.splice(0).map((n) => n.stop()));
  await Promise.all(hosts.splice(0).map((h) => h.stop()));
});

async function startHost(
  opts: {
    genesis?: Uint8Array;
    handler?: (from: string, message: NodeMessage) => ReturnType<Parameters<P2pHost["onMessage"]>[0]>;
    p2p?: Partial<P2pHostOptions>;
    anomaly?: PeerObserver;
  } = {},
): Promise<TestHost> {
  const keySeed = freshSeed();
  const logger = memoryLogger();
  const host = new P2pHost(
    { network: NETWORK, listen: ["127.0.0.1:0"], keySeed, agent: "p2ptest/0", dataDir: null, ...opts.p2p },
    {
      clock: systemClock,
      scheduler: timerScheduler,
      logger,
      ...(opts.anomaly ? { anomaly: opts.anomaly } : {}),
    },
  );
  hosts.push(host);
  const genesis = opts.genesis ?? genesisHash;
  host.setStatusSource(() => statusOf(genesis));
  const received: Received[] = [];
  host.onMessage((from, message) => {
    received.push({ from, message });
    return opts.handler ? opts.handler(from, message) : ACCEPT;
  });
  await host.start();
  return {
    host,
    nodeId: toHex(publicKeyFromSeed(keySeed)),
    received,
    logger,
    address: () => host.listenAddresses()[0] as string,
  };
}

/**
 * `b` dials `a`; resolves once each lists the other as a ready peer. The dial is retried: libp2p itself
 * refuses more than 5 inbound connections a second from one IP, and every test peer is 127.0.0.1.
 */
async function connect(a: TestHost, b: TestHost): Promise<void> {
  await vi.waitFor(() => b.host.dial(a.address()), WAIT);
  await vi.waitFor(() => {
    expect(a.host.peers()).toContain(b.nodeId);
    expect(b.host.peers()).toContain(a.nodeId);
  }, WAIT);
}

function hash(byte: number): Uint8Array {
  return new Uint8Array(32).fill(byte);
}

function query(requestId: number): NodeMessage {
  return { kind: "query", requestId, txids: [hash(1), hash(2), hash(3)] };
}

function kindsFrom(h: TestHost, from: string): string[] {
  return h.received.filter((r) => r.from === from).map((r) => r.message.kind);
}

/** A bare libp2p node with the host's transports and none of its protocol logic. */
async function rawClient(): Promise<{ node: Libp2p; nodeId: string }> {
  const seed = freshSeed();
  const node = await createLibp2p({
    privateKey: await generateKeyPairFromSeed("Ed25519", seed),
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
  });
  raws.push(node);
  return { node, nodeId: toHex(publicKeyFromSeed(seed)) };
}

async function rawHandshake(raw: Libp2p, target: TestHost, genesis = genesisHash): Promise<Connection> {
  const connection = await raw.dial(multiaddr(target.address()));
  const status = await connection.newStream(protocolId(NETWORK, "status"));
  status.send(lengthPrefixed(encodeMessage(statusOf(genesis))));
  return connection;
}

/**
 * A raw client with a good handshake, turned away by the host once its key is known: the TCP connection
 * was accepted (so it was not libp2p's own inbound rate limit refusing it), then closed. The host must have
 * a long handshake timeout, so a connection it let through would stay open.
 */
async function expectTurnedAway(raw: Libp2p, target: TestHost): Promise<void> {
  const outcome = await rawHandshake(raw, target).then(
    () => "connected",
    (error: Error) => error.message,
  );
  expect(outcome).not.toMatch(/ECONNRESET|ECONNREFUSED/);
  await vi.waitFor(() => expect(raw.getConnections().length).toBe(0), WAIT);
}

function bannedTargets(h: TestHost): string[] {
  return h.host.listBanned().map((b) => b.target);
}

describe("P2pHost over TCP", () => {
  it("handshakes, then delivers a query and its reply with the sender's node id", async () => {
    const a = await startHost();
    const b = await startHost();
    expect(a.host.nodeId).toBe(a.nodeId);
    await connect(a, b);
    // The handshake itself reaches the node: it learns the peer's tip from it.
    await vi.waitFor(() => expect(kindsFrom(a, b.nodeId)).toContain("status"), WAIT);

    const q = query(7);
    b.host.send(a.nodeId, q);
    await vi.waitFor(() => expect(kindsFrom(a, b.nodeId)).toContain("query"), WAIT);
    expect(a.received.find((r) => r.message.kind === "query")).toEqual({ from: b.nodeId, message: q });

    const reply: NodeMessage = { kind: "reply", requestId: 7, count: 3, bits: Uint8Array.of(0b101) };
    a.host.send(b.nodeId, reply);
    await vi.waitFor(() => expect(kindsFrom(b, a.nodeId)).toContain("reply"), WAIT);
    expect(b.received.find((r) => r.message.kind === "reply")).toEqual({ from: a.nodeId, message: reply });

    const info = a.host.peerInfo();
    expect(info).toHaveLength(1);
    expect(info[0]).toMatchObject({
      nodeId: b.nodeId,
      peerId: b.host.peerId,
      direction: "inbound",
      height: 0n,
    });
    expect(a.host.connectionCounts()).toEqual({ inbound: 1, outbound: 0, total: 1 });
    expect(a.host.traffic().snowball?.messagesIn).toBeGreaterThanOrEqual(1);
  });

  it("keeps many sends on one stream in order", async () => {
    const a = await startHost();
    const b = await startHost();
    await connect(a, b);
    for (let i = 0; i < 200; i++) b.host.send(a.nodeId, query(i));
    await vi.waitFor(
      () => expect(kindsFrom(a, b.nodeId).filter((k) => k === "query")).toHaveLength(200),
      WAIT,
    );
    const ids = a.received.flatMap((r) => (r.message.kind === "query" ? [r.message.requestId] : []));
    expect(ids).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it("broadcasts a heartbeat to every peer, and lists the ready peers plus itself, sorted", async () => {
    const a = await startHost();
    const b = await startHost();
    const c = await startHost();
    await connect(a, b);
    await connect(a, c);
    await connect(b, c);
    const all = [a.nodeId, b.nodeId, c.nodeId].sort();
    for (const h of [a, b, c]) expect(h.host.peers()).toEqual(all);

    const heartbeat: NodeMessage = {
      kind: "heartbeat",
      heartbeat: {
        operatorPublicKey: publicKeyFromSeed(hash(42)),
        height: 12n,
        timestamp: 1_700_000_000_000n,
        sequence: 3n,
        signature: new Uint8Array(64).fill(0x33),
      },
    };
    a.host.broadcast(heartbeat);
    for (const h of [b, c]) {
      await vi.waitFor(() => expect(h.received.map((r) => r.message)).toContainEqual(heartbeat), WAIT);
      expect(h.received.some((r) => r.message.kind === "heartbeat" && r.from === a.nodeId)).toBe(true);
    }
    expect(a.received.some((r) => r.message.kind === "heartbeat")).toBe(false);
  });

  it("does not list a connected peer before its handshake", async () => {
    const a = await startHost();
    const raw = await rawClient();
    await raw.node.dial(multiaddr(a.address()));
    await vi.waitFor(() => expect(a.host.listenAddresses().length).toBeGreaterThan(0), WAIT);
    expect(a.host.peers()).toEqual([a.nodeId]);
    expect(a.host.peerInfo()).toEqual([]);
  });

  it("closes a connection from a key that cannot be a node id (not ed25519)", async () => {
    const a = await startHost({ p2p: { handshakeTimeoutMs: 60_000 } });
    const node = await createLibp2p({
      privateKey: await generateKeyPair("secp256k1"),
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
    });
    raws.push(node);
    await expectTurnedAway(node, a);
    expect(a.host.peers()).toEqual([a.nodeId]);
  });

  it("disconnects and bans a peer with another genesis, and never hands its messages to the node", async () => {
    const a = await startHost({ p2p: { handshakeTimeoutMs: 60_000 } });
    const d = await startHost({ genesis: hash(0xee) });
    await d.host.dial(a.address());
    await vi.waitFor(() => expect(bannedTargets(a)).toContain(d.host.peerId), WAIT);
    const ban = a.host.listBanned().find((entry) => entry.target === d.host.peerId);
    expect(ban?.reason).toMatch(/handshake mismatch: another genesis block/);
    expect(a.host.peers()).toEqual([a.nodeId]);
    expect(d.host.peers()).toEqual([d.nodeId]);
    d.host.send(a.nodeId, query(1));
    d.host.broadcast({ kind: "txs", txs: [] });

    // A raw client of another network that sends a query before its handshake (held until the handshake).
    const raw = await rawClient();
    const connection = await raw.node.dial(multiaddr(a.address()));
    const snowball = await connection.newStream(protocolId(NETWORK, "snowball"));
    const status = await connection.newStream(protocolId(NETWORK, "status"));
    snowball.send(lengthPrefixed(encodeMessage(query(2))));
    status.send(lengthPrefixed(encodeMessage(statusOf(hash(0xee)))));
    await vi.waitFor(() => expect(bannedTargets(a)).toContain(raw.node.peerId.toString()), WAIT);
    await vi.waitFor(() => expect(raw.node.getConnections().length).toBe(0), WAIT);
    // Back with the right genesis: refused while the ban lasts (else the handshake would make it a peer).
    await expectTurnedAway(raw.node, a);
    expect(a.host.peers()).toEqual([a.nodeId]);

    expect(a.received.filter((r) => r.from === d.nodeId || r.from === raw.nodeId)).toEqual([]);
    expect(d.received).toEqual([]);
  });

  it("delivers frames sent before the handshake after it, in order, and nothing before it", async () => {
    const a = await startHost();
    const raw = await rawClient();
    const connection = await raw.node.dial(multiaddr(a.address()));
    const snowball = await connection.newStream(protocolId(NETWORK, "snowball"));
    snowball.send(lengthPrefixed(encodeMessage(query(1))));
    snowball.send(lengthPrefixed(encodeMessage(query(2))));
    const status = await connection.newStream(protocolId(NETWORK, "status"));
    status.send(lengthPrefixed(encodeMessage(statusOf(genesisHash))));
    await vi.waitFor(() => expect(kindsFrom(a, raw.nodeId)).toEqual(["status", "query", "query"]), WAIT);
    const ids = a.received.flatMap((r) => (r.message.kind === "query" ? [r.message.requestId] : []));
    expect(ids).toEqual([1, 2]);
  });

  it.each([
    ["protocol version", { protocolVersion: PROTOCOL_VERSION + 1 }, /protocol version/],
    ["chain id", { chainId: params.chainId + 100 }, /chain id/],
  ])("disconnects and bans a peer speaking another %s", async (_what, change, reason) => {
    const a = await startHost();
    const raw = await rawClient();
    const connection = await raw.node.dial(multiaddr(a.address()));
    const status = await connection.newStream(protocolId(NETWORK, "status"));
    status.send(lengthPrefixed(encodeMessage({ ...statusOf(genesisHash), ...change })));
    await vi.waitFor(() => expect(bannedTargets(a)).toContain(raw.node.peerId.toString()), WAIT);
    expect(a.host.listBanned()[0]?.reason).toMatch(reason);
    await vi.waitFor(() => expect(raw.node.getConnections().length).toBe(0), WAIT);
    expect(a.received).toEqual([]);
  });

  it("penalises anything but a status on the status channel", async () => {
    const a = await startHost();
    const raw = await rawClient();
    const connection = await rawHandshake(raw.node, a);
    await vi.waitFor(() => expect(a.host.peers()).toContain(raw.nodeId), WAIT);
    const status = await connection.newStream(protocolId(NETWORK, "status"));
    status.send(lengthPrefixed(encodeMessage(query(1))));
    const rawPeerId = raw.node.peerId.toString();
    // A query frame is over the status channel's cap (a status is 76 bytes): refused by its prefix.
    await vi.waitFor(() => {
      expect(a.host.peerInfo().find((p) => p.peerId === rawPeerId)?.score).toBeLessThan(-24);
    }, WAIT);
    expect(kindsFrom(a, raw.nodeId)).toEqual(["status"]);
  });

  it("bans a raw client that sends garbage frames, while honest hosts keep talking", async () => {
    const a = await startHost();
    const b = await startHost();
    await connect(a, b);
    const raw = await rawClient();
    const connection = await rawHandshake(raw.node, a);
    await vi.waitFor(() => expect(a.host.peers()).toContain(raw.nodeId), WAIT);

    const snowball = await connection.newStream(protocolId(NETWORK, "snowball"));
    // Frames that do not decode (unknown type tag) cost 20 points each: five reach the threshold of -100
    // (but for the score's decay in between), six pass it. The query behind them in the same write comes
    // from a banned peer and must not reach the node.
    const garbage = lengthPrefixed(Uint8Array.of(PROTOCOL_VERSION, 0xee, 1, 2, 3));
    const frames = [...Array.from({ length: 6 }, () => garbage), lengthPrefixed(encodeMessage(query(9)))];
    snowball.send(Uint8Array.from(frames.flatMap((f) => [...f])));
    b.host.send(a.nodeId, query(1));
    await vi.waitFor(() => expect(bannedTargets(a)).toContain(raw.node.peerId.toString()), WAIT);
    const ban = a.host.listBanned().find((entry) => entry.target === raw.node.peerId.toString());
    expect(ban?.reason).toMatch(/^score reached -100: malformed/);
    await vi.waitFor(() => expect(raw.node.getConnections().length).toBe(0), WAIT);
    expect(a.host.peers()).toEqual([a.nodeId, b.nodeId].sort());

    b.host.send(a.nodeId, query(2));
    a.host.send(b.nodeId, query(3));
    await vi.waitFor(() => expect(kindsFrom(a, b.nodeId).filter((k) => k === "query")).toHaveLength(2), WAIT);
    await vi.waitFor(() => expect(kindsFrom(b, a.nodeId)).toContain("query"), WAIT);
    expect(kindsFrom(a, raw.nodeId)).toEqual(["status"]);
    expect(a.host.banCount).toBe(1);
  });

  it("bans a raw client that keeps announcing frames over the cap, before reading their bodies", async () => {
    const a = await startHost();
    const b = await startHost();
    await connect(a, b);
    const raw = await rawClient();
    const connection = await rawHandshake(raw.node, a);
    await vi.waitFor(() => expect(a.host.peers()).toContain(raw.nodeId), WAIT);
    const rawPeerId = raw.node.peerId.toString();
    const scoreOf = () => a.host.peerInfo().find((p) => p.peerId === rawPeerId)?.score;

    // 256 MiB announced on the snowball channel (capped at ~32 KiB): each costs 25 points and the stream.
    // Four reach the threshold of -100 but for the score's decay in between, so the fifth bans for sure.
    const oversize = Uint8Array.of(0xff, 0xff, 0xff, 0x7f);
    let sent = 0;
    while (!bannedTargets(a).includes(rawPeerId)) {
      expect(sent).toBeLessThan(5);
      const stream = await connection.newStream(protocolId(NETWORK, "snowball"));
      stream.send(oversize);
      sent++;
      await vi.waitFor(() => {
        const score = scoreOf();
        if (score !== undefined) expect(score).toBeLessThan(-25 * sent + 1);
      }, WAIT);
    }
    expect(sent).toBeGreaterThanOrEqual(4);
    expect(a.host.listBanned().find((e) => e.target === rawPeerId)?.reason).toMatch(/frame-over-cap/);
    expect(a.host.traffic()["invalid:snowball"]?.messagesIn).toBe(sent);
    await vi.waitFor(() => expect(raw.node.getConnections().length).toBe(0), WAIT);

    b.host.send(a.nodeId, query(5));
    await vi.waitFor(() => expect(kindsFrom(a, b.nodeId)).toContain("query"), WAIT);
  });

  it("survives a handler that throws, and goes on delivering", async () => {
    const a = await startHost({
      handler: (_from, message) => {
        if (message.kind === "query" && message.requestId === 1) throw new Error("handler bug");
        return ACCEPT;
      },
    });
    const b = await startHost();
    await connect(a, b);
    b.host.send(a.nodeId, query(1));
    b.host.send(a.nodeId, query(2));
    await vi.waitFor(() => expect(kindsFrom(a, b.nodeId).filter((k) => k === "query")).toHaveLength(2), WAIT);
    expect(a.logger.at("error").map((e) => e.msg)).toContain("the node's handler threw");
    // The sender is not blamed for our bug.
    expect(a.host.peerInfo()[0]?.score).toBe(0);
    a.host.send(b.nodeId, query(3));
    await vi.waitFor(() => expect(kindsFrom(b, a.nodeId)).toContain("query"), WAIT);
  });

  it("stops cleanly: peers see it go, nothing is left open, and later calls are harmless", async () => {
    const handles = (prefix: string) =>
      process.getActiveResourcesInfo().filter((r) => r.startsWith(prefix)).length;
    // What earlier tests left closing is gone first.
    await vi.waitFor(() => expect(handles("TCP")).toBe(0), WAIT);
    const timersBefore = handles("Timeout");
    const a = await startHost();
    const b = await startHost();
    await connect(a, b);
    expect(handles("TCP")).toBeGreaterThanOrEqual(4);

    await a.host.stop();
    await vi.waitFor(() => expect(b.host.peers()).toEqual([b.nodeId]), WAIT);
    expect(a.host.peers()).toEqual([a.nodeId]);
    a.host.send(b.nodeId, query(1));
    a.host.broadcast({ kind: "txs", txs: [] });
    await a.host.stop();
    await expect(a.host.start()).rejects.toMatchObject({ code: "P2P_STATE" });

    await b.host.stop();
    // No socket and no timer of the hosts keeps the process alive.
    await vi.waitFor(() => expect(handles("TCP")).toBe(0), WAIT);
    await vi.waitFor(() => expect(handles("Timeout")).toBeLessThanOrEqual(timersBefore), WAIT);
  });
});

describe("P2pHost limits and operator switches", () => {
  it("disconnects a connection that sends no handshake in time", async () => {
    const a = await startHost({ p2p: { handshakeTimeoutMs: 300 } });
    const raw = await rawClient();
    await raw.node.dial(multiaddr(a.address()));
    await vi.waitFor(() => expect(raw.node.getConnections().length).toBe(0), WAIT);
    expect(a.host.listBanned()).toEqual([]);
  });

  it("penalises a message on a channel that does not carry its type, and does not deliver it", async () => {
    const a = await startHost();
    const b = await startHost();
    await connect(a, b);
    const raw = await rawClient();
    const connection = await rawHandshake(raw.node, a);
    await vi.waitFor(() => expect(a.host.peers()).toContain(raw.nodeId), WAIT);
    const snowball = await connection.newStream(protocolId(NETWORK, "snowball"));
    snowball.send(lengthPrefixed(encodeMessage({ kind: "getBlocks", fromHeight: 1n, count: 4 })));
    const rawPeerId = raw.node.peerId.toString();
    await vi.waitFor(() => {
      expect(a.host.peerInfo().find((p) => p.peerId === rawPeerId)?.score).toBeLessThan(-19);
    }, WAIT);
    // The same message on its own channel is delivered.
    const sync = await connection.newStream(protocolId(NETWORK, "sync"));
    sync.send(lengthPrefixed(encodeMessage({ kind: "getBlocks", fromHeight: 1n, count: 4 })));
    await vi.waitFor(() => expect(kindsFrom(a, raw.nodeId)).toEqual(["status", "getBlocks"]), WAIT);
  });

  it("drops and counts messages over a peer's rate limit", async () => {
    const a = await startHost({ p2p: { rateLimits: { snowball: { perSecond: 0.001, burst: 3 } } } });
    const b = await startHost();
    await connect(a, b);
    for (let i = 0; i < 10; i++) b.host.send(a.nodeId, query(i));
    await vi.waitFor(() => expect(a.host.rateLimitDrops().snowball).toBe(7), WAIT);
    expect(kindsFrom(a, b.nodeId).filter((k) => k === "query")).toHaveLength(3);
    expect(a.host.peerInfo()[0]?.score).toBeLessThan(-6);
    // Other classes are not affected.
    b.host.send(a.nodeId, { kind: "getTxs", txids: [hash(4)] });
    await vi.waitFor(() => expect(kindsFrom(a, b.nodeId)).toContain("getTxs"), WAIT);
  });

  it("caps connections per IP at the gate, and frees the slot when a connection closes", async () => {
    const a = await startHost({ p2p: { caps: { maxPerIp: 1 } } });
    const b = await startHost();
    const c = await startHost();
    await connect(a, b);
    await expect(c.host.dial(a.address())).rejects.toThrow();
    expect(a.host.peers()).toEqual([a.nodeId, b.nodeId].sort());
    expect(await a.host.disconnect(b.nodeId)).toBe(true);
    await vi.waitFor(() => expect(a.host.peers()).toEqual([a.nodeId]), WAIT);
    await vi.waitFor(async () => {
      await c.host.dial(a.address());
      expect(a.host.peers()).toContain(c.nodeId);
    }, WAIT);
    expect(await a.host.disconnect("no-such-peer")).toBe(false);
  });

  it("caps outbound connections also when dialling host:port, without a peer id", async () => {
    const a = await startHost({ p2p: { caps: { maxOutbound: 1 } } });
    const b = await startHost();
    const c = await startHost();
    const hostPort = (h: TestHost) => `127.0.0.1:${h.address().split("/")[4]}`;
    await vi.waitFor(() => a.host.dial(hostPort(b)), WAIT);
    await vi.waitFor(() => expect(a.host.peers()).toContain(b.nodeId), WAIT);
    await expect(a.host.dial(hostPort(c))).rejects.toThrow();
    expect(a.host.peers()).toEqual([a.nodeId, b.nodeId].sort());
  });

  it("keeps reserved inbound slots for registered masternodes", async () => {
    const mn = await startHost();
    // A long handshake timeout: a connection still open after the gate is a connection it let through.
    const a = await startHost({
      p2p: { caps: { maxInbound: 2, reservedForMasternodes: 1 }, handshakeTimeoutMs: 60_000 },
    });
    a.host.setMasternodeCheck((nodeId) => nodeId === mn.nodeId);
    const b = await startHost();
    await connect(a, b);
    // The last inbound slot is reserved: an ordinary client is let in by the raw gate, then turned away
    // once its key is known.
    const raw = await rawClient();
    await expectTurnedAway(raw.node, a);
    await connect(a, mn);
    expect(a.host.peers()).toEqual([a.nodeId, b.nodeId, mn.nodeId].sort());
    expect(a.host.peerInfo().find((p) => p.nodeId === mn.nodeId)?.masternode).toBe(true);
    expect(a.host.peerInfo().find((p) => p.nodeId === b.nodeId)?.masternode).toBe(false);
  });

  it("bans by peer id or IP on the operator's word, disconnecting what matches, until unbanned", async () => {
    const a = await startHost({ p2p: { handshakeTimeoutMs: 60_000 } });
    const b = await startHost();
    await connect(a, b);
    const raw = await rawClient();
    const rawPeerId = raw.node.peerId.toString();
    await rawHandshake(raw.node, a);
    await vi.waitFor(() => expect(a.host.peers()).toContain(raw.nodeId), WAIT);

    await a.host.ban(rawPeerId, 60_000, "operator");
    await vi.waitFor(() => expect(raw.node.getConnections().length).toBe(0), WAIT);
    expect(a.host.peers()).toEqual([a.nodeId, b.nodeId].sort());
    expect(a.host.listBanned()).toMatchObject([{ target: rawPeerId, reason: "operator" }]);
    await expectTurnedAway(raw.node, a);
    expect(a.host.unban(rawPeerId)).toBe(true);
    await vi.waitFor(() => rawHandshake(raw.node, a), WAIT);
    await vi.waitFor(() => expect(a.host.peers()).toContain(raw.nodeId), WAIT);

    await a.host.ban("127.0.0.1", 60_000, "whole host");
    await vi.waitFor(() => expect(a.host.peers()).toEqual([a.nodeId]), WAIT);
    await vi.waitFor(() => expect(raw.node.getConnections().length).toBe(0), WAIT);
    await expect(b.host.dial(a.address())).rejects.toThrow();
    a.host.clearBanned();
    expect(a.host.listBanned()).toEqual([]);
    expect(a.host.banCount).toBe(2);
    await connect(a, b);
  });

  it("keeps a peer banned by its node id out, not only disconnected", async () => {
    const a = await startHost({ p2p: { handshakeTimeoutMs: 60_000 } });
    const raw = await rawClient();
    await rawHandshake(raw.node, a);
    await vi.waitFor(() => expect(a.host.peers()).toContain(raw.nodeId), WAIT);
    // getpeerinfo shows node ids, and Snowball and TSDC name peers by them: an operator bans by one.
    await a.host.ban(raw.nodeId, 60_000, "operator");
    await vi.waitFor(() => expect(raw.node.getConnections().length).toBe(0), WAIT);
    await expectTurnedAway(raw.node, a);
    expect(a.host.peers()).toEqual([a.nodeId]);
    expect(a.host.unban(raw.nodeId)).toBe(true);
    await vi.waitFor(() => rawHandshake(raw.node, a), WAIT);
    await vi.waitFor(() => expect(a.host.peers()).toContain(raw.nodeId), WAIT);
  });

  it("does not dial a peer banned by its node id", async () => {
    const a = await startHost();
    const b = await startHost();
    await b.host.ban(a.nodeId, 60_000, "operator");
    await expect(b.host.dial(a.address())).rejects.toThrow();
    expect(b.host.peers()).toEqual([b.nodeId]);
  });

  it("keeps bans across a restart in the data directory", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "p2p-host-"));
    try {
      const a = await startHost({ p2p: { dataDir } });
      await a.host.ban("10.9.8.7", 3_600_000, "operator");
      await a.host.stop();
      const again = await startHost({ p2p: { dataDir } });
      expect(again.host.listBanned()).toMatchObject([{ target: "10.9.8.7", reason: "operator" }]);
    } finally {
      await Promise.all(hosts.splice(0).map((h) => h.stop()));
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("dials its bootstrap peers at start, and again after the network is switched back on", async () => {
    const a = await startHost();
    const b = await startHost({ p2p: { bootstrap: [a.address()], redialIntervalMs: 200 } });
    await vi.waitFor(() => expect(a.host.peers()).toContain(b.nodeId), WAIT);
    await b.host.setActive(false);
    expect(b.host.active).toBe(false);
    await vi.waitFor(() => expect(a.host.peers()).toEqual([a.nodeId]), WAIT);
    b.host.broadcast({ kind: "txs", txs: [] });
    await b.host.setActive(true);
    await vi.waitFor(() => expect(a.host.peers()).toContain(b.nodeId), WAIT);
    await vi.waitFor(() => expect(b.host.peers()).toContain(a.nodeId), WAIT);
  });

  it("refuses inbound connections while switched off", async () => {
    const a = await startHost();
    const b = await startHost();
    await a.host.setActive(false);
    await expect(b.host.dial(a.address())).rejects.toThrow();
    await a.host.setActive(true);
    await connect(a, b);
  });

  it("carries a frame of exactly its channel's cap", async () => {
    const a = await startHost();
    const b = await startHost();
    await connect(a, b);
    const txids = Array.from({ length: MAX_QUERY_TXIDS }, (_, i) => hash(i & 0xff));
    const big: NodeMessage = { kind: "query", requestId: 1, txids };
    expect(encodeMessage(big).length).toBe(MESSAGE_CAPS.query);
    b.host.send(a.nodeId, big);
    await vi.waitFor(() => expect(kindsFrom(a, b.nodeId)).toContain("query"), WAIT);
    expect(a.received.find((r) => r.message.kind === "query")?.message).toEqual(big);
  });

  it("relays by gossip a broadcast whose direct copy the middle node already took", async () => {
    // Like the node's engines: the first copy of a message is accepted, a repeat is ignored as a duplicate.
    const dedup = (): ((from: string, m: NodeMessage) => Verdict) => {
      const seen = new Set<string>();
      return (_from, m) => {
        const id = toHex(encodeMessage(m));
        if (seen.has(id)) return { verdict: "ignore", reason: "duplicate" };
        seen.add(id);
        return ACCEPT;
      };
    };
    const a = await startHost({ handler: dedup() });
    const b = await startHost({ handler: dedup() });
    const c = await startHost({ handler: dedup() });
    await connect(a, b);
    await connect(b, c);
    let sequence = 0n;
    await vi.waitFor(
      () => {
        a.host.broadcast({
          kind: "heartbeat",
          heartbeat: {
            operatorPublicKey: publicKeyFromSeed(hash(44)),
            height: 1n,
            timestamp: 1_700_000_000_000n,
            sequence: ++sequence,
            signature: new Uint8Array(64).fill(0x45),
          },
        });
        expect(c.received.some((r) => r.message.kind === "heartbeat")).toBe(true);
      },
      { timeout: 15_000, interval: 500 },
    );
    // The mesh is up and a's streams to b are open: every further broadcast reaches c through b.
    const laterAt = (h: TestHost) =>
      new Set(
        h.received.flatMap((r) =>
          r.message.kind === "heartbeat" && r.message.heartbeat.sequence >= 1_000n
            ? [r.message.heartbeat.sequence]
            : [],
        ),
      ).size;
    for (let i = 0; i < 5; i++) {
      a.host.broadcast({
        kind: "heartbeat",
        heartbeat: {
          operatorPublicKey: publicKeyFromSeed(hash(44)),
          height: 1n,
          timestamp: 1_700_000_000_000n,
          sequence: 1_000n + BigInt(i),
          signature: new Uint8Array(64).fill(0x45),
        },
      });
    }
    await vi.waitFor(() => expect(laterAt(c)).toBe(5), WAIT);
  });

  it("relays a broadcast by gossip to a peer it is not connected to", async () => {
    const a = await startHost();
    const b = await startHost();
    const c = await startHost();
    await connect(a, b);
    await connect(b, c);
    const heartbeat = {
      kind: "heartbeat",
      heartbeat: {
        operatorPublicKey: publicKeyFromSeed(hash(43)),
        height: 1n,
        timestamp: 1_700_000_000_000n,
        sequence: 1n,
        signature: new Uint8Array(64).fill(0x44),
      },
    } as const;
    // Gossipsub needs a heartbeat or two to graft its mesh; a's publish before that may reach nobody, so
    // a publishes afresh (a new sequence: a repeat would be the same gossip message id) until one arrives.
    let sequence = 0n;
    await vi.waitFor(
      () => {
        a.host.broadcast({ kind: "heartbeat", heartbeat: { ...heartbeat.heartbeat, sequence: ++sequence } });
        expect(c.received.some((r) => r.message.kind === "heartbeat")).toBe(true);
      },
      { timeout: 15_000, interval: 500 },
    );
    const got = c.received.find((r) => r.message.kind === "heartbeat");
    expect(got?.from).toBe(b.nodeId);
  });
});

describe("P2pHost peer figures and verdicts", () => {
  it("reports the peer's agent, tip height and ping latency", async () => {
    const a = await startHost({ p2p: { pingIntervalMs: 100 } });
    const b = await startHost();
    await connect(a, b);
    await vi.waitFor(() => {
      const info = a.host.peerInfo()[0];
      expect(info?.agent).toBe("p2ptest/0");
      expect(info?.latencyMs).not.toBeNull();
    }, WAIT);
    expect(a.host.peerInfo()[0]).toMatchObject({ height: 0n, masternode: false, score: 0 });
    expect(a.host.peerInfo()[0]?.bytesIn).toBeGreaterThan(0);
    // A later status on the sync channel moves the peer's tip.
    b.host.send(a.nodeId, statusOf(genesisHash, 41n));
    await vi.waitFor(() => expect(a.host.peerInfo()[0]?.height).toBe(41n), WAIT);
  });

  it("drops what does not fit the queue of a stream still opening, and counts it", async () => {
    const a = await startHost();
    // Streams open at their first message here, so the sends below find the snowball stream still opening.
    const b = await startHost({ p2p: { maxQueuedBytes: 250, preopenStreams: false } });
    await connect(a, b);
    const frameBytes = lengthPrefixed(encodeMessage(query(0))).length;
    expect(frameBytes * 2).toBeLessThanOrEqual(250);
    expect(frameBytes * 3).toBeGreaterThan(250);
    // Sent in one go, before the snowball stream can open: two fit the queue.
    for (let i = 0; i < 5; i++) b.host.send(a.nodeId, query(i));
    expect(b.host.traffic()["dropped:snowball"]?.messagesOut).toBe(3);
    await vi.waitFor(() => expect(kindsFrom(a, b.nodeId).filter((k) => k === "query")).toHaveLength(2), WAIT);
    // Once the stream is open, messages go straight out again.
    b.host.send(a.nodeId, query(9));
    await vi.waitFor(() => expect(kindsFrom(a, b.nodeId).filter((k) => k === "query")).toHaveLength(3), WAIT);
    b.host.send("ab".repeat(32), query(10));
    expect(b.host.traffic().unreachable?.messagesOut).toBe(1);
  });

  it("bans a peer whose messages the node keeps rejecting", async () => {
    const reject: Verdict = { verdict: "reject", reason: "bad-signature" };
    const a = await startHost({ handler: (_from, m) => (m.kind === "query" ? reject : ACCEPT) });
    const b = await startHost();
    await connect(a, b);
    // 10 points a rejection: ten reach -100 but for the decay in between, eleven pass it.
    for (let i = 0; i < 11; i++) b.host.send(a.nodeId, query(i));
    await vi.waitFor(() => expect(bannedTargets(a)).toContain(b.host.peerId), WAIT);
    expect(a.host.listBanned()[0]?.reason).toBe("score reached -100: rejected:bad-signature");
    await vi.waitFor(() => expect(b.host.peers()).toEqual([b.nodeId]), WAIT);
    expect(kindsFrom(a, b.nodeId).filter((k) => k === "query").length).toBeGreaterThanOrEqual(10);
  });

  it("tells the anomaly detector about connections and messages, and takes its penalties", async () => {
    const seen = { connections: [] as string[], messages: [] as [string, boolean][] };
    const observer: PeerObserver = {
      observeConnection: (ip) => seen.connections.push(ip),
      observeMessage: (peer, valid) => seen.messages.push([peer, valid]),
    };
    const a = await startHost({
      anomaly: observer,
      handler: (_from, m) => (m.kind === "getTxs" ? { verdict: "reject", reason: "unknown" } : ACCEPT),
    });
    const b = await startHost();
    await connect(a, b);
    expect(seen.connections).toContain("127.0.0.1");
    b.host.send(a.nodeId, query(1));
    b.host.send(a.nodeId, { kind: "getTxs", txids: [hash(1)] });
    await vi.waitFor(() => expect(seen.messages).toContainEqual([b.host.peerId, false]), WAIT);
    expect(seen.messages).toContainEqual([b.host.peerId, true]);

    a.host.reportPeer(b.host.peerId, 95, "anomaly:z-score");
    await vi.waitFor(() => expect(bannedTargets(a)).toContain(b.host.peerId), WAIT);
    expect(a.host.listBanned()[0]?.reason).toMatch(/anomaly:z-score/);
  });
});
