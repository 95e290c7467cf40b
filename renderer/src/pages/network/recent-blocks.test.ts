import { describe, expect, it } from "vitest";
import { type BlockRow, mergeBlock } from "./recent-blocks.js";

const row = (height: number, hash = `h${height}`): BlockRow => ({
  hash,
  height,
  timestamp: height * 1000,
  proposer: "p",
  transactions: 1,
  voters: [],
});

describe("mergeBlock", () => {
  it("keeps the newest first and bounds the list", () => {
    let rows: BlockRow[] = [];
    for (let h = 1; h <= 15; h++) rows = mergeBlock(rows, row(h), 10);
    expect(rows.map((r) => r.height)).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6]);
  });
  it("places a late block by height and lets a new block at a height replace the old one", () => {
    const rows = mergeBlock([row(5), row(3)], row(4));
    expect(rows.map((r) => r.height)).toEqual([5, 4, 3]);
    const replaced = mergeBlock(rows, row(4, "other"));
    expect(replaced.map((r) => r.hash)).toEqual(["h5", "other", "h3"]);
  });
});
