// The security policy of every web contents and of the session: navigation and redirects away from our
// app:// page refused, new windows denied (an allowed https link opens in the user's browser instead),
// <webview> refused, and permission requests denied except writing text to the clipboard from our own
// page (the "Copy address" button). Written against small interfaces so the policy is unit-tested.
import { isAppUrl } from "./app-protocol.js";

/** Hosts whose https pages a link in the UI may open in the user's browser (exact names). */
export const EXTERNAL_HOSTS: readonly string[] = Object.freeze(["github.com"]);

/** Whether `url` may be handed to shell.openExternal: https, an allowlisted host, no credentials or port. */
export function isAllowedExternalUrl(url: unknown, hosts: readonly string[] = EXTERNAL_HOSTS): boolean {
  if (typeof url !== "string" || url.length > 2048) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== "https:" || parsed.username !== "" || parsed.password !== "" || parsed.port !== "")
    return false;
  return hosts.includes(parsed.hostname.toLowerCase());
}

/** The one permission granted, and only to our page: putting text on the clipboard. */
const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(["clipboard-sanitized-write"]);

export function isPermissionGranted(permission: string, requestingUrl: string | undefined): boolean {
  return GRANTED_PERMISSIONS.has(permission) && typeof requestingUrl === "string" && isAppUrl(requestingUrl);
}

interface PreventableEvent {
  preventDefault(): void;
}

/** What of Electron's WebContents the policy uses. */
export interface GuardedContents {
  on(
    event: "will-navigate" | "will-redirect",
    listener: (event: PreventableEvent, url: string) => void,
  ): unknown;
  on(event: "will-attach-webview", listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: "deny" }): void;
}

export interface GuardedSession {
  setPermissionRequestHandler(
    handler: (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: { requestingUrl?: string },
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (contents: unknown, permission: string, requestingOrigin: string) => boolean,
  ): void;
}

export type OpenExternal = (url: string) => void;

/** Applies the policy to one web contents (main calls it for every one, on web-contents-created). */
export function guardContents(contents: GuardedContents, openExternal: OpenExternal): void {
  const leaveApp = (event: PreventableEvent, url: string) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    if (isAllowedExternalUrl(url)) openExternal(url);
  };
  contents.on("will-navigate", leaveApp);
  contents.on("will-redirect", leaveApp);
  contents.on("will-attach-webview", (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) openExternal(url);
    return { action: "deny" };
  });
}

export function guardSession(session: GuardedSession): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isPermissionGranted(permission, details.requestingUrl)),
  );
  session.setPermissionCheckHandler((_contents, permission, origin) =>
    isPermissionGranted(permission, origin),
  );
}
