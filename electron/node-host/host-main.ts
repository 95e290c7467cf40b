// Entry point of the node host, run by main in an Electron utilityProcess: resolves the daemon settings
// from its arguments, starts the node (node-core's startDaemon: the same node as `timed`), tells main it is
// ready, then serves main's messages over process.parentPort until asked to stop (starting the node again
// in-process when the wallet starts its masternode here). Logs go to stdout as JSON
// lines (secrets redacted by node-core's logger); main writes them to the log file.
import { startDaemon } from "../../node-core/daemon/timed-main.js";
import { createLogger } from "../../node-core/util/index.js";
import { discardHandedOver, type HandedOverWallet } from "../../node-core/wallet/index.js";
import type { HostToMainMessage } from "../contract.js";
import { isRetryableStartFailure, resolveHostConfig } from "./host-config.js";
import { createHostHandler } from "./host-handler.js";

const FATAL_FLUSH_MS = 200;

/** What of Electron's ParentPort the host uses (the utility process has it; plain Node does not). */
interface ParentPortLike {
  on(event: "message", listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<number> {
  const port = (process as unknown as { parentPort?: ParentPortLike }).parentPort;
  if (port === undefined) {
    process.stderr.write("node-host: error: run by the desktop app in a utility process, not directly\n");
    return 2;
  }
  const send = (message: HostToMainMessage) => port.postMessage(message);
  // Messages that arrive while the node starts wait for it rather than being lost.
  const early: unknown[] = [];
  let deliver: (message: unknown) => void = (message) => early.push(message);
  port.on("message", (event) => deliver(event.data));

  let logger: ReturnType<typeof createLogger>;
  let config: Awaited<ReturnType<typeof resolveHostConfig>>;
  try {
    config = await resolveHostConfig(process.argv.slice(2), process.env);
    logger = createLogger({ level: config.logLevel, name: "node-host" });
  } catch (error) {
    return fatal(send, error);
  }
  logger.info({ network: config.network, dataDir: config.dataDir }, "node host starting");
  process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled rejection"));
  // One daemon, or a chain of them in this process when the wallet starts its masternode here: the next
  // daemon runs with the key the wallet left in the data folder and takes over the loaded wallets, unlocked
  // as they were. Main sees a second "ready" (and subscribes again); calls sent meanwhile wait.
  let wallets: readonly HandedOverWallet[] = [];
  for (let first = true; ; first = false) {
    let daemon: Awaited<ReturnType<typeof startDaemon>>;
    try {
      daemon = await startDaemon(config, logger, first ? {} : { wallets });
    } catch (error) {
      discardHandedOver(wallets);
      return fatal(send, error);
    }
    const running = daemon;
    const handler = createHostHandler({
      api: running.api,
      send,
      stop: (reason) => void running.stop(reason),
      warn: (message) => logger.warn({}, message),
    });
    deliver = (message) => {
      void handler
        .handle(message)
        .catch((error) => logger.error({ err: error }, "a message from the app failed"));
    };
    for (const message of early.splice(0)) deliver(message);
    send({ kind: "ready", network: running.config.network, dataDir: running.runtime.dataDir });
    const code = await running.stopped;
    handler.close();
    deliver = (message) => early.push(message);
    wallets = running.handedOverWallets;
    if (!running.restartRequested || code !== 0) {
      discardHandedOver(wallets);
      return code;
    }
    logger.info(
      { wallets: wallets.map((w) => w.parts.name) },
      "starting again to run the wallet's masternode",
    );
  }
}

/** Reports a start that failed to main, and the exit code that tells its supervisor whether to retry. */
async function fatal(send: (message: HostToMainMessage) => void, error: unknown): Promise<number> {
  process.stderr.write(`node-host: error: ${describe(error)}\n`);
  send({ kind: "fatal", message: describe(error), retryable: isRetryableStartFailure(error) });
  // The message is delivered asynchronously: exiting on the spot could lose it.
  await new Promise((resolve) => setTimeout(resolve, FATAL_FLUSH_MS));
  return isRetryableStartFailure(error) ? 3 : 2;
}

// Exit explicitly: the p2p host's sockets and timers may keep the event loop alive after the node stops.
main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`node-host: error: internal error: ${describe(error)}\n`);
    process.exit(3);
  },
);
