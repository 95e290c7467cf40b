// The node host's daemon configuration: the same resolution as `timed` (flags > TIME_* environment >
// <datadir>/timed.toml > defaults), from the arguments main starts the host with (--network, --datadir).
// Unlike timed, the desktop node's JSON-RPC listens on a free port unless a port is configured, so the app
// and a timed on the same machine never fight over the network's default port.
import { type DaemonConfig, resolveDaemonConfig } from "../../node-core/daemon/timed/index.js";

export { type HostStart, hostArguments } from "./host-arguments.js";

export async function resolveHostConfig(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<DaemonConfig> {
  const config = await resolveDaemonConfig({ argv, env });
  if (config.sources["rpc-port"] !== "default") return config;
  return Object.freeze({ ...config, rpc: Object.freeze({ ...config.rpc, port: 0 }) });
}

/** Whether starting again can help after `error` (a bad setting or a data directory in use cannot). */
export function isRetryableStartFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return true;
  return !/^(CONFIG_|START_|SECRET_FILE_)/.test(code);
}
