// The tamper test: every single-bit flip of a small keystore file, written to disk and unlocked with the
// right password, is refused as KEYSTORE_CORRUPTED (never a wrong password, never a success), leaves the
// file as it was, and is caught before Argon2 runs: the checksum and the canonical-text rule catch every
// flip, so thousands of flips cost no key derivation at all.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type CorruptedPart, isKeystoreError } from "./errors.js";
import { Keystore } from "./keystore.js";
import { countingBackend, FLOOR_KDF, PASSWORD, sampleSecrets, tempDirs } from "./test-support.js";

const dirs = tempDirs();

afterAll(async () => {
  await dirs.cleanup();
});

describe("single-bit flips", () => {
  it("every flip of every byte fails to unlock as KEYSTORE_CORRUPTED, before any Argon2", async () => {
    const argon2 = await countingBackend();
    const keystore = new Keystore({ kdf: FLOOR_KDF, backups: 0 }, { argon2 });
    const path = join(await dirs.make(), "small.json");
    const secrets = sampleSecrets({
      labels: new Map(),
      addressBook: [],
      masternodeOperatorKeySeeds: [],
      extra: {},
    });
    (await keystore.create(path, PASSWORD, secrets)).lock();
    const original = new Uint8Array(await readFile(path));
    // The intact file opens (so a flip that slipped through would open too, or fail otherwise).
    (await keystore.unlock(path, PASSWORD)).lock();
    const derivations = argon2.calls();

    const parts = new Map<CorruptedPart, number>();
    const other: string[] = [];
    const changed: string[] = [];
    for (let byte = 0; byte < original.length; byte++) {
      for (let bit = 0; bit < 8; bit++) {
        const flipped = new Uint8Array(original);
        flipped[byte] = (flipped[byte] as number) ^ (1 << bit);
        await writeFile(path, flipped);
        const outcome = await keystore.unlock(path, PASSWORD).then(
          (wallet) => {
            wallet.lock();
            return "unlocked";
          },
          (err: unknown) => err,
        );
        if (isKeystoreError(outcome) && outcome.code === "KEYSTORE_CORRUPTED") {
          const part = (outcome.payload as { readonly part: CorruptedPart }).part;
          parts.set(part, (parts.get(part) ?? 0) + 1);
        } else {
          other.push(`byte ${byte} bit ${bit}: ${isKeystoreError(outcome) ? outcome.code : String(outcome)}`);
        }
        // Unlock only reads: the flipped file is still exactly what was written. (Buffer.equals, since
        // expect's deep equality over thousands of files of bytes would dominate the run time.)
        if (!(await readFile(path)).equals(flipped)) changed.push(`byte ${byte} bit ${bit}`);
      }
    }

    expect(other).toEqual([]);
    expect(changed).toEqual([]);
    const total = [...parts.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(original.length * 8);
    expect(total).toBeGreaterThan(3000);
    // Flips break the JSON, change a value the checksum covers, or (rarely: a base64 "L/" becoming "\\/")
    // spell the text in a way the writer never does. The file has no tabs or carriage returns, so no flip
    // turns its whitespace into other whitespace.
    expect([...parts.keys()].every((part) => ["json", "encoding", "checksum"].includes(part))).toBe(true);
    expect(parts.get("json")).toBeGreaterThan(0);
    expect(parts.get("checksum")).toBeGreaterThan(0);
    expect(argon2.calls()).toBe(derivations);
  }, 120_000);
});
