// The node host's life: one daemon, or a chain of them in this process when the wallet starts its
// masternode here (the next daemon runs with the key the wallet left in the data folder and takes over the
// loaded wallets, unlocked as they were). Main sees a "ready" for each (and subscribes again); messages
// that arrive while a daemon starts wait for it rather than being lost; a hand-over that no daemon takes
// is locked. Transport-free: host-main.ts passes process.parentPort and node-core's startDaemon.
import type { RunningDaemon } from "../../node-core/daemon/timed-main.js";
import type { Logger } from "../../node-core/util/index.js";
import { discardHandedOver, type HandedOverWallet } from "../../node-core/wallet/index.js";
import type { HostToMainMessage } from "../contract.js";
import { createHostHandler, type HostHandlerDeps } from "./host-handler.js";

/** What of a running daemon the host uses. */
export type HostedDaemon = Pick<
  RunningDaemon,
  "stop" | "stopped" | "restartRequested" | "handedOverWallets"
> & {
  readonly api: HostHandlerDeps["api"];
  readonly config: { readonly network: string };
  readonly runtime: { readonly dataDir: string };
};

export interface HostLoopDeps {
  readonly send: (message: HostToMainMessage) => void;
  /** Registers the one listener for main's messages. */
  readonly onMessage: (listener: (message: unknown) => void) => void;
  /** Starts a daemon; `wallets` is null for the first, else what the previous one handed over. */
  readonly start: (wallets: readonly HandedOverWallet[] | null) => Promise<HostedDaemon>;
  /** Reports a start that failed and gives the exit code (host-main: a fatal message, 2 or 3). */
  readonly fatal: (error: unknown) => Promise<number>;
  readonly logger: Logger;
}

/** Runs daemons until one stops without a restart request; resolves with the process's exit code. */
export async function serveDaemons(deps: HostLoopDeps): Promise<number> {
  const { send, logger } = deps;
  const waiting: unknown[] = [];
  let deliver: (message: unknown) => void = (message) => waiting.push(message);
  deps.onMessage((message) => deliver(message));
  let wallets: readonly HandedOverWallet[] | null = null;
  for (;;) {
    let daemon: HostedDaemon;
    try {
      daemon = await deps.start(wallets);
    } catch (error) {
      discardHandedOver(wallets ?? []);
      return deps.fatal(error);
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
    for (const message of waiting.splice(0)) deliver(message);
    send({ kind: "ready", network: daemon.config.network, dataDir: daemon.runtime.dataDir });
    const code = await daemon.stopped;
    handler.close();
    deliver = (message) => waiting.push(message);
    wallets = daemon.handedOverWallets;
    if (!daemon.restartRequested || code !== 0) {
      discardHandedOver(wallets);
      return code;
    }
    logger.info(
      { wallets: wallets.map((w) => w.parts.name) },
      "starting again to run the wallet's masternode",
    );
  }
}
