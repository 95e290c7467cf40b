// The composition root: createNode(opts, modules) builds one node's services in dependency order (over the
// given chain store: mempool -> chain service, which connects genesis -> chain follower -> heartbeat tracker
// -> Snowball -> heartbeat emitter -> proposer and TSDC -> transaction relay -> the transport handler, which
// passes TSDC verdicts through the vote relay) and close() tears them down in reverse, awaiting each. A
// failure half-way closes what was built and rejects with NODE_BUILD_FAILED. The daemon, the desktop host
// and the simulator all build nodes here, so the simulator runs the code that ships.
import { ChainService } from "../chain/index.js";
import { transactionId } from "../codec/index.js";
import { ACCEPT, type Cancel, ignore, reject, type Verdict } from "../consensus/index.js";
import type { FinalityStatus, ValidatorWeight } from "../consensus/snowball/index.js";
import { Snowball } from "../consensus/snowball/index.js";
import {
  certificateSignatureChecks,
  headerVrfCheck,
  TsdcEngine,
  verifyCertificate,
  verifyProposerProof,
} from "../consensus/tsdc/index.js";
import { type BlockEffects, blockSignatureChecks } from "../kernel/index.js";
import {
  checkBlockHeartbeats,
  computeReward,
  HeartbeatEmitter,
  HeartbeatTracker,
  type MasternodeError,
} from "../masternodes/index.js";
import { Mempool, MempoolError } from "../mempool/index.js";
import { PROTOCOL_VERSION } from "../network/index.js";
import type { CertifiedBlock, Hash32, Transaction } from "../types/index.js";
import { bytesEqual, toHex } from "../types/index.js";
import { EventHub, hasErrorCode, isNodeCoreError, type NodeCoreError } from "../util/index.js";
import { BlockSync } from "./block-sync.js";
import { checkCandidate } from "./candidate-check.js";
import { ChainFollower } from "./chain-follower.js";
import { NodeError } from "./errors.js";
import { MAX_BLOCKS_PER_MESSAGE, type NodeMessage } from "./messages.js";
import {
  DEFAULT_GOSSIP_FANOUT,
  DEFAULT_STATUS_INTERVAL_MS,
  type NodeModules,
  type NodeOptions,
} from "./options.js";
import { BlockProposer } from "./proposer.js";
import { SyncPeerSelector } from "./sync-peers.js";
import { TxRelay } from "./tx-relay.js";
import { VOTE_RELAY_FANOUT, VoteRelay } from "./vote-relay.js";

/** The node's events: the API's event list in the network issue. */
export interface NodeEvents {
  /** A transaction reached this node for the first time. */
  "node:txSeen": { readonly txid: string };
  /** Something failed that no caller was waiting for (a bug, or a store failure): logged too. */
  "node:fault": { readonly what: string; readonly error: unknown };
  /** A peer sent a certified block that breaks a rule (for peer scoring). */
  "node:blockRefused": { readonly from: string; readonly height: bigint; readonly code: string };
  "chain:block": { readonly certified: CertifiedBlock; readonly effects: BlockEffects };
  "snowball:final": { readonly txid: Uint8Array; readonly status: FinalityStatus };
  "snowball:rejected": { readonly txid: Uint8Array; readonly status: FinalityStatus };
}

export interface NodeServices {
  readonly chain: ChainService;
  readonly mempool: Mempool;
  readonly follower: ChainFollower;
  readonly snowball: Snowball;
  /** Null on a node without an operator key. */
  readonly tsdc: TsdcEngine | null;
  readonly heartbeats: HeartbeatTracker;
  readonly emitter: HeartbeatEmitter | null;
  readonly proposer: BlockProposer | null;
  readonly relay: TxRelay;
  /** Block range sync from the peers that are ahead. */
  readonly sync: BlockSync;
  /** Null on a node without an operator key (it takes no TSDC messages, so relays none). */
  readonly voteRelay: VoteRelay | null;
}

export interface TimeNode {
  /** The operator id (public key hex), or null for a node that votes on nothing. */
  readonly id: string | null;
  readonly services: NodeServices;
  readonly events: EventHub<NodeEvents>;
  readonly closed: boolean;
  /** Starts the engines, heartbeats and the status timer. */
  start(): void;
  /** Tells `count` random peers this node's tip height, so those ahead send what it lacks (after a restart). */
  announce(count: number): void;
  /** A transaction from a local client (the wallet, RPC). */
  submit(tx: Transaction): void;
  /**
   * Like submit, but settles with the admission: resolves with the txid hex once the mempool holds it and
   * Snowball votes on it, rejects with the mempool's or the kernel's error when it is refused.
   */
  submitAndWait(tx: Transaction): Promise<{ readonly txid: string }>;
  /** Stops everything, in reverse build order; the store stays open (its owner closes it). */
  close(): Promise<void>;
}

/** A block older than this many slots, imported while syncing, does not start a TSDC height. */
const CATCH_UP_SLOTS = 3;
/** Blocks below the tip whose transactions Snowball forgets. */
const SNOWBALL_FORGET_DEPTH = 2;

type Closer = { readonly service: string; readonly close: () => void | Promise<void> };

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function createNode(opts: NodeOptions, modules: NodeModules): Promise<TimeNode> {
  const { params } = opts;
  const { backend, tasks, transport } = modules;
  const logger = modules.logger.child({ module: "node" });
  const events = new EventHub<NodeEvents>(logger);
  const fault = (what: string, error: unknown): void => {
    logger.error({ err: error, what }, `node fault: ${what}`);
    events.emit("node:fault", { what, error });
  };
  const txidOf = modules.txid ?? transactionId;
  const hexOf = modules.hexOf ?? toHex;
  const operatorId = opts.operator ? toHex(opts.operator.publicKey) : null;
  const built: Closer[] = [];
  let building = "chain";

  try {
    const mempool = new Mempool(
      {},
      {
        backend,
        params,
        clock: modules.clock,
        verifier: modules.verifier,
        logger: modules.logger.child({ module: "mempool" }),
      },
    );
    const chain = new ChainService(
      { params, genesis: opts.genesis.block, treasuryAddress: opts.genesis.treasuryAddress },
      {
        backend,
        mempool,
        signatures: modules.signatures,
        vrf: modules.vrf,
        verifyCertificate,
        verifyProposerProof,
        checkBlockHeartbeats,
        computeReward,
        clock: modules.clock,
        logger: modules.logger.child({ module: "chain" }),
      },
    );
    // Closed in reverse: the chain service first, since its imports call into the mempool.
    built.push({ service: "mempool", close: () => mempool.close() });
    built.push({ service: "chain", close: () => chain.close() });
    await chain.init();

    building = "follower";
    // Forward references: the follower's hooks reach services built after it.
    let relay: TxRelay | null = null;
    let proposer: BlockProposer | null = null;
    let tsdc: TsdcEngine | null = null;
    let sync: BlockSync | null = null;
    // While a node syncs old blocks, starting a TSDC height for each one is wasted work (a VRF proof and a
    // block selection per height, about an eighth of a syncing node's CPU), since the next block is already
    // on its way. A height is skipped only while blocks come from sync and the one just imported is more
    // than CATCH_UP_SLOTS slots old (its timestamp is certified, so no single peer can fake it); a slot after
    // the last skipped import, the engine moves to the tip anyway, so a peer that lies about its height
    // cannot keep this node out of consensus.
    let catchUpTimer: Cancel | null = null;
    const startTipHeight = (): void => {
      catchUpTimer?.();
      catchUpTimer = null;
      proposer?.afterImport(() => tsdc?.newHeight());
    };
    const follower = new ChainFollower(
      {},
      {
        chain,
        view: backend,
        tasks,
        hooks: {
          imported(certified, gossip) {
            if (gossip) relay?.push({ kind: "block", block: certified }, null);
            if (proposer === null) return;
            const slotMs = opts.tsdc.blockIntervalMs;
            const age = modules.clock.now() - Number(certified.block.header.timestamp);
            if (sync?.syncing === true && age > CATCH_UP_SLOTS * slotMs) {
              catchUpTimer?.();
              catchUpTimer = modules.scheduler.after(slotMs, startTipHeight);
              return;
            }
            startTipHeight();
          },
          importFailed(certified, error, from) {
            const height = certified.block.header.height.toString();
            // A peer's block that breaks a rule is the peer's fault, not this node's: it is refused, logged
            // as a warning and reported for peer scoring. A committed block of our own that fails, or any
            // other error (the store), is a fault.
            if (from !== null && isBlockRefusal(error)) {
              logger.warn({ peer: from, height, code: error.code }, `refused block ${height} from a peer`);
              events.emit("node:blockRefused", {
                from,
                height: certified.block.header.height,
                code: error.code,
              });
              return;
            }
            fault(`import of block ${height}`, error);
          },
          sendBlocks(peer, blocks) {
            transport.send(peer, { kind: "blocks", blocks });
          },
          peerAhead(peer, height) {
            sync?.onPeerHeight(peer, height);
          },
        },
      },
    );
    await follower.init();
    built.push({ service: "follower", close: () => follower.close() });
    building = "sync";
    // Everything an import verifies that depends on the block alone (the proposer's VRF proof, both
    // certificates' precommits, the transaction signatures) starts as a sync answer arrives, block by block,
    // on the other cores (the daemon's pool), and each import waits for its own block's answers, so it finds
    // them cached rather than doing the work on this thread or doing it twice. The gate keeps the imports in
    // height order; while the pool works on block n + 1 this thread imports block n. A prefetch that fails
    // only means the import verifies for itself.
    const prefetchChecks = (certified: CertifiedBlock): Promise<unknown> => {
      const { block, certificate } = certified;
      const waits: (Promise<void> | void)[] = [];
      const proof = headerVrfCheck(block.header, params.chainId);
      if (proof !== null && modules.prefetchProposerProofs !== undefined) {
        waits.push(modules.prefetchProposerProofs([proof]));
      }
      if (modules.prefetchSignatures !== undefined) {
        waits.push(
          modules.prefetchSignatures([
            ...certificateSignatureChecks(certificate, params.chainId),
            ...certificateSignatureChecks(block.previousCertificate, params.chainId),
            ...blockSignatureChecks(block, block.transactions.map(txidOf), params.chainId),
          ]),
        );
      }
      return Promise.allSettled(waits);
    };
    let importGate: Promise<void> = Promise.resolve();
    const blockSync = new BlockSync(
      { batchBlocks: MAX_BLOCKS_PER_MESSAGE },
      {
        clock: modules.clock,
        scheduler: modules.scheduler,
        selector: new SyncPeerSelector(0.1, modules.rng.fork(), modules.syncScores ?? null),
        tipHeight: () => follower.tipHeight,
        request: (peer, fromHeight, count) => transport.send(peer, { kind: "getBlocks", fromHeight, count }),
        importBlocks: (from, blocks) => {
          for (const certified of blocks) {
            const ready = prefetchChecks(certified);
            importGate = importGate
              .then(() => ready)
              .then(() => follower.importCertified(certified, false, from))
              .catch((error: unknown) => fault("sync import", error));
          }
        },
      },
    );
    sync = blockSync;
    built.push({ service: "sync", close: () => blockSync.close() });
    const unsubscribeBlocks = chain.onBlock((certified, effects) => {
      follower.onBlockConnected(certified, effects);
      // After the follower: a held transaction now in this block is taken as arrived, not admitted.
      relay?.onBlockConnected();
      events.emit("chain:block", { certified, effects });
      blockSync.onTip();
    });
    built.push({ service: "chain listener", close: unsubscribeBlocks });

    building = "heartbeats";
    const heartbeats = new HeartbeatTracker(
      {},
      {
        clock: modules.clock,
        signatures: modules.signatures,
        chainId: params.chainId,
        isRegistered: (id) => follower.registry.operators.has(id),
      },
    );
    building = "snowball";
    let roster: { height: bigint; list: readonly ValidatorWeight[] } | null = null;
    const snowball = new Snowball(opts.snowball ?? {}, {
      clock: modules.clock,
      scheduler: modules.scheduler,
      rng: modules.rng.fork(),
      outbox: {
        sendQuery: (peerId, requestId, txids) => transport.send(peerId, { kind: "query", requestId, txids }),
      },
      validators: () => {
        const height = follower.tipHeight;
        if (modules.snowballValidators) {
          return modules.snowballValidators({
            tipHeight: height,
            votingSet: follower.registry.votingSet,
            heartbeats,
          });
        }
        if (roster?.height !== height) {
          const list = follower.registry.votingSet.validators.map((v) => ({ id: v.id, weight: v.weight }));
          roster = { height, list };
        }
        return roster.list;
      },
      selfId: operatorId,
      logger: modules.logger.child({ module: "snowball" }),
    });
    built.push({ service: "snowball", close: () => snowball.stop() });
    // Snowball forgets what the chain has settled: the transactions of the block SNOWBALL_FORGET_DEPTH
    // below the new tip, with whatever conflicted with them (queries about them are still answered yes from
    // the follower's recent blocks, which reach much deeper). A rollback empties the queue: what it undid
    // is no longer settled.
    const settling: (readonly Hash32[])[] = [];
    const unsubscribeSettled = chain.onBlock((_certified, effects) => {
      settling.push(effects.txids);
      while (settling.length > SNOWBALL_FORGET_DEPTH) {
        for (const txid of settling.shift() ?? []) snowball.forgetSettled(txid);
      }
    });
    const unsubscribeRolledBack = chain.onRollback(() => {
      settling.length = 0;
    });
    built.push({
      service: "snowball pruning",
      close: () => {
        unsubscribeSettled();
        unsubscribeRolledBack();
      },
    });
    snowball.onFinal((txid, status) => {
      try {
        mempool.markFinal(toHex(txid));
      } catch (error) {
        // Already taken out of the pool by a block: nothing to mark.
        if (!(error instanceof MempoolError && error.code === "MEMPOOL_UNKNOWN_TX"))
          fault("markFinal", error);
      }
      events.emit("snowball:final", { txid, status });
    });
    snowball.onRejected((txid, status) => {
      mempool.markRejected(toHex(txid));
      events.emit("snowball:rejected", { txid, status });
    });

    const operator = opts.operator;
    const emitter =
      operator === null
        ? null
        : new HeartbeatEmitter(
            {},
            {
              clock: modules.clock,
              scheduler: modules.scheduler,
              signatures: modules.signatures,
              chainId: params.chainId,
              operatorSecret: operator.secret,
              operatorPublicKey: operator.publicKey,
              height: () => follower.tipHeight,
              publish: (hb) => {
                heartbeats.record(hb);
                transport.broadcast({ kind: "heartbeat", heartbeat: hb });
              },
            },
          );
    if (emitter !== null) built.push({ service: "heartbeat emitter", close: () => emitter.stop() });

    building = "tsdc";
    if (operator !== null && operatorId !== null) {
      const newProposer = new BlockProposer(
        { params, treasuryAddress: opts.genesis.treasuryAddress },
        { mempool, follower, chain: backend, heartbeats, tasks, fault },
      );
      proposer = newProposer;
      built.push({ service: "proposer", close: () => newProposer.close() });
      const engine = new TsdcEngine(opts.tsdc, {
        clock: modules.clock,
        scheduler: modules.scheduler,
        signatures: modules.signatures,
        vrf: modules.vrf,
        outbox: { broadcast: (message) => transport.broadcast({ kind: "tsdc", message }) },
        self: { id: operatorId, secret: operator.secret },
        logger: modules.logger.child({ module: "tsdc" }),
        votingSet: (height) => follower.votingSetFor(height),
        tip: () => ({
          height: follower.tipHeight,
          hash: follower.tipHash,
          timestamp: follower.tip.block.header.timestamp,
        }),
        buildBlock: (p) => tasks.wrap(newProposer.build(p)),
        validateBlock: (block) =>
          tasks.wrap(
            checkCandidate(block, {
              params,
              chain: backend,
              tip: { hash: follower.tipHash, height: follower.tipHeight },
              registry: follower.registry,
              treasuryAddress: opts.genesis.treasuryAddress,
              signatures: modules.signatures,
              verifier: modules.verifier,
              finalizedSpends: mempool.finalizedSpends(),
            }),
          ),
        onCommit: (block, certificate) => follower.importCertified({ block, certificate }, true),
      });
      tsdc = engine;
      built.push({ service: "tsdc", close: () => engine.stop() });
      // The selection is needed when this node may propose: fresh at every round start (the proposal is
      // built a candidacy window later), and after every import (afterImport).
      engine.on("roundStarted", () => newProposer.refresh());
      engine.on("peerBehind", ({ peerId, height }) => follower.sendBlocks(peerId, height));
    }

    building = "relay";
    const newRelay = new TxRelay(
      { gossipFanout: opts.gossipFanout ?? DEFAULT_GOSSIP_FANOUT, selfId: operatorId ?? "" },
      {
        mempool,
        snowball,
        follower,
        transport,
        rng: modules.rng,
        scheduler: modules.scheduler,
        clock: modules.clock,
        tasks,
        hooks: { seen: (txid) => events.emit("node:txSeen", { txid }), fault },
        txidOf,
        hexOf,
      },
    );
    relay = newRelay;
    built.push({ service: "relay", close: () => newRelay.close() });

    building = "transport";
    const engine = tsdc;
    const voteRelay =
      engine === null
        ? null
        : new VoteRelay(
            { fanout: VOTE_RELAY_FANOUT, selfId: operatorId ?? "" },
            {
              transport,
              rng: modules.rng.fork(),
              validatorCount: () => follower.registry.votingSet.validators.length,
            },
          );
    const dispatch = (from: string, message: NodeMessage): Verdict => {
      switch (message.kind) {
        case "txs":
          newRelay.receive(from, message.txs);
          return ACCEPT;
        case "getTxs":
          newRelay.onGetTxs(from, message.txids);
          return ACCEPT;
        case "query":
          newRelay.onQuery(from, message.requestId, message.txids);
          return ACCEPT;
        case "reply":
          return snowball.onReply(from, message.requestId, message.bits);
        case "tsdc":
          return engine === null || voteRelay === null
            ? ignore("not-a-validator")
            : voteRelay.afterVerdict(from, message.message, engine.onMessage(from, message.message));
        case "heartbeat":
          return heartbeatVerdict(heartbeats.record(message.heartbeat));
        case "blocks":
          if (!blockSync.onBlocks(from, message.blocks)) follower.onBlocks(from, message.blocks);
          return ACCEPT;
        case "block":
          follower.onBlocks(from, [message.block]);
          return ACCEPT;
        case "status":
          // A peer of another network or protocol: nothing it says about its chain concerns this one.
          if (
            message.protocolVersion !== PROTOCOL_VERSION ||
            message.chainId !== params.chainId ||
            !bytesEqual(message.genesisHash, opts.genesis.hash)
          ) {
            return reject("wrong-network");
          }
          follower.onStatus(from, message.height);
          return ACCEPT;
        case "getBlocks":
          follower.sendBlocks(from, message.fromHeight, message.count);
          return ACCEPT;
      }
    };
    let closed = false;
    const unsubscribeTransport = transport.onMessage((from, message) => {
      if (closed) return ignore("closed");
      try {
        return dispatch(from, message);
      } catch (error) {
        fault(`handling ${message.kind}`, error);
        return ignore("fault");
      }
    });
    built.push({ service: "transport", close: unsubscribeTransport });

    const statusIntervalMs = opts.statusIntervalMs ?? DEFAULT_STATUS_INTERVAL_MS;
    const sendStatus = (): void => {
      const peers = transport.peers();
      const self = operatorId === null ? -1 : peers.indexOf(operatorId);
      const others = self >= 0 ? peers.length - 1 : peers.length;
      if (others < 1) return;
      let peer = modules.rng.int(others);
      if (self >= 0 && peer >= self) peer++;
      transport.send(peers[peer] as string, {
        kind: "status",
        protocolVersion: PROTOCOL_VERSION,
        chainId: params.chainId,
        genesisHash: opts.genesis.hash,
        height: follower.tipHeight,
        tipHash: follower.tipHash,
      });
    };
    let statusTimer: (() => void) | null = null;
    built.push({ service: "status timer", close: () => statusTimer?.() });

    const services: NodeServices = {
      chain,
      mempool,
      follower,
      snowball,
      tsdc,
      heartbeats,
      emitter,
      proposer,
      relay: newRelay,
      sync: blockSync,
      voteRelay,
    };
    const node: TimeNode = {
      id: operatorId,
      services,
      events,
      get closed() {
        return closed;
      },
      start() {
        if (closed) throw new NodeError("NODE_CLOSED", "the node is closed", {});
        emitter?.start();
        snowball.start();
        tsdc?.start();
        proposer?.refresh();
        const tick = (): void => {
          if (closed) return;
          sendStatus();
          statusTimer = modules.scheduler.after(statusIntervalMs, tick);
        };
        statusTimer = modules.scheduler.after(statusIntervalMs * (0.5 + modules.rng.float()), tick);
      },
      announce(count) {
        if (closed) return;
        for (let i = 0; i < count; i++) sendStatus();
      },
      submit(tx) {
        if (closed) throw new NodeError("NODE_CLOSED", "the node is closed", {});
        newRelay.receive(null, [tx]);
      },
      async submitAndWait(tx) {
        if (closed) throw new NodeError("NODE_CLOSED", "the node is closed", {});
        const added = await mempool.add(tx);
        snowball.addTransaction(txidOf(tx), added.conflictKeys);
        // The relay then marks it known and wakes queries waiting for it (its own admission is refused as a
        // duplicate, which is a protocol refusal, and gossips nothing on that path: hence the push).
        newRelay.receive(null, [tx]);
        newRelay.push({ kind: "txs", txs: [tx] }, null);
        return { txid: added.txid };
      },
      async close() {
        if (closed) return;
        closed = true;
        catchUpTimer?.();
        catchUpTimer = null;
        await closeInReverse(built, fault);
      },
    };
    return node;
  } catch (error) {
    const closed = await closeInReverse(built, (what, e) =>
      logger.error({ err: e, what }, "closing after a failed build"),
    );
    throw new NodeError(
      "NODE_BUILD_FAILED",
      `building the node failed at ${building}: ${describe(error)}`,
      { service: building, reason: describe(error), closed },
      { cause: error },
    );
  }
}

/** Why a block is invalid: a consensus, kernel or signature rule, as opposed to a failure of this node. */
function isBlockRefusal(error: unknown): error is NodeCoreError {
  if (hasErrorCode(error, ["CHAIN_CLOSED", "CHAIN_NOT_INITIALIZED"])) return false;
  return (
    isNodeCoreError(error, "CHAIN_") ||
    isNodeCoreError(error, "BLOCK_") ||
    isNodeCoreError(error, "TX_") ||
    isNodeCoreError(error, "MN_") ||
    isNodeCoreError(error, "CODEC_") ||
    hasErrorCode(error, ["DB_BAD_SIGNATURE", "DB_CERTIFICATE_MISMATCH", "DB_WRONG_NETWORK"])
  );
}

/** A heartbeat's verdict: forged or from a stranger is provably bad; late, early or repeated is harmless. */
function heartbeatVerdict(result: "accepted" | MasternodeError): Verdict {
  if (result === "accepted") return ACCEPT;
  return result.code === "HEARTBEAT_BAD_SIGNATURE" || result.code === "HEARTBEAT_UNKNOWN_OPERATOR"
    ? reject(result.code)
    : ignore(result.code);
}

/**
 * Closes services last-built first, awaiting each; one failing does not keep the others open. Returns the
 * services closed, in order.
 */
async function closeInReverse(
  built: Closer[],
  fault: (what: string, error: unknown) => void,
): Promise<string[]> {
  const closed: string[] = [];
  for (const { service, close } of [...built].reverse()) {
    try {
      await close();
      closed.push(service);
    } catch (error) {
      fault(`closing ${service}`, error);
    }
  }
  built.length = 0;
  return closed;
}
