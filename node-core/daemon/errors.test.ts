// The daemon's errors are NodeCoreErrors: StartError, time-cli's CliError and PackageVersionError cross
// toObject()/fromObject() through JSON with code, message and payload intact; CliError's exit code is how
// the process ends, not part of the error, and stays behind. packageVersion() finds the repository's version.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hasErrorCode, isNodeCoreError, NodeCoreError } from "../util/index.js";
import { PackageVersionError, packageVersion } from "./package-version.js";
import { StartError, type StartErrorCode } from "./start-error.js";
import { CliError, type CliErrorCode, EXIT_INTERNAL, EXIT_USAGE } from "./time-cli/errors.js";

const overTheWire = (err: { toObject(): object }): NodeCoreError =>
  NodeCoreError.fromObject(JSON.parse(JSON.stringify(err.toObject())));

describe("StartError", () => {
  const codes: readonly StartErrorCode[] = [
    "START_USAGE",
    "START_DATADIR_NOT_DIRECTORY",
    "START_DATADIR_UNWRITABLE",
    "START_STORE_UNAVAILABLE",
  ];
  it.each(codes)("%s round-trips with code, message and payload", (code) => {
    const err = new StartError(code, "cannot use /tmp/x", {
      option: "--datadir",
      path: "/tmp/x",
      causeCode: "EACCES",
    });
    expect(isNodeCoreError(err, "START_")).toBe(true);
    const back = overTheWire(err);
    expect(hasErrorCode(back, code)).toBe(true);
    expect(back.toObject()).toEqual({
      code,
      message: "cannot use /tmp/x",
      payload: { option: "--datadir", path: "/tmp/x", causeCode: "EACCES" },
    });
  });
});

describe("CliError", () => {
  const codes: readonly CliErrorCode[] = [
    "CLI_USAGE",
    "CLI_BAD_NUMBER",
    "CLI_FILE_UNREADABLE",
    "CLI_FILE_TOO_LARGE",
  ];
  it.each(codes)("%s round-trips with code, message and payload", (code) => {
    const err = new CliError(code, "bad --count", { option: "--count" }, EXIT_INTERNAL);
    expect(err.exitCode).toBe(EXIT_INTERNAL);
    expect(new CliError(code, "x").exitCode).toBe(EXIT_USAGE);
    const back = overTheWire(err);
    expect(hasErrorCode(back, code)).toBe(true);
    expect(back.message).toBe("bad --count");
    expect(back.payload).toEqual({ option: "--count" });
  });
});

describe("packageVersion and PackageVersionError", () => {
  it("finds the version of the repository's package.json", () => {
    const json = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect(packageVersion()).toBe(json.version);
  });

  it("both codes round-trip with code, message and payload", () => {
    const missing = new PackageVersionError("DAEMON_NO_PACKAGE_JSON", "no package.json", {
      packageName: "timecoin-desktop",
      from: "file:///opt/time/daemon/package-version.js",
    });
    const bad = new PackageVersionError("DAEMON_BAD_PACKAGE_JSON", "/x/package.json is not valid JSON", {
      path: "/x/package.json",
      reason: "Unexpected token",
    });
    for (const err of [missing, bad]) {
      expect(isNodeCoreError(err, "DAEMON_")).toBe(true);
      expect(overTheWire(err).toObject()).toEqual(err.toObject());
    }
  });
});
