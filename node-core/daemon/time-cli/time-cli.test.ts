// Runs the real bin/time-cli.js in a child process: output format, agreement with the keys library, the
// exit codes 0/1/2, one-line errors, and that neither stream ever carries the recovery phrase.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { addressFromPublicKey, encodeAddress } from "../../keys/address.js";
import { mnemonicToSeed } from "../../keys/mnemonic.js";
import { derivePath, walletPath } from "../../keys/slip10.js";
import { DEVNET, MAINNET, type NetworkParams, TESTNET } from "../../params/network.js";
import { toHex } from "../../types/bytes.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const BIN = join(ROOT, "bin", "time-cli.js");
const ABANDON =
  "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
// Valid words, wrong checksum; distinctive words so a leak would be visible.
const BAD_CHECKSUM = "legal winner thank year wave sausage worth useful legal winner thank thank";
const BAD_WORD = "legal winner thank year wave sausage worth useful legal winner thank yelow";
const LINE_RE =
  /^\{"path":"m\/44'\/0'\/\d+'\/[01]'\/\d+'","publicKey":"[0-9a-f]{64}","address":"TIME[01][1-9A-HJ-NP-Za-km-z]{24,33}"\}$/;

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

function cli(...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === "number" ? err.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

function expected(
  mnemonic: string,
  passphrase: string,
  network: NetworkParams,
  account: number,
  change: number,
  indices: number[],
): string {
  const seed = mnemonicToSeed(mnemonic, passphrase);
  return indices
    .map((i) => {
      const path = walletPath(account, change, i);
      const { publicKey } = derivePath(seed, path);
      return `{"path":"${path}","publicKey":"${toHex(publicKey)}","address":"${addressFromPublicKey(publicKey, network)}"}\n`;
    })
    .join("");
}

function expectUsageError(result: Result, fragment: RegExp): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr).toMatch(/^time-cli: error: [^\n]+\n$/);
  expect(result.stderr).toMatch(fragment);
}

describe.concurrent("derive-addresses", () => {
  it("prints the first receive address of 'abandon … about' exactly as the library derives it", async () => {
    const result = await cli("derive-addresses", "--mnemonic-file", abandonFile, "--network", "mainnet");
    expect(result).toEqual({ code: 0, stderr: "", stdout: expected(ABANDON, "", MAINNET, 0, 0, [0]) });
    expect(result.stdout).toBe(
      `{"path":"m/44'/0'/0'/0'/0'","publicKey":"7c2e79f3a1701fb2a86a2c24a3fdf8634b7aad80886c0c0a526d44d23fe8e19a","address":"TIME1AXFLiWUT5wLFBTLuF4Nw4SkeUt2zaBtRh"}\n`,
    );
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
    expect(result.stdout).toBe(expected(ABANDON, "TREZOR", TESTNET, 2, 1, [7, 8, 9, 10]));
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
    expect(lines[599]).toBe(expected(ABANDON, "", DEVNET, 0, 0, [599]).trimEnd());
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

describe.concurrent("validate-address", () => {
  const payload = Uint8Array.from({ length: 20 }, (_, i) => 255 - i);
  const mainnet = encodeAddress(payload, MAINNET);
  const testnet = encodeAddress(payload, TESTNET);

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

describe.concurrent("program", () => {
  it("exits 2 on an unknown command, an unknown option and no command", async () => {
    expectUsageError(await cli("frobnicate"), /unknown command 'frobnicate'/);
    expectUsageError(
      await cli("validate-address", "x", "--network", "mainnet", "--frob"),
      /unknown option '--frob'/,
    );
    expectUsageError(await cli(), /no command given/);
  });

  it("prints help on stdout and exits 0", async () => {
    const result = await cli("--help");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("derive-addresses");
    expect(result.stdout).toContain("validate-address");
  });
});
