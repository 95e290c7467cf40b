// The BUILT preload (dist bundle, CommonJS) run the way a sandboxed preload runs: in a fresh context whose
// `require` gives only what Electron's sandbox gives; here a fake "electron" with contextBridge and
// ipcRenderer. It must require nothing but "electron", expose exactly `time` with the named methods main
// passed in the arguments, and call over the call channel.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runInNewContext } from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { IPC_CHANNELS, PRELOAD_ARGUMENTS } from "../contract.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
// Inside the repository like the real build (a fresh clone has no dist/ yet).
mkdirSync(join(ROOT, "dist"), { recursive: true });
const outDir = mkdtempSync(join(ROOT, "dist", "electron-preload-test-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("the built preload", () => {
  it("exposes the bridge and requires only electron", async () => {
    const buildModule = "../build.mjs";
    const { buildElectron } = (await import(buildModule)) as { buildElectron(out: string): Promise<string> };
    await buildElectron(outDir);
    const code = readFileSync(join(outDir, "preload.cjs"), "utf8");
    const required: string[] = [];
    const exposed: Record<string, unknown> = {};
    const invoked: unknown[][] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => {
          invoked.push(args);
          return { ok: true, result: 42 };
        },
        on: () => {},
        removeListener: () => {},
      },
    };
    const sandboxRequire = (name: string) => {
      required.push(name);
      if (name === "electron") return electron;
      throw new Error(`module not found: ${name}`);
    };
    const argv = [
      "/electron",
      `${PRELOAD_ARGUMENTS.methods}getblockcount,getpeerinfo`,
      `${PRELOAD_ARGUMENTS.events}chain:block`,
    ];
    const module = { exports: {} };
    runInNewContext(code, {
      require: sandboxRequire,
      process: { argv },
      module,
      exports: module.exports,
      console,
    });
    expect(required).toEqual(["electron"]);
    expect(Object.keys(exposed)).toEqual(["time"]);
    const bridge = exposed.time as { methods: Record<string, () => Promise<unknown>>; subscribe: unknown };
    expect(Object.keys(bridge.methods)).toEqual(["getblockcount", "getpeerinfo"]);
    expect(await bridge.methods.getblockcount?.()).toEqual({ ok: true, result: 42 });
    expect(invoked).toEqual([[IPC_CHANNELS.call, "getblockcount"]]);
  });
});
