// The cookie file of cookie authentication (as Bitcoin Core): `<datadir>/.cookie` holding
// "__cookie__:<random hex>", a new random password every start, readable by the owner only (0600), deleted
// on stop. A stale file from an unclean stop is replaced, never reused.
import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { RpcError } from "./errors.js";
import { COOKIE_USER } from "./options.js";

export const COOKIE_FILE = ".cookie";

export interface Cookie {
  readonly path: string;
  /** The password; never logged. */
  readonly password: string;
}

export async function writeCookie(dir: string): Promise<Cookie> {
  const path = join(dir, COOKIE_FILE);
  const temp = `${path}.${process.pid}.tmp`;
  const password = randomBytes(32).toString("hex");
  try {
    await rm(temp, { force: true });
    // Created 0600 ("wx": never through a file or link someone else put there), then moved into place.
    const handle = await open(temp, "wx", 0o600);
    try {
      await handle.writeFile(`${COOKIE_USER}:${password}`);
      await handle.chmod(0o600);
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => {});
    throw new RpcError("RPC_COOKIE_FAILED", `cannot write the RPC cookie file ${path}`, {
      path,
      reason: error instanceof Error ? error.message : String(error),
    });
  }
  return { path, password };
}

export async function removeCookie(cookie: Cookie): Promise<void> {
  await rm(cookie.path, { force: true });
}
