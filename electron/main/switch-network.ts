// The IPC handler of IPC_CHANNELS.switchNetwork: the sender must be our window's app:// page (as for every
// call), the one argument a known network name; one switch at a time. The switch itself (save the choice,
// restart the node host on that network, wait until it is ready) is main's, passed in.
import { isNetworkName, type NetworkName } from "../../node-core/params/index.js";
import type { NetworkSwitchOutcome } from "../contract.js";
import { type CallHandlerDeps, foreignSender, refused, type SenderLike } from "./ipc-call.js";

export interface SwitchNetworkDeps extends Pick<CallHandlerDeps, "isTrustedUrl" | "isOurContents"> {
  /** The network the node runs on (or is starting on) now. */
  readonly current: () => string;
  readonly switchTo: (network: NetworkName) => Promise<NetworkSwitchOutcome>;
}

export function createSwitchNetworkHandler(deps: SwitchNetworkDeps) {
  let inFlight = false;
  return async (event: SenderLike, ...args: unknown[]): Promise<NetworkSwitchOutcome> => {
    const foreign = foreignSender(deps, event);
    if (foreign !== null) return foreign;
    const [network] = args;
    if (args.length !== 1 || typeof network !== "string" || !isNetworkName(network)) {
      return refused(
        "API_INVALID_PARAMS",
        "switchNetwork takes one network name: mainnet, testnet or devnet",
        "network",
      );
    }
    if (network === deps.current()) return { ok: true, result: { network } };
    if (inFlight)
      return refused("API_TRANSPORT_ERROR", "the node is already switching networks; wait for it");
    inFlight = true;
    try {
      return await deps.switchTo(network);
    } catch (error) {
      return refused(
        "API_TRANSPORT_ERROR",
        `the node could not switch to ${network}: ${error instanceof Error ? error.message : "unknown"}`,
      );
    } finally {
      inFlight = false;
    }
  };
}
