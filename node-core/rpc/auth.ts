// HTTP Basic authentication against the cookie and the optional fixed user/password. Credentials are
// compared as SHA-256 digests with timingSafeEqual, so neither their content nor their length leaks
// through timing.
import { createHash, timingSafeEqual } from "node:crypto";
import { COOKIE_USER } from "./options.js";

export interface Credentials {
  readonly user: string;
  readonly password: string;
}

/** Most bytes of an Authorization header this parses (longer ones are refused unread). */
const MAX_AUTH_HEADER = 1_024;

export function parseBasicAuth(header: string | undefined): Credentials | null {
  if (header === undefined || header.length > MAX_AUTH_HEADER) return null;
  const m = /^Basic +([A-Za-z0-9+/]+=*)$/i.exec(header.trim());
  if (m === null) return null;
  const decoded = Buffer.from(m[1] as string, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

function same(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

export class Authenticator {
  private readonly accepted: Credentials[] = [];

  /** Accepts the cookie's password as user __cookie__ (when set) and the fixed user/password (when set). */
  constructor(cookiePassword: string | null, fixed: Credentials | null) {
    if (cookiePassword !== null) this.accepted.push({ user: COOKIE_USER, password: cookiePassword });
    if (fixed !== null) this.accepted.push(fixed);
  }

  check(header: string | undefined): boolean {
    const given = parseBasicAuth(header);
    if (given === null) return false;
    let ok = false;
    // Every entry is compared, so which one matched does not show in the time taken.
    for (const c of this.accepted) ok = (same(given.user, c.user) && same(given.password, c.password)) || ok;
    return ok;
  }
}
