// The table of timed's settings: one row per key, shared by the flag parser, the TIME_* environment and the
// TOML file, so a setting cannot exist in one source and be missing from another. Keys are the long flag
// names without the dashes ("rpc-port"); the variable is TIME_ + the key upper-cased with underscores.

export const SETTING_KEYS = [
  "network",
  "datadir",
  "config",
  "listen",
  "bootstrap",
  "masternode",
  "rpc-port",
  "rpc-bind",
  "rpc-user",
  "rpc-password",
  "rpc-allow-host",
  "log-level",
  "ui",
  "ui-port",
  "max-connections",
  "max-inbound",
  "max-outbound",
  "max-per-ip",
  "faucet-key",
  "block-time-ms",
] as const;

export type SettingKey = (typeof SETTING_KEYS)[number];

/** Where a resolved setting came from, most important first. */
export type ConfigSource = "flag" | "env" | "file" | "default";

/** The value kinds a setting parses as; the parser of each lives in values.ts. */
export type SettingKind =
  | "network"
  | "path"
  | "listen"
  | "bootstrap"
  | "port"
  | "bind"
  | "user"
  | "password"
  | "hosts"
  | "log-level"
  | "boolean"
  | "count";

export interface Setting {
  readonly key: SettingKey;
  readonly kind: SettingKind;
  /** The flag's value name in --help ("<n>"); absent for a boolean flag. */
  readonly argument?: string;
  readonly help: string;
  /** Repeatable flag whose values (each also a comma list) add up. */
  readonly repeatable?: boolean;
  /** Integer bounds of a "count" or "port". */
  readonly min?: number;
  readonly max?: number;
  /** Not settable in the TOML file (the file cannot name itself). */
  readonly notInFile?: boolean;
  /** Refused as a flag (another user can read a process's flags with `ps`). */
  readonly notAsFlag?: boolean;
}

export const SETTINGS: readonly Setting[] = Object.freeze([
  {
    key: "network",
    kind: "network",
    argument: "<name>",
    help: "mainnet, testnet or devnet (default mainnet)",
  },
  { key: "datadir", kind: "path", argument: "<dir>", help: "data directory (default ~/.timecoin/<network>)" },
  {
    key: "config",
    kind: "path",
    argument: "<file>",
    help: "TOML config file (default <datadir>/timed.toml when it exists)",
    notInFile: true,
  },
  {
    key: "listen",
    kind: "listen",
    argument: "<addr>",
    help: "p2p listen address, multiaddr or host:port; repeatable or a comma list (default 0.0.0.0:<p2p port>)",
    repeatable: true,
  },
  {
    key: "bootstrap",
    kind: "bootstrap",
    argument: "<multiaddr>",
    help: "peer to connect to at start (/ip4/…/tcp/…[/p2p/…]); repeatable or a comma list",
    repeatable: true,
  },
  {
    key: "masternode",
    kind: "path",
    argument: "<file>",
    help: "operator key file (64 hex digits, mode 600): run as that masternode",
  },
  {
    key: "rpc-port",
    kind: "port",
    argument: "<port>",
    help: "JSON-RPC port (default the network's RPC port)",
    min: 1,
    max: 65_535,
  },
  { key: "rpc-bind", kind: "bind", argument: "<ip>", help: "JSON-RPC bind address (default 127.0.0.1)" },
  {
    key: "rpc-user",
    kind: "user",
    argument: "<name>",
    help: "JSON-RPC user name, with rpc-password (default: cookie file <datadir>/.cookie)",
  },
  {
    key: "rpc-password",
    kind: "password",
    argument: "<password>",
    help: "refused as a flag, because every user can read flags with `ps`: set TIME_RPC_PASSWORD or rpc-password in the config file",
    notAsFlag: true,
  },
  {
    key: "rpc-allow-host",
    kind: "hosts",
    argument: "<host>",
    help: "extra Host header value the RPC server accepts; repeatable or a comma list",
    repeatable: true,
  },
  {
    key: "log-level",
    kind: "log-level",
    argument: "<level>",
    help: "fatal, error, warn, info, debug or trace (default info)",
  },
  {
    key: "ui",
    kind: "boolean",
    help: "serve the web UI on 127.0.0.1 and print its URL, which carries a new token each start (default off)",
  },
  {
    key: "ui-port",
    kind: "count",
    argument: "<port>",
    help: "port of the web UI (default 0: a free port, in the printed URL)",
    min: 0,
    max: 65_535,
  },
  {
    key: "max-connections",
    kind: "count",
    argument: "<n>",
    help: "most peer connections in all (default 125)",
    min: 1,
    max: 10_000,
  },
  {
    key: "max-inbound",
    kind: "count",
    argument: "<n>",
    help: "most inbound peer connections (default 100)",
    min: 0,
    max: 10_000,
  },
  {
    key: "max-outbound",
    kind: "count",
    argument: "<n>",
    help: "most outbound peer connections (default 25)",
    min: 0,
    max: 10_000,
  },
  {
    key: "max-per-ip",
    kind: "count",
    argument: "<n>",
    help: "most connections from one IP address (default 10)",
    min: 1,
    max: 10_000,
  },
  {
    key: "faucet-key",
    kind: "path",
    argument: "<file>",
    help: "devnet only: key file of the faucet this node pays from",
  },
  {
    key: "block-time-ms",
    kind: "count",
    argument: "<ms>",
    help: "devnet only: the block interval (TSDC slot) in ms; every node of the devnet must use the same (default 5000)",
    min: 250,
    max: 600_000,
  },
] satisfies Setting[]);

const BY_KEY: ReadonlyMap<string, Setting> = new Map(SETTINGS.map((s) => [s.key, s]));

export function settingOf(key: string): Setting | undefined {
  return BY_KEY.get(key);
}

/** TIME_RPC_PORT for "rpc-port". */
export function envName(key: SettingKey): string {
  return `TIME_${key.toUpperCase().replaceAll("-", "_")}`;
}

const BY_ENV: ReadonlyMap<string, Setting> = new Map(SETTINGS.map((s) => [envName(s.key), s]));

export function settingOfEnv(name: string): Setting | undefined {
  return BY_ENV.get(name);
}

/**
 * TIME_* variables of the repository's tests, benchmarks and simulator: a developer who exported one must
 * still be able to start timed, so these are not "unknown". Any other TIME_* name is refused.
 */
export const FOREIGN_TIME_VARIABLES: ReadonlySet<string> = new Set([
  "TIME_FC_SEED",
  "TIME_FULL_TESTS",
  "TIME_FUZZ_SEED",
  "TIME_FUZZ_ITERATIONS",
  "TIME_SIM_SEEDS",
  "TIME_SIM_SEED_START",
  "TIME_BENCH_SECTION",
  "TIME_SEED",
  "TIME_START_WEB",
]);
