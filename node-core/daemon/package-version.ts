// The version the command-line entry points print for --version: the "version" of the repository's
// package.json. It is looked up by walking up from this file because the source (node-core/daemon/) and the
// compiled copy (dist/node-core/daemon/) sit at different depths below it.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "timecoin-desktop";

let cached: string | undefined;

export function packageVersion(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const found = readVersion(join(dir, "package.json"));
    if (found !== undefined) {
      cached = found;
      return found;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json of ${PACKAGE_NAME} above ${import.meta.url}`);
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
  const json = JSON.parse(text) as { name?: unknown; version?: unknown };
  return json.name === PACKAGE_NAME && typeof json.version === "string" ? json.version : undefined;
}
