// Web mode's walls, from inside the page and from outside: no Node or Electron globals in the page, the
// JSON-RPC port unreachable from a page script, injected inline script and inline handlers never run and
// are reported as CSP violations, and neither the page nor the socket is served without the launch token.
import type { Page } from "@playwright/test";
import WebSocket from "ws";
import { runInfo } from "./support/run-info.js";
import { expect, test } from "./support/test.js";
import { openUi } from "./support/ui.js";

/** Collects the page's CSP violation reports (directive names) from now on. */
async function recordViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      w.__cspViolations.push(event.effectiveDirective || event.violatedDirective);
    });
  });
  return () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}

/** Opens a socket to the UI node's /ws and says whether it opened or the HTTP status of the refusal. */
function trySocket(path: string, headers: Record<string, string>): Promise<string> {
  const ui = new URL(runInfo().uiUrl);
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://${ui.host}${path}`, { headers: { origin: ui.origin, ...headers } });
    ws.once("open", () => {
      ws.close();
      resolve("open");
    });
    ws.once("unexpected-response", (_req, res) => {
      resolve(`refused ${res.statusCode}`);
      ws.terminate();
    });
    ws.once("error", (error) => resolve(`error ${error.message}`));
  });
}

test.describe("web mode security", () => {
  test("the page has no require, process or window.time", async ({ page }) => {
    await openUi(page);
    const globals = await page.evaluate(() => ({
      require: typeof (globalThis as Record<string, unknown>).require,
      process: typeof (globalThis as Record<string, unknown>).process,
      time: typeof (window as unknown as Record<string, unknown>).time,
    }));
    expect(globals).toEqual({ require: "undefined", process: "undefined", time: "undefined" });
  });

  test("a page script cannot reach the JSON-RPC port", async ({ page }) => {
    await openUi(page);
    const violations = await recordViolations(page);
    const rpcUrl = runInfo().nodes[0]?.rpc as string;
    const outcome = await page.evaluate(async (url) => {
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "getblockcount", params: [] }),
        });
        return `answered ${response.status}`;
      } catch (error) {
        return `failed: ${error instanceof Error ? error.name : String(error)}`;
      }
    }, rpcUrl);
    expect(outcome).toMatch(/^failed/);
    await expect.poll(violations).toContain("connect-src");
  });

  test("injected inline script and inline handlers do not run and are reported", async ({ page }) => {
    const consoleCsp: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) consoleCsp.push(message.text());
    });
    await openUi(page);
    const violations = await recordViolations(page);
    await page
      .addScriptTag({ content: "window.__injectedRan = true;" })
      .catch(() => undefined /* Chromium may refuse the tag outright; either way it must not run */);
    await page.evaluate(() => {
      const box = document.createElement("div");
      box.innerHTML =
        '<img src="data:," onerror="window.__handlerRan = true"><script>window.__innerScriptRan = true</script>';
      document.body.append(box);
    });
    await page.waitForTimeout(300);
    const ran = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return { injected: w.__injectedRan, handler: w.__handlerRan, inner: w.__innerScriptRan };
    });
    expect(ran).toEqual({ injected: undefined, handler: undefined, inner: undefined });
    await expect.poll(violations).toContain("script-src-elem");
    await expect.poll(violations).toContain("script-src-attr");
    expect(consoleCsp.length, "Chromium reports the refusals on the console").toBeGreaterThan(0);
  });

  test("without the launch token neither the page nor the socket is served", async ({ browser }) => {
    const ui = new URL(runInfo().uiUrl);
    const token = ui.searchParams.get("token") as string;
    const fresh = await browser.newContext();
    const page = await fresh.newPage();
    const response = await page.goto(`${ui.origin}/`);
    expect(response?.status()).toBe(401);
    await fresh.close();

    expect(await trySocket("/ws", {})).toBe("refused 401");
    expect(await trySocket("/ws?token=wrong-token", {})).toBe("refused 401");
    expect(await trySocket("/ws", { cookie: "time_ui=wrong-token" })).toBe("refused 401");
    // Another origin is refused even with the token; with the token from the UI's own origin it opens.
    expect(await trySocket(`/ws?token=${token}`, { origin: "http://evil.example" })).toBe("refused 403");
    expect(await trySocket(`/ws?token=${token}`, {})).toBe("open");
  });
});
