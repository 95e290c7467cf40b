// The version the command-line entry points print for --version (the "version" of the repository's
// package.json) and its coded error. It is looked up by walking up from this file because the source
// (node-core/daemon/) and the compiled copy (dist/node-core/daemon/) sit at different depths below it.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { NodeCoreError } from "../util/index.js";

const PACKAGE_NAME = "timecoin-desktop";

export interface PackageVersionErrorPayloads {
  /** No package.json of this package on the way up from `from` (an install missing its package.json). */
  DAEMON_NO_PACKAGE_JSON: { readonly packageName: string; readonly from: string };
  /** A package.json on the way up is not JSON. */
  DAEMON_BAD_PACKAGE_JSON: { readonly path: string; readonly reason: string };
}

export type PackageVersionErrorCode = keyof PackageVersionErrorPayloads;

export class PackageVersionError<
  C extends PackageVersionErrorCode = PackageVersionErrorCode,
> extends NodeCoreError<C, PackageVersionErrorPayloads> {
  override readonly name = "PackageVersionError";
}

let cached: { readonly dir: string; readonly version: string } | undefined;

export function packageVersion(): string {
  return findPackage().version;
}

/** The folder of the repository's package.json (where dist/ sits). */
export function packageRoot(): string {
  return findPackage().dir;
}

function findPackage(): { readonly dir: string; readonly version: string } {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const found = readVersion(join(dir, "package.json"));
    if (found !== undefined) {
      cached = { dir, version: found };
      return cached;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new PackageVersionError(
        "DAEMON_NO_PACKAGE_JSON",
        `no package.json of ${PACKAGE_NAME} above ${import.meta.url}`,
        { packageName: PACKAGE_NAME, from: import.meta.url },
      );
    }
    dir = parent;
  }
}

function readVersion(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  let json: { name?: unknown; version?: unknown } | null;
  try {
    json = JSON.parse(text) as { name?: unknown; version?: unknown } | null;
  } catch (err) {
    throw new PackageVersionError(
      "DAEMON_BAD_PACKAGE_JSON",
      `${path} is not valid JSON`,
      { path, reason: err instanceof Error ? err.message : String(err) },
      { cause: err },
    );
  }
  if (typeof json !== "object" || json === null) return undefined;
  return json.name === PACKAGE_NAME && typeof json.version === "string" ? json.version : undefined;
}
