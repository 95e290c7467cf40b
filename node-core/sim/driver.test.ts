import { describe, expect, it } from "vitest";
import { VirtualTime } from "../consensus/virtual-time.js";
import { AsyncTracker, driveVirtualTime, NodeTimers } from "./driver.js";

describe("NodeTimers", () => {
  it("runs timers through virtual time and kill() cancels every one of them", () => {
    const time = new VirtualTime(0);
    const timers = new NodeTimers(time);
    const ran: string[] = [];
    timers.after(10, () => ran.push("a"));
    const cancelB = timers.after(20, () => ran.push("b"));
    timers.after(30, () => ran.push("c"));
    cancelB();
    time.runUntil(15);
    expect(ran).toEqual(["a"]);
    expect(timers.pending).toBe(1);
    timers.kill();
    expect(timers.pending).toBe(0);
    expect(time.pendingTasks()).toBe(0);
    timers.after(1, () => ran.push("after-kill"));
    time.runUntilIdle();
    expect(ran).toEqual(["a"]);
    expect(timers.killed).toBe(true);
  });
});

describe("driveVirtualTime", () => {
  it("settles a task's promises before the next task runs, in virtual-time order", async () => {
    const time = new VirtualTime(0);
    const tracker = new AsyncTracker();
    const log: string[] = [];
    const slow = async (label: string) => {
      for (let i = 0; i < 5; i++) await Promise.resolve();
      return label;
    };
    time.after(10, () => {
      log.push("task1");
      tracker.track(0, slow("async1"), (v) => {
        log.push(`${v}@${time.now()}`);
        time.after(0, () => log.push("follow-up"));
      });
    });
    time.after(10, () => log.push("task2"));
    time.after(20, () => log.push("task3"));
    await driveVirtualTime(time, tracker, 100, () => false);
    expect(log).toEqual(["task1", "async1@10", "task2", "follow-up", "task3"]);
    expect(time.now()).toBe(100);
  });

  it("stops when asked and collects failures instead of losing them", async () => {
    const time = new VirtualTime(0);
    const tracker = new AsyncTracker();
    let stop = false;
    time.after(5, () => {
      tracker.track(3, Promise.reject(new Error("boom")), () => {});
      stop = true;
    });
    time.after(50, () => {
      throw new Error("must not run");
    });
    await driveVirtualTime(time, tracker, 100, () => stop);
    expect(time.now()).toBe(5);
    expect(tracker.failures).toHaveLength(1);
    expect(tracker.failures[0]?.node).toBe(3);
  });
});
