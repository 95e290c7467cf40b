// The saved network choice in a real temp folder: none, saved and read back, damaged files ignored with a
// reason, and where a switch puts the node's data.
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  NETWORK_CHOICE_FILE,
  readNetworkChoice,
  switchedStart,
  writeNetworkChoice,
} from "./network-choice.js";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "network-choice-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the saved network choice", () => {
  it("is none until one is saved, then the saved one", () => {
    const dir = join(tempDir(), "userData");
    expect(readNetworkChoice(dir)).toEqual({ network: null });
    writeNetworkChoice(dir, "testnet");
    expect(readNetworkChoice(dir)).toEqual({ network: "testnet" });
    writeNetworkChoice(dir, "devnet");
    expect(readNetworkChoice(dir)).toEqual({ network: "devnet" });
    expect(readdirSync(dir)).toEqual([NETWORK_CHOICE_FILE]);
    if (process.platform !== "win32")
      expect(statSync(join(dir, NETWORK_CHOICE_FILE)).mode & 0o777).toBe(0o600);
  });

  it("ignores a damaged file and says why", () => {
    const dir = tempDir();
    for (const text of ["{not json", '{"network":"moonnet"}', "null", '["testnet"]', '{"network":7}']) {
      writeFileSync(join(dir, NETWORK_CHOICE_FILE), text);
      const choice = readNetworkChoice(dir);
      expect(choice.network).toBeNull();
      expect(choice.problem).toContain(NETWORK_CHOICE_FILE);
    }
  });

  it("keeps the launch's data folder only when a switch goes back to the launch network", () => {
    const launch = { network: "devnet", dataDir: "/home/a/.timecoin/local-devnet/app" };
    expect(switchedStart(launch, "testnet")).toEqual({ network: "testnet" });
    expect(switchedStart(launch, "devnet")).toBe(launch);
  });
});
