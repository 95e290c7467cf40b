// Entry point of the node host, run by main in an Electron utilityProcess: resolves the daemon settings
// from its arguments, starts the node (node-core's startDaemon: the same node as `timed`), tells main it is
// ready, then serves main's messages over process.parentPort until asked to stop (host-loop.ts: starting
// the node again in-process when the wallet starts its masternode here). Logs go to stdout as JSON
// lines (secrets redacted by node-core's logger); main writes them to the log file.
import { startDaemon } from "../../node-core/daemon/timed-main.js";
import { createLogger } from "../../node-core/util/index.js";
import type { HostToMainMessage } from "../contract.js";
import { isRetryableStartFailure, resolveHostConfig } from "./host-config.js";
import { serveDaemons } from "./host-loop.js";

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
  return serveDaemons({
    send,
    onMessage: (listener) => port.on("message", (event) => listener(event.data)),
    start: (wallets) => startDaemon(config, logger, wallets === null ? {} : { wallets }),
    fatal: (error) => fatal(send, error),
    logger,
  });
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
