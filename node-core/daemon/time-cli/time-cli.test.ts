// Runs the real bin/time-cli.js in a child process: output against known answers, the exit codes 0/1/2,
// one-line errors, standard input as the mnemonic file, --version, that neither stream ever carries the
// recovery phrase, and that the launcher runs the TypeScript source rather than a stale dist/.
// The expected addresses are literals derived without node-core: the reference derivation at the end of
// this file (node:crypto PBKDF2, HMAC-SHA512 and SHA-256, @noble/ed25519 public keys, Base58 written out
// here) recomputes them and is itself checked against the published BIP-39, SLIP-0010 and Base58 vectors.
import { spawn } from "node:child_process";
import { createHash, createHmac, pbkdf2Sync } from "node:crypto";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as ed from "@noble/ed25519";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const BIN = join(ROOT, "bin", "time-cli.js");
// The BIP-39 test-vector phrase (entropy 00…00).
const ABANDON =
  "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
// Valid words, wrong checksum; distinctive words so a leak would be visible.
const BAD_CHECKSUM = "legal winner thank year wave sausage worth useful legal winner thank thank";
const BAD_WORD = "legal winner thank year wave sausage worth useful legal winner thank yelow";
const LINE_RE =
  /^\{"path":"m\/44'\/0'\/\d+'\/[01]'\/\d+'","publicKey":"[0-9a-f]{64}","address":"TIME[01][1-9A-HJ-NP-Za-km-z]{24,33}"\}$/;

// Known answers for ABANDON (see the header for how they were obtained).
/** No passphrase, mainnet, m/44'/0'/0'/0'/0'. */
const KNOWN_MAINNET_0 =
  `{"path":"m/44'/0'/0'/0'/0'","publicKey":"7c2e79f3a1701fb2a86a2c24a3fdf8634b7aad80886c0c0a526d44d23fe8e19a",` +
  `"address":"TIME1AXFLiWUT5wLFBTLuF4Nw4SkeUt2zaBtRh"}\n`;
/** Passphrase "TREZOR", testnet, account 2, change 1, indices 7 to 10. */
const KNOWN_TREZOR_TESTNET =
  `{"path":"m/44'/0'/2'/1'/7'","publicKey":"5e615f54e0151c49b1000174024eb2ea289a35b442043e0312e1226e702d450b",` +
  `"address":"TIME032Q1sd14Qu7iycVKdvcBan6fuFCukPqJS"}\n` +
  `{"path":"m/44'/0'/2'/1'/8'","publicKey":"898310c41ac08d304dac360fa768a7bc62b3faeb21ff134ce6463816604fd10f",` +
  `"address":"TIME0D2mYbEnedZqKpo45NG6h6LV13sbb1G2q9"}\n` +
  `{"path":"m/44'/0'/2'/1'/9'","publicKey":"a7ace11f404f88e5425e589c76bd877326e96ec54638c3dd87a30f15364fb13b",` +
  `"address":"TIME0CYL3XEbptzpjCBiQSGyh17F9VPMxYiYx6"}\n` +
  `{"path":"m/44'/0'/2'/1'/10'","publicKey":"18ba166d33c10d8c5089d8f2d7704d03eecc5f2838e4a727c9ac95336e71ace6",` +
  `"address":"TIME056kdiiBCTc2DB6vaUQBQqggHAbggXjnew"}\n`;
/** No passphrase, devnet, m/44'/0'/0'/0'/599'. */
const KNOWN_DEVNET_599 =
  `{"path":"m/44'/0'/0'/0'/599'","publicKey":"e3d599f6fe7dba52e57ee878ca4226043aba5ae5552a2ee12c6d80906820eaee",` +
  `"address":"TIME0Na4Kt69iowYf3JYEACjdsYvecmhZsY3w3"}`;
/** Addresses of the payload ff fe … ec (20 bytes) on mainnet and on testnet/devnet. */
const PAYLOAD = Uint8Array.from({ length: 20 }, (_, i) => 255 - i);
const KNOWN_PAYLOAD_MAINNET = "TIME1QLan5ifNqRQVU5XxjctthdNXpXRmc7RLK";
const KNOWN_PAYLOAD_TESTNET = "TIME0QLan5ifNqRQVU5XxjctthdNXpXRmc7RLK";

const dir = mkdtempSync(join(tmpdir(), "time-cli-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const abandonFile = file("abandon.txt", `\n  ${ABANDON}  \r\n\n`);
const badChecksumFile = file("bad-checksum.txt", `${BAD_CHECKSUM}\n`);
const badWordFile = file("bad-word.txt", `${BAD_WORD}\n`);
const passphraseFile = file("passphrase.txt", "TREZOR\n");

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

interface CliOptions {
  /** Written to the CLI's standard input, which is then closed (empty by default). */
  readonly input?: string;
  /** Another launcher to run instead of the repository's bin/time-cli.js. */
  readonly bin?: string;
}

// Generous because the test machines are shared and every case spawns Node; a healthy run takes a second.
const SPAWN_TIMEOUT_MS = 120_000;
const TEST_TIMEOUT_MS = 3 * SPAWN_TIMEOUT_MS;

function cliWith(options: CliOptions, ...args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [options.bin ?? BIN, ...args], {
      cwd: ROOT,
      timeout: SPAWN_TIMEOUT_MS,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      stderr += text;
    });
    // The CLI may stop reading a too-large input early; the broken pipe is expected then.
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function cli(...args: string[]): Promise<Result> {
  return cliWith({}, ...args);
}

function expectUsageError(result: Result, fragment: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr).toMatch(/^time-cli: error: [^\n]+\n$/);
  expect(result.stderr).toMatch(fragment);
}

describe.concurrent("derive-addresses", { timeout: TEST_TIMEOUT_MS }, () => {
  it("prints the known first receive address of 'abandon … about'", async () => {
    const result = await cli("derive-addresses", "--mnemonic-file", abandonFile, "--network", "mainnet");
    expect(result).toEqual({ code: 0, stderr: "", stdout: KNOWN_MAINNET_0 });
  });

  it("honours account, change, start, count, network and a passphrase file", async () => {
    const result = await cli(
      "derive-addresses",
      "--mnemonic-file",
      abandonFile,
      "--passphrase-file",
      passphraseFile,
      "--network",
      "testnet",
      "--account",
      "2",
      "--change",
      "1",
      "--start",
      "7",
      "--count",
      "4",
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(KNOWN_TREZOR_TESTNET);
    for (const line of result.stdout.trimEnd().split("\n")) {
      expect(line).toMatch(LINE_RE);
      expect(line.includes('"address":"TIME0')).toBe(true);
    }
  });

  it("streams many addresses, one valid JSON line each", async () => {
    const result = await cli(
      "derive-addresses",
      "--mnemonic-file",
      abandonFile,
      "--network",
      "devnet",
      "--count",
      "600",
    );
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(600);
    for (const line of lines) expect(line).toMatch(LINE_RE);
    expect(new Set(lines.map((l) => JSON.parse(l).address)).size).toBe(600);
    expect(lines[599]).toBe(KNOWN_DEVNET_599);
  });

  it('reads the mnemonic from standard input for --mnemonic-file "-"', async () => {
    const result = await cliWith(
      { input: `  ${ABANDON}\n` },
      "derive-addresses",
      "--mnemonic-file",
      "-",
      "--network",
      "mainnet",
    );
    expect(result).toEqual({ code: 0, stderr: "", stdout: KNOWN_MAINNET_0 });
  });

  it('reads the passphrase from standard input for --passphrase-file "-"', async () => {
    const result = await cliWith(
      { input: "TREZOR\n" },
      "derive-addresses",
      "--mnemonic-file",
      abandonFile,
      "--passphrase-file",
      "-",
      "--network",
      "testnet",
      "--account=2",
      "--change=1",
      "--start=7",
      "--count=4",
    );
    expect(result).toEqual({ code: 0, stderr: "", stdout: KNOWN_TREZOR_TESTNET });
  });

  it("exits 2 on an empty, oversized or doubly claimed standard input", async () => {
    const base = ["derive-addresses", "--network", "mainnet", "--mnemonic-file", "-"];
    expectUsageError(await cliWith({ input: "" }, ...base), /this one has 0\n/);
    expectUsageError(
      await cliWith({ input: `${ABANDON} `.repeat(6000) }, ...base),
      /standard input holds more than 65536 bytes/,
    );
    const both = await cliWith({ input: ABANDON }, ...base, "--passphrase-file", "-");
    expectUsageError(both, /cannot both be "-"/);
  });

  it("exits 2 on a missing mnemonic file", async () => {
    expectUsageError(
      await cli("derive-addresses", "--mnemonic-file", join(dir, "nope.txt"), "--network", "mainnet"),
      /mnemonic file .*nope\.txt: no such file/,
    );
  });

  it("exits 2 on a bad checksum without printing any word of the phrase", async () => {
    const result = await cli("derive-addresses", "--mnemonic-file", badChecksumFile, "--network", "mainnet");
    expectUsageError(result, /checksum/);
    for (const word of new Set(BAD_CHECKSUM.split(" ")))
      expect(result.stderr + result.stdout).not.toContain(word);
  });

  it("exits 2 on an unknown word, naming its position only", async () => {
    const result = await cli("derive-addresses", "--mnemonic-file", badWordFile, "--network", "testnet");
    expectUsageError(result, /word 12 /);
    for (const word of new Set(BAD_WORD.split(" ")))
      expect(result.stderr + result.stdout).not.toContain(word);
  });

  it("exits 2 on an unknown or missing network", async () => {
    expectUsageError(
      await cli("derive-addresses", "--mnemonic-file", abandonFile, "--network", "moonnet"),
      /mainnet, testnet, devnet/,
    );
    expectUsageError(await cli("derive-addresses", "--mnemonic-file", abandonFile), /--network/);
  });

  it("exits 2 on bad numbers", async () => {
    const base = ["derive-addresses", "--mnemonic-file", abandonFile, "--network", "mainnet"];
    const cases: [string, string][] = [
      ["--count", "0"],
      ["--count", "10001"],
      ["--count", "-1"],
      ["--count", "1.5"],
      ["--count", "1e3"],
      ["--start", "abc"],
      ["--start", "2147483648"],
      ["--account", "2147483648"],
      ["--account", "007"],
      ["--change", "2"],
    ];
    const results = await Promise.all(cases.map(([opt, value]) => cli(...base, `${opt}=${value}`)));
    results.forEach((result, i) => {
      expectUsageError(result, new RegExp(cases[i]![0]));
    });
    expectUsageError(await cli(...base, "--start", "2147483647", "--count", "2"), /past the last index/);
  });
});

describe.concurrent("validate-address", { timeout: TEST_TIMEOUT_MS }, () => {
  const mainnet = KNOWN_PAYLOAD_MAINNET;
  const testnet = KNOWN_PAYLOAD_TESTNET;

  it("prints valid:true and exits 0", async () => {
    expect(await cli("validate-address", mainnet, "--network", "mainnet")).toEqual({
      code: 0,
      stderr: "",
      stdout: '{"valid":true,"network":"mainnet"}\n',
    });
    expect((await cli("validate-address", testnet, "--network", "devnet")).stdout).toBe(
      '{"valid":true,"network":"devnet"}\n',
    );
  });

  it("ignores whitespace around the address", async () => {
    for (const padded of [`  ${mainnet}`, `${mainnet}\n`, `\t${mainnet} \r\n`]) {
      expect(await cli("validate-address", padded, "--network", "mainnet")).toEqual({
        code: 0,
        stderr: "",
        stdout: '{"valid":true,"network":"mainnet"}\n',
      });
    }
  });

  it("prints the error code and a message and exits 1", async () => {
    const broken = `${mainnet.slice(0, -1)}${mainnet.endsWith("z") ? "y" : "z"}`;
    const cases: [string, string, string][] = [
      [mainnet, "testnet", "ADDRESS_WRONG_NETWORK"],
      [broken, "mainnet", "ADDRESS_BAD_CHECKSUM"],
      [`${mainnet.slice(0, 8)}0${mainnet.slice(9)}`, "mainnet", "ADDRESS_BAD_BASE58"],
      [`BTC1${mainnet.slice(5)}`, "mainnet", "ADDRESS_BAD_PREFIX"],
      [mainnet.slice(0, 12), "mainnet", "ADDRESS_BAD_LENGTH"],
    ];
    const results = await Promise.all(cases.map(([a, net]) => cli("validate-address", a, "--network", net)));
    results.forEach((result, i) => {
      expect(result.code).toBe(1);
      expect(result.stderr).toBe("");
      expect(result.stdout).toMatch(/^\{"valid":false,"error":"ADDRESS_[A-Z0-9_]+","message":"[^\n]+"\}\n$/);
      const parsed = JSON.parse(result.stdout);
      expect(Object.keys(parsed)).toEqual(["valid", "error", "message"]);
      expect(parsed.error).toBe(cases[i]![2]);
      expect(parsed.message.length).toBeGreaterThan(20);
    });
  });

  it("exits 2 on usage errors", async () => {
    expectUsageError(await cli("validate-address", mainnet, "--network", "moonnet"), /moonnet/);
    expectUsageError(await cli("validate-address", mainnet), /--network/);
    expectUsageError(await cli("validate-address", "--network", "mainnet"), /missing required argument/);
    expectUsageError(
      await cli("validate-address", mainnet, testnet, "--network", "mainnet"),
      /too many arguments/,
    );
  });
});

describe.concurrent("program", { timeout: TEST_TIMEOUT_MS }, () => {
  it("exits 2 on a word that is no command or method name, an unknown option and no command", async () => {
    expectUsageError(await cli("Frob-nicate!"), /neither a time-cli command nor an RPC method name/);
    expectUsageError(
      await cli("validate-address", "x", "--network", "mainnet", "--frob"),
      /unknown option '--frob'/,
    );
    expectUsageError(await cli(), /no command given/);
  });

  it("sends any other command to the daemon as an RPC call (exit 1 when there is none)", async () => {
    const result = await cli(`-datadir=${join(dir, "no-daemon")}`, "frobnicate");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^time-cli: error: no cookie file .*timed is not running[^\n]+\n$/);
  });

  it("prints the version of package.json and exits 0", async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    for (const flag of ["--version", "-V"]) {
      expect(await cli(flag)).toEqual({ code: 0, stderr: "", stdout: `${version}\n` });
    }
  });

  it("prints help on stdout and exits 0", async () => {
    const result = await cli("--help");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("derive-addresses");
    expect(result.stdout).toContain("validate-address");
  });
});

describe("bin/time-cli.js", { timeout: TEST_TIMEOUT_MS }, () => {
  // A copy of the launcher in a temporary tree whose dist/ holds a "stale build" that answers differently
  // from the source; a launcher that preferred dist/ (as it once did) would run it.
  function launcherTree(name: string, withSource: boolean): string {
    const tree = join(dir, name);
    mkdirSync(join(tree, "bin"), { recursive: true });
    copyFileSync(BIN, join(tree, "bin", "time-cli.js"));
    copyFileSync(join(ROOT, "bin", "launch.js"), join(tree, "bin", "launch.js"));
    symlinkSync(join(ROOT, "node_modules"), join(tree, "node_modules"));
    if (withSource) symlinkSync(join(ROOT, "node-core"), join(tree, "node-core"));
    const stale = join(tree, "dist", "node-core", "daemon", "time-cli");
    mkdirSync(stale, { recursive: true });
    writeFileSync(
      join(stale, "main.js"),
      'export async function runCli() { process.stdout.write("stale dist\\n"); return 42; }\n',
    );
    return join(tree, "bin", "time-cli.js");
  }

  it("runs the TypeScript source when the node-core tree is beside it, even with a dist/ present", async () => {
    const bin = launcherTree("checkout", true);
    expect(
      await cliWith({ bin }, "derive-addresses", "--mnemonic-file", abandonFile, "--network", "mainnet"),
    ).toEqual({ code: 0, stderr: "", stdout: KNOWN_MAINNET_0 });
  });

  it("runs dist/ only in an installed package, which has no node-core sources", async () => {
    const bin = launcherTree("installed", false);
    expect(await cliWith({ bin }, "--help")).toEqual({ code: 42, stderr: "", stdout: "stale dist\n" });
  });
});

// Reference derivation, independent of node-core: BIP-39 seed (PBKDF2-HMAC-SHA512, 2048 rounds, salt
// "mnemonic" + passphrase), SLIP-0010 ed25519 hardened derivation (HMAC-SHA512 keyed "ed25519 seed", then
// with the chain code over 00 ‖ key ‖ index + 2^31), ed25519 public key (@noble/ed25519), and the TIME
// address: "TIME" + digit + Base58(SHA-256(pub)[0..20) ‖ SHA-256(SHA-256(payload))[0..4)).
const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

function refBase58(bytes: Uint8Array): string {
  let n = 0n;
  for (const byte of bytes) n = n * 256n + BigInt(byte);
  let text = "";
  for (; n > 0n; n /= 58n) text = BASE58[Number(n % 58n)] + text;
  for (const byte of bytes) {
    if (byte !== 0) break;
    text = `1${text}`;
  }
  return text;
}

function refSha256(bytes: Uint8Array): Buffer {
  return createHash("sha256").update(bytes).digest();
}

function refSeed(mnemonic: string, passphrase: string): Buffer {
  return pbkdf2Sync(
    mnemonic.normalize("NFKD"),
    `mnemonic${passphrase}`.normalize("NFKD"),
    2048,
    64,
    "sha512",
  );
}

function refSlip10(seed: Uint8Array, path: readonly number[]): { privateKey: Buffer; chainCode: Buffer } {
  let digest = createHmac("sha512", "ed25519 seed").update(seed).digest();
  for (const index of path) {
    const data = Buffer.alloc(37);
    data.set(digest.subarray(0, 32), 1);
    data.writeUInt32BE(index + 0x8000_0000, 33);
    digest = createHmac("sha512", digest.subarray(32)).update(data).digest();
  }
  return { privateKey: digest.subarray(0, 32), chainCode: digest.subarray(32) };
}

function refAddressOfPayload(payload: Uint8Array, digit: "0" | "1"): string {
  const checksum = refSha256(refSha256(payload)).subarray(0, 4);
  return `TIME${digit}${refBase58(Buffer.concat([payload, checksum]))}`;
}

async function refLine(seed: Uint8Array, digit: "0" | "1", path: readonly number[]): Promise<string> {
  const publicKey = await ed.getPublicKeyAsync(refSlip10(seed, path).privateKey);
  const address = refAddressOfPayload(refSha256(publicKey).subarray(0, 20), digit);
  const shown = `m/${path.map((i) => `${i}'`).join("/")}`;
  return `{"path":"${shown}","publicKey":"${Buffer.from(publicKey).toString("hex")}","address":"${address}"}\n`;
}

describe("reference derivation of the known answers", () => {
  it("reproduces the published BIP-39, SLIP-0010 and Base58 vectors", async () => {
    // BIP-39 vectors.json, first entry (passphrase "TREZOR"); and the same phrase without a passphrase.
    expect(refSeed(ABANDON, "TREZOR").toString("hex")).toBe(
      "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04",
    );
    expect(refSeed(ABANDON, "").toString("hex")).toBe(
      "5eb00bbddcf069084889a8ab9155568165f5c453ccb85e70811aaed6f6da5fc19a5ac40b389cd370d086206dec8aa6c43daea6690f20ad3d8d48b2d2ce9e38e4",
    );
    // SLIP-0010 test vector 1 for ed25519 (seed 000102…0f), chain m and m/0H; public keys are printed there
    // with a leading 00 byte.
    const seed = Buffer.from("000102030405060708090a0b0c0d0e0f", "hex");
    const master = refSlip10(seed, []);
    expect(master.chainCode.toString("hex")).toBe(
      "90046a93de5380a72b5e45010748567d5ea02bbf6522f979e05c0d8d8ca9fffb",
    );
    expect(master.privateKey.toString("hex")).toBe(
      "2b4be7f19ee27bbf30c667b642d5f4aa69fd169872f8fc3059c08ebae2eb19e7",
    );
    expect(Buffer.from(await ed.getPublicKeyAsync(master.privateKey)).toString("hex")).toBe(
      "a4b2856bfec510abab89753fac1ac0e1112364e7d250545963f135f2a33188ed",
    );
    const child = refSlip10(seed, [0]);
    expect(child.chainCode.toString("hex")).toBe(
      "8b59aa11380b624e81507a27fedda59fea6d0b779a778918a2fd3590e16e9c69",
    );
    expect(child.privateKey.toString("hex")).toBe(
      "68e0fe46dfb67e368c75379acec591dad19df3cde26e63b93a8e704f1dade7a3",
    );
    expect(Buffer.from(await ed.getPublicKeyAsync(child.privateKey)).toString("hex")).toBe(
      "8c8a13df77a28f3445213a0f432fde644acaa215fc72dcdf300d5efaa85d350c",
    );
    // Base58 examples of draft-msporny-base58 (Bitcoin alphabet, leading zero bytes as "1").
    expect(refBase58(Buffer.from("Hello World!"))).toBe("2NEpo7TZRRrLZSi2U");
    expect(refBase58(Buffer.from("The quick brown fox jumps over the lazy dog."))).toBe(
      "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z",
    );
    expect(refBase58(Buffer.from("0000287fb4cd", "hex"))).toBe("11233QC4");
  });

  it("yields the literal expected lines and addresses used above", async () => {
    const plain = refSeed(ABANDON, "");
    const trezor = refSeed(ABANDON, "TREZOR");
    expect(await refLine(plain, "1", [44, 0, 0, 0, 0])).toBe(KNOWN_MAINNET_0);
    const trezorLines = await Promise.all([7, 8, 9, 10].map((i) => refLine(trezor, "0", [44, 0, 2, 1, i])));
    expect(trezorLines.join("")).toBe(KNOWN_TREZOR_TESTNET);
    expect(await refLine(plain, "0", [44, 0, 0, 0, 599])).toBe(`${KNOWN_DEVNET_599}\n`);
    expect(refAddressOfPayload(PAYLOAD, "1")).toBe(KNOWN_PAYLOAD_MAINNET);
    expect(refAddressOfPayload(PAYLOAD, "0")).toBe(KNOWN_PAYLOAD_TESTNET);
  });
});
