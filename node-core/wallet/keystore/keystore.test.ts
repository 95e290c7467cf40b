// The keystore service on real files: create and unlock round trip, the refusals told apart (wrong
// password, corrupted payload, malformed secrets, weak KDF with re-encryption as the way out, a newer
// version, a cost above the ceiling) with the file left untouched and no Argon2 run for the checks that
// come first, change of password (same data key, fresh salt and nonces), saves, lock wiping the secrets,
// and errors that never carry the password or the mnemonic.
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seal } from "./aead.js";
import { isKeystoreError, type KeystoreErrorCode } from "./errors.js";
import { decodeKeystoreFile, encodeKeystoreFile, headerAad } from "./format.js";
import type { Argon2Backend } from "./kdf.js";
import { Keystore } from "./keystore.js";
import { DEFAULT_KDF_PARAMS, KDF_FLOOR } from "./options.js";
import { derivePasswordKey, sealNewKeystore, unwrapDataKey } from "./seal.js";
import { countingBackend, FLOOR_KDF, MNEMONIC, PASSWORD, sampleSecrets, tempDirs } from "./test-support.js";

const dirs = tempDirs();
let argon2: Argon2Backend & { readonly calls: () => number };
let keystore: Keystore;

beforeAll(async () => {
  argon2 = await countingBackend();
  keystore = new Keystore({ kdf: FLOOR_KDF, backups: 2 }, { argon2 });
});

afterAll(async () => {
  await dirs.cleanup();
});

async function newKeystorePath(): Promise<string> {
  const path = join(await dirs.make(), "main.json");
  const wallet = await keystore.create(path, PASSWORD, sampleSecrets());
  wallet.lock();
  return path;
}

/** The refusal of `promise` as code and payload, after checking that nothing secret is in it. */
async function refusal(promise: Promise<unknown>): Promise<{ code: KeystoreErrorCode; payload: object }> {
  const err = await promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (e: unknown) => e,
  );
  if (!isKeystoreError(err)) throw err;
  const wire = JSON.stringify(err.toObject());
  expect(wire).not.toContain(PASSWORD);
  expect(wire).not.toContain(MNEMONIC.split(" ")[0]);
  return { code: err.code, payload: err.payload };
}

function rechecksum(file: Uint8Array, edit: (body: Record<string, unknown>) => void): Uint8Array {
  const { checksum: _c, ...body } = JSON.parse(new TextDecoder().decode(file)) as Record<string, unknown>;
  edit(body);
  const checksum = createHash("sha256")
    .update(`${JSON.stringify(body, null, 2)}\n`)
    .digest("hex");
  return new TextEncoder().encode(`${JSON.stringify({ ...body, checksum }, null, 2)}\n`);
}

describe("Keystore", () => {
  it("creates a keystore and unlocks it to the same secrets", async () => {
    const path = join(await dirs.make(), "main.json");
    const secrets = sampleSecrets();
    const created = await keystore.create(path, PASSWORD, secrets);
    expect(created.walletId).toMatch(/^[0-9a-f]{32}$/);
    expect(created.kdf).toEqual(FLOOR_KDF);
    created.lock();
    // Locking the created wallet zeroed its own copy, not the caller's arrays.
    expect(new TextDecoder().decode(secrets.mnemonic)).toBe(MNEMONIC);
    const unlocked = await keystore.unlock(path, PASSWORD);
    expect(unlocked.walletId).toBe(created.walletId);
    expect(unlocked.secrets).toEqual(secrets);
    expect(unlocked.path).toBe(path);
    unlocked.lock();
  });

  it("writes every file with a fresh salt, data key and nonces", async () => {
    const a = decodeKeystoreFile(await readFile(await newKeystorePath()), "a");
    const b = decodeKeystoreFile(await readFile(await newKeystorePath()), "b");
    expect(a.header.kdf.salt).not.toEqual(b.header.kdf.salt);
    expect(a.header.walletId).not.toBe(b.header.walletId);
    expect(a.payload.nonce).not.toEqual(b.payload.nonce);
    expect(a.wrappedKey.nonce).not.toEqual(b.wrappedKey.nonce);
  });

  it("refuses to create over an existing file, an empty password and bad secrets", async () => {
    const path = await newKeystorePath();
    const before = await readFile(path);
    expect(await refusal(keystore.create(path, PASSWORD, sampleSecrets()))).toMatchObject({
      code: "KEYSTORE_EXISTS",
    });
    expect(await readFile(path)).toEqual(before);
    const other = join(await dirs.make(), "x.json");
    expect(await refusal(keystore.create(other, "", sampleSecrets()))).toMatchObject({
      code: "KEYSTORE_BAD_PASSWORD",
      payload: { reason: "empty" },
    });
    expect(await refusal(keystore.create(other, "x".repeat(1025), sampleSecrets()))).toMatchObject({
      code: "KEYSTORE_BAD_PASSWORD",
      payload: { reason: "too-long" },
    });
    expect(await refusal(keystore.create(other, PASSWORD, sampleSecrets({ accountCount: 0 })))).toMatchObject(
      { code: "KEYSTORE_BAD_SECRETS", payload: { field: "accountCount" } },
    );
  });

  it("tells a wrong password from a missing file, and leaves the file as it was", async () => {
    const path = await newKeystorePath();
    const before = await readFile(path);
    expect(await refusal(keystore.unlock(path, "Correct horse battery staple"))).toEqual({
      code: "KEYSTORE_WRONG_PASSWORD",
      payload: { path },
    });
    expect(await readFile(path)).toEqual(before);
    expect(await refusal(keystore.unlock(`${path}.nope`, PASSWORD))).toMatchObject({
      code: "KEYSTORE_NOT_FOUND",
    });
  });

  it("says wrong password for an edited header with a fixed-up checksum (GCM refuses it), corrupted for an edited payload", async () => {
    const path = await newKeystorePath();
    const file = new Uint8Array(await readFile(path));
    // Someone changed the wallet id and recomputed the checksum: the associated data no longer matches.
    await writeFile(
      path,
      rechecksum(file, (body) => void Object.assign(body, { walletId: "f".repeat(32) })),
    );
    expect((await refusal(keystore.unlock(path, PASSWORD))).code).toBe("KEYSTORE_WRONG_PASSWORD");
    // The data key still opens, but one payload byte changed.
    const tampered = rechecksum(file, (body) => {
      const payload = body.payload as { ciphertext: string };
      const bytes = Buffer.from(payload.ciphertext, "base64");
      bytes[5] = (bytes[5] as number) ^ 0x40;
      payload.ciphertext = bytes.toString("base64");
    });
    await writeFile(path, tampered);
    expect(await refusal(keystore.unlock(path, PASSWORD))).toEqual({
      code: "KEYSTORE_CORRUPTED",
      payload: { path, part: "payload" },
    });
    expect(new Uint8Array(await readFile(path))).toEqual(tampered);
  });

  it("refuses an intact payload that is not wallet secrets as MALFORMED secrets", async () => {
    const path = join(await dirs.make(), "odd.json");
    // A well-formed file whose payload, under the right keys, is some other JSON document.
    const { bytes, document, dataKey } = await sealNewKeystore(argon2, PASSWORD, FLOOR_KDF, sampleSecrets());
    const nonce = new Uint8Array(12).fill(9);
    const sealed = seal(
      dataKey,
      nonce,
      new TextEncoder().encode('{"hello":1}'),
      headerAad(document.header, "payload"),
    );
    await writeFile(path, encodeKeystoreFile({ ...document, payload: { nonce, sealed } }));
    expect(await refusal(keystore.unlock(path, PASSWORD))).toMatchObject({
      code: "KEYSTORE_MALFORMED",
      payload: { reason: "secrets", field: "hello" },
    });
    await writeFile(path, bytes);
    (await keystore.unlock(path, PASSWORD)).lock();
  });

  it("refuses a weak file before any Argon2 runs, and re-encrypts it with current defaults", async () => {
    const path = join(await dirs.make(), "old.json");
    const weak = { memoryKiB: 4096, iterations: 1, parallelism: 1 };
    const { bytes } = await sealNewKeystore(argon2, PASSWORD, weak, sampleSecrets());
    await writeFile(path, bytes);
    const calls = argon2.calls();
    expect(await refusal(keystore.unlock(path, PASSWORD))).toEqual({
      code: "KEYSTORE_WEAK_KDF",
      payload: {
        path,
        memoryKiB: 4096,
        iterations: 1,
        minMemoryKiB: KDF_FLOOR.memoryKiB,
        minIterations: KDF_FLOOR.iterations,
      },
    });
    expect(argon2.calls()).toBe(calls);
    expect(new Uint8Array(await readFile(path))).toEqual(bytes);
    expect(await keystore.inspect(path)).toMatchObject({ weak: true, kdf: weak });
    // A wrong password cannot upgrade it, and leaves it as it was.
    expect((await refusal(keystore.reencrypt(path, "guess"))).code).toBe("KEYSTORE_WRONG_PASSWORD");
    expect(new Uint8Array(await readFile(path))).toEqual(bytes);
    const upgraded = await keystore.reencrypt(path, PASSWORD);
    expect(upgraded.kdf).toEqual(FLOOR_KDF);
    expect(upgraded.secrets).toEqual(sampleSecrets());
    upgraded.lock();
    expect(await keystore.inspect(path)).toMatchObject({ weak: false, kdf: FLOOR_KDF });
    (await keystore.unlock(path, PASSWORD)).lock();
  });

  it("refuses a file that asks for more than the ceiling, before any Argon2 runs", async () => {
    const path = await newKeystorePath();
    const file = new Uint8Array(await readFile(path));
    await writeFile(
      path,
      rechecksum(file, (body) => void Object.assign(body.kdf as object, { memoryKiB: 4 * 1024 * 1024 })),
    );
    const calls = argon2.calls();
    expect(await refusal(keystore.unlock(path, PASSWORD))).toMatchObject({
      code: "KEYSTORE_MALFORMED",
      payload: { reason: "field", field: "kdf.memoryKiB" },
    });
    expect(argon2.calls()).toBe(calls);
  });

  it("refuses a newer format version before any Argon2 runs", async () => {
    const path = await newKeystorePath();
    const file = new Uint8Array(await readFile(path));
    await writeFile(
      path,
      rechecksum(file, (body) => void Object.assign(body, { version: 2 })),
    );
    const calls = argon2.calls();
    expect(await refusal(keystore.unlock(path, PASSWORD))).toEqual({
      code: "KEYSTORE_UNSUPPORTED_VERSION",
      payload: { path, version: 2, supported: 1 },
    });
    expect(argon2.calls()).toBe(calls);
  });

  it("changes the password by re-wrapping the same data key", async () => {
    const path = await newKeystorePath();
    const before = decodeKeystoreFile(await readFile(path), path);
    const wallet = await keystore.unlock(path, PASSWORD);
    expect((await refusal(wallet.changePassword("not it", "new password"))).code).toBe(
      "KEYSTORE_WRONG_PASSWORD",
    );
    expect(decodeKeystoreFile(await readFile(path), path)).toEqual(before);
    await wallet.changePassword(PASSWORD, "new password");
    const after = decodeKeystoreFile(await readFile(path), path);
    expect(after.header.walletId).toBe(before.header.walletId);
    expect(after.header.kdf.salt).not.toEqual(before.header.kdf.salt);
    expect(after.wrappedKey.nonce).not.toEqual(before.wrappedKey.nonce);
    expect(after.payload.nonce).not.toEqual(before.payload.nonce);
    // The data key under the new password is the one the old password opened.
    const oldKey = unwrapDataKey(await derivePasswordKey(argon2, PASSWORD, before.header), before);
    const newKey = unwrapDataKey(await derivePasswordKey(argon2, "new password", after.header), after);
    expect(oldKey).not.toBeNull();
    expect(newKey).toEqual(oldKey);
    // Re-encryption keeps the password: it refuses any other.
    expect((await refusal(wallet.reencrypt("a third password"))).code).toBe("KEYSTORE_WRONG_PASSWORD");
    // The wallet stays usable, and saves under the new password.
    await wallet.save(sampleSecrets({ accountCount: 5 }));
    wallet.lock();
    expect((await refusal(keystore.unlock(path, PASSWORD))).code).toBe("KEYSTORE_WRONG_PASSWORD");
    const reopened = await keystore.unlock(path, "new password");
    expect(reopened.secrets.accountCount).toBe(5);
    reopened.lock();
  });

  it("saves with a new payload nonce and the same wrapped key", async () => {
    const path = await newKeystorePath();
    const wallet = await keystore.unlock(path, PASSWORD);
    const before = decodeKeystoreFile(await readFile(path), path);
    const calls = argon2.calls();
    const labels = new Map([["TIME0carol", "Carol"]]);
    await wallet.save(sampleSecrets({ labels, birthdayHeight: 99n }));
    expect(argon2.calls()).toBe(calls);
    const after = decodeKeystoreFile(await readFile(path), path);
    expect(after.wrappedKey).toEqual(before.wrappedKey);
    expect(after.header).toEqual(before.header);
    expect(after.payload.nonce).not.toEqual(before.payload.nonce);
    expect(wallet.secrets.labels).toEqual(labels);
    wallet.lock();
    const reopened = await keystore.unlock(path, PASSWORD);
    expect(reopened.secrets).toEqual(sampleSecrets({ labels, birthdayHeight: 99n }));
    reopened.lock();
  });

  it("zeroes the secrets at lock and refuses use afterwards", async () => {
    const wallet = await keystore.unlock(await newKeystorePath(), PASSWORD);
    const secrets = wallet.secrets;
    let notified = 0;
    wallet.onLock(() => notified++);
    wallet.lock();
    wallet.lock();
    expect(notified).toBe(1);
    expect(wallet.locked).toBe(true);
    expect(secrets.mnemonic.every((b) => b === 0)).toBe(true);
    expect(secrets.mnemonicPassphrase?.every((b) => b === 0)).toBe(true);
    expect(secrets.masternodeOperatorKeySeeds[0]?.seed.every((b) => b === 0)).toBe(true);
    expect(() => wallet.secrets).toThrow(expect.objectContaining({ code: "KEYSTORE_LOCKED" }));
    await expect(wallet.save(sampleSecrets())).rejects.toMatchObject({ code: "KEYSTORE_LOCKED" });
    await expect(wallet.changePassword(PASSWORD, "x")).rejects.toMatchObject({ code: "KEYSTORE_LOCKED" });
  });

  it("lets a save in flight finish without using a wiped key when lock comes first", async () => {
    const path = await newKeystorePath();
    const wallet = await keystore.unlock(path, PASSWORD);
    const pending = wallet.save(sampleSecrets({ accountCount: 3 }));
    wallet.lock();
    expect((await refusal(pending)).code).toBe("KEYSTORE_LOCKED");
    const reopened = await keystore.unlock(path, PASSWORD);
    expect(reopened.secrets.accountCount).toBe(2);
    reopened.lock();
  });

  it("inspects a file without its password", async () => {
    const path = await newKeystorePath();
    const info = await keystore.inspect(path);
    expect(info).toMatchObject({ path, version: 1, kdf: FLOOR_KDF, weak: false, belowDefaults: false });
    const strong = new Keystore({}, { argon2 });
    expect(strong.options.kdf).toEqual(DEFAULT_KDF_PARAMS);
    expect((await strong.inspect(path)).belowDefaults).toBe(true);
  });

  it("refuses options below the floor or above the ceiling", () => {
    expect(() => new Keystore({ kdf: { memoryKiB: 1024, iterations: 3, parallelism: 1 } })).toThrow(
      expect.objectContaining({
        code: "KEYSTORE_BAD_OPTIONS",
        payload: { option: "kdf.memoryKiB", actual: "1024" },
      }),
    );
    expect(() => new Keystore({ kdf: { ...FLOOR_KDF, iterations: 1 } })).toThrow(
      expect.objectContaining({ code: "KEYSTORE_BAD_OPTIONS" }),
    );
    expect(() => new Keystore({ kdf: { ...FLOOR_KDF, parallelism: 64 } })).toThrow(
      expect.objectContaining({ code: "KEYSTORE_BAD_OPTIONS" }),
    );
    expect(() => new Keystore({ backups: -1 })).toThrow(
      expect.objectContaining({ code: "KEYSTORE_BAD_OPTIONS" }),
    );
    expect(() => new Keystore({ argon2: "fast" as never })).toThrow(
      expect.objectContaining({ code: "KEYSTORE_BAD_OPTIONS" }),
    );
  });
});
