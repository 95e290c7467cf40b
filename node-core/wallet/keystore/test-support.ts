// Shared by the keystore's tests: sample secrets, the cheapest Argon2 parameters the policy accepts (the
// floor, so tests run in milliseconds without any bypass of the policy), temporary directories, and a
// backend wrapper that counts derivations (to show which refusals come before Argon2).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Argon2Backend, selectArgon2Backend } from "./kdf.js";
import { KDF_FLOOR } from "./options.js";
import type { WalletSecrets } from "./secrets.js";

/** The floor itself, one lane: the fastest parameters a file may have and still unlock. */
export const FLOOR_KDF = Object.freeze({
  memoryKiB: KDF_FLOOR.memoryKiB,
  iterations: KDF_FLOOR.iterations,
  parallelism: 1,
});

/** A test password; never printed. */
export const PASSWORD = "correct horse battery staple";

/** A made-up mnemonic phrase (the keystore treats it as opaque bytes). */
export const MNEMONIC =
  "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";

export function sampleSecrets(overrides: Partial<WalletSecrets> = {}): WalletSecrets {
  return {
    mnemonic: new TextEncoder().encode(MNEMONIC),
    mnemonicPassphrase: new TextEncoder().encode("extra words"),
    accountCount: 2,
    labels: new Map([
      ["TIME0k8ZJx9example", "savings"],
      ["ab".repeat(32), "rent for March"],
    ]),
    addressBook: [
      { address: "TIME0alice", label: "Alice" },
      { address: "TIME0bob", label: "Bob", note: "pays in TIME" },
    ],
    masternodeOperatorKeySeeds: [{ label: "gold-1", seed: new Uint8Array(32).fill(7) }],
    birthdayHeight: 12_345n,
    extra: { theme: "dark", hidden: ["TIME0old"], nested: { n: 1, ok: true, none: null } },
    ...overrides,
  };
}

/** A new temporary directory; `cleanup` removes every one made. */
export function tempDirs(): { make(): Promise<string>; cleanup(): Promise<void> } {
  const made: string[] = [];
  return {
    async make() {
      const dir = await mkdtemp(join(tmpdir(), "time-keystore-"));
      made.push(dir);
      return dir;
    },
    async cleanup() {
      for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The backend `auto` picks, wrapped so tests can see how many derivations ran. */
export async function countingBackend(): Promise<Argon2Backend & { readonly calls: () => number }> {
  const inner = await selectArgon2Backend("auto");
  let calls = 0;
  return {
    name: inner.name,
    derive(password, salt, params) {
      calls++;
      return inner.derive(password, salt, params);
    },
    calls: () => calls,
  };
}
