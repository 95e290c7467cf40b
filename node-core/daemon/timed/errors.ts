// The errors of timed's configuration: a refused flag, variable or file key names the setting and where it
// came from (`source` is "--rpc-port", "TIME_RPC_PORT" or "/etc/timed.toml: rpc-port"); values are never
// echoed, since some of them are secrets. The operator key file's errors never echo its content.
import { NodeCoreError } from "../../util/errors.js";

export interface ConfigErrorPayloads {
  /** Bad command-line usage: unknown flag, missing value, extra arguments (commander's message). */
  CONFIG_USAGE: { readonly option?: string };
  /** A TIME_* variable or a file key that timed does not know. */
  CONFIG_UNKNOWN_KEY: { readonly key: string; readonly source: string };
  /** A value of the wrong type or out of range. */
  CONFIG_BAD_VALUE: { readonly key: string; readonly source: string };
  /** Settings that cannot hold together (inbound above the total, a faucet key off devnet, ...). */
  CONFIG_CONFLICT: { readonly keys: readonly string[] };
  /** The config file cannot be read (given with --config, or found and then unreadable). */
  CONFIG_FILE_UNREADABLE: { readonly path: string; readonly reason: string };
  /** The config file is not TOML; only the position is reported, never the text around it. */
  CONFIG_FILE_SYNTAX: { readonly path: string; readonly line: number; readonly column: number };
  /** --help or --version was asked for: the caller prints daemonHelp() or the version and exits 0. */
  CONFIG_HELP_REQUESTED: Record<string, never>;
  CONFIG_VERSION_REQUESTED: Record<string, never>;
  /** The operator key file does not hold exactly a 64-hex-digit ed25519 seed. */
  CONFIG_BAD_OPERATOR_KEY: { readonly path: string };
}

export type ConfigErrorCode = keyof ConfigErrorPayloads;

export class ConfigError<C extends ConfigErrorCode = ConfigErrorCode> extends NodeCoreError<
  C,
  ConfigErrorPayloads
> {
  override readonly name = "ConfigError";
}
