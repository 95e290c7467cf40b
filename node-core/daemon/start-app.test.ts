// When `npm start` can open the desktop window, and why not when it cannot (each reason a person can act on).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { desktopAvailability } from "./start-app.js";

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
