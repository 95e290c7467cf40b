// Bootstrap peers shipped with the program for each network, in assets/networks/<network>.peers.json:
// {"format": 1, "network": "<name>", "peers": ["/ip4/…/tcp/…/p2p/…" or "host:port", …]}. timed dials them
// after the operator's own --bootstrap list, so a fresh install finds the network without configuration
// (Bitcoin Core's fixed seeds); the project updates the list with releases. A missing file means no shipped
// peers; a file that exists but is not exactly this shape is an error naming the file and the problem.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { defaultNetworksDir } from "../../genesis/index.js";
import type { NetworkParams } from "../../params/index.js";
import { ConfigError } from "./errors.js";
import { settingOf } from "./settings.js";
import { parseBootstrap } from "./values.js";

export const NETWORK_PEERS_FORMAT = 1;
/** A peers file is a list of addresses; anything bigger is the wrong file. */
const MAX_PEERS_FILE_BYTES = 256 * 1024;

export function networkPeersFile(params: NetworkParams, networksDir = defaultNetworksDir()): string {
  return join(networksDir, `${params.name}.peers.json`);
}

/** The network's shipped bootstrap peers as multiaddrs (empty when the network ships none). */
export async function loadNetworkPeers(
  params: NetworkParams,
  networksDir = defaultNetworksDir(),
): Promise<string[]> {
  const file = networkPeersFile(params, networksDir);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw unreadable(file, (error as Error).message);
  }
  if (text.length > MAX_PEERS_FILE_BYTES) throw unreadable(file, `larger than ${MAX_PEERS_FILE_BYTES} bytes`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw unreadable(file, "not JSON");
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw unreadable(file, "not an object");
  const { format, network, peers, ...rest } = json as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) throw unreadable(file, `unknown field ${JSON.stringify(extra[0])}`);
  if (format !== NETWORK_PEERS_FORMAT) throw unreadable(file, `format must be ${NETWORK_PEERS_FORMAT}`);
  if (network !== params.name) throw unreadable(file, `network must be "${params.name}"`);
  if (!Array.isArray(peers)) throw unreadable(file, "peers must be a list");
  const setting = settingOf("bootstrap");
  if (setting === undefined) throw new Error("timed has no bootstrap setting");
  const addresses = parseBootstrap(setting, {
    source: "file",
    label: `${file}: peers`,
    value: peers,
    baseDir: networksDir,
    homeDir: networksDir,
  });
  return [...new Set(addresses)];
}

/** The operator's peers first, then the shipped ones not already named. */
export function withNetworkPeers(own: readonly string[], shipped: readonly string[]): string[] {
  const seen = new Set(own);
  return [...own, ...shipped.filter((peer) => !seen.has(peer))];
}

function unreadable(path: string, reason: string): ConfigError<"CONFIG_FILE_UNREADABLE"> {
  return new ConfigError("CONFIG_FILE_UNREADABLE", `${path}: ${reason}`, { path, reason });
}
