// Test support for the kernel's suites (never imported by product code): run a rule check and get back the
// KernelError it must throw, so each test asserts on its code, message and details.
import { expect } from "vitest";
import { KernelError } from "./errors.js";

/** The KernelError `fn` throws (with `code` when given); fails the test when it throws nothing or else. */
export function expectKernelError(fn: () => unknown, code?: string): KernelError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(KernelError);
    if (code !== undefined) expect((err as KernelError).code).toBe(code);
    return err as KernelError;
  }
  throw new Error(code === undefined ? "nothing was thrown" : `expected ${code}, nothing was thrown`);
}

/** The message and details of the KernelError `fn` throws. */
export function refusal(fn: () => unknown): { message: string; details: KernelError["details"] } {
  const e = expectKernelError(fn);
  return { message: e.message, details: e.details };
}
