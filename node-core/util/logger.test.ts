// The logger: secret-bearing keys are redacted at any depth in what pino writes (merged objects, child
// bindings, errors), pino's own logger fits the Logger type, and the two test loggers behave as documented.
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { NodeCoreError } from "./errors.js";
import {
  createLogger,
  isSecretKey,
  type Logger,
  memoryLogger,
  REDACTED,
  redactSecrets,
  silentLogger,
} from "./logger.js";

function capture(): { logger: Logger; lines: () => Record<string, unknown>[]; raw: () => string } {
  const chunks: string[] = [];
  const logger = createLogger({ level: "trace", destination: { write: (s: string) => chunks.push(s) } });
  return {
    logger,
    raw: () => chunks.join(""),
    lines: () => chunks.map((c) => JSON.parse(c) as Record<string, unknown>),
  };
}

describe("isSecretKey", () => {
  it("matches the secret words alone and as a word of a longer key", () => {
    for (const key of [
      "secret",
      "seed",
      "mnemonic",
      "password",
      "privateKey",
      "private_key",
      "cookie",
      "token",
      "operatorSecret",
      "walletSeed",
      "authToken",
      "seed_phrase",
      "Set-Cookie",
      "PASSWORD",
    ]) {
      expect(isSecretKey(key), key).toBe(true);
    }
  });

  it("leaves ordinary keys alone", () => {
    for (const key of ["txid", "height", "publicKey", "private", "keyIndex", "seeded", "tokenizer", "code"]) {
      expect(isSecretKey(key), key).toBe(false);
    }
  });
});

describe("createLogger", () => {
  it("redacts secret-bearing keys at any depth, keeping the rest", () => {
    const { logger, lines, raw } = capture();
    logger.info(
      {
        mnemonic: "abandon abandon abandon",
        wallet: { id: "w1", keys: [{ privateKey: "aa11", publicKey: "bb22" }] },
        deep: { a: { b: { c: { d: { password: "hunter2" } } } } },
      },
      "opened",
    );
    const line = lines()[0] as Record<string, unknown>;
    expect(line.msg).toBe("opened");
    expect(line.mnemonic).toBe(REDACTED);
    expect(line.wallet).toEqual({ id: "w1", keys: [{ privateKey: REDACTED, publicKey: "bb22" }] });
    expect(line.deep).toEqual({ a: { b: { c: { d: { password: REDACTED } } } } });
    for (const secret of ["abandon", "aa11", "hunter2"]) expect(raw()).not.toContain(secret);
  });

  it("redacts child bindings", () => {
    const { logger, raw, lines } = capture();
    logger.child({ module: "rpc", cookie: "c00kie", auth: { token: "t0ken" } }).warn({ n: 1 }, "call");
    expect(raw()).not.toContain("c00kie");
    expect(raw()).not.toContain("t0ken");
    expect(lines()[0]).toMatchObject({ module: "rpc", cookie: REDACTED, auth: { token: REDACTED }, n: 1 });
  });

  it("serializes errors and redacts their fields", () => {
    const { logger, lines, raw } = capture();
    const err = Object.assign(new NodeCoreError("X_FAIL", "failed", { where: "here" }), { seed: "5eed" });
    logger.error({ err }, "boom");
    const out = (lines()[0] as { err: Record<string, unknown> }).err;
    expect(out.message).toBe("failed");
    expect(out.code).toBe("X_FAIL");
    expect(out.payload).toEqual({ where: "here" });
    expect(out.seed).toBe(REDACTED);
    expect(typeof out.stack).toBe("string");
    expect(raw()).not.toContain("5eed");
  });

  it("survives cycles", () => {
    const { logger, lines } = capture();
    const a: Record<string, unknown> = { name: "a" };
    a.self = a;
    logger.info({ a }, "cyclic");
    expect((lines()[0] as { a: unknown }).a).toEqual({ name: "a", self: "[Circular]" });
  });

  it("honours the level", () => {
    const chunks: string[] = [];
    const logger = createLogger({ level: "warn", destination: { write: (s: string) => chunks.push(s) } });
    logger.info({ a: 1 }, "hidden");
    logger.warn("shown");
    expect(chunks).toHaveLength(1);
    expect(JSON.parse(chunks[0] as string).msg).toBe("shown");
  });

  it("a pino logger is a Logger", () => {
    const logger: Logger = pino({ level: "silent" });
    expect(typeof logger.child({ a: 1 }).info).toBe("function");
  });
});

describe("redactSecrets", () => {
  it("does not change its input", () => {
    const input = { token: "t", inner: { secret: "s" } };
    const out = redactSecrets(input);
    expect(out).toEqual({ token: REDACTED, inner: { secret: REDACTED } });
    expect(input).toEqual({ token: "t", inner: { secret: "s" } });
  });
});

describe("test loggers", () => {
  it("memoryLogger records entries with child bindings, shared with its children", () => {
    const log = memoryLogger();
    const err = new Error("x");
    log.child({ module: "chain" }).child({ height: "5" }).error({ err }, "listener threw");
    log.info("plain");
    expect(log.entries).toHaveLength(2);
    expect(log.entries[0]).toEqual({
      level: "error",
      bindings: { module: "chain", height: "5" },
      obj: { err },
      msg: "listener threw",
    });
    expect(log.at("info")).toEqual([{ level: "info", bindings: {}, obj: {}, msg: "plain" }]);
    expect(log.at("warn")).toEqual([]);
  });

  it("silentLogger drops everything and its children are silent too", () => {
    expect(silentLogger.child({ a: 1 })).toBe(silentLogger);
    expect(() => silentLogger.fatal({ a: 1 }, "x")).not.toThrow();
  });
});
