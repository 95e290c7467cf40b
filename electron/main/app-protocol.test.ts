// The app:// handler against a real folder on disk: files served with the CSP, the SPA fallback, and every
// way out of the folder refused (.., encoded separators, a symlink, another host).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  createAppProtocolHandler,
  isAppUrl,
  resolveAppPath,
} from "./app-protocol.js";

const dir = mkdtempSync(join(tmpdir(), "app-protocol-"));
const root = join(dir, "renderer");
mkdirSync(join(root, "assets"), { recursive: true });
writeFileSync(join(root, "index.html"), "<!doctype html><title>ui</title>");
writeFileSync(join(root, "assets", "main.js"), "console.log(1)");
writeFileSync(join(dir, "secret.txt"), "outside");
symlinkSync(join(dir, "secret.txt"), join(root, "link.txt"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const handle = createAppProtocolHandler(root);
const get = (url: string, method = "GET") => handle(new Request(url, { method }));

describe("app:// protocol", () => {
  it("serves index.html and assets with the CSP and their types", async () => {
    const index = await get(APP_ENTRY_URL);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain("<title>ui</title>");
    expect(index.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers.get("content-type")).toMatch(/^text\/html/);
    const script = await get("app://ui/assets/main.js");
    expect(script.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(script.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await get("app://ui/")).status).toBe(200);
  });

  it("answers a route of the UI with index.html, a missing asset with 404", async () => {
    expect(await (await get("app://ui/send")).text()).toContain("<title>ui</title>");
    expect((await get("app://ui/assets/missing.js")).status).toBe(404);
  });

  it("refuses every way out of the folder", async () => {
    for (const url of [
      "app://ui/../secret.txt",
      "app://ui/%2e%2e/secret.txt",
      "app://ui/assets/%2e%2e%2f%2e%2e%2fsecret.txt",
      "app://ui/..%5csecret.txt",
      "app://ui/link.txt",
      "app://ui/%00index.html",
      "app://other/index.html",
    ]) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
      expect(await response.text()).not.toContain("outside");
    }
  });

  it("refuses methods other than GET and HEAD", async () => {
    expect((await get(APP_ENTRY_URL, "POST")).status).toBe(405);
    const head = await get(APP_ENTRY_URL, "HEAD");
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("resolves only app://ui paths inside the root", () => {
    expect(resolveAppPath(root, "app://ui/assets/main.js")).toBe(join(root, "assets", "main.js"));
    expect(resolveAppPath(root, "file:///etc/passwd")).toBeNull();
    expect(resolveAppPath(root, "not a url")).toBeNull();
    expect(resolveAppPath(root, "app://ui/%E0%A4%A")).toBeNull();
  });

  it("recognises our origin only", () => {
    expect(isAppUrl("app://ui/index.html")).toBe(true);
    for (const url of ["app://evil/index.html", "https://ui/", "file:///index.html", "", "app:ui"])
      expect(isAppUrl(url), url).toBe(false);
  });
});
