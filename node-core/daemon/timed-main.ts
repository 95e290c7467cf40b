// timed, the headless node: resolves its settings (flags > TIME_* environment > TOML file > defaults),
// opens the data directory, starts the node on the p2p network (daemon/node-runtime.ts), serves JSON-RPC,
// /metrics and /health, and shuts down gracefully on SIGINT/SIGTERM or the `stop` RPC: the RPC server
// first (no new calls), then the node, the p2p host and the store, within 10 s or it exits anyway.
// A second instance on the same data directory finds the store locked and exits with a clear message.
// Exit codes: 0 after a clean stop, 2 for a usage or start-up problem the user can fix, 3 for a fault.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { CommanderError } from "commander";
import { type Api, createApi, type MasternodeHost } from "../api/index.js";
import { systemClock } from "../consensus/index.js";
import { publicKeyFromSeed } from "../crypto/index.js";
import { isDbError } from "../db/index.js";
import { AnomalyDetector, HealthMonitor, NodeMetrics } from "../metrics/index.js";
import type { SyncPeerStats, SyncScoreStore } from "../node/index.js";
import { PENALTY } from "../p2p/index.js";
import { RpcServer } from "../rpc/index.js";
import { toHex } from "../types/index.js";
import { createLogger, hasErrorCode, type Logger } from "../util/index.js";
import { discardHandedOver, type HandedOverWallet, WALLETS_DIR, WalletService } from "../wallet/index.js";
import { WebUiError, WebUiServer } from "../webui/index.js";
import { prepareDataDir } from "./datadir.js";
import { errorLine } from "./error-line.js";
import { type NodeRuntime, operatorFromSeed, startNodeRuntime } from "./node-runtime.js";
import { packageRoot, packageVersion } from "./package-version.js";
import { StartError } from "./start-error.js";
import { StartupPhases } from "./startup-phases.js";
import {
  ConfigError,
  DAEMON_NAME,
  type DaemonConfig,
  daemonHelp,
  loadNetworkPeers,
  loadOperatorKey,
  resolveDaemonConfig,
  SecretFileError,
  withNetworkPeers,
} from "./timed/index.js";

export const TIMED_EXIT_OK = 0;
export const TIMED_EXIT_USAGE = 2;
export const TIMED_EXIT_FAULT = 3;
const SHUTDOWN_GRACE_MS = 10_000;
const SYNC_SCORES_FILE = "sync-peers.json";
const ANOMALY_BASELINE_FILE = "anomaly-baseline.json";
const BASELINE_SAVE_MS = 5 * 60_000;

export function agentString(): string {
  return `timecoin-desktop/${packageVersion()}`;
}

/** The sync peer scores in <datadir>/sync-peers.json; a damaged file is ignored (the scores are advisory). */
function syncScoreFile(dataDir: string, logger: Logger): SyncScoreStore {
  const file = join(dataDir, SYNC_SCORES_FILE);
  return {
    load() {
      try {
        return JSON.parse(readFileSync(file, "utf8")) as Record<string, SyncPeerStats>;
      } catch {
        return null;
      }
    },
    save(scores) {
      try {
        writeFileSync(`${file}.tmp`, `${JSON.stringify(scores)}\n`);
        void rename(`${file}.tmp`, file).catch(() => {});
      } catch (error) {
        logger.warn({ reason: String(error) }, "could not save the sync peer scores");
      }
    },
  };
}

/** The source address of the first listen address when it names one interface (the devnet's 127.0.1.i). */
function localAddressOf(listen: readonly string[]): string | undefined {
  const first = listen[0];
  if (first === undefined) return undefined;
  const match = /^\/ip4\/([\d.]+)\/|^([\d.]+):\d+$/.exec(first);
  const ip = match?.[1] ?? match?.[2];
  return ip === undefined || ip === "0.0.0.0" ? undefined : ip;
}

export interface RunningDaemon {
  readonly config: DaemonConfig;
  readonly runtime: NodeRuntime;
  /** The API over the node (what every transport calls: JSON-RPC, the web UI, the desktop bridge). */
  readonly api: Api;
  /** Resolves with the exit code once the daemon has stopped. */
  readonly stopped: Promise<number>;
  stop(reason: string): Promise<number>;
  /** Set when the daemon stopped to be started again (the wallet handed it a masternode key to run). */
  readonly restartRequested: boolean;
  /** The web UI's port and token, for a restart to keep the page's URL working; null without --ui. */
  readonly ui: WebUiIdentity | null;
  /**
   * After a requested restart: the wallets that were loaded, for the next daemon of this process to load
   * as they were (unlocked ones stay unlocked). Their keystores are the caller's to pass on or discard.
   */
  readonly handedOverWallets: readonly HandedOverWallet[];
}

/** What a restarted daemon reuses of the web UI, so the open page reconnects by itself. */
export interface WebUiIdentity {
  readonly port: number;
  readonly token: string;
}

/** Where the wallet puts the operator key of the masternode this node runs (when --masternode names none). */
export const WALLET_MASTERNODE_KEY_FILE = "masternode.key";

export interface StartDaemonOptions {
  /** The web UI of the daemon this one replaces. */
  readonly ui?: WebUiIdentity;
  /** The process's start-up so far: the steps here are marked on it and the whole is logged at the end. */
  readonly phases?: StartupPhases;
  /** The wallets the daemon this one replaces handed over (see RunningDaemon.handedOverWallets). */
  readonly wallets?: readonly HandedOverWallet[];
}

export async function startDaemon(
  config: DaemonConfig,
  logger: Logger,
  options: StartDaemonOptions = {},
): Promise<RunningDaemon> {
  const phases = options.phases;
  const phase = (name: string) => phases?.mark(name);
  const dataDir = await prepareDataDir(config.dataDir, "");
  // The anomaly detector watches the p2p host's peers from the first connection, with the baseline it
  // learnt before the last restart.
  const anomalyFile = join(dataDir, ANOMALY_BASELINE_FILE);
  const anomaly = new AnomalyDetector(
    {},
    { clock: systemClock, logger: logger.child({ module: "anomaly" }) },
  );
  await anomaly.load(anomalyFile);
  // --masternode wins; else the key the wallet installed when it started its masternode here.
  const walletKeyFile = join(dataDir, WALLET_MASTERNODE_KEY_FILE);
  const operatorKeyFile = config.masternodeKeyFile ?? (existsSync(walletKeyFile) ? walletKeyFile : null);
  const operator = operatorKeyFile === null ? null : operatorFromSeed(await loadOperatorKey(operatorKeyFile));
  const networkPeers = await loadNetworkPeers(config.params);
  phase("datadir and keys");
  let runtime: NodeRuntime;
  try {
    runtime = await startNodeRuntime(
      {
        network: config.network,
        dataDir,
        listen: config.listen,
        bootstrap: withNetworkPeers(config.bootstrap, networkPeers),
        operator,
        blockIntervalMs: config.params.blockIntervalMs,
        agent: agentString(),
        p2p: {
          caps: {
            maxTotal: config.limits.maxConnections,
            maxInbound: config.limits.maxInbound,
            maxOutbound: config.limits.maxOutbound,
            maxPerIp: config.limits.maxPerIp,
          },
          ...(localAddressOf(config.listen) ? { localAddress: localAddressOf(config.listen) as string } : {}),
        },
      },
      { logger, anomaly, syncScores: syncScoreFile(dataDir, logger), phase },
    );
  } catch (error) {
    if (isDbError(error) && error.code === "DB_LOCKED") {
      throw new StartError(
        "START_STORE_UNAVAILABLE",
        `--datadir ${dataDir} is in use by another running node; stop it or choose another --datadir`,
        { option: "--datadir", path: dataDir, causeCode: error.code },
      );
    }
    if (isDbError(error) && error.code === "DB_WRONG_NETWORK") {
      throw new StartError(
        "START_STORE_UNAVAILABLE",
        `--datadir ${dataDir} holds another network's chain; start with the --network it belongs to`,
        { option: "--datadir", path: dataDir, causeCode: error.code },
      );
    }
    throw error;
  }

  let resolveStopped!: (code: number) => void;
  const stopped = new Promise<number>((resolve) => {
    resolveStopped = resolve;
  });
  let stopping: Promise<number> | null = null;
  let restartRequested = false;
  let ui: WebUiIdentity | null = null;
  let handedOverWallets: readonly HandedOverWallet[] = [];
  const closers: { what: string; close: () => Promise<void> }[] = [];
  const stop = (reason: string): Promise<number> => {
    stopping ??= (async () => {
      logger.info({ reason }, "shutting down");
      const watchdog = setTimeout(() => {
        logger.error({ graceMs: SHUTDOWN_GRACE_MS }, "shutdown took too long: exiting anyway");
        process.exit(TIMED_EXIT_FAULT);
      }, SHUTDOWN_GRACE_MS);
      watchdog.unref();
      let code = TIMED_EXIT_OK;
      for (const { what, close } of [...closers].reverse()) {
        try {
          await close();
        } catch (error) {
          code = TIMED_EXIT_FAULT;
          logger.error({ err: error, what }, `closing the ${what} failed`);
        }
      }
      try {
        await runtime.close();
      } catch (error) {
        code = TIMED_EXIT_FAULT;
        logger.error({ err: error }, "closing the node failed");
      }
      clearTimeout(watchdog);
      logger.info({ code }, "stopped");
      resolveStopped(code);
      return code;
    })();
    return stopping;
  };
  closers.push({ what: "anomaly baseline", close: () => anomaly.save(anomalyFile) });
  // Anomalous peers lose score (a flood of messages or of invalid ones); block-interval anomalies are the
  // chain's, not a peer's, and only warn.
  const unsubscribeAnomaly = anomaly.onAnomaly((found) => {
    if (found.subject !== null && found.kind !== "block-interval") {
      runtime.host.reportPeer(found.subject, PENALTY.anomaly, found.message);
    }
  });
  closers.push({ what: "anomaly listener", close: async () => unsubscribeAnomaly() });
  // The baseline is saved every few minutes too, so a crash loses at most that much of what it learnt.
  const saveBaseline = setInterval(() => void anomaly.save(anomalyFile).catch(() => {}), BASELINE_SAVE_MS);
  saveBaseline.unref();
  closers.push({ what: "anomaly baseline timer", close: async () => clearInterval(saveBaseline) });
  const sweep = setInterval(() => anomaly.sweep(), anomaly.options.windowMs);
  sweep.unref();
  closers.push({ what: "anomaly sweep", close: async () => clearInterval(sweep) });
  const metrics = new NodeMetrics(
    {},
    {
      node: runtime.node,
      view: runtime.store,
      network: runtime.host.control,
      clock: systemClock,
      anomaly,
      logger,
    },
  );
  closers.push({ what: "metrics", close: async () => metrics.close() });
  const health = new HealthMonitor(
    { blockIntervalMs: runtime.params.blockIntervalMs, minPeers: config.network === "devnet" ? 1 : 5 },
    { node: runtime.node, view: runtime.store, network: runtime.host.control, clock: systemClock },
  );
  closers.push({ what: "health", close: async () => health.close() });
  const masternodeHost: MasternodeHost = {
    operatorPublicKey: operator === null ? null : toHex(operator.publicKey),
    async install(seed) {
      await writeOperatorKey(walletKeyFile, seed);
    },
    restart() {
      restartRequested = true;
      void stop("restart: the wallet started a masternode on this node");
    },
  };
  let api: Api;
  try {
    const started = await startServices({
      config,
      runtime,
      logger,
      closers,
      stop,
      metrics,
      health,
      masternodeHost,
      phase,
      ...(options.ui === undefined ? {} : { ui: options.ui }),
      ...(options.wallets === undefined ? {} : { wallets: options.wallets }),
      // A restart hands the loaded wallets to the next daemon instead of closing them.
      closeWallets: async (wallets) => {
        if (restartRequested) handedOverWallets = await wallets.handOver();
        else await wallets.close();
      },
    });
    api = started.api;
    ui = started.ui;
    if (phases !== undefined) logger.info({ startup: phases.report() }, "start-up timings");
  } catch (error) {
    await stop("start-up failed");
    throw error;
  }
  return {
    config,
    runtime,
    api,
    stopped,
    stop,
    get restartRequested() {
      return restartRequested;
    },
    ui,
    get handedOverWallets() {
      return handedOverWallets;
    },
  };
}

/** RPC, metrics and health on top of the running node (filled in as those services land). */
interface ServiceContext {
  readonly config: DaemonConfig;
  readonly runtime: NodeRuntime;
  readonly logger: Logger;
  readonly closers: { what: string; close: () => Promise<void> }[];
  readonly stop: (reason: string) => Promise<number>;
  readonly metrics: NodeMetrics;
  readonly health: HealthMonitor;
  readonly masternodeHost: MasternodeHost;
  readonly phase: (name: string) => void;
  readonly ui?: WebUiIdentity;
  readonly wallets?: readonly HandedOverWallet[];
  readonly closeWallets: (wallets: WalletService) => Promise<void>;
}

/** JSON-RPC with /metrics and /health on top of the running node. */
async function startServices(
  services: ServiceContext,
): Promise<{ readonly api: Api; readonly ui: WebUiIdentity | null }> {
  const { config, runtime, logger, closers, stop, metrics, health, masternodeHost, phase } = services;
  const faucetSecret = config.faucetKeyFile === null ? null : await loadOperatorKey(config.faucetKeyFile);
  const faucet =
    faucetSecret === null ? null : { secret: faucetSecret, publicKey: publicKeyFromSeed(faucetSecret) };
  // The node's wallets (none loaded at start: loading needs the password). Closed after the API.
  const wallets = new WalletService(
    { dir: join(runtime.dataDir, WALLETS_DIR), network: runtime.params },
    { node: runtime.node, view: runtime.store, clock: systemClock, logger },
  );
  closers.push({ what: "wallets", close: () => services.closeWallets(wallets) });
  if (services.wallets !== undefined) await wallets.adopt(services.wallets);
  const api = await createApi({
    node: runtime.node,
    view: runtime.store,
    params: runtime.params,
    genesisHash: runtime.genesis.hash,
    network: runtime.host.control,
    clock: systemClock,
    startedAt: runtime.startedAt,
    agent: agentString(),
    // The reply to `stop` is sent first; the shutdown follows on the next turn.
    requestStop: () => setImmediate(() => void stop("stop requested over RPC")),
    faucet,
    wallets,
    masternodeHost,
  });
  closers.push({ what: "api", close: async () => api.close() });
  phase("wallets and api");
  const rpc = new RpcServer(
    {
      host: config.rpc.bind,
      port: config.rpc.port,
      cookieDir: runtime.dataDir,
      ...(config.rpc.user !== null && config.rpc.password !== null
        ? { user: config.rpc.user, password: config.rpc.password }
        : {}),
      // The address it is bound to names it too (the devnet binds each node to its own 127.x address).
      allowedHosts: [...config.rpc.allowHosts, `${config.rpc.bind}:${config.rpc.port}`],
      routes: {
        "/metrics": async () => ({
          status: 200,
          contentType: metrics.contentType,
          body: await metrics.render(),
        }),
        "/health": async () => {
          const report = health.check();
          return {
            status: report.status === "ok" ? 200 : 503,
            contentType: "application/json",
            body: `${JSON.stringify(report)}\n`,
          };
        },
      },
    },
    { api, logger },
  );
  await rpc.start();
  // Closed first on shutdown (closers run last-in first-out): no new calls while the node stops.
  closers.push({ what: "rpc", close: () => rpc.close() });
  logger.info({ rpc: `http://${config.rpc.bind}:${rpc.port}`, cookie: rpc.cookiePath }, "JSON-RPC listening");
  phase("rpc listen");
  if (!config.ui) return { api, ui: null };
  const ui = new WebUiServer(
    {
      port: services.ui?.port ?? config.uiPort,
      staticDir: join(packageRoot(), "dist", "renderer"),
      ...(services.ui === undefined ? {} : { token: services.ui.token }),
    },
    { api, logger },
  );
  await ui.start();
  closers.push({ what: "web UI", close: () => ui.close() });
  // The URL carries the launch token: it goes to the terminal for the person who started the node,
  // never into the log. A restart keeps port and token, so the open page reconnects by itself.
  if (services.ui === undefined) process.stdout.write(`web UI: ${ui.url}\n`);
  phase("web ui listen");
  return { api, ui: { port: ui.port, token: ui.token } };
}

export async function runTimed(argv: readonly string[]): Promise<number> {
  // Everything before this line is the process's boot and the module graph's loading.
  const phases = new StartupPhases();
  phases.mark("modules");
  let config: DaemonConfig;
  try {
    config = await resolveDaemonConfig({ argv, env: process.env });
  } catch (error) {
    if (hasErrorCode(error, "CONFIG_HELP_REQUESTED")) {
      process.stdout.write(daemonHelp());
      return TIMED_EXIT_OK;
    }
    if (hasErrorCode(error, "CONFIG_VERSION_REQUESTED")) {
      process.stdout.write(`${packageVersion()}\n`);
      return TIMED_EXIT_OK;
    }
    return fail(error);
  }
  const logger = createLogger({ level: config.logLevel, name: DAEMON_NAME });
  phases.mark("config");
  logger.info(
    { version: packageVersion(), network: config.network, dataDir: config.dataDir, sources: config.sources },
    "timed starting",
  );
  // One daemon, or a chain of them when the wallet asks for a restart (to run a masternode it set up).
  let daemon: RunningDaemon | null = null;
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    signalled = true;
    void daemon?.stop(signal);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled rejection"));
  try {
    let ui: WebUiIdentity | undefined;
    let wallets: readonly HandedOverWallet[] = [];
    for (;;) {
      try {
        // Only the process's first start is timed; a restart's phases would not start at the process's.
        daemon = await startDaemon(config, logger, ui === undefined ? { phases } : { ui, wallets });
      } catch (error) {
        discardHandedOver(wallets);
        return fail(error);
      }
      if (signalled) await daemon.stop("signal during start");
      const code = await daemon.stopped;
      wallets = daemon.handedOverWallets;
      if (!daemon.restartRequested || signalled || code !== TIMED_EXIT_OK) {
        discardHandedOver(wallets);
        return code;
      }
      ui = daemon.ui ?? undefined;
      logger.info({ wallets: wallets.map((w) => w.parts.name) }, "starting again");
    }
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/** Writes an operator key file as `--masternode` reads it: the seed in hex, owner-only, atomically. */
async function writeOperatorKey(path: string, seed: Uint8Array): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await rm(temp, { force: true });
  const handle = await open(temp, "wx", 0o600);
  try {
    await handle.writeFile(`${toHex(seed)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}

function fail(error: unknown): number {
  const usage =
    error instanceof CommanderError ||
    error instanceof ConfigError ||
    error instanceof StartError ||
    error instanceof SecretFileError ||
    error instanceof WebUiError;
  const message =
    error instanceof CommanderError
      ? error.message.replace(/^error: /, "")
      : error instanceof Error
        ? error.message
        : String(error);
  process.stderr.write(errorLine(DAEMON_NAME, usage ? message : `internal error: ${message}`));
  return usage ? TIMED_EXIT_USAGE : TIMED_EXIT_FAULT;
}
