// The app:// protocol that serves the built UI (dist/renderer/) to our window instead of file://: one
// origin (app://ui) that the IPC handlers can recognise, paths that cannot leave the UI folder (no `..`,
// no encoded separators, no symlink out of it), and every response with the strict Content-Security-Policy.
import { readFile, realpath, stat } from "node:fs/promises";
import { extname, isAbsolute, join, relative, resolve, sep } from "node:path";

export const APP_SCHEME = "app";
export const APP_HOST = "ui";
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Only our own files: no inline script, no eval, no remote anything, no frames, no plugins. Images may be
 * data: URLs (the receive page's QR code). The renderer talks to the node through the preload, never HTTP.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join("; ");

/** For protocol.registerSchemesAsPrivileged, before the app is ready. */
export const APP_SCHEME_PRIVILEGES = Object.freeze({
  scheme: APP_SCHEME,
  privileges: Object.freeze({ standard: true, secure: true, supportFetchAPI: true, corsEnabled: false }),
});

const MIME_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};

/** Whether `url` is a page of our UI (what the IPC handlers trust). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * The file under `root` that `url` names, or null when it names nothing servable (another host, a path
 * that would leave root, a NUL or a backslash). "/" is index.html.
 */
export function resolveAppPath(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  // An encoded "/" or "\" (%2F, %5C) or a NUL smuggles a separator past the URL parser's own clean-up.
  if (path.includes("\0") || path.includes("\\") || /%2f|%5c/i.test(parsed.pathname)) return null;
  if (path.split("/").some((part) => part === "..")) return null;
  const file = resolve(root, `.${path === "/" ? "/index.html" : path}`);
  return isInside(root, file) ? file : null;
}

function isInside(root: string, file: string): boolean {
  const rel = relative(resolve(root), file);
  return rel !== "" && !rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel);
}

function headers(contentType: string): Headers {
  return new Headers({
    "Content-Type": contentType,
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
  });
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: headers("text/plain; charset=utf-8") });
}

/**
 * The protocol.handle handler for app://, serving files under `root`. A path without an extension that is
 * no file is the single-page UI's own route: it gets index.html.
 */
export function createAppProtocolHandler(root: string): (request: Request) => Promise<Response> {
  const base = resolve(root);
  return async (request) => {
    if (request.method !== "GET" && request.method !== "HEAD") return plain(405, "method not allowed");
    let file = resolveAppPath(base, request.url);
    if (file === null) return plain(404, "not found");
    if (extname(file) === "" && !(await isFile(file))) file = join(base, "index.html");
    let realRoot: string;
    let realFile: string;
    try {
      realRoot = await realpath(base);
      realFile = await realpath(file);
    } catch {
      return plain(404, "not found");
    }
    // A symlink inside the UI folder must not lead out of it.
    if (!isInside(realRoot, realFile) || !(await isFile(realFile))) return plain(404, "not found");
    const type = MIME_TYPES[extname(realFile).toLowerCase()] ?? "application/octet-stream";
    const body = request.method === "HEAD" ? null : await readFile(realFile);
    return new Response(body, { status: 200, headers: headers(type) });
  };
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
