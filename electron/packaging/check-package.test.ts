// The packaging check's verdict on hand-made app folders (a real asar made with @electron/asar and a
// stand-in executable with a fuse wire): a complete app passes, and each missing or unwanted piece is named.
// The full check, with electron-builder, is `node electron/packaging/check-package.mjs`.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const asar = require("@electron/asar") as { createPackage(src: string, dest: string): Promise<void> };
const modulePath = "./check-package.mjs";
const { checkPackedApp, REQUIRED_IN_ASAR } = (await import(modulePath)) as {
  checkPackedApp(dir: string): Promise<string[]>;
  REQUIRED_IN_ASAR: readonly string[];
};

const dir = mkdtempSync(join(tmpdir(), "check-package-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GOOD_FUSES = "010011101";

async function makeApp(
  name: string,
  opts: { drop?: string; extra?: string; fuses?: string; unpacked?: boolean } = {},
) {
  const src = join(dir, name, "src");
  const unpackedDir = join(dir, name, "linux-unpacked");
  for (const path of REQUIRED_IN_ASAR) {
    if (path === opts.drop) continue;
    const file = join(src, path);
    mkdirSync(dirname(file), { recursive: true });
    const manifest = {
      main: "dist/electron/main.mjs",
      dependencies: { level: "1" },
      devDependencies: { vite: "1" },
    };
    writeFileSync(file, path === "/package.json" ? JSON.stringify(manifest) : "x");
  }
  mkdirSync(join(src, "node_modules", "level"), { recursive: true });
  writeFileSync(join(src, "node_modules", "level", "package.json"), "{}");
  if (opts.extra !== undefined) {
    mkdirSync(dirname(join(src, opts.extra)), { recursive: true });
    writeFileSync(join(src, opts.extra), "{}");
  }
  mkdirSync(join(unpackedDir, "resources"), { recursive: true });
  await asar.createPackage(src, join(unpackedDir, "resources", "app.asar"));
  if (opts.unpacked !== false) {
    for (const native of ["classic-level", "argon2"]) {
      const prebuild = join(
        unpackedDir,
        "resources",
        "app.asar.unpacked",
        "node_modules",
        native,
        "prebuilds",
        "linux-x64",
      );
      mkdirSync(prebuild, { recursive: true });
      writeFileSync(join(prebuild, `${native}.node`), "elf");
    }
  }
  const wire = Buffer.concat([
    Buffer.from("dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX", "latin1"),
    Buffer.from([1, 9]),
    Buffer.from(opts.fuses ?? GOOD_FUSES, "latin1"),
  ]);
  writeFileSync(join(unpackedDir, "timecoin-desktop"), wire);
  chmodSync(join(unpackedDir, "timecoin-desktop"), 0o755);
  return unpackedDir;
}

describe("checkPackedApp", () => {
  it("passes a complete app", async () => {
    expect(await checkPackedApp(await makeApp("good"))).toEqual([]);
  });

  it("names a missing entry, a test file, a dev dependency, fuses left on and native modules left packed", async () => {
    expect(await checkPackedApp(await makeApp("no-preload", { drop: "/dist/electron/preload.cjs" }))).toEqual(
      ["app.asar lacks /dist/electron/preload.cjs"],
    );
    expect(
      await checkPackedApp(await makeApp("with-test", { extra: "/dist/electron/bridge.test.js" })),
    ).toEqual(["app.asar holds a test file: /dist/electron/bridge.test.js"]);
    expect(
      await checkPackedApp(await makeApp("with-vite", { extra: "/node_modules/vite/package.json" })),
    ).toEqual(["app.asar holds the dev dependency vite"]);
    expect(await checkPackedApp(await makeApp("run-as-node", { fuses: "110011101" }))).toEqual([
      "fuse runAsNode is 1, not 0",
    ]);
    const packed = await checkPackedApp(await makeApp("packed", { unpacked: false }));
    expect(packed).toEqual([
      expect.stringMatching(/^classic-level is not unpacked/),
      expect.stringMatching(/^argon2 is not unpacked/),
    ]);
    expect(await checkPackedApp(join(dir, "nothing-here"))).toEqual([expect.stringMatching(/^no app.asar/)]);
  });
});
