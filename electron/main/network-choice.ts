// The network the person chose in the app (on the Welcome page or in Settings), kept in
// `<userData>/network.json` so the next launch runs the node on it (a `--network` flag still wins), and the
// start options a switch gives. A missing file is no choice; a damaged one is no choice either, with the
// reason for the log, so a bad file never keeps the app from starting.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isNetworkName, type NetworkName } from "../../node-core/params/index.js";
import type { StartOptions } from "./start-options.js";

export const NETWORK_CHOICE_FILE = "network.json";

export interface SavedNetworkChoice {
  readonly network: NetworkName | null;
  /** Why a file that exists was not used. */
  readonly problem?: string;
}

export function readNetworkChoice(userDataDir: string): SavedNetworkChoice {
  const path = join(userDataDir, NETWORK_CHOICE_FILE);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { network: null };
    return { network: null, problem: `${path} could not be read (${(error as Error).message})` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { network: null, problem: `${path} is not JSON; the default network is used` };
  }
  const network = (parsed as { network?: unknown } | null)?.network;
  if (typeof network !== "string" || !isNetworkName(network)) {
    return { network: null, problem: `${path} names no known network; the default network is used` };
  }
  return { network };
}

/** Saves the choice atomically (a crash leaves the old file or the new one, never half of one). */
export function writeNetworkChoice(userDataDir: string, network: NetworkName): void {
  mkdirSync(userDataDir, { recursive: true });
  const path = join(userDataDir, NETWORK_CHOICE_FILE);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ network })}\n`, { mode: 0o600 });
  renameSync(temp, path);
}

/**
 * Where the node runs after a switch to `network`: the launch's own options when it goes back to the
 * launch network (npm start's devnet node keeps its data folder), else timed's data directory for it.
 */
export function switchedStart(launch: StartOptions, network: NetworkName): StartOptions {
  return network === launch.network ? launch : { network };
}
