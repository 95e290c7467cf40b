import { describe, expect, it } from "vitest";
import { parseCommand } from "./command-line.js";
import { MASK, maskCommand, takesSecrets } from "./secrets.js";

const mask = (line: string, order: readonly string[] | null) => {
  const parsed = parseCommand(line);
  if (!parsed.ok) throw new Error(parsed.problem);
  return maskCommand(parsed.method, parsed.args, order);
};

describe("maskCommand", () => {
  it("masks the password of walletpassphrase and keeps the rest readable", () => {
    const line = mask("walletpassphrase hunter2secret 60 mywallet", ["passphrase", "timeout", "wallet_name"]);
    expect(line).toBe(`walletpassphrase ${MASK} 60 mywallet`);
    expect(line).not.toContain("hunter2secret");
  });
  it("masks quoted recovery words and both passwords", () => {
    const restore = mask('restorewallet w "abandon ability able about" pw1 extra', [
      "wallet_name",
      "mnemonic",
      "passphrase",
      "mnemonic_passphrase",
    ]);
    expect(restore).toBe(`restorewallet w ${MASK} ${MASK} ${MASK}`);
    expect(mask("walletpassphrasechange old1 new2", ["oldpassphrase", "newpassphrase", "wallet_name"])).toBe(
      `walletpassphrasechange ${MASK} ${MASK}`,
    );
  });
  it("masks secret keys of a named-params object", () => {
    const line = mask('createwallet {"wallet_name":"a","passphrase":"s3cret"}', null);
    expect(line).toBe(`createwallet {"wallet_name":"a","passphrase":"${MASK}"}`);
  });
  it("masks every argument of a secret-taking method when the param order is unknown", () => {
    expect(mask("loadwallet w s3cret", null)).toBe(`loadwallet ${MASK} ${MASK}`);
    expect(mask("getblock abc 1", null)).toBe("getblock abc 1");
  });
});

describe("takesSecrets", () => {
  it("knows methods by their param names, or by name without them", () => {
    expect(takesSecrets("createwallet", ["wallet_name", "passphrase", "words"])).toBe(true);
    expect(takesSecrets("getblock", ["blockhash", "verbosity"])).toBe(false);
    expect(takesSecrets("walletpassphrase", null)).toBe(true);
  });
});
