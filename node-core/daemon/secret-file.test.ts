// The shared secret-file reader on real files: contents come back as read; a directory, a missing file,
// an oversized file or standard input, and a file others can read are refused with coded errors that name
// the path and never carry the content; SecretFileError crosses toObject()/fromObject() intact.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NodeCoreError } from "../util/index.js";
import { MAX_SECRET_FILE_BYTES, readSecretText, SecretFileError, STDIN_FILE } from "./secret-file.js";

const dir = mkdtempSync(join(tmpdir(), "secret-file-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

async function refusal(promise: Promise<unknown>): Promise<SecretFileError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SecretFileError);
  return err as SecretFileError;
}

describe("readSecretText", () => {
  it("returns the file's text, and standard input's for '-'", async () => {
    expect(await readSecretText({ path: file("a", "zebra apple\n"), what: "mnemonic" })).toBe(
      "zebra apple\n",
    );
    const readIn = async function* () {
      yield Buffer.from("zebra ");
      yield Buffer.from("apple");
    };
    expect(await readSecretText({ path: STDIN_FILE, what: "mnemonic", readIn })).toBe("zebra apple");
  });

  it("refuses a missing file, a directory and oversized input without their content", async () => {
    let err = await refusal(readSecretText({ path: join(dir, "missing"), what: "mnemonic" }));
    expect(err.code).toBe("SECRET_FILE_UNREADABLE");
    expect(err.payload).toEqual({ path: join(dir, "missing"), reason: "no such file" });
    err = await refusal(readSecretText({ path: dir, what: "mnemonic" }));
    expect(err.message).toBe(`mnemonic file ${dir} is not a regular file`);
    const big = file("big", Buffer.alloc(MAX_SECRET_FILE_BYTES + 1, "q"));
    err = await refusal(readSecretText({ path: big, what: "mnemonic" }));
    expect(err.code).toBe("SECRET_FILE_TOO_LARGE");
    expect(err.message).not.toContain("qqqq");
    const flood = async function* () {
      for (let i = 0; i < 100; i++) yield Buffer.alloc(1024, "q");
    };
    err = await refusal(readSecretText({ path: STDIN_FILE, what: "mnemonic", readIn: flood }));
    expect(err.code).toBe("SECRET_FILE_TOO_LARGE");
  });

  it.skipIf(process.platform === "win32")("refuses a file others can read only when asked to", async () => {
    const open = file("open", "secret words", 0o604);
    expect(await readSecretText({ path: open, what: "cookie" })).toBe("secret words");
    const err = await refusal(readSecretText({ path: open, what: "cookie", requirePrivate: true }));
    expect(err.code).toBe("SECRET_FILE_NOT_PRIVATE");
    expect(err.payload).toEqual({ path: open, mode: "604" });
    expect(err.message).toContain(`chmod 600 ${open}`);
    expect(err.message).not.toContain("secret words");
  });

  it("SecretFileError round-trips through its wire form", () => {
    const err = new SecretFileError("SECRET_FILE_NOT_PRIVATE", "m", { path: "/k", mode: "644" });
    const back = NodeCoreError.fromObject(JSON.parse(JSON.stringify(err.toObject())));
    expect(back.toObject()).toEqual({
      code: "SECRET_FILE_NOT_PRIVATE",
      message: "m",
      payload: { path: "/k", mode: "644" },
    });
  });
});
