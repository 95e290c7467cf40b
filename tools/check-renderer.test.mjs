// The renderer's import rule against small trees in a temp dir: its own files, the allowed UI libraries
// and contract types pass; node-core runtime code, node: modules, other packages and value imports of
// the contract are each named.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkRenderer } from "./check-renderer.mjs";

let repo = "";

function tree(files) {
  repo = mkdtempSync(join(tmpdir(), "check-renderer-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  return repo;
}

afterEach(() => {
  if (repo) rmSync(repo, { recursive: true, force: true });
  repo = "";
});

const contract = {
  "electron/contract.ts":
    'import type { ApiMethods } from "../node-core/api/contract.js";\nexport type { ApiMethods };\n',
  "node-core/api/contract.ts": "export type ApiMethods = {};\n",
};

describe("checkRenderer", () => {
  it("passes own files, the UI libraries and contract types", () => {
    tree({
      ...contract,
      "renderer/src/a.tsx":
        'import { useState } from "react";\nimport { create } from "zustand";\nimport { b } from "./b.js";\n' +
        'import type { TimeBridge } from "../../electron/contract.js";\nimport { wordlist } from "@scure/bip39/wordlists/english.js";\n',
      "renderer/src/b.ts": "export const b = 1;\n",
      "renderer/src/b.test.ts": 'import { it } from "vitest";\n',
    });
    expect(checkRenderer(repo)).toEqual([]);
  });

  it("names every kind of broken import", () => {
    tree({
      ...contract,
      "renderer/src/node.ts": 'import { readFile } from "node:fs";\n',
      "renderer/src/core.ts": 'import { apiMethods } from "../../node-core/api/index.js";\n',
      "renderer/src/value.ts": 'import { x } from "../../electron/contract.js";\n',
      "renderer/src/pkg.ts": 'import lodash from "lodash";\nimport "electron";\n',
      "renderer/src/dyn.ts": 'const m = import("../../node-core/api/contract.js");\n',
    });
    const problems = checkRenderer(repo).join("\n");
    expect(problems).toContain("renderer/src/node.ts: imports node:fs");
    expect(problems).toContain(
      "renderer/src/core.ts: imports ../../node-core/api/index.js, outside the renderer",
    );
    expect(problems).toContain(
      "renderer/src/value.ts: imports ../../electron/contract.js for more than types",
    );
    expect(problems).toContain("renderer/src/pkg.ts: imports lodash");
    expect(problems).toContain("renderer/src/pkg.ts: imports electron");
    expect(problems).toContain(
      "renderer/src/dyn.ts: imports ../../node-core/api/contract.js for more than types",
    );
  });

  it("holds the contract file to types only", () => {
    tree({ ...contract, "electron/contract.ts": 'import { z } from "zod";\n' });
    expect(checkRenderer(repo)).toEqual(["electron/contract.ts: imports zod for more than types"]);
  });
});
