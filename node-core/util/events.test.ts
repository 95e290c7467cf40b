// EventHub: listeners run in subscription order, unsubscribing (even from inside an emit) takes effect at
// the next emit, and a throwing listener (or one whose promise rejects) is logged, never rethrown, and
// never skips the listeners after it or surfaces later as an uncaught exception or unhandled rejection.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EventHub } from "./events.js";
import { type Logger, memoryLogger } from "./logger.js";

interface TestEvents {
  "chain:block": { readonly height: number };
  "chain:rollback": { readonly to: number };
}

describe("EventHub", () => {
  it("takes only `domain:event` names (checked by tsc)", () => {
    // @ts-expect-error "block" has no domain
    const bad: EventHub<{ block: number }> | null = null;
    expect(bad).toBeNull();
  });

  it("calls the listeners of an event in subscription order, with the payload", () => {
    const hub = new EventHub<TestEvents>(memoryLogger());
    const calls: string[] = [];
    hub.on("chain:block", (p) => calls.push(`a${p.height}`));
    hub.on("chain:rollback", (p) => calls.push(`r${p.to}`));
    hub.on("chain:block", (p) => calls.push(`b${p.height}`));
    hub.emit("chain:block", { height: 7 });
    expect(calls).toEqual(["a7", "b7"]);
    hub.emit("chain:rollback", { to: 3 });
    expect(calls).toEqual(["a7", "b7", "r3"]);
  });

  it("unsubscribe stops delivery and is idempotent", () => {
    const hub = new EventHub<TestEvents>(memoryLogger());
    const calls: number[] = [];
    const off = hub.on("chain:block", (p) => calls.push(p.height));
    const same = (p: { height: number }) => calls.push(p.height * 10);
    hub.on("chain:block", same);
    hub.emit("chain:block", { height: 1 });
    off();
    off();
    hub.emit("chain:block", { height: 2 });
    expect(calls).toEqual([1, 10, 20]);
    expect(hub.listenerCount("chain:block")).toBe(1);
  });

  it("the same function subscribed twice is delivered twice and unsubscribed one at a time", () => {
    const hub = new EventHub<TestEvents>(memoryLogger());
    const calls: number[] = [];
    const f = (p: { height: number }) => calls.push(p.height);
    const off1 = hub.on("chain:block", f);
    hub.on("chain:block", f);
    hub.emit("chain:block", { height: 1 });
    off1();
    hub.emit("chain:block", { height: 2 });
    expect(calls).toEqual([1, 1, 2]);
  });

  it("unsubscribing during an emit does not skip the listeners of that emit, and holds from the next", () => {
    const hub = new EventHub<TestEvents>(memoryLogger());
    const calls: string[] = [];
    let offB = (): void => {};
    hub.on("chain:block", () => {
      calls.push("a");
      offB();
    });
    offB = hub.on("chain:block", () => calls.push("b"));
    hub.on("chain:block", () => calls.push("c"));
    hub.emit("chain:block", { height: 1 });
    hub.emit("chain:block", { height: 2 });
    expect(calls).toEqual(["a", "b", "c", "a", "c"]);
  });

  it("a listener that unsubscribes itself runs once", () => {
    const hub = new EventHub<TestEvents>(memoryLogger());
    let runs = 0;
    const off = hub.on("chain:block", () => {
      runs++;
      off();
    });
    hub.emit("chain:block", { height: 1 });
    hub.emit("chain:block", { height: 2 });
    expect(runs).toBe(1);
    expect(hub.listenerCount("chain:block")).toBe(0);
  });

  it("a listener subscribed during an emit first hears the next emit", () => {
    const hub = new EventHub<TestEvents>(memoryLogger());
    const calls: number[] = [];
    hub.on("chain:block", () => {
      if (calls.length === 0) hub.on("chain:block", (p) => calls.push(p.height * 100));
      calls.push(0);
    });
    hub.emit("chain:block", { height: 1 });
    hub.emit("chain:block", { height: 2 });
    expect(calls).toEqual([0, 0, 200]);
  });

  it("emitting with no listeners does nothing", () => {
    const log = memoryLogger();
    new EventHub<TestEvents>(log).emit("chain:rollback", { to: 0 });
    expect(log.entries).toEqual([]);
  });

  describe("a throwing listener", () => {
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown): void => {
      uncaught.push(err);
    };
    beforeEach(() => {
      uncaught.length = 0;
      process.on("uncaughtException", onUncaught);
      process.on("unhandledRejection", onUncaught);
    });
    afterEach(() => {
      process.off("uncaughtException", onUncaught);
      process.off("unhandledRejection", onUncaught);
    });

    it("is logged with the event and its error, the others still run, and emit returns normally", async () => {
      const log = memoryLogger();
      const hub = new EventHub<TestEvents>(log);
      const boom = new Error("listener bug");
      const calls: string[] = [];
      hub.on("chain:block", () => calls.push("first"));
      hub.on("chain:block", () => {
        throw boom;
      });
      hub.on("chain:block", () => calls.push("third"));
      expect(() => hub.emit("chain:block", { height: 1 })).not.toThrow();
      expect(calls).toEqual(["first", "third"]);
      expect(log.at("error")).toHaveLength(1);
      expect(log.at("error")[0]?.obj).toEqual({ event: "chain:block", err: boom });
      // Let microtasks and a macrotask pass: nothing may surface later either.
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(uncaught).toEqual([]);
      // The hub still works afterwards.
      hub.emit("chain:block", { height: 2 });
      expect(calls).toEqual(["first", "third", "first", "third"]);
      expect(log.at("error")).toHaveLength(2);
    });

    it("a throwing logger does not escape either", async () => {
      const broken: Logger = {
        ...memoryLogger(),
        error: () => {
          throw new Error("logger down");
        },
      };
      const hub = new EventHub<TestEvents>(broken);
      let after = false;
      hub.on("chain:block", () => {
        throw new Error("x");
      });
      hub.on("chain:block", () => {
        after = true;
      });
      expect(() => hub.emit("chain:block", { height: 1 })).not.toThrow();
      expect(after).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(uncaught).toEqual([]);
    });

    it("an async listener's rejection is logged like a throw, not left unhandled", async () => {
      const log = memoryLogger();
      const hub = new EventHub<TestEvents>(log);
      const boom = new Error("async listener bug");
      const calls: string[] = [];
      hub.on("chain:block", async () => {
        await Promise.resolve();
        throw boom;
      });
      hub.on("chain:block", () => calls.push("second"));
      expect(() => hub.emit("chain:block", { height: 1 })).not.toThrow();
      expect(calls).toEqual(["second"]);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(uncaught).toEqual([]);
      expect(log.at("error")).toHaveLength(1);
      expect(log.at("error")[0]?.obj).toEqual({ event: "chain:block", err: boom });
      expect(log.at("error")[0]?.msg).toBe("a listener of chain:block rejected");
    });

    it("a listener returning a thenable that rejects is covered too, and a resolved one logs nothing", async () => {
      const log = memoryLogger();
      const hub = new EventHub<TestEvents>(log);
      const thenable = {
        // biome-ignore lint/suspicious/noThenProperty: a non-Promise thenable is exactly what this test needs
        then(_ok: unknown, fail: (err: unknown) => void): void {
          fail("thenable refused");
        },
      };
      hub.on("chain:block", () => thenable as unknown as undefined);
      hub.on("chain:rollback", async () => {});
      hub.emit("chain:block", { height: 1 });
      hub.emit("chain:rollback", { to: 0 });
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(log.at("error").map((e) => e.obj)).toEqual([{ event: "chain:block", err: "thenable refused" }]);
      expect(uncaught).toEqual([]);
    });

    it("a rejection reported to a throwing logger does not surface either", async () => {
      const broken: Logger = {
        ...memoryLogger(),
        error: () => {
          throw new Error("logger down");
        },
      };
      const hub = new EventHub<TestEvents>(broken);
      hub.on("chain:block", () => Promise.reject(new Error("x")));
      hub.emit("chain:block", { height: 1 });
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(uncaught).toEqual([]);
    });
  });
});
