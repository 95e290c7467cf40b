// The layer checker against small node-core trees made in a temp dir: it passes a tree that follows its
// table and names each kind of broken import (a later layer, a sibling, reaching past an index, product
// code importing testing/), so `npm run lint` cannot silently stop enforcing the rule.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkLayers, parseLayerTable } from "./check-layers.mjs";

const README = `# node-core

| folder | owns |
| ------ | ---- |
| \`types/\` | types |
| \`kernel/\` | rules |
| \`consensus/snowball/\`, \`consensus/tsdc/\` | engines |
| \`chain/\` | import |
| \`testing/\` | builders |
`;

let root = "";

function tree(files) {
  root = mkdtempSync(join(tmpdir(), "check-layers-"));
  writeFileSync(join(root, "README.md"), README);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = "";
});

const base = {
  "types/index.ts": "export type A = number;\n",
  "types/a.ts": "export type B = string;\n",
  "kernel/index.ts": 'import type { A } from "../types/index.js";\nexport const x: A = 1;\n',
  "consensus/snowball/index.ts": 'import { x } from "../../kernel/index.js";\nexport const y = x;\n',
  "consensus/tsdc/index.ts": "export const z = 1;\n",
  "chain/index.ts": 'export { y } from "../consensus/snowball/index.js";\n',
  "testing/index.ts": 'import { y } from "../chain/index.js";\nexport const t = y;\n',
};

describe("check-layers", () => {
  it("reads the table's rows in order, siblings sharing a rank", () => {
    const rank = parseLayerTable(README);
    expect([...rank.entries()]).toEqual([
      ["types", 0],
      ["kernel", 1],
      ["consensus/snowball", 2],
      ["consensus/tsdc", 2],
      ["chain", 3],
      ["testing", 4],
    ]);
  });

  it("accepts a tree that follows the table", () => {
    expect(checkLayers(tree(base))).toEqual([]);
  });

  it("names an upward import", () => {
    const problems = checkLayers(
      tree({ ...base, "kernel/up.ts": 'import { y } from "../chain/index.js";\nexport const u = y;\n' }),
    );
    expect(problems).toEqual(["kernel/up.ts: imports ../chain/index.js, a later layer (kernel/ -> chain/)"]);
  });

  it("names an import between siblings", () => {
    const problems = checkLayers(
      tree({ ...base, "consensus/tsdc/s.ts": 'export { y } from "../snowball/index.js";\n' }),
    );
    expect(problems).toEqual([
      "consensus/tsdc/s.ts: imports ../snowball/index.js, a sibling layer (consensus/tsdc/ -> consensus/snowball/)",
    ]);
  });

  it("names product code reaching past an index, but lets tests reach in", () => {
    const problems = checkLayers(
      tree({
        ...base,
        "kernel/deep.ts": 'import type { B } from "../types/a.js";\nexport type C = B;\n',
        "kernel/deep.test.ts": 'import type { B } from "../types/a.js";\nexport type D = B;\n',
      }),
    );
    expect(problems).toEqual(["kernel/deep.ts: reaches into types/ (../types/a.js); import types/index.js"]);
  });

  it("names product code importing testing/, but lets tests use it", () => {
    const problems = checkLayers(
      tree({
        ...base,
        "kernel/uses-testing.ts": 'export { t } from "../testing/index.js";\n',
        "kernel/ok.test.ts": 'export { t } from "../testing/index.js";\n',
      }),
    );
    expect(problems).toEqual(["kernel/uses-testing.ts: product code imports testing/ (../testing/index.js)"]);
  });

  it("names a folder missing from the table and a UI import", () => {
    const problems = checkLayers(
      tree({ ...base, "wallet/index.ts": "export const w = 1;\n", "types/ui.ts": 'import "react";\n' }),
    );
    expect(problems.sort()).toEqual([
      "types/ui.ts: imports react",
      "wallet/index.ts: its folder is not in the layer table of node-core/README.md",
    ]);
  });
});
