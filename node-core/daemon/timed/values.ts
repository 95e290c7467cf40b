// Parsing one setting's raw value, whichever source it came from: a flag or a TIME_* variable gives text
// (lists as comma lists, a repeated flag as several), the TOML file gives typed values (integers as
// bigint, so 1e20 cannot round to something in range). A refusal names the source and says what is
// expected ("TIME_RPC_PORT: must be an integer 1..65535") and never repeats the value, which may be secret.
import { isIP } from "node:net";
import { isAbsolute, resolve } from "node:path";
import { multiaddr } from "@multiformats/multiaddr";
import { isNetworkName, type NetworkName } from "../../params/index.js";
import { LOG_LEVELS, type LogLevel } from "../../util/index.js";
import { ConfigError } from "./errors.js";
import type { ConfigSource, Setting } from "./settings.js";

/** One source's value of one setting. */
export interface RawValue {
  readonly source: Exclude<ConfigSource, "default">;
  /** How the source is named in errors: "--rpc-port", "TIME_RPC_PORT", "/x/timed.toml: rpc-port". */
  readonly label: string;
  /** string (env), string[] (flag), true (boolean flag) or any TOML value (file). */
  readonly value: unknown;
  /** Directory that a relative path is relative to (the file's own directory for a file value). */
  readonly baseDir: string;
  readonly homeDir: string;
}

const DECIMAL_RE = /^(0|[1-9][0-9]*)$/;

export function bad(setting: Setting, raw: RawValue, expected: string): ConfigError<"CONFIG_BAD_VALUE"> {
  return new ConfigError("CONFIG_BAD_VALUE", `${raw.label}: must be ${expected}`, {
    key: setting.key,
    source: raw.label,
  });
}

/** A text value (a TOML string, or the one value of a flag or variable). */
function text(setting: Setting, raw: RawValue, expected: string): string {
  const value = Array.isArray(raw.value) && raw.source === "flag" ? raw.value.at(-1) : raw.value;
  if (typeof value !== "string") throw bad(setting, raw, expected);
  const trimmed = value.trim();
  if (trimmed === "") throw bad(setting, raw, `${expected}, not empty`);
  return trimmed;
}

/** The items of a list setting: flags repeat and each is a comma list; a file gives an array or a string. */
function items(setting: Setting, raw: RawValue, expected: string): string[] {
  let parts: unknown[];
  if (Array.isArray(raw.value)) parts = raw.value;
  else if (typeof raw.value === "string") parts = [raw.value];
  else throw bad(setting, raw, `a list of ${expected}`);
  const out: string[] = [];
  for (const part of parts) {
    if (typeof part !== "string") throw bad(setting, raw, `a list of ${expected}`);
    for (const item of part.split(",")) {
      const trimmed = item.trim();
      if (trimmed !== "") out.push(trimmed);
    }
  }
  return out;
}

export function parseNetwork(setting: Setting, raw: RawValue): NetworkName {
  const value = text(setting, raw, "mainnet, testnet or devnet");
  if (!isNetworkName(value)) throw bad(setting, raw, "mainnet, testnet or devnet");
  return value;
}

export function parsePath(setting: Setting, raw: RawValue): string {
  const value = text(setting, raw, "a path");
  if (value.includes("\0")) throw bad(setting, raw, "a path without NUL characters");
  // The shell expands ~ in a flag; a variable or a file value is expanded here so all three behave alike.
  const expanded =
    value === "~" ? raw.homeDir : value.startsWith("~/") ? resolve(raw.homeDir, value.slice(2)) : value;
  return isAbsolute(expanded) ? resolve(expanded) : resolve(raw.baseDir, expanded);
}

export function parseInteger(setting: Setting, raw: RawValue): number {
  const min = setting.min ?? 0;
  const max = setting.max ?? Number.MAX_SAFE_INTEGER;
  const expected = `an integer ${min}..${max}`;
  let n: bigint;
  if (typeof raw.value === "bigint") {
    n = raw.value;
  } else {
    const value = raw.source === "file" ? undefined : text(setting, raw, expected);
    if (value === undefined || !DECIMAL_RE.test(value) || value.length > 16)
      throw bad(setting, raw, expected);
    n = BigInt(value);
  }
  if (n < BigInt(min) || n > BigInt(max)) throw bad(setting, raw, expected);
  return Number(n);
}

const TRUE_WORDS = new Set(["1", "true", "yes", "on"]);
const FALSE_WORDS = new Set(["0", "false", "no", "off"]);

export function parseBoolean(setting: Setting, raw: RawValue): boolean {
  if (typeof raw.value === "boolean") return raw.value;
  const expected = "true or false (also 1/0, yes/no, on/off)";
  if (raw.source === "file") throw bad(setting, raw, "true or false");
  const value = text(setting, raw, expected).toLowerCase();
  if (TRUE_WORDS.has(value)) return true;
  if (FALSE_WORDS.has(value)) return false;
  throw bad(setting, raw, expected);
}

export function parseLogLevel(setting: Setting, raw: RawValue): LogLevel {
  const expected = "fatal, error, warn, info, debug or trace";
  const value = text(setting, raw, expected);
  if (!(LOG_LEVELS as readonly string[]).includes(value)) throw bad(setting, raw, expected);
  return value as LogLevel;
}

export function parseBind(setting: Setting, raw: RawValue): string {
  const expected = "an IP address (127.0.0.1, ::1, 0.0.0.0) or localhost";
  const value = text(setting, raw, expected);
  if (value !== "localhost" && isIP(value) === 0) throw bad(setting, raw, expected);
  return value;
}

// RFC 7617: the user name of Basic auth cannot hold a colon; control characters break the header.
const USER_RE = /^[\x21-\x39\x3b-\x7e]{1,64}$/;

export function parseUser(setting: Setting, raw: RawValue): string {
  const expected = "1 to 64 printable ASCII characters without spaces or colons";
  const value = text(setting, raw, expected);
  if (!USER_RE.test(value)) throw bad(setting, raw, expected);
  return value;
}

export function parsePassword(setting: Setting, raw: RawValue): string {
  // Not trimmed: a password may end in a space. The value is never repeated in the message.
  const expected = "1 to 256 printable characters";
  if (typeof raw.value !== "string") throw bad(setting, raw, expected);
  const value = raw.value;
  // A variable set from a file with `$(cat file)` keeps no newline, but `export X=$'pw\n'` would.
  if (value.length === 0 || value.length > 256 || hasControlCharacter(value))
    throw bad(setting, raw, expected);
  return value;
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

const HOST_RE =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

export function parseHosts(setting: Setting, raw: RawValue): string[] {
  const expected = "host names (optionally with :port)";
  const hosts = items(setting, raw, expected);
  for (const host of hosts) if (!HOST_RE.test(host)) throw bad(setting, raw, `a list of ${expected}`);
  return hosts.map((h) => h.toLowerCase());
}

/** host:port ([v6]:port for IPv6) as a TCP multiaddr; a DNS name only where dialing, not listening. */
function hostPortToMultiaddr(item: string, allowDns: boolean): string | undefined {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]/]+)):([0-9]{1,5})$/.exec(item);
  if (match === null) return undefined;
  const port = Number(match[3]);
  if (port < 1 || port > 65_535 || !DECIMAL_RE.test(match[3] as string)) return undefined;
  if (match[1] !== undefined) return isIP(match[1]) === 6 ? `/ip6/${match[1]}/tcp/${port}` : undefined;
  const host = match[2] as string;
  if (isIP(host) === 4) return `/ip4/${host}/tcp/${port}`;
  if (allowDns && HOST_RE.test(host)) return `/dns/${host}/tcp/${port}`;
  return undefined;
}

const IP_PROTOCOLS = new Set(["ip4", "ip6"]);
const DIAL_PROTOCOLS = new Set(["ip4", "ip6", "dns", "dns4", "dns6"]);

/** A multiaddr of an address and a TCP port (p2p ids allowed when dialing), canonicalized. */
function tcpMultiaddr(item: string, dialing: boolean): string | undefined {
  let components: { name: string; value?: string }[];
  let canonical: string;
  try {
    const addr = multiaddr(item);
    components = addr.getComponents();
    canonical = addr.toString();
  } catch {
    return undefined;
  }
  const [host, tcp, ...rest] = components;
  if (host === undefined || !(dialing ? DIAL_PROTOCOLS : IP_PROTOCOLS).has(host.name)) return undefined;
  if (tcp?.name !== "tcp") return undefined;
  const port = Number(tcp.value);
  if (!(port >= (dialing ? 1 : 0) && port <= 65_535)) return undefined;
  if (rest.length > 1 || (rest.length === 1 && (!dialing || rest[0]?.name !== "p2p"))) return undefined;
  return canonical;
}

export function parseListen(setting: Setting, raw: RawValue): string[] {
  const expected = "multiaddrs (/ip4/0.0.0.0/tcp/24000) or host:port with an IP address";
  return items(setting, raw, expected).map((item) => {
    const addr = item.startsWith("/") ? tcpMultiaddr(item, false) : hostPortToMultiaddr(item, false);
    if (addr === undefined) throw bad(setting, raw, `a list of ${expected}`);
    return addr;
  });
}

export function parseBootstrap(setting: Setting, raw: RawValue): string[] {
  const expected = "multiaddrs (/ip4/…/tcp/…[/p2p/…], /dns/…/tcp/…) or host:port";
  return items(setting, raw, expected).map((item) => {
    const addr = item.startsWith("/") ? tcpMultiaddr(item, true) : hostPortToMultiaddr(item, true);
    if (addr === undefined) throw bad(setting, raw, `a list of ${expected}`);
    return addr;
  });
}
