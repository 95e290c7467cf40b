// time-cli as a JSON-RPC client against a real HTTP server on 127.0.0.1 written here (the daemon's RPC
// server is built elsewhere): the cookie file as Basic auth, -rpcuser/-rpcpassword, params parsed as JSON
// or taken as strings, -named, bitcoin-cli's printing of results and errors with exit codes 0 and 1, a
// daemon that is not running, -rpcwait until it is, usage errors (exit 2), and the params the real method
// table says take only text sent as typed. Calls run in-process through runCli; one runs through the real
// bin/time-cli.js to check the launcher path.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "./context.js";
import { runCli } from "./main.js";
import { paramKindsOf } from "./rpc-call.js";
import { paramsJson } from "./rpc-params.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const BIN = join(ROOT, "bin", "time-cli.js");
const COOKIE_SECRET = "5f3c0a4e9b2d7c1e8f6a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e";
const dir = mkdtempSync(join(tmpdir(), "time-cli-rpc-test-"));
const dataDir = join(dir, "data");
mkdirSync(dataDir);
writeFileSync(join(dataDir, ".cookie"), `__cookie__:${COOKIE_SECRET}\n`);

interface Received {
  readonly auth: string | undefined;
  readonly body: unknown;
}

/** A tiny JSON-RPC 2.0 server: a few methods, Basic auth against the cookie or alice:wonderland. */
class TestRpcServer {
  readonly received: Received[] = [];
  warmupAnswers = 0;
  private server: Server | undefined;
  port = 0;

  async start(port = 0): Promise<void> {
    const server = createServer((req, res) => {
      void this.answer(req).then(({ status, body }) => {
        res.writeHead(status, { "Content-Type": "application/json" });
        res.end(body);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(req: IncomingMessage): Promise<{ status: number; body: string }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const auth = req.headers.authorization;
    const allowed = [
      `Basic ${Buffer.from(`__cookie__:${COOKIE_SECRET}`).toString("base64")}`,
      `Basic ${Buffer.from("alice:wonderland").toString("base64")}`,
    ];
    if (req.method !== "POST") return { status: 405, body: "" };
    if (auth === undefined || !allowed.includes(auth)) return { status: 401, body: "" };
    let request: { id?: unknown; method?: unknown; params?: unknown };
    try {
      request = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return {
        status: 400,
        body: JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } }),
      };
    }
    this.received.push({ auth, body: request });
    const reply = (payload: object, status = 200) => ({
      status,
      body: JSON.stringify({ jsonrpc: "2.0", id: request.id ?? null, ...payload }),
    });
    if (this.warmupAnswers > 0) {
      this.warmupAnswers--;
      return reply({ error: { code: -28, message: "Loading block index" } }, 500);
    }
    switch (request.method) {
      case "getblockcount":
        return reply({ result: 42 });
      case "getbestblockhash":
        return reply({ result: "4d1739dab3a12064db55816dead9800ebfe5abd7a9990dafbed293b858973887" });
      case "echo":
      case "walletpassphrase":
      case "sendtoaddress":
        return reply({ result: request.params ?? null });
      case "stop":
        return reply({ result: null });
      case "getblock":
        return reply({ error: { code: -5, message: "Block not found" } }, 500);
      default:
        return reply({ error: { code: -32601, message: "Method not found" } }, 404);
    }
  }
}

const server = new TestRpcServer();
beforeAll(() => server.start());
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function cli(args: string[], sleep?: (ms: number) => Promise<void>): Promise<Result> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    writeOut: (text) => {
      stdout += text;
    },
    writeErr: (text) => {
      stderr += text;
    },
    readIn: async function* () {},
  };
  const code = await runCli(args, io, { cwd: dir, homeDir: join(dir, "home"), ...(sleep ? { sleep } : {}) });
  return { code, stdout, stderr };
}

const at = () => [`-datadir=${dataDir}`, `-rpcport=${server.port}`];

/** A port nothing listens on: bound once by the system, then released. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("time-cli RPC calls", () => {
  it("prints a number result as JSON and exits 0, authenticated by the cookie", async () => {
    expect(await cli([...at(), "getblockcount"])).toEqual({ code: 0, stdout: "42\n", stderr: "" });
    const last = server.received.at(-1) as Received;
    expect(last.body).toEqual({ jsonrpc: "2.0", id: 1, method: "getblockcount", params: [] });
  });

  it("prints a string result raw and a null result as nothing", async () => {
    expect((await cli([...at(), "getbestblockhash"])).stdout).toBe(
      "4d1739dab3a12064db55816dead9800ebfe5abd7a9990dafbed293b858973887\n",
    );
    expect(await cli([...at(), "stop"])).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("parses each param as JSON when it parses, else sends it as a string", async () => {
    const result = await cli([
      "-datadir",
      dataDir,
      "-rpcport",
      String(server.port),
      "echo",
      "12",
      "true",
      "null",
      "[1,2]",
      '{"a":"b"}',
      '"quoted"',
      "TIME0Na4Kt69iowYf3JYEACjdsYvecmhZsY3w3",
      "12345678901234567890",
      "1.5x",
    ]);
    expect(result.code).toBe(0);
    const sent = (server.received.at(-1) as Received).body as { params: unknown[] };
    expect(sent.params.slice(0, 7)).toEqual([
      12,
      true,
      null,
      [1, 2],
      { a: "b" },
      "quoted",
      "TIME0Na4Kt69iowYf3JYEACjdsYvecmhZsY3w3",
    ]);
    expect(sent.params[8]).toBe("1.5x");
    expect(JSON.parse(result.stdout)).toEqual(sent.params);
    expect(result.stdout).toContain('\n  "quoted",\n');
  });

  it("keeps a large integer param exact in the request", () => {
    expect(paramsJson(["12345678901234567890", "x"], false)).toBe('[12345678901234567890,"x"]');
    expect(paramsJson(["amount=12345678901234567890", "to=TIME0abc"], true)).toBe(
      '{"amount":12345678901234567890,"to":"TIME0abc"}',
    );
  });

  it("sends a param the method takes only as text as typed, so an all-digit passphrase stays a string", async () => {
    const sentParams = async (args: string[]) => {
      const result = await cli([...at(), ...args]);
      expect(result.code).toBe(0);
      return ((server.received.at(-1) as Received).body as { params: unknown }).params;
    };
    // passphrase and wallet_name take only text; timeout is a number; "null" still leaves wallet_name out.
    expect(await sentParams(["walletpassphrase", "123456", "60", "0042"])).toEqual(["123456", 60, "0042"]);
    expect(await sentParams(["walletpassphrase", "true", "60", "null"])).toEqual(["true", 60, null]);
    expect(await sentParams(["walletpassphrase", '"a b"', "60"])).toEqual(['"a b"', 60]);
    expect(await sentParams(["-named", "walletpassphrase", "passphrase=007", "timeout=60"])).toEqual({
      passphrase: "007",
      timeout: 60,
    });
    // An amount takes a number or a string: still JSON; the address is text either way.
    expect(await sentParams(["sendtoaddress", "TIME0abc", "1.5"])).toEqual(["TIME0abc", 1.5]);
    // A method this build does not know: every argument JSON or text, as before.
    expect(await sentParams(["echo", "123456"])).toEqual([123456]);
  });

  it("reads which params take only text from the method table's schemas", async () => {
    const kinds = await paramKindsOf("walletpassphrase");
    expect(kinds?.names).toEqual(["passphrase", "timeout", "wallet_name"]);
    expect([...(kinds?.text ?? [])]).toEqual(["passphrase", "wallet_name"]);
    const block = await paramKindsOf("getblock");
    expect(block?.text.has("blockhash")).toBe(true);
    expect(block?.text.has("verbosity")).toBe(false);
    expect((await paramKindsOf("sendtoaddress"))?.text.has("amount")).toBe(false);
    expect(await paramKindsOf("echo")).toBeNull();
  });

  it("sends name=value params as an object with -named", async () => {
    const result = await cli([...at(), "-named", "echo", "height=7", "verbose=true", "label=a=b"]);
    expect(result.code).toBe(0);
    expect((server.received.at(-1) as Received).body).toMatchObject({
      params: { height: 7, verbose: true, label: "a=b" },
    });
  });

  it("prints an RPC error as bitcoin-cli does and exits 1", async () => {
    expect(await cli([...at(), "getblock", "00"])).toEqual({
      code: 1,
      stdout: "",
      stderr: "error code: -5\nerror message:\nBlock not found\n",
    });
    expect((await cli([...at(), "frobnicate"])).stderr).toBe(
      "error code: -32601\nerror message:\nMethod not found\n",
    );
  });

  it("uses -rpcuser and -rpcpassword instead of the cookie", async () => {
    const noCookie = join(dir, "empty");
    mkdirSync(noCookie, { recursive: true });
    const args = [`-datadir=${noCookie}`, `-rpcport=${server.port}`, "-rpcuser=alice"];
    expect((await cli([...args, "-rpcpassword=wonderland", "getblockcount"])).stdout).toBe("42\n");
    const wrong = await cli([...args, "-rpcpassword=looking-glass", "getblockcount"]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(
      /^time-cli: error: .*refused the credentials \(HTTP 401\).*-rpcpassword is wrong\n$/,
    );
    expect(wrong.stderr).not.toContain("looking-glass");
  });

  it("says a stale cookie is refused and a missing one means no daemon", async () => {
    const stale = join(dir, "stale");
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, ".cookie"), "__cookie__:00112233445566778899aabbccddeeff\n");
    const refused = await cli([`-datadir=${stale}`, `-rpcport=${server.port}`, "getblockcount"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/HTTP 401.*cookie file .*stale/);
    expect(refused.stderr).not.toContain("00112233445566778899");
    const missing = await cli([
      `-datadir=${join(dir, "nowhere")}`,
      `-rpcport=${server.port}`,
      "getblockcount",
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /^time-cli: error: no cookie file .*timed is not running.*timed --network mainnet --datadir \S*nowhere; for a testnet or devnet daemon, pass -network as well\)/,
    );
    // With -network given, the hint names that network and nothing is guessed.
    const devnet = await cli([
      `-datadir=${join(dir, "nowhere")}`,
      `-rpcport=${server.port}`,
      "-network=devnet",
      "getblockcount",
    ]);
    expect(devnet.stderr).toMatch(/start it with: timed --network devnet --datadir \S*nowhere\)/);
  });

  it("says the daemon is not running when the connection is refused", async () => {
    const port = await freePort();
    const result = await cli([`-datadir=${dataDir}`, `-rpcport=${port}`, "-network=devnet", "getblockcount"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^time-cli: error: cannot connect to timed at 127\.0\.0\.1:\d+ \(connection refused\): the daemon is not running on devnet; start it with: timed --network devnet/,
    );
  });

  it("waits with -rpcwait until the daemon answers, past its warm-up", async () => {
    const port = await freePort();
    const late = new TestRpcServer();
    late.warmupAnswers = 2;
    let pauses = 0;
    try {
      const result = await cli(
        [`-datadir=${dataDir}`, `-rpcport=${port}`, "-rpcwait", "getblockcount"],
        async () => {
          pauses++;
          // The daemon comes up while the client is waiting for its second try.
          if (pauses === 2) await late.start(port);
        },
      );
      expect(result).toEqual({ code: 0, stdout: "42\n", stderr: "" });
      // Two pauses without a server, then two warm-up answers, then the answer.
      expect(pauses).toBe(4);
    } finally {
      await late.stop();
    }
  });

  it("gives up after -rpcwaittimeout and waits for a cookie that appears", async () => {
    const port = await freePort();
    const timedOut = await cli(
      [`-datadir=${dataDir}`, `-rpcport=${port}`, "-rpcwait", "-rpcwaittimeout=1", "getblockcount"],
      () => new Promise((resolve) => setTimeout(resolve, 600)),
    );
    expect(timedOut.code).toBe(1);
    expect(timedOut.stderr).toMatch(/did not answer within -rpcwaittimeout=1 s; last try: cannot connect/);

    const later = join(dir, "later");
    mkdirSync(later, { recursive: true });
    const result = await cli(
      [`-datadir=${later}`, `-rpcport=${server.port}`, "-rpcwait", "getblockcount"],
      async () => {
        writeFileSync(join(later, ".cookie"), `__cookie__:${COOKIE_SECRET}`);
      },
    );
    expect(result).toEqual({ code: 0, stdout: "42\n", stderr: "" });
  });

  it("exits 2 on bad RPC options and params", async () => {
    const cases: [string[], RegExp][] = [
      [["-rpcport=0", "getblockcount"], /-rpcport must be from 1 to 65535/],
      [["-rpcport=abc", "getblockcount"], /-rpcport must be a whole number/],
      [["-network=moonnet", "getblockcount"], /-network must be mainnet, testnet or devnet/],
      [["-rpcuser=alice", "getblockcount"], /go together/],
      [["-rpcport"], /-rpcport needs a value/],
      [["-datadir=/x"], /no RPC method given/],
      [["-rpcfoo=1", "getblockcount"], /unknown option '-rpcfoo/],
      [["-rpcport=1", "-rpcfoo=1", "getblockcount"], /unknown option '-rpcfoo' for an RPC call/],
      [["-named", "echo", "novalue"], /with -named every parameter is name=value/],
      [["-named", "echo", "a=1", "a=2"], /parameter a is given more than once/],
      [["-rpcwait=maybe", "getblockcount"], /-rpcwait takes no value/],
      [["Get-Block!"], /neither a time-cli command nor an RPC method name/],
    ];
    for (const [args, message] of cases) {
      const result = await cli(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/^time-cli: error: [^\n]+\n$/);
      expect(result.stderr).toMatch(message);
    }
  });

  it("still runs offline commands and help through commander", async () => {
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("sign-transaction");
    expect(help.stdout).toContain("-rpcwait");
    expect((await cli(["validate-address", "x", "--network", "mainnet"])).code).toBe(1);
  });

  it("works through bin/time-cli.js", async () => {
    const result = await new Promise<Result>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, ...at(), "getblockcount"], { cwd: ROOT, timeout: 120_000 });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (t: string) => {
        stdout += t;
      });
      child.stderr.setEncoding("utf8").on("data", (t: string) => {
        stderr += t;
      });
      child.on("error", reject);
      child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
    expect(result).toEqual({ code: 0, stdout: "42\n", stderr: "" });
  }, 240_000);
});
