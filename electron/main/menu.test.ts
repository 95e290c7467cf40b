// The menu: edit roles everywhere, the app menu on macOS only, developer tools only in development.
import type { MenuItemConstructorOptions } from "electron";
import { describe, expect, it } from "vitest";
import { appMenuTemplate } from "./menu.js";

function roles(items: readonly MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role === undefined ? [] : [item.role]),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

const base = { appName: "TIME Coin Desktop", showLogs: () => {}, showDataFolder: () => {} };

describe("appMenuTemplate", () => {
  it("has the edit roles and no developer tools in a release", () => {
    const linux = roles(appMenuTemplate({ ...base, platform: "linux", development: false }));
    expect(linux).toEqual(expect.arrayContaining(["copy", "paste", "cut", "selectAll", "quit"]));
    expect(linux).not.toContain("toggleDevTools");
    expect(linux).not.toContain("about");
  });

  it("has the app menu on macOS and developer tools in development", () => {
    const template = appMenuTemplate({ ...base, platform: "darwin", development: true });
    expect(template[0]?.label).toBe("TIME Coin Desktop");
    expect(roles(template)).toEqual(expect.arrayContaining(["about", "toggleDevTools", "close"]));
  });

  it("wires the logs and data folder items", () => {
    const clicked: string[] = [];
    const template = appMenuTemplate({
      ...base,
      platform: "win32",
      development: false,
      showLogs: () => clicked.push("logs"),
      showDataFolder: () => clicked.push("data"),
    });
    const all = template.flatMap((item) => (Array.isArray(item.submenu) ? item.submenu : []));
    for (const item of all) if (item.label !== undefined) (item.click as () => void)();
    expect(clicked).toEqual(["logs", "data"]);
  });
});
