// The navigation, new-window, webview and permission policy against fake web contents and session.
import { describe, expect, it } from "vitest";
import {
  type GuardedContents,
  type GuardedSession,
  guardContents,
  guardSession,
  isAllowedExternalUrl,
} from "./security.js";

type Listener = (event: { preventDefault(): void }, url?: string) => void;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((d: { url: string }) => { action: "deny" }) | null = null;
  const contents = {
    on(event: string, listener: Listener) {
      listeners.set(event, listener);
      return contents;
    },
    setWindowOpenHandler(handler: (d: { url: string }) => { action: "deny" }) {
      openHandler = handler;
    },
  };
  const fire = (event: string, url?: string) => {
    let prevented = false;
    listeners.get(event)?.({ preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  return {
    contents: contents as unknown as GuardedContents,
    fire,
    open: (url: string) => openHandler?.({ url }),
  };
}

describe("isAllowedExternalUrl", () => {
  it("allows https links to the allowlisted hosts only", () => {
    expect(isAllowedExternalUrl("https://github.com/timecoin/desktop/issues")).toBe(true);
    expect(isAllowedExternalUrl("https://GITHUB.com/x")).toBe(true);
    for (const url of [
      "http://github.com/",
      "https://github.com.evil.example/",
      "https://evil.example/?github.com",
      "https://user:pw@github.com/",
      "https://github.com:8443/",
      "javascript:alert(1)",
      "file:///etc/passwd",
      "app://ui/index.html",
      "https://gist.github.com/",
      "not a url",
      "",
      `https://github.com/${"a".repeat(3000)}`,
    ])
      expect(isAllowedExternalUrl(url), url).toBe(false);
    expect(isAllowedExternalUrl(42)).toBe(false);
    expect(isAllowedExternalUrl("https://example.org/", ["example.org"])).toBe(true);
  });
});

describe("guardContents", () => {
  it("keeps navigation inside the app and opens allowed links outside", () => {
    const opened: string[] = [];
    const { contents, fire, open } = fakeContents();
    guardContents(contents, (url) => opened.push(url));
    expect(fire("will-navigate", "app://ui/index.html")).toBe(false);
    expect(fire("will-navigate", "https://evil.example/")).toBe(true);
    expect(fire("will-navigate", "https://github.com/x")).toBe(true);
    expect(fire("will-redirect", "https://evil.example/")).toBe(true);
    expect(fire("will-attach-webview")).toBe(true);
    expect(open("https://github.com/y")).toEqual({ action: "deny" });
    expect(open("https://evil.example/")).toEqual({ action: "deny" });
    expect(open("app://ui/index.html")).toEqual({ action: "deny" });
    expect(opened).toEqual(["https://github.com/x", "https://github.com/y"]);
  });
});

describe("guardSession", () => {
  it("denies every permission but clipboard writes from our page", () => {
    let request: Parameters<GuardedSession["setPermissionRequestHandler"]>[0] | null = null;
    let check: Parameters<GuardedSession["setPermissionCheckHandler"]>[0] | null = null;
    guardSession({
      setPermissionRequestHandler: (h) => {
        request = h;
      },
      setPermissionCheckHandler: (h) => {
        check = h;
      },
    });
    const ask = (permission: string, requestingUrl?: string) => {
      let answer: boolean | null = null;
      request!(
        null,
        permission,
        (granted) => (answer = granted),
        requestingUrl === undefined ? {} : { requestingUrl },
      );
      return answer;
    };
    for (const permission of [
      "media",
      "geolocation",
      "notifications",
      "openExternal",
      "clipboard-read",
      "hid",
    ])
      expect(ask(permission, "app://ui/index.html"), permission).toBe(false);
    expect(ask("clipboard-sanitized-write", "app://ui/index.html")).toBe(true);
    expect(ask("clipboard-sanitized-write", "https://evil.example/")).toBe(false);
    expect(ask("clipboard-sanitized-write")).toBe(false);
    expect(check!(null, "media", "app://ui")).toBe(false);
    expect(check!(null, "clipboard-sanitized-write", "app://ui")).toBe(true);
    expect(check!(null, "clipboard-sanitized-write", "https://evil.example")).toBe(false);
  });
});
