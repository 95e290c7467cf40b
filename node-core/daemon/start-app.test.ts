// When `npm start` can open the desktop window, and why not when it cannot (each reason a person can act on);
// which node of its devnet serves the browser UI; and when its daemons may run from the bundle.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Devnet } from "../devnet/index.js";
import { uiNodeOf } from "./devnet-run.js";
import { daemonBundleIsFresh, desktopAvailability, webModeDevnetArgs } from "./start-app.js";

let root = "";
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = "";
});

function withElectron(installed: boolean): string {
  root = mkdtempSync(join(tmpdir(), "start-app-"));
  const dir = join(root, "node_modules", "electron");
  mkdirSync(join(dir, "dist"), { recursive: true });
  writeFileSync(join(dir, "path.txt"), "electron");
  if (installed) writeFileSync(join(dir, "dist", "electron"), "");
  return root;
}

describe("desktopAvailability", () => {
  it("opens the window with a display and the binary", () => {
    const r = withElectron(true);
    expect(desktopAvailability(r, { DISPLAY: ":0" }, "linux")).toEqual({
      binary: join(r, "node_modules", "electron", "dist", "electron"),
    });
    expect(desktopAvailability(r, {}, "darwin")).toHaveProperty("binary");
  });

  it("says why it serves the browser UI instead", () => {
    const r = withElectron(false);
    expect(desktopAvailability(r, { DISPLAY: ":0" }, "linux")).toEqual({
      reason: expect.stringContaining("Electron binary is not installed"),
    });
    expect(desktopAvailability(withElectron(true), {}, "linux")).toEqual({
      reason: expect.stringContaining("no display"),
    });
    expect(desktopAvailability(withElectron(true), { DISPLAY: ":0", TIME_START_WEB: "1" }, "linux")).toEqual({
      reason: expect.stringContaining("TIME_START_WEB"),
    });
  });
});

describe("the browser mode's devnet", () => {
  it("serves the UI from a plain node, whose wallet can start a masternode of its own and get coins", async () => {
    root = mkdtempSync(join(tmpdir(), "start-app-"));
    const args = webModeDevnetArgs(root);
    const nodes = Number(args[args.indexOf("--nodes") + 1]);
    const uiNode = uiNodeOf(args[args.indexOf("--ui") + 1], nodes);
    expect(uiNode).toBeDefined();
    const devnet = await Devnet.create({ nodes, dataDir: root, uiNode });
    const served = devnet.info()[(uiNode as number) - 1];
    expect(served?.masternode).toBe(false);
    // The genesis masternodes still run the devnet beside it.
    expect(devnet.info().filter((n) => n.masternode)).toHaveLength(4);
    expect(devnet.argsOf(uiNode as number)).toContain("--ui");
    expect(devnet.argsOf(uiNode as number)).not.toContain("--masternode");
    // It pays from the faucet too (its Receive page offers devnet coins), with node 1's faucet key.
    const faucetKey = (i: number) => {
      const a = devnet.argsOf(i);
      return a.includes("--faucet-key") ? a[a.indexOf("--faucet-key") + 1] : null;
    };
    expect(faucetKey(uiNode as number)).toBe(join(root, "node-1", "faucet.key"));
    expect(faucetKey(1)).toBe(join(root, "node-1", "faucet.key"));
    expect(faucetKey(2)).toBeNull();
  });

  it("refuses a --ui that names no node", async () => {
    expect(uiNodeOf(undefined, 5)).toBeUndefined();
    expect(uiNodeOf(true, 5)).toBe(1);
    expect(uiNodeOf("5", 5)).toBe(5);
    for (const bad of ["0", "6", "x", "1.5", ""])
      expect(() => uiNodeOf(bad, 5)).toThrow(/--ui must name one of the nodes 1 to 5/);
    root = mkdtempSync(join(tmpdir(), "start-app-"));
    await expect(Devnet.create({ nodes: 2, dataDir: root, uiNode: 3 })).rejects.toThrow(/UI node/);
  });
});

describe("daemonBundleIsFresh", () => {
  it("runs the bundle only when it was built after every node-core source", () => {
    root = mkdtempSync(join(tmpdir(), "start-app-"));
    const source = join(root, "node-core", "daemon", "timed-main.ts");
    mkdirSync(join(root, "node-core", "daemon"), { recursive: true });
    writeFileSync(source, "export {};\n");
    expect(daemonBundleIsFresh(root)).toBe(false); // no bundle
    mkdirSync(join(root, "dist", "daemon"), { recursive: true });
    const bundle = join(root, "dist", "daemon", "timed.mjs");
    writeFileSync(bundle, "export {};\n");
    const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);
    at(source, 1_000);
    at(bundle, 2_000);
    expect(daemonBundleIsFresh(root)).toBe(true);
    // A source edited after the build: the sources run, not the stale bundle.
    at(source, 3_000);
    expect(daemonBundleIsFresh(root)).toBe(false);
  });
});
