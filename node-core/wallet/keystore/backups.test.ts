// Automatic backups: every change writes the new file as `.bak1` and moves the older copies down, keeping
// the configured number; each backup is a whole keystore of an earlier state; a smaller `backups` option
// drops the surplus; 0 keeps none; after a password change older backups still open with the old password.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backupPath, listBackups } from "./backups.js";
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

async function accountCountOf(keystore: Keystore, path: string, password = PASSWORD): Promise<number> {
  const wallet = await keystore.unlock(path, password);
  const count = wallet.secrets.accountCount;
  wallet.lock();
  return count;
}

describe("backup rotation", () => {
  it("keeps the newest copies, newest first, each a whole keystore of its state", async () => {
    const keystore = new Keystore({ kdf: FLOOR_KDF, backups: 3 }, { argon2 });
    const path = join(await dirs.make(), "main.json");
    const wallet = await keystore.create(path, PASSWORD, sampleSecrets({ accountCount: 1 }));
    expect((await listBackups(path)).map((b) => b.n)).toEqual([1]);
    for (let count = 2; count <= 6; count++) await wallet.save(sampleSecrets({ accountCount: count }));
    wallet.lock();
    const backups = await listBackups(path);
    expect(backups).toEqual([1, 2, 3].map((n) => ({ n, path: backupPath(path, n) })));
    // .bak1 is the file as it is now; the others are the states before it.
    expect(await readFile(backupPath(path, 1))).toEqual(await readFile(path));
    expect(await accountCountOf(keystore, backupPath(path, 1))).toBe(6);
    expect(await accountCountOf(keystore, backupPath(path, 2))).toBe(5);
    expect(await accountCountOf(keystore, backupPath(path, 3))).toBe(4);
  });

  it("drops the surplus when fewer are kept, and keeps none with 0", async () => {
    const many = new Keystore({ kdf: FLOOR_KDF, backups: 4 }, { argon2 });
    const path = join(await dirs.make(), "main.json");
    const wallet = await many.create(path, PASSWORD, sampleSecrets());
    for (let i = 0; i < 4; i++) await wallet.save(sampleSecrets({ accountCount: 10 + i }));
    wallet.lock();
    expect(await listBackups(path)).toHaveLength(4);
    const fewer = new Keystore({ kdf: FLOOR_KDF, backups: 2 }, { argon2 });
    const again = await fewer.unlock(path, PASSWORD);
    await again.save(sampleSecrets({ accountCount: 20 }));
    expect((await listBackups(path)).map((b) => b.n)).toEqual([1, 2]);
    expect(await accountCountOf(fewer, backupPath(path, 2))).toBe(13);
    again.lock();
    const none = new Keystore({ kdf: FLOOR_KDF, backups: 0 }, { argon2 });
    const last = await none.unlock(path, PASSWORD);
    await last.save(sampleSecrets({ accountCount: 21 }));
    last.lock();
    expect(await listBackups(path)).toEqual([]);
    const fresh = join(await dirs.make(), "fresh.json");
    (await none.create(fresh, PASSWORD, sampleSecrets())).lock();
    expect(await listBackups(fresh)).toEqual([]);
  });

  it("keeps older backups under the password they were written with", async () => {
    const keystore = new Keystore({ kdf: FLOOR_KDF, backups: 3 }, { argon2 });
    const path = join(await dirs.make(), "main.json");
    const wallet = await keystore.create(path, PASSWORD, sampleSecrets());
    await wallet.changePassword(PASSWORD, "second password");
    wallet.lock();
    expect(await accountCountOf(keystore, backupPath(path, 1), "second password")).toBe(2);
    expect(await accountCountOf(keystore, backupPath(path, 2), PASSWORD)).toBe(2);
  });

  it("lists only numbered backups of that file", async () => {
    const path = join(await dirs.make(), "a.json");
    expect(await listBackups(path)).toEqual([]);
    const keystore = new Keystore({ kdf: FLOOR_KDF, backups: 2 }, { argon2 });
    (await keystore.create(path, PASSWORD, sampleSecrets())).lock();
    (await keystore.create(join(path, "..", "a.jsonx.json"), PASSWORD, sampleSecrets())).lock();
    expect((await listBackups(path)).map((b) => b.n)).toEqual([1]);
    expect(await listBackups(join(await dirs.make(), "missing", "x.json"))).toEqual([]);
  });
});
