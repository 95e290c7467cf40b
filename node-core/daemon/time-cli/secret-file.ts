// time-cli's reading of the mnemonic and passphrase files on the shared secret-file reader (../secret-file.ts):
// its errors become CliErrors naming the option, so they end as one stderr line with exit code 2.
import { readSecretText, SecretFileError, STDIN_FILE } from "../secret-file.js";
import type { CliIo } from "./context.js";
import { CliError } from "./errors.js";

export { STDIN_FILE };

export async function readSecretFile(
  path: string,
  what: string,
  option: string,
  io: Pick<CliIo, "readIn">,
): Promise<string> {
  try {
    return await readSecretText({ path, what, readIn: () => io.readIn() });
  } catch (err) {
    if (!(err instanceof SecretFileError)) throw err;
    const code = err.code === "SECRET_FILE_TOO_LARGE" ? "CLI_FILE_TOO_LARGE" : "CLI_FILE_UNREADABLE";
    throw new CliError(code, err.message, { path, option }, undefined, { cause: err });
  }
}

/** A passphrase file holds the passphrase exactly, except that one final line break is not part of it. */
export function passphraseFromFile(text: string): string {
  return text.replace(/\r?\n$/, "");
}
