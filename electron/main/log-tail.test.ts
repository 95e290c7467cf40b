// The log tail keeps the last lines whole across chunk borders, bounded in count and length.
import { describe, expect, it } from "vitest";
import { LogTail } from "./log-tail.js";

describe("LogTail", () => {
  it("joins lines split across chunks and keeps the last ones", () => {
    const tail = new LogTail(3);
    tail.push('{"msg":"a"}\n{"ms');
    tail.push('g":"b"}\r\n\nc\nd\npart');
    expect(tail.snapshot()).toEqual(["c", "d", "part"]);
    tail.push("ial\n");
    expect(tail.snapshot()).toEqual(["c", "d", "partial"]);
  });

  it("cuts runaway lines", () => {
    const tail = new LogTail(5, 10);
    tail.push(`${"x".repeat(50)}\n`);
    tail.push("y".repeat(50));
    expect(tail.snapshot()).toEqual([`${"x".repeat(10)}…`, "y".repeat(10)]);
  });
});
