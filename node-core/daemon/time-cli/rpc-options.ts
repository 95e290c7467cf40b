// The bitcoin-cli style options of an RPC call (`-rpcport=N` or `-rpcport N`, single dash, before the
// method) and the connection they add up to: host, port, data directory and credentials source. They are
// parsed by hand because commander's long options take two dashes and would swallow the method's params.
import { isIP } from "node:net";
import { isAbsolute, join, resolve } from "node:path";
import { isNetworkName, type NetworkName, networkParams } from "../../params/index.js";
import { CliError } from "./errors.js";

type ValueKind = "text" | "flag";

const RPC_OPTIONS: Readonly<Record<string, ValueKind>> = {
  datadir: "text",
  network: "text",
  rpcconnect: "text",
  rpcport: "text",
  rpcuser: "text",
  rpcpassword: "text",
  rpcwait: "flag",
  rpcwaittimeout: "text",
  rpcclienttimeout: "text",
  named: "flag",
};

export const DEFAULT_RPC_WAIT_TIMEOUT_S = 60;
/** bitcoin-cli's default: a slow call (a rescan) may take minutes. */
export const DEFAULT_RPC_CLIENT_TIMEOUT_S = 900;

export interface RpcConnection {
  readonly network: NetworkName;
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** User and password, or null to use the cookie file `<dataDir>/.cookie`. */
  readonly credentials: { readonly user: string; readonly password: string } | null;
  readonly cookieFile: string;
  /** The command that starts the daemon these options would reach (the hint when it is not running). */
  readonly startCommand: string;
  readonly wait: boolean;
  /** Seconds -rpcwait keeps trying; 0 means until the daemon answers. */
  readonly waitTimeoutS: number;
  /** Seconds to wait for the answer of one call; 0 means no limit. */
  readonly clientTimeoutS: number;
  readonly named: boolean;
}

export interface RpcInvocation {
  readonly connection: RpcConnection;
  readonly method: string;
  readonly params: readonly string[];
}

/** Whether `arg` is one of the RPC options (so the command line is an RPC call, not an offline command). */
export function isRpcOption(arg: string): boolean {
  const match = /^-([a-z]+)(=|$)/.exec(arg);
  return match !== null && match[1] !== undefined && match[1] in RPC_OPTIONS;
}

/** Splits the leading RPC options off `args`; the first other argument is the method. */
export function parseRpcInvocation(args: readonly string[], cwd: string, homeDir: string): RpcInvocation {
  const given = new Map<string, string>();
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith("-") || arg === "-") break;
    const match = /^-([a-z]+)(?:=(.*))?$/s.exec(arg);
    const name = match?.[1];
    const kind = name === undefined ? undefined : RPC_OPTIONS[name];
    if (match === null || name === undefined || kind === undefined) {
      throw usage(`unknown option '${arg.split("=")[0]}' for an RPC call (see time-cli --help)`, arg);
    }
    let value = match[2];
    if (value === undefined && kind === "text") {
      value = args[i + 1];
      if (value === undefined) throw usage(`-${name} needs a value (-${name}=VALUE)`, `-${name}`);
      i++;
    }
    if (given.has(name)) throw usage(`-${name} is given more than once`, `-${name}`);
    given.set(name, value ?? "1");
  }
  const method = args[i];
  if (method === undefined) throw usage("no RPC method given (run time-cli --help)", undefined);
  if (!/^[a-z][a-z0-9_.]{0,63}$/.test(method)) {
    throw usage(
      `"${method.slice(0, 64)}" is neither a time-cli command nor an RPC method name (lowercase letters, digits, _)`,
      undefined,
    );
  }

  const networkText = given.get("network") ?? "mainnet";
  if (!isNetworkName(networkText)) throw usage("-network must be mainnet, testnet or devnet", "-network");
  const params = networkParams(networkText);
  const datadir = given.get("datadir");
  if (datadir === "") throw usage("-datadir is empty", "-datadir");
  const dataDir =
    datadir === undefined
      ? join(homeDir, ".timecoin", networkText)
      : isAbsolute(datadir)
        ? resolve(datadir)
        : resolve(cwd, datadir);
  const { host, port: connectPort } = parseConnect(given.get("rpcconnect") ?? "127.0.0.1");
  const portText = given.get("rpcport");
  const port =
    portText === undefined ? (connectPort ?? params.rpcPort) : integer(portText, "-rpcport", 1, 65_535);
  const user = given.get("rpcuser");
  const password = given.get("rpcpassword");
  if ((user === undefined) !== (password === undefined)) {
    throw usage("-rpcuser and -rpcpassword go together (without both, the cookie file is used)", "-rpcuser");
  }
  return {
    connection: {
      network: networkText,
      host,
      port,
      dataDir,
      credentials: user === undefined || password === undefined ? null : { user, password },
      cookieFile: join(dataDir, ".cookie"),
      startCommand:
        `timed --network ${networkText}${datadir === undefined ? "" : ` --datadir ${dataDir}`}` +
        // Without -network the mainnet default is a guess: a testnet or devnet daemon needs -network here too.
        (given.has("network") ? "" : "; for a testnet or devnet daemon, pass -network as well"),
      wait: flag(given.get("rpcwait"), "-rpcwait"),
      waitTimeoutS: integer(
        given.get("rpcwaittimeout") ?? `${DEFAULT_RPC_WAIT_TIMEOUT_S}`,
        "-rpcwaittimeout",
        0,
        86_400,
      ),
      clientTimeoutS: integer(
        given.get("rpcclienttimeout") ?? `${DEFAULT_RPC_CLIENT_TIMEOUT_S}`,
        "-rpcclienttimeout",
        0,
        86_400,
      ),
      named: flag(given.get("named"), "-named"),
    },
    method,
    params: args.slice(i + 1),
  };
}

function parseConnect(text: string): { host: string; port?: number } {
  const bracketed = /^\[([0-9A-Fa-f:.]+)\](?::([0-9]{1,5}))?$/.exec(text);
  if (bracketed !== null) {
    if (isIP(bracketed[1] as string) !== 6)
      throw usage("-rpcconnect is not a valid IPv6 address", "-rpcconnect");
    const port =
      bracketed[2] === undefined ? undefined : integer(bracketed[2], "-rpcconnect port", 1, 65_535);
    return port === undefined ? { host: bracketed[1] as string } : { host: bracketed[1] as string, port };
  }
  if (isIP(text) === 6) return { host: text };
  const hostPort = /^([A-Za-z0-9.-]+)(?::([0-9]{1,5}))?$/.exec(text);
  if (hostPort === null)
    throw usage("-rpcconnect must be a host name or IP address, optionally :port", "-rpcconnect");
  const port = hostPort[2] === undefined ? undefined : integer(hostPort[2], "-rpcconnect port", 1, 65_535);
  return port === undefined ? { host: hostPort[1] as string } : { host: hostPort[1] as string, port };
}

function integer(text: string, option: string, min: number, max: number): number {
  if (!/^(0|[1-9][0-9]{0,9})$/.test(text))
    throw usage(`${option} must be a whole number from ${min} to ${max}`, option);
  const n = Number(text);
  if (n < min || n > max) throw usage(`${option} must be from ${min} to ${max}`, option);
  return n;
}

function flag(value: string | undefined, option: string): boolean {
  if (value === undefined) return false;
  if (value === "1" || value === "true") return true;
  if (value === "0" || value === "false") return false;
  throw usage(`${option} takes no value, or =1 / =0`, option);
}

function usage(message: string, option: string | undefined): CliError {
  return new CliError("CLI_USAGE", message, option === undefined ? {} : { option });
}
