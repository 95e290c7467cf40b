// Entry point of the node host, run by main in an Electron utilityProcess: resolves the daemon settings
// from its arguments, starts the node (node-core's startDaemon: the same node as `timed`), tells main it is
// ready, then serves main's messages over process.parentPort until asked to stop. Logs go to stdout as JSON
// lines (secrets redacted by node-core's logger); main writes them to the log file.
import { startDaemon } from "../../node-core/daemon/timed-main.js";
import { createLogger } from "../../node-core/util/index.js";
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

  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  let logger: ReturnType<typeof createLogger>;
  try {
    const config = await resolveHostConfig(process.argv.slice(2), process.env);
    logger = createLogger({ level: config.logLevel, name: "node-host" });
    logger.info({ network: config.network, dataDir: config.dataDir }, "node host starting");
    daemon = await startDaemon(config, logger);
  } catch (error) {
    process.stderr.write(`node-host: error: ${describe(error)}\n`);
    send({ kind: "fatal", message: describe(error), retryable: isRetryableStartFailure(error) });
    // The message is delivered asynchronously: exiting on the spot could lose it.
    await new Promise((resolve) => setTimeout(resolve, FATAL_FLUSH_MS));
    return isRetryableStartFailure(error) ? 3 : 2;
  }
  const handler = createHostHandler({
    api: daemon.api,
    send,
    stop: (reason) => void daemon.stop(reason),
    warn: (message) => logger.warn({}, message),
  });
  deliver = (message) => {
    void handler
      .handle(message)
      .catch((error) => logger.error({ err: error }, "a message from the app failed"));
  };
  for (const message of early.splice(0)) deliver(message);
  process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled rejection"));
  send({ kind: "ready", network: daemon.config.network, dataDir: daemon.runtime.dataDir });
  const code = await daemon.stopped;
  handler.close();
  // The wallet started a masternode here: this process ends, and main's supervisor starts the host again,
  // which then runs with the key the wallet left in the data folder.
  if (daemon.restartRequested) logger.info("restarting to run the wallet's masternode");
  return code;
}

// Exit explicitly: the p2p host's sockets and timers may keep the event loop alive after the node stops.
main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`node-host: error: internal error: ${describe(error)}\n`);
    process.exit(3);
  },
);
