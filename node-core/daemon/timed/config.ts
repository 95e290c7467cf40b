// timed's settings, resolved from flags > TIME_* environment > TOML file > defaults into one frozen, fully
// typed DaemonConfig, with the source of every key for the start-up log. The network and the data
// directory decide where the default file is, so they are read from flags and environment first; a file
// found inside a data directory may not move it elsewhere or name another network.
// Nothing is logged here and no value is echoed in an error: rpc-password is one of them.
import { readFile as fsReadFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { Command, CommanderError, Option } from "commander";
import { parse as parseToml, TomlError } from "smol-toml";
import {
  type NetworkName,
  type NetworkParams,
  networkParams,
  withBlockInterval,
} from "../../params/index.js";
import type { LogLevel } from "../../util/index.js";
import { packageVersion } from "../package-version.js";
import { ConfigError } from "./errors.js";
import {
  type ConfigSource,
  envName,
  FOREIGN_TIME_VARIABLES,
  SETTINGS,
  type Setting,
  type SettingKey,
  settingOf,
  settingOfEnv,
} from "./settings.js";
import {
  parseBind,
  parseBoolean,
  parseBootstrap,
  parseHosts,
  parseInteger,
  parseListen,
  parseLogLevel,
  parseNetwork,
  parsePassword,
  parsePath,
  parseUser,
  type RawValue,
} from "./values.js";

export const DAEMON_NAME = "timed";
export const CONFIG_FILE_NAME = "timed.toml";
/** A config file is a few hundred bytes; a huge one is the wrong file. */
const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

/** The seed nodes' connection limits. */
export const DEFAULT_LIMITS: ConnectionLimits = Object.freeze({
  maxConnections: 125,
  maxInbound: 100,
  maxOutbound: 25,
  maxPerIp: 10,
});

export interface ConnectionLimits {
  readonly maxConnections: number;
  readonly maxInbound: number;
  readonly maxOutbound: number;
  readonly maxPerIp: number;
}

export interface RpcSettings {
  readonly port: number;
  readonly bind: string;
  /** With `password`: Basic auth by user name; both null means the cookie file. */
  readonly user: string | null;
  /** Secret: the logger redacts it by its key name. */
  readonly password: string | null;
  /** Host header values accepted besides the bind address, localhost and 127.0.0.1. */
  readonly allowHosts: readonly string[];
}

export interface DaemonConfig {
  readonly network: NetworkName;
  readonly params: NetworkParams;
  /** Absolute. */
  readonly dataDir: string;
  /** The TOML file read, or null when there was none. */
  readonly configFile: string | null;
  /** Listen multiaddrs, canonical (host:port input becomes /ip4/…/tcp/…). */
  readonly listen: readonly string[];
  readonly bootstrap: readonly string[];
  /** Operator key file (read it with loadOperatorKey), or null for a non-masternode node. */
  readonly masternodeKeyFile: string | null;
  readonly rpc: RpcSettings;
  readonly logLevel: LogLevel;
  readonly ui: boolean;
  /** 0: a free port. */
  readonly uiPort: number;
  readonly limits: ConnectionLimits;
  /** Devnet only. */
  readonly faucetKeyFile: string | null;
  /** Which source set each key. */
  readonly sources: Readonly<Record<SettingKey, ConfigSource>>;
}

export interface ResolveConfigRequest {
  /** The user arguments: process.argv without node and the script. */
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Reads the config file as UTF-8; an error with code ENOENT means there is none. */
  readonly readFile?: (path: string) => Promise<string>;
  /** Against which relative flag and variable paths resolve (default process.cwd()). */
  readonly cwd?: string;
}

const HELP_AFTER =
  "\nEvery setting can also come from the environment (TIME_<NAME>, dashes as underscores: TIME_RPC_PORT)\n" +
  'or from the TOML file (the flag name as key: rpc-port = 24201, bootstrap = ["/ip4/…"]).\n' +
  "Flags win over the environment, the environment over the file.\n";

/** The commander program of timed's flags, also the source of `timed --help`. */
export function buildDaemonCommand(): Command {
  const program = new Command(DAEMON_NAME)
    .description("TIME Coin full node: p2p, consensus, JSON-RPC")
    .version(packageVersion(), "-V, --version", "print the version and exit")
    .helpOption("-h, --help", "print this help and exit")
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {}, outputError: () => {} })
    .allowExcessArguments(false);
  for (const setting of SETTINGS) {
    const flag = setting.argument === undefined ? `--${setting.key}` : `--${setting.key} ${setting.argument}`;
    const option = new Option(flag, setting.help);
    // Every value is kept as given and parsed later like the other sources', so errors read alike.
    if (setting.argument !== undefined)
      option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
    program.addOption(option);
  }
  return program;
}

/** The text of `timed --help`. */
export function daemonHelp(): string {
  return `${buildDaemonCommand().helpInformation()}${HELP_AFTER}`;
}

type Sourced = Partial<Record<SettingKey, RawValue>>;

export async function resolveDaemonConfig(request: ResolveConfigRequest): Promise<DaemonConfig> {
  const cwd = request.cwd ?? process.cwd();
  const homeDir = request.env.HOME ?? request.env.USERPROFILE ?? homedir();
  const flags = readFlags(request.argv, cwd, homeDir);
  const env = readEnv(request.env, cwd, homeDir);
  const early = (key: SettingKey): RawValue | undefined => flags[key] ?? env[key];

  const earlyNetwork = early("network");
  const earlyDataDir = early("datadir");
  const explicitFile = early("config");
  const lookupNetwork =
    earlyNetwork === undefined ? "mainnet" : parseNetwork(setting("network"), earlyNetwork);
  const lookupDataDir =
    earlyDataDir === undefined
      ? join(homeDir, ".timecoin", lookupNetwork)
      : parsePath(setting("datadir"), earlyDataDir);

  const read = request.readFile ?? readUtf8;
  let file: Sourced = {};
  let configFile: string | null = null;
  if (explicitFile !== undefined) {
    configFile = parsePath(setting("config"), explicitFile);
    file = parseFile(configFile, await readConfigFile(read, configFile, true), homeDir);
  } else {
    const candidate = join(lookupDataDir, CONFIG_FILE_NAME);
    const content = await readConfigFile(read, candidate, false);
    if (content !== undefined) {
      configFile = candidate;
      file = parseFile(candidate, content, homeDir);
      // The file was found through the network and data directory; letting it change them would mean
      // the node runs somewhere other than where its own file lives.
      if (file.network !== undefined && parseNetwork(setting("network"), file.network) !== lookupNetwork) {
        throw conflict(
          ["network"],
          `${candidate} sets network to another network than the one whose data directory holds it; ` +
            "start with --network set to the file's network, or point --config at the file",
        );
      }
      if (file.datadir !== undefined && parsePath(setting("datadir"), file.datadir) !== lookupDataDir) {
        throw conflict(
          ["datadir"],
          `${candidate} sets datadir to another directory than the one it was found in; ` +
            "use --datadir, or point --config at the file",
        );
      }
    }
  }

  const sources = {} as Record<SettingKey, ConfigSource>;
  const pick = <T>(key: SettingKey, parse: (s: Setting, raw: RawValue) => T, fallback: () => T): T => {
    const raw = flags[key] ?? env[key] ?? file[key];
    if (raw === undefined) {
      sources[key] = "default";
      return fallback();
    }
    sources[key] = raw.source;
    return parse(setting(key), raw);
  };

  const network = pick("network", parseNetwork, () => "mainnet" as NetworkName);
  const blockTimeMs = pick("block-time-ms", parseInteger, () => null as number | null);
  if (blockTimeMs !== null && network !== "devnet") {
    throw conflict(
      ["block-time-ms", "network"],
      `block-time-ms is for devnet only, and the network is ${network}`,
    );
  }
  const params =
    blockTimeMs === null ? networkParams(network) : withBlockInterval(networkParams(network), blockTimeMs);
  const dataDir = pick("datadir", parsePath, () => join(homeDir, ".timecoin", network));
  sources.config = explicitFile?.source ?? "default";
  const listen = pick("listen", parseListen, () => [`/ip4/0.0.0.0/tcp/${params.p2pPort}`]);
  const bootstrap = pick("bootstrap", parseBootstrap, () => []);
  const masternodeKeyFile = pick("masternode", parsePath, () => null);
  const rpcPort = pick("rpc-port", parseInteger, () => params.rpcPort);
  const rpcBind = pick("rpc-bind", parseBind, () => "127.0.0.1");
  const rpcUser = pick("rpc-user", parseUser, () => null);
  const rpcPassword = pick("rpc-password", parsePassword, () => null);
  const allowHosts = pick("rpc-allow-host", parseHosts, () => []);
  const logLevel = pick("log-level", parseLogLevel, () => "info" as LogLevel);
  const ui = pick("ui", parseBoolean, () => false);
  const uiPort = pick("ui-port", parseInteger, () => 0);
  const limits: ConnectionLimits = Object.freeze({
    maxConnections: pick("max-connections", parseInteger, () => DEFAULT_LIMITS.maxConnections),
    maxInbound: pick("max-inbound", parseInteger, () => DEFAULT_LIMITS.maxInbound),
    maxOutbound: pick("max-outbound", parseInteger, () => DEFAULT_LIMITS.maxOutbound),
    maxPerIp: pick("max-per-ip", parseInteger, () => DEFAULT_LIMITS.maxPerIp),
  });
  const faucetKeyFile = pick("faucet-key", parsePath, () => null);

  if ((rpcUser === null) !== (rpcPassword === null)) {
    throw conflict(
      ["rpc-user", "rpc-password"],
      "rpc-user and rpc-password go together: set both for password auth, or neither for the cookie file",
    );
  }
  if (limits.maxInbound > limits.maxConnections || limits.maxOutbound > limits.maxConnections) {
    throw conflict(
      ["max-inbound", "max-outbound", "max-connections"],
      `max-inbound (${limits.maxInbound}) and max-outbound (${limits.maxOutbound}) cannot exceed max-connections (${limits.maxConnections})`,
    );
  }
  if (limits.maxPerIp > limits.maxConnections) {
    throw conflict(
      ["max-per-ip", "max-connections"],
      `max-per-ip (${limits.maxPerIp}) cannot exceed max-connections (${limits.maxConnections})`,
    );
  }
  if (faucetKeyFile !== null && network !== "devnet") {
    throw conflict(["faucet-key", "network"], `faucet-key is for devnet only, and the network is ${network}`);
  }
  if (masternodeKeyFile !== null && faucetKeyFile !== null && masternodeKeyFile === faucetKeyFile) {
    throw conflict(["masternode", "faucet-key"], "masternode and faucet-key name the same file");
  }

  return Object.freeze({
    network,
    params,
    dataDir,
    configFile,
    listen: Object.freeze(listen),
    bootstrap: Object.freeze(bootstrap),
    masternodeKeyFile,
    rpc: Object.freeze({
      port: rpcPort,
      bind: rpcBind,
      user: rpcUser,
      password: rpcPassword,
      allowHosts: Object.freeze(allowHosts),
    }),
    logLevel,
    ui,
    uiPort,
    limits,
    faucetKeyFile,
    sources: Object.freeze(sources),
  });
}

function setting(key: SettingKey): Setting {
  return settingOf(key) as Setting;
}

function conflict(keys: SettingKey[], message: string): ConfigError<"CONFIG_CONFLICT"> {
  return new ConfigError("CONFIG_CONFLICT", message, { keys });
}

function readFlags(argv: readonly string[], cwd: string, homeDir: string): Sourced {
  const program = buildDaemonCommand();
  try {
    program.parse([...argv], { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.help")
        throw new ConfigError("CONFIG_HELP_REQUESTED", "help requested", {});
      if (err.code === "commander.version")
        throw new ConfigError("CONFIG_VERSION_REQUESTED", "version requested", {});
      throw new ConfigError(
        "CONFIG_USAGE",
        `${err.message.replace(/^error: /, "")} (see ${DAEMON_NAME} --help)`,
        {},
      );
    }
    throw err;
  }
  const values = program.opts<Record<string, string[] | true | undefined>>();
  const out: Sourced = {};
  for (const s of SETTINGS) {
    const value = values[camel(s.key)];
    if (value === undefined) continue;
    if (s.notAsFlag === true) {
      throw new ConfigError(
        "CONFIG_USAGE",
        `--${s.key} is not accepted on the command line, because every user of this machine can read a ` +
          `process's flags (ps); set ${envName(s.key)} or ${s.key} in the config file instead`,
        { option: `--${s.key}` },
      );
    }
    if (Array.isArray(value) && value.length > 1 && s.repeatable !== true) {
      throw new ConfigError("CONFIG_USAGE", `--${s.key} is given more than once`, { option: `--${s.key}` });
    }
    out[s.key] = { source: "flag", label: `--${s.key}`, value, baseDir: cwd, homeDir };
  }
  return out;
}

function camel(key: string): string {
  return key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

function readEnv(env: ResolveConfigRequest["env"], cwd: string, homeDir: string): Sourced {
  const out: Sourced = {};
  // Sorted so that with several unknown variables the same one is named every time.
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith("TIME_")) continue;
    const value = env[name];
    if (value === undefined) continue;
    const s = settingOfEnv(name);
    if (s === undefined) {
      if (FOREIGN_TIME_VARIABLES.has(name)) continue;
      throw new ConfigError(
        "CONFIG_UNKNOWN_KEY",
        `unknown environment variable ${name}: timed reads ${SETTINGS.map((x) => envName(x.key)).join(", ")}`,
        { key: name, source: "environment" },
      );
    }
    out[s.key] = { source: "env", label: name, value, baseDir: cwd, homeDir };
  }
  return out;
}

async function readUtf8(path: string): Promise<string> {
  return fsReadFile(path, "utf8");
}

/** The file's text; a missing file is undefined unless it is `required` (named by --config). */
async function readConfigFile(
  read: (path: string) => Promise<string>,
  path: string,
  required: true,
): Promise<string>;
async function readConfigFile(
  read: (path: string) => Promise<string>,
  path: string,
  required: false,
): Promise<string | undefined>;
async function readConfigFile(
  read: (path: string) => Promise<string>,
  path: string,
  required: boolean,
): Promise<string | undefined> {
  let content: string;
  try {
    content = await read(path);
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    if (!required && code === "ENOENT") return undefined;
    const reason =
      code === "ENOENT"
        ? "no such file"
        : code === "EACCES" || code === "EPERM"
          ? "permission denied"
          : code === "EISDIR"
            ? "it is a directory"
            : typeof code === "string"
              ? code
              : "unknown error";
    throw new ConfigError("CONFIG_FILE_UNREADABLE", `cannot read config file ${path}: ${reason}`, {
      path,
      reason,
    });
  }
  if (content.length > MAX_CONFIG_FILE_BYTES) {
    throw new ConfigError(
      "CONFIG_FILE_UNREADABLE",
      `config file ${path} is larger than ${MAX_CONFIG_FILE_BYTES} bytes; that is not a timed config file`,
      { path, reason: "too large" },
    );
  }
  return content;
}

function parseFile(path: string, content: string, homeDir: string): Sourced {
  let table: Record<string, unknown>;
  try {
    table = parseToml(content, { integersAsBigInt: true, unsafeKeyBehaviour: "throw" }) as Record<
      string,
      unknown
    >;
  } catch (err) {
    if (err instanceof TomlError) {
      // smol-toml's message quotes the lines around the error, which may hold rpc-password: position only.
      throw new ConfigError(
        "CONFIG_FILE_SYNTAX",
        `config file ${path} is not valid TOML (line ${err.line}, column ${err.column})`,
        { path, line: err.line, column: err.column },
      );
    }
    throw new ConfigError("CONFIG_FILE_SYNTAX", `config file ${path} is not valid TOML`, {
      path,
      line: 0,
      column: 0,
    });
  }
  const out: Sourced = {};
  const baseDir = dirname(path);
  for (const key of Object.keys(table)) {
    const s = settingOf(key);
    if (s === undefined || s.notInFile === true) {
      const why =
        s === undefined
          ? `known keys: ${SETTINGS.filter((x) => x.notInFile !== true)
              .map((x) => x.key)
              .join(", ")}`
          : "a config file cannot name another config file";
      throw new ConfigError("CONFIG_UNKNOWN_KEY", `${path}: unknown key "${printable(key)}" (${why})`, {
        key: printable(key),
        source: path,
      });
    }
    out[s.key] = { source: "file", label: `${path}: ${key}`, value: table[key], baseDir, homeDir };
  }
  return out;
}

/** A key as it may be shown: TOML keys can be any quoted string, so control characters are escaped. */
function printable(key: string): string {
  const shown = JSON.stringify(key).slice(1, -1);
  return shown.length > 64 ? `${shown.slice(0, 64)}…` : shown;
}
