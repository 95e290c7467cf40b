// The Promise.withResolvers polyfill js-libp2p 3 needs on Node 20: present after the import, and its
// promise settles through the resolvers it hands out.
import { describe, expect, it } from "vitest";
import { PROMISE_WITH_RESOLVERS_READY } from "./polyfill.js";

describe("Promise.withResolvers", () => {
  it("exists once the polyfill is imported, and resolves and rejects", async () => {
    expect(PROMISE_WITH_RESOLVERS_READY).toBe(true);
    const ok = Promise.withResolvers<number>();
    ok.resolve(3);
    await expect(ok.promise).resolves.toBe(3);
    const bad = Promise.withResolvers<number>();
    bad.reject(new Error("no"));
    await expect(bad.promise).rejects.toThrow("no");
  });
});
