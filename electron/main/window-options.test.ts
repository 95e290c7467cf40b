// Every window main creates has the secure webPreferences: each factory in WINDOW_OPTION_FACTORIES is
// checked, and main's sources are scanned so a BrowserWindow built from anything but a factory fails here.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PRELOAD_ARGUMENTS } from "../contract.js";
import { mainWindowOptions, SECURE_WEB_PREFERENCES, WINDOW_OPTION_FACTORIES } from "./window-options.js";

const HERE = fileURLToPath(new URL(".", import.meta.url));

describe("window options", () => {
  it.each(WINDOW_OPTION_FACTORIES.map((f) => [f.name, f.build] as const))(
    "%s is locked down",
    (_name, build) => {
      const options = build();
      const prefs = options.webPreferences;
      expect(prefs).toBeDefined();
      expect(prefs?.contextIsolation).toBe(true);
      expect(prefs?.sandbox).toBe(true);
      expect(prefs?.nodeIntegration).toBe(false);
      expect(prefs?.nodeIntegrationInWorker).toBe(false);
      expect(prefs?.nodeIntegrationInSubFrames).toBe(false);
      expect(prefs?.webviewTag).toBe(false);
      expect(prefs?.webSecurity).toBe(true);
      expect(prefs?.allowRunningInsecureContent).toBe(false);
      expect(prefs).toMatchObject(SECURE_WEB_PREFERENCES);
    },
  );

  it("hands the preload the method and event names", () => {
    const options = mainWindowOptions({
      preloadPath: "/x/preload.cjs",
      methods: ["getblockcount", "getpeerinfo"],
      events: ["chain:block"],
    });
    expect(options.webPreferences?.preload).toBe("/x/preload.cjs");
    expect(options.webPreferences?.additionalArguments).toEqual([
      `${PRELOAD_ARGUMENTS.methods}getblockcount,getpeerinfo`,
      `${PRELOAD_ARGUMENTS.events}chain:block`,
    ]);
  });

  it("main builds every BrowserWindow from a listed factory", () => {
    const factories = new Set(WINDOW_OPTION_FACTORIES.map((f) => f.name));
    let windows = 0;
    for (const file of readdirSync(HERE)) {
      if (!file.endsWith(".ts") || file.endsWith(".test.ts")) continue;
      const source = readFileSync(join(HERE, file), "utf8");
      for (const match of source.matchAll(/new BrowserWindow\(([^)]*)\)?/g)) {
        windows++;
        const factory = /^\s*(\w+)\(/.exec(match[1] ?? "")?.[1];
        expect(factory !== undefined && factories.has(factory), `${file}: ${match[0]}`).toBe(true);
      }
      expect(
        source.includes("webPreferences") && file !== "window-options.ts",
        `${file} sets webPreferences`,
      ).toBe(false);
    }
    expect(windows).toBeGreaterThan(0);
  });
});
