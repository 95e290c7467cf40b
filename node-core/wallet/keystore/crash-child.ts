// Child process of crash.test.ts (`node --import tsx crash-child.ts <keystore path>`, the password in
// TIME_KEYSTORE_CRASH_PASSWORD, the Argon2 backend the parent chose in TIME_KEYSTORE_CRASH_ARGON2): unlocks
// the keystore and saves it in a loop, each save with the next counter in `extra.counter`, until the
// parent kills it with SIGKILL. Prints "open <counter>" once unlocked, then "saving <n>" before and
// "saved <n>" after each save (stdout is a pipe, written synchronously), so the parent knows which
// contents the file may hold after the kill.
import { nativeArgon2 } from "./argon2-native.js";
import { wasmArgon2 } from "./argon2-wasm.js";
import { Keystore } from "./keystore.js";
import { FLOOR_KDF } from "./test-support.js";

async function main(): Promise<void> {
  const [path] = process.argv.slice(2);
  const password = process.env.TIME_KEYSTORE_CRASH_PASSWORD;
  if (!path || !password)
    throw new Error("usage: crash-child.ts <keystore path> (password in the environment)");
  const argon2 = process.env.TIME_KEYSTORE_CRASH_ARGON2 === "native" ? nativeArgon2() : wasmArgon2;
  const keystore = new Keystore({ kdf: FLOOR_KDF, backups: 5 }, { argon2 });
  const wallet = await keystore.unlock(path, password);
  let counter = Number(wallet.secrets.extra.counter);
  process.stdout.write(`open ${counter}\n`);
  for (;;) {
    counter++;
    process.stdout.write(`saving ${counter}\n`);
    await wallet.save({ ...wallet.secrets, extra: { counter, padding: "x".repeat(counter % 500) } });
    process.stdout.write(`saved ${counter}\n`);
  }
}

main().catch((err: unknown) => {
  // The keystore's errors carry no secrets, so the code and message are safe to show.
  const code = (err as { code?: unknown }).code;
  process.stderr.write(
    `crash-child failed: ${String(code ?? "")} ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
