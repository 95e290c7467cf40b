// Atomic replacement on real files: the content is replaced whole, exclusive writes never replace a file,
// a failed write leaves neither a changed target nor a temporary file, and temporary names are recognised.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isTemporaryFileName, pathExists, writeFileAtomic } from "./atomic-file.js";
import { tempDirs } from "./test-support.js";

const dirs = tempDirs();

afterAll(async () => {
  await dirs.cleanup();
});

const bytes = (s: string) => new TextEncoder().encode(s);

describe("writeFileAtomic", () => {
  it("creates and replaces a file, leaving no temporary file behind", async () => {
    const dir = await dirs.make();
    const path = join(dir, "k.json");
    await writeFileAtomic(path, bytes("first"));
    await writeFileAtomic(path, bytes("second, longer"));
    expect(await readFile(path, "utf8")).toBe("second, longer");
    expect(await readdir(dir)).toEqual(["k.json"]);
  });

  it("refuses to replace in exclusive mode", async () => {
    const dir = await dirs.make();
    const path = join(dir, "k.json");
    await writeFileAtomic(path, bytes("one"), { exclusive: true });
    await expect(writeFileAtomic(path, bytes("two"), { exclusive: true })).rejects.toMatchObject({
      code: "KEYSTORE_EXISTS",
    });
    expect(await readFile(path, "utf8")).toBe("one");
    expect(await readdir(dir)).toEqual(["k.json"]);
  });

  it("reports a failed write as KEYSTORE_IO and cleans up", async () => {
    const dir = await dirs.make();
    await expect(writeFileAtomic(join(dir, "missing", "k.json"), bytes("x"))).rejects.toMatchObject({
      code: "KEYSTORE_IO",
      payload: { operation: "open", code: "ENOENT" },
    });
    // A directory in the way of the rename: the temporary file is removed again.
    await writeFile(join(dir, "keep"), "x");
    const { mkdir } = await import("node:fs/promises");
    await mkdir(join(dir, "taken"));
    await writeFile(join(dir, "taken", "inside"), "x");
    await expect(writeFileAtomic(join(dir, "taken"), bytes("x"))).rejects.toMatchObject({
      code: "KEYSTORE_IO",
    });
    expect((await readdir(dir)).sort()).toEqual(["keep", "taken"]);
  });

  it("names temporary files so listings can skip them", async () => {
    expect(isTemporaryFileName(".k.json.123-abcdef.tmp")).toBe(true);
    expect(isTemporaryFileName("k.json")).toBe(false);
    expect(isTemporaryFileName("k.tmp")).toBe(false);
    const dir = await dirs.make();
    expect(await pathExists(join(dir, "nothing"))).toBe(false);
    expect(await pathExists(dir)).toBe(true);
  });
});
