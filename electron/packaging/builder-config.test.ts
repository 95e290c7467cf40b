// electron-builder.yml against electron-builder's own configuration schema (app-builder-lib's scheme.json,
// validated with the Ajv that electron-builder itself depends on), plus what the schema cannot say: the
// targets per OS, the native modules unpacked from the asar, the Electron fuses, and tests left out.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const require = createRequire(import.meta.url);
// Both come with electron-builder (not direct dependencies): the versions it validates its own config with.
const yaml = require("js-yaml") as { load(text: string): unknown };
const Ajv = require("ajv") as new (
  opts: object,
) => {
  compile(
    schema: object,
  ): ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };
};

type Config = Record<string, unknown> & {
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[] };
  mac: { target: string[] };
  win: { target: string[] };
  extraMetadata: { main: string };
};

const config = yaml.load(readFileSync(join(ROOT, "electron-builder.yml"), "utf8")) as Config;
const schema = JSON.parse(
  readFileSync(join(ROOT, "node_modules", "app-builder-lib", "scheme.json"), "utf8"),
) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

function problems(candidate: unknown): string[] {
  return validate(candidate)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`);
}

describe("electron-builder.yml", () => {
  it("is valid against electron-builder's schema", () => {
    expect(problems(config)).toEqual([]);
  });

  it("would fail the schema with a mistyped key or value (the check can fail)", () => {
    expect(problems({ ...config, asarUnpak: ["x"] }).length).toBeGreaterThan(0);
    expect(
      problems({ ...config, electronFuses: { ...config.electronFuses, runAsNode: "no" } }).length,
    ).toBeGreaterThan(0);
  });

  it("builds AppImage and deb, nsis, and dmg", () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(["AppImage", "deb"]));
    expect(config.win.target).toContain("nsis");
    expect(config.mac.target).toContain("dmg");
  });

  it("unpacks the native modules and sets the app's entry", () => {
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining(["**/node_modules/classic-level/**", "**/node_modules/argon2/**"]),
    );
    expect(config.asar).toBe(true);
    expect(config.extraMetadata.main).toBe("dist/electron/main.mjs");
    expect(config.npmRebuild).toBe(false);
  });

  it("sets the Electron fuses", () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it("leaves tests and sources out", () => {
    expect(config.files).toEqual(expect.arrayContaining(["!**/*.test.*"]));
    expect(config.files.some((pattern) => pattern.startsWith("!") && pattern.includes("ts"))).toBe(true);
    expect(config.files).not.toContain("**/*");
  });
});
