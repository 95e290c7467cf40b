// Wallet names as they appear in file names (`<name>.json` in the wallets directory): 1 to 64 characters
// of ASCII letters, digits, space, hyphen and underscore, starting and ending with a letter or digit, and
// none of the names Windows reserves for devices. No dots and no path separators, so a name can never
// reach outside the directory or collide with a backup (`<name>.json.bak1`) or a temporary file. Names
// are compared without case, as the file systems of Windows and macOS do.
import { KeystoreError } from "./errors.js";

export const MAX_WALLET_NAME_LENGTH = 64;

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9 _-]*[A-Za-z0-9])?$/;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

function refuse(name: string, rule: string): never {
  // The name is echoed back only when it is printable and short, so an error message never carries junk.
  const shown = /^[\x20-\x7e]{0,80}$/.test(name) ? name : "(unprintable or too long)";
  throw new KeystoreError("KEYSTORE_BAD_NAME", `bad wallet name: ${rule}`, { name: shown, rule });
}

/** Throws KEYSTORE_BAD_NAME unless `name` follows the rule above. */
export function checkWalletName(name: string): void {
  if (typeof name !== "string" || name.length === 0) refuse(String(name ?? ""), "must not be empty");
  if (name.length > MAX_WALLET_NAME_LENGTH)
    refuse(name, `must be at most ${MAX_WALLET_NAME_LENGTH} characters`);
  if (!NAME.test(name)) {
    refuse(
      name,
      "may hold only letters A-Z, digits, spaces, hyphens and underscores, and must start and end with a letter or digit",
    );
  }
  if (WINDOWS_DEVICE.test(name)) refuse(name, "is a name Windows reserves for a device");
}

/** True when `name` is a valid wallet name. */
export function isValidWalletName(name: string): boolean {
  try {
    checkWalletName(name);
    return true;
  } catch {
    return false;
  }
}

/** The form names are compared in (file systems on Windows and macOS ignore case). */
export function walletNameKey(name: string): string {
  return name.toLowerCase();
}
