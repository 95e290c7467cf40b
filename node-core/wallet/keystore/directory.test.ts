// The wallets directory on real files: listing (strays, backups, temporary files and invalid names are
// skipped), create with names compared without case, unlock once at a time, rename (locked or unlocked,
// backups along, case-only), remove only with the name as confirmation (an unlocked wallet is locked
// first), export of a checked copy, and the sweep of stale temporary files.
import { mkdir, readdir, readFile, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KeystoreDirectory } from "./directory.js";
import type { KeystoreErrorCode } from "./errors.js";
import type { Argon2Backend } from "./kdf.js";
import { Keystore } from "./keystore.js";
import { countingBackend, FLOOR_KDF, PASSWORD, sampleSecrets, tempDirs } from "./test-support.js";

const dirs = tempDirs();
let argon2: Argon2Backend;

beforeAll(async () => {
  argon2 = await countingBackend();
});

afterAll(async () => {
  await dirs.cleanup();
});

async function rig(): Promise<{ dir: string; wallets: KeystoreDirectory }> {
  const dir = join(await dirs.make(), "wallets");
  const keystore = new Keystore({ kdf: FLOOR_KDF, backups: 2 }, { argon2 });
  return { dir, wallets: new KeystoreDirectory({ dir }, { keystore }) };
}

async function codeOf(promise: Promise<unknown>): Promise<KeystoreErrorCode> {
  return promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (err: { code: KeystoreErrorCode }) => err.code,
  );
}

describe("KeystoreDirectory", () => {
  it("lists nothing for a directory not made yet, then the wallets by name", async () => {
    const { dir, wallets } = await rig();
    expect(await wallets.list()).toEqual([]);
    (await wallets.create("Savings", PASSWORD, sampleSecrets())).lock();
    (await wallets.create("daily 2", PASSWORD, sampleSecrets())).lock();
    // Strays: a backup, a temporary file, a file with an invalid name, another extension, a folder.
    await writeFile(join(dir, ".Savings.json.123-abc.tmp"), "x");
    await writeFile(join(dir, "bad.name.json"), "{}");
    await writeFile(join(dir, "notes.txt"), "hi");
    await mkdir(join(dir, "folder.json"));
    const listed = await wallets.list();
    expect(listed.map((w) => w.name)).toEqual(["Savings", "daily 2"]);
    expect(listed[0]).toMatchObject({ path: join(dir, "Savings.json"), sizeBytes: expect.any(Number) });
    expect((await readdir(dir)).sort()).toContain("Savings.json.bak1");
    // Files only the owner may read.
    if (process.platform !== "win32") expect((await stat(join(dir, "Savings.json"))).mode & 0o077).toBe(0);
  });

  it("refuses a name taken in any case, and bad names", async () => {
    const { wallets } = await rig();
    (await wallets.create("Main", PASSWORD, sampleSecrets())).lock();
    expect(await codeOf(wallets.create("main", PASSWORD, sampleSecrets()))).toBe("KEYSTORE_EXISTS");
    expect(await codeOf(wallets.create("../evil", PASSWORD, sampleSecrets()))).toBe("KEYSTORE_BAD_NAME");
    expect(await codeOf(wallets.unlock("nope", PASSWORD))).toBe("KEYSTORE_NOT_FOUND");
    // A name matched without case finds the file as it is spelled.
    const wallet = await wallets.unlock("MAIN", PASSWORD);
    expect(wallet.path.endsWith("Main.json")).toBe(true);
    wallet.lock();
  });

  it("unlocks a wallet once at a time", async () => {
    const { wallets } = await rig();
    const first = await wallets.create("w", PASSWORD, sampleSecrets());
    expect(await codeOf(wallets.unlock("w", PASSWORD))).toBe("KEYSTORE_ALREADY_UNLOCKED");
    expect(wallets.unlockedWallet("W")).toBe(first);
    first.lock();
    expect(wallets.unlockedWallet("w")).toBeUndefined();
    const second = await wallets.unlock("w", PASSWORD);
    expect(second.secrets).toEqual(sampleSecrets());
    second.lock();
  });

  it("renames a locked wallet with its backups, and refuses a taken name", async () => {
    const { dir, wallets } = await rig();
    (await wallets.create("old", PASSWORD, sampleSecrets())).lock();
    (await wallets.create("other", PASSWORD, sampleSecrets())).lock();
    expect(await codeOf(wallets.rename("old", "Other"))).toBe("KEYSTORE_EXISTS");
    await wallets.rename("old", "new name");
    const names = (await readdir(dir)).sort();
    expect(names).toEqual(["new name.json", "new name.json.bak1", "other.json", "other.json.bak1"]);
    (await wallets.unlock("new name", PASSWORD)).lock();
    expect(await codeOf(wallets.rename("gone", "x"))).toBe("KEYSTORE_NOT_FOUND");
  });

  it("renames an unlocked wallet, which keeps saving at its new path; and a change of case only", async () => {
    const { dir, wallets } = await rig();
    const wallet = await wallets.create("alpha", PASSWORD, sampleSecrets());
    await wallets.rename("alpha", "beta");
    expect(wallet.path).toBe(join(dir, "beta.json"));
    await wallet.save(sampleSecrets({ accountCount: 9 }));
    expect(wallets.unlockedWallet("beta")).toBe(wallet);
    expect(wallets.unlockedWallet("alpha")).toBeUndefined();
    await wallets.rename("beta", "Beta");
    expect((await readdir(dir)).filter((n) => !n.startsWith("."))).toEqual(
      expect.arrayContaining(["Beta.json", "Beta.json.bak1", "Beta.json.bak2"]),
    );
    expect((await wallets.list()).map((w) => w.name)).toEqual(["Beta"]);
    wallet.lock();
    const reopened = await wallets.unlock("Beta", PASSWORD);
    expect(reopened.secrets.accountCount).toBe(9);
    reopened.lock();
  });

  it("removes a wallet only when its name is typed as confirmation, locking it first", async () => {
    const { dir, wallets } = await rig();
    const wallet = await wallets.create("spend", PASSWORD, sampleSecrets());
    expect(await codeOf(wallets.remove("spend", "Spend"))).toBe("KEYSTORE_CONFIRM_MISMATCH");
    expect(await codeOf(wallets.remove("spend", ""))).toBe("KEYSTORE_CONFIRM_MISMATCH");
    expect(wallet.locked).toBe(false);
    expect((await readdir(dir)).length).toBe(2);
    await wallets.remove("spend", "spend");
    expect(wallet.locked).toBe(true);
    expect(await readdir(dir)).toEqual([]);
    expect(await codeOf(wallets.remove("spend", "spend"))).toBe("KEYSTORE_NOT_FOUND");
  });

  it("exports a checked copy, refusing to overwrite unless asked and refusing a damaged keystore", async () => {
    const { dir, wallets } = await rig();
    (await wallets.create("main", PASSWORD, sampleSecrets())).lock();
    const out = join(await dirs.make(), "backup.json");
    await wallets.exportBackup("main", out);
    expect(await readFile(out)).toEqual(await readFile(join(dir, "main.json")));
    expect(await codeOf(wallets.exportBackup("main", out))).toBe("KEYSTORE_EXISTS");
    await writeFile(out, "old");
    await wallets.exportBackup("main", out, { overwrite: true });
    expect(await readFile(out)).toEqual(await readFile(join(dir, "main.json")));
    // The exported copy is a keystore in its own right.
    const keystore = new Keystore({ kdf: FLOOR_KDF }, { argon2 });
    (await keystore.unlock(out, PASSWORD)).lock();
    const damaged = await readFile(join(dir, "main.json"));
    damaged[40] = (damaged[40] as number) ^ 1;
    await writeFile(join(dir, "main.json"), damaged);
    expect(await codeOf(wallets.exportBackup("main", join(await dirs.make(), "b.json")))).toBe(
      "KEYSTORE_CORRUPTED",
    );
  });

  it("sweeps temporary files older than the limit and leaves young ones", async () => {
    const { dir, wallets } = await rig();
    expect(await wallets.removeStaleTemporaryFiles()).toBe(0);
    (await wallets.create("main", PASSWORD, sampleSecrets())).lock();
    const old = join(dir, ".main.json.999-aa.tmp");
    const young = join(dir, ".main.json.999-bb.tmp");
    await writeFile(old, "partial");
    await writeFile(young, "partial");
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(old, hourAgo, hourAgo);
    expect(await wallets.removeStaleTemporaryFiles()).toBe(1);
    expect((await readdir(dir)).sort()).toEqual([".main.json.999-bb.tmp", "main.json", "main.json.bak1"]);
  });

  it("refuses an empty directory option", () => {
    const keystore = new Keystore({ kdf: FLOOR_KDF }, { argon2 });
    expect(() => new KeystoreDirectory({ dir: "" }, { keystore })).toThrow(
      expect.objectContaining({ code: "KEYSTORE_BAD_OPTIONS" }),
    );
  });
});
