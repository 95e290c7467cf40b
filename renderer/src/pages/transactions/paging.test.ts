// Older history pages: offered only after a full first page, offsets follow what is loaded, rows that a
// shifted offset repeats are dropped, and a short page ends it.
import { describe, expect, it } from "vitest";
import { mayHaveOlder, NO_OLDER, nextSkip, PAGE_ROWS, withOlderPage } from "./paging.js";

const rows = (...ids: string[]) => ids.map((txid) => ({ txid }));

describe("older history pages", () => {
  it("is offered only when the first page was full", () => {
    expect(mayHaveOlder(PAGE_ROWS - 1, NO_OLDER)).toBe(false);
    expect(mayHaveOlder(PAGE_ROWS, NO_OLDER)).toBe(true);
  });

  it("reads on after what is loaded and drops rows it already has", () => {
    const first = rows("f", "e", "d");
    expect(nextSkip(first.length, NO_OLDER)).toBe(3);
    // Two new transactions arrived: the page read at skip 3 starts with d again.
    const one = withOlderPage(first, NO_OLDER, rows("d", "c", "b"), 3);
    expect(one).toEqual({ rows: rows("c", "b"), more: true });
    expect(nextSkip(first.length, one)).toBe(5);
    const two = withOlderPage(first, one, rows("b", "a"), 3);
    expect(two).toEqual({ rows: rows("c", "b", "a"), more: false });
    expect(mayHaveOlder(PAGE_ROWS, two)).toBe(false);
  });
});
