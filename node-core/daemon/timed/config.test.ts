// resolveDaemonConfig on real files in a temporary directory: defaults per network, the order flags >
// environment > file > defaults with the source of every key, the default file found in the data
// directory, and every refusal naming its key and source without echoing the value. loadOperatorKey on
// real files: the seed, and refusals of bad contents and of files others can read, never echoing content.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hasErrorCode, NodeCoreError } from "../../util/index.js";
import { SecretFileError } from "../secret-file.js";
import { daemonHelp, resolveDaemonConfig } from "./config.js";
import { ConfigError } from "./errors.js";
import { loadOperatorKey } from "./operator-key.js";
import { SETTING_KEYS } from "./settings.js";

const dir = mkdtempSync(join(tmpdir(), "timed-config-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const home = join(dir, "home");
mkdirSync(home);

function file(name: string, content: string, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

function resolve(argv: string[], env: Record<string, string> = {}) {
  return resolveDaemonConfig({ argv, env: { HOME: home, ...env }, cwd: dir });
}

async function refusal(promise: Promise<unknown>): Promise<ConfigError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

describe("resolveDaemonConfig defaults", () => {
  it("is a mainnet node in ~/.timecoin/mainnet without flags", async () => {
    const config = await resolve([]);
    expect(config.network).toBe("mainnet");
    expect(config.dataDir).toBe(join(home, ".timecoin", "mainnet"));
    expect(config.configFile).toBeNull();
    expect(config.listen).toEqual(["/ip4/0.0.0.0/tcp/24000"]);
    expect(config.bootstrap).toEqual([]);
    expect(config.rpc).toEqual({
      port: 24001,
      bind: "127.0.0.1",
      user: null,
      password: null,
      allowHosts: [],
    });
    expect(config.logLevel).toBe("info");
    expect(config.ui).toBe(false);
    expect(config.limits).toEqual({ maxConnections: 125, maxInbound: 100, maxOutbound: 25, maxPerIp: 10 });
    expect(config.masternodeKeyFile).toBeNull();
    expect(config.faucetKeyFile).toBeNull();
    for (const key of SETTING_KEYS) expect(config.sources[key]).toBe("default");
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.rpc)).toBe(true);
    expect(Object.isFrozen(config.listen)).toBe(true);
  });

  it("sets a devnet's block interval with block-time-ms and refuses it on another network", async () => {
    const devnet = await resolve(["--network", "devnet", "--block-time-ms", "1000"]);
    expect(devnet.params.blockIntervalMs).toBe(1_000);
    expect(devnet.sources["block-time-ms"]).toBe("flag");
    expect((await resolve(["--network", "devnet"])).params.blockIntervalMs).toBe(5_000);
    const refused = await refusal(resolve(["--network", "testnet"], { TIME_BLOCK_TIME_MS: "1000" }));
    expect(refused.code).toBe("CONFIG_CONFLICT");
    expect(refused.message).toContain("block-time-ms is for devnet only");
  });

  it("takes the ports and data directory of the chosen network", async () => {
    const devnet = await resolve(["--network", "devnet"]);
    expect(devnet.listen).toEqual(["/ip4/0.0.0.0/tcp/24200"]);
    expect(devnet.rpc.port).toBe(24201);
    expect(devnet.dataDir).toBe(join(home, ".timecoin", "devnet"));
    expect(devnet.params.chainId).toBe(3);
    const testnet = await resolve([], { TIME_NETWORK: "testnet" });
    expect(testnet.rpc.port).toBe(24101);
    expect(testnet.sources.network).toBe("env");
  });
});

describe("resolveDaemonConfig sources", () => {
  const toml = file(
    "explicit.toml",
    [
      'network = "devnet"',
      "rpc-port = 25001",
      'rpc-bind = "::1"',
      'log-level = "debug"',
      'bootstrap = ["/ip4/10.0.0.1/tcp/24200", "seed.example.org:24200"]',
      'listen = "127.0.0.1:24210"',
      "ui = true",
      "max-inbound = 50",
      'masternode = "keys/operator.key"',
      'rpc-user = "alice"',
      'rpc-password = "correct horse"',
      'rpc-allow-host = ["Node.Example.org:24201"]',
      "",
    ].join("\n"),
  );

  it("reads every kind of value from the file, with paths relative to the file", async () => {
    const config = await resolve(["--config", toml]);
    expect(config.configFile).toBe(toml);
    expect(config.network).toBe("devnet");
    expect(config.rpc).toEqual({
      port: 25001,
      bind: "::1",
      user: "alice",
      password: "correct horse",
      allowHosts: ["node.example.org:24201"],
    });
    expect(config.bootstrap).toEqual(["/ip4/10.0.0.1/tcp/24200", "/dns/seed.example.org/tcp/24200"]);
    expect(config.listen).toEqual(["/ip4/127.0.0.1/tcp/24210"]);
    expect(config.ui).toBe(true);
    expect(config.logLevel).toBe("debug");
    expect(config.limits.maxInbound).toBe(50);
    expect(config.masternodeKeyFile).toBe(join(dir, "keys", "operator.key"));
    expect(config.sources["rpc-port"]).toBe("file");
    expect(config.sources.config).toBe("flag");
    expect(config.sources["max-outbound"]).toBe("default");
  });

  it("lets the environment override the file and flags override both", async () => {
    const config = await resolve(["--config", toml, "--rpc-port", "25003", "--listen", "/ip6/::/tcp/0"], {
      TIME_RPC_PORT: "25002",
      TIME_LOG_LEVEL: "warn",
      TIME_BOOTSTRAP: "",
      TIME_UI: "off",
    });
    expect(config.rpc.port).toBe(25003);
    expect(config.sources["rpc-port"]).toBe("flag");
    expect(config.logLevel).toBe("warn");
    expect(config.sources["log-level"]).toBe("env");
    expect(config.bootstrap).toEqual([]);
    expect(config.ui).toBe(false);
    expect(config.listen).toEqual(["/ip6/::/tcp/0"]);
    expect(config.rpc.bind).toBe("::1");
  });

  it("adds up repeated list flags and comma lists", async () => {
    const config = await resolve([
      "--bootstrap",
      "/ip4/10.0.0.1/tcp/1,/ip4/10.0.0.2/tcp/2",
      "--bootstrap=[::1]:3",
      "--rpc-allow-host",
      "a.example",
      "--rpc-allow-host",
      "b.example",
      "--ui",
    ]);
    expect(config.bootstrap).toEqual(["/ip4/10.0.0.1/tcp/1", "/ip4/10.0.0.2/tcp/2", "/ip6/::1/tcp/3"]);
    expect(config.rpc.allowHosts).toEqual(["a.example", "b.example"]);
    expect(config.ui).toBe(true);
  });

  it("finds timed.toml in the data directory, and refuses one that names another network", async () => {
    const dataDir = join(home, ".timecoin", "testnet");
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, "timed.toml"), "max-per-ip = 3\n");
    const config = await resolve(["--network", "testnet"]);
    expect(config.configFile).toBe(join(dataDir, "timed.toml"));
    expect(config.limits.maxPerIp).toBe(3);
    expect(config.sources["max-per-ip"]).toBe("file");
    writeFileSync(join(dataDir, "timed.toml"), 'network = "devnet"\n');
    const err = await refusal(resolve(["--network", "testnet"]));
    expect(err.code).toBe("CONFIG_CONFLICT");
    expect(err.message).toContain(join(dataDir, "timed.toml"));
    rmSync(join(dataDir, "timed.toml"));
  });

  it("resolves a relative --datadir against the working directory and expands ~ in variables", async () => {
    expect((await resolve(["--datadir", "node-a"])).dataDir).toBe(join(dir, "node-a"));
    expect((await resolve([], { TIME_DATADIR: "~/elsewhere" })).dataDir).toBe(join(home, "elsewhere"));
  });
});

describe("resolveDaemonConfig refusals", () => {
  const cases: [string, string[], Record<string, string>, string, RegExp][] = [
    [
      "env port not a number",
      [],
      { TIME_RPC_PORT: "abc" },
      "CONFIG_BAD_VALUE",
      /^TIME_RPC_PORT: must be an integer 1\.\.65535$/,
    ],
    [
      "env port out of range",
      [],
      { TIME_RPC_PORT: "65536" },
      "CONFIG_BAD_VALUE",
      /^TIME_RPC_PORT: must be an integer 1\.\.65535$/,
    ],
    ["flag port 1e3", ["--rpc-port", "1e3"], {}, "CONFIG_BAD_VALUE", /^--rpc-port: must be an integer/],
    ["unknown variable", [], { TIME_RPC_PROT: "1" }, "CONFIG_UNKNOWN_KEY", /TIME_RPC_PROT/],
    [
      "bad network",
      ["--network", "moonnet"],
      {},
      "CONFIG_BAD_VALUE",
      /^--network: must be mainnet, testnet or devnet$/,
    ],
    ["bad level", [], { TIME_LOG_LEVEL: "loud" }, "CONFIG_BAD_VALUE", /TIME_LOG_LEVEL: must be fatal/],
    ["bad boolean", [], { TIME_UI: "maybe" }, "CONFIG_BAD_VALUE", /TIME_UI: must be true or false/],
    [
      "bad listen",
      ["--listen", "/dns/x.org/tcp/1"],
      {},
      "CONFIG_BAD_VALUE",
      /^--listen: must be a list of multiaddrs/,
    ],
    ["bad bootstrap", ["--bootstrap", "/ip4/1.2.3.999/tcp/1"], {}, "CONFIG_BAD_VALUE", /^--bootstrap:/],
    ["bad bind", ["--rpc-bind", "example.org"], {}, "CONFIG_BAD_VALUE", /^--rpc-bind: must be an IP address/],
    ["unknown flag", ["--rpc-prot", "1"], {}, "CONFIG_USAGE", /unknown option '--rpc-prot'/],
    ["extra argument", ["start"], {}, "CONFIG_USAGE", /too many arguments|excess/i],
    [
      "repeated scalar flag",
      ["--network", "devnet", "--network", "testnet"],
      {},
      "CONFIG_USAGE",
      /--network is given more than once/,
    ],
    ["password flag", ["--rpc-password", "hunter22"], {}, "CONFIG_USAGE", /ps\).*TIME_RPC_PASSWORD/],
    ["user without password", ["--rpc-user", "alice"], {}, "CONFIG_CONFLICT", /go together/],
    ["faucet off devnet", ["--faucet-key", "f.key"], {}, "CONFIG_CONFLICT", /devnet only/],
    [
      "inbound above total",
      ["--max-connections", "20", "--max-inbound", "30"],
      {},
      "CONFIG_CONFLICT",
      /max-connections \(20\)/,
    ],
    ["missing --config", ["--config", "nope.toml"], {}, "CONFIG_FILE_UNREADABLE", /nope\.toml: no such file/],
  ];
  it.each(cases)("%s", async (_, argv, env, code, message) => {
    const err = await refusal(resolve(argv, env));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    expect(err.message).not.toContain("hunter22");
  });

  it("names an unknown or misplaced file key and a wrongly typed one with the file", async () => {
    const unknown = file("unknown.toml", "rpc-port = 1\nrpcport = 2\n");
    let err = await refusal(resolve(["--config", unknown]));
    expect(err.code).toBe("CONFIG_UNKNOWN_KEY");
    expect(err.message).toContain(`${unknown}: unknown key "rpcport"`);
    expect(err.payload).toEqual({ key: "rpcport", source: unknown });
    err = await refusal(resolve(["--config", file("nested.toml", 'config = "other.toml"\n')]));
    expect(err.message).toContain("cannot name another config file");
    err = await refusal(resolve(["--config", file("string-port.toml", 'rpc-port = "24001"\n')]));
    expect(err.message).toBe(`${join(dir, "string-port.toml")}: rpc-port: must be an integer 1..65535`);
    err = await refusal(
      resolve(["--config", file("huge-port.toml", "max-inbound = 100000000000000000000\n")]),
    );
    expect(err.code).toBe("CONFIG_BAD_VALUE");
    err = await refusal(resolve(["--config", file("table.toml", "[rpc]\nport = 1\n")]));
    expect(err.code).toBe("CONFIG_UNKNOWN_KEY");
    err = await refusal(
      resolve(["--config", file("bad-pw.toml", 'rpc-user = "a"\nrpc-password = 12345678\n')]),
    );
    expect(err.message).toMatch(/rpc-password: must be 1 to 256 printable characters$/);
    expect(err.message).not.toContain("12345678");
  });

  it("reports a TOML syntax error by position only, never quoting the file", async () => {
    const broken = file("broken.toml", 'rpc-user = "alice"\nrpc-password = "s3cret-value\n');
    const err = await refusal(resolve(["--config", broken]));
    expect(err.code).toBe("CONFIG_FILE_SYNTAX");
    expect(err.message).toMatch(/line 2, column \d+\)$/);
    expect(JSON.stringify(err.toObject())).not.toContain("s3cret");
  });

  it("reads through the given readFile, and refuses a default file that exists but cannot be read", async () => {
    const paths: string[] = [];
    const config = await resolveDaemonConfig({
      argv: ["--network", "devnet"],
      env: { HOME: home },
      readFile: async (path) => {
        paths.push(path);
        return "max-outbound = 8\n";
      },
    });
    expect(paths).toEqual([join(home, ".timecoin", "devnet", "timed.toml")]);
    expect(config.limits.maxOutbound).toBe(8);
    const err = await refusal(
      resolveDaemonConfig({
        argv: [],
        env: { HOME: home },
        readFile: async () => {
          throw Object.assign(new Error("denied"), { code: "EACCES" });
        },
      }),
    );
    expect(err.code).toBe("CONFIG_FILE_UNREADABLE");
    expect(err.message).toBe(
      `cannot read config file ${join(home, ".timecoin", "mainnet", "timed.toml")}: permission denied`,
    );
  });

  it("lets the test suites' own TIME_* variables pass", async () => {
    expect((await resolve([], { TIME_FULL_TESTS: "1", TIME_FC_SEED: "7" })).network).toBe("mainnet");
  });

  it("answers --help and --version with coded errors for the caller to print", async () => {
    expect(hasErrorCode(await refusal(resolve(["--help"])), "CONFIG_HELP_REQUESTED")).toBe(true);
    expect(hasErrorCode(await refusal(resolve(["--version"])), "CONFIG_VERSION_REQUESTED")).toBe(true);
    const help = daemonHelp();
    for (const key of SETTING_KEYS) expect(help).toContain(`--${key}`);
    expect(help).toContain("ps");
    expect(help).toContain("TIME_RPC_PORT");
  });
});

describe("loadOperatorKey", () => {
  const hex = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

  it("reads the seed with or without a final line break, in either case", async () => {
    for (const [name, content] of [
      ["k1", hex],
      ["k2", `${hex}\n`],
      ["k3", `${hex.toUpperCase()}\r\n`],
    ] as const) {
      const seed = await loadOperatorKey(file(name, content));
      expect(Buffer.from(seed).toString("hex")).toBe(hex);
    }
  });

  it("refuses other contents without echoing them", async () => {
    const bad = [`${hex}\n\n`, ` ${hex}`, hex.slice(0, 62), `${hex.slice(0, 63)}g`, `${hex}00`, ""];
    for (const [i, content] of bad.entries()) {
      const err = await loadOperatorKey(file(`bad${i}`, content)).then(
        () => undefined,
        (e: unknown) => e as ConfigError,
      );
      expect(err?.code).toBe("CONFIG_BAD_OPERATOR_KEY");
      expect(err?.message).toMatch(/must hold exactly 64 hexadecimal digits/);
      expect(JSON.stringify(err?.toObject())).not.toContain(hex.slice(0, 16));
    }
  });

  it.skipIf(process.platform === "win32")(
    "refuses a key file that others can read, saying chmod 600",
    async () => {
      const path = file("open.key", hex, 0o640);
      const err = await loadOperatorKey(path).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(SecretFileError);
      expect((err as SecretFileError).code).toBe("SECRET_FILE_NOT_PRIVATE");
      expect((err as Error).message).toContain(`chmod 600 ${path}`);
      expect((err as Error).message).toContain("mode 640");
      // The mode bits mean nothing on Windows, where the check is off.
      expect(Buffer.from(await loadOperatorKey(path, { platform: "win32" })).toString("hex")).toBe(hex);
    },
  );

  it("refuses a missing file and a directory", async () => {
    for (const path of [join(dir, "missing.key"), dir]) {
      const err = await loadOperatorKey(path).then(
        () => undefined,
        (e: unknown) => e as SecretFileError,
      );
      expect(err?.code).toBe("SECRET_FILE_UNREADABLE");
      expect(err?.message).toContain(path);
    }
  });
});

describe("ConfigError", () => {
  it("round-trips through its wire form with code, message and payload", () => {
    const errors = [
      new ConfigError("CONFIG_BAD_VALUE", "TIME_RPC_PORT: must be an integer 1..65535", {
        key: "rpc-port",
        source: "TIME_RPC_PORT",
      }),
      new ConfigError("CONFIG_CONFLICT", "x", { keys: ["rpc-user", "rpc-password"] }),
      new ConfigError("CONFIG_FILE_SYNTAX", "y", { path: "/t.toml", line: 2, column: 5 }),
      new ConfigError("CONFIG_HELP_REQUESTED", "help requested", {}),
    ];
    for (const err of errors) {
      const back = NodeCoreError.fromObject(JSON.parse(JSON.stringify(err.toObject())));
      expect(back.toObject()).toEqual(err.toObject());
    }
  });
});
