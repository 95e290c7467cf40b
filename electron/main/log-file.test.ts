// The log file appends across runs and rotates once over its limit.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openLogFile } from "./log-file.js";

const dir = mkdtempSync(join(tmpdir(), "log-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("openLogFile", () => {
  it("appends, and rotates an oversized log at open", async () => {
    const logs = join(dir, "logs");
    const first = openLogFile(logs, 100);
    first.write("one\n");
    await first.close();
    first.write("after close is dropped\n");
    const second = openLogFile(logs, 100);
    second.write("two\n");
    await second.close();
    expect(readFileSync(second.path, "utf8")).toBe("one\ntwo\n");
    writeFileSync(second.path, "x".repeat(200));
    const third = openLogFile(logs, 100);
    third.write("three\n");
    await third.close();
    expect(readFileSync(third.path, "utf8")).toBe("three\n");
    expect(existsSync(`${third.path}.1`)).toBe(true);
  });
});
