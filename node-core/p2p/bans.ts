// Bans with expiry and backoff, by IP address or peer id. A target banned again within a day of its last
// ban is banned twice as long (up to a week), so a peer that reconnects to misbehave again pays more each
// time. The list persists in the data directory (bans.json) so a restart does not pardon anyone; a corrupt
// or foreign file is ignored and rewritten, never fatal.
import { readFile, rename, writeFile } from "node:fs/promises";
import type { Clock } from "../consensus/index.js";
import type { Logger } from "../util/index.js";
import type { BanEntry } from "./interface.js";

const DAY_MS = 86_400_000;
const MAX_BAN_MS = 7 * DAY_MS;
const FILE_FORMAT = 1;

interface Record_ {
  until: number;
  reason: string;
  /** Duration of the last automatic ban, for the backoff. */
  lastMs: number;
  lastAt: number;
}

export class BanList {
  private readonly entries = new Map<string, Record_>();
  private total = 0;

  constructor(
    private readonly clock: Clock,
    private readonly file: string | null,
    private readonly logger: Logger,
  ) {}

  /** Bans since start (operator bans included). */
  get count(): number {
    return this.total;
  }

  /**
   * Bans `target`. With `backoff`, a target banned within the last day gets twice its last duration;
   * returns the duration applied.
   */
  ban(target: string, durationMs: number, reason: string, backoff = false): number {
    const now = this.clock.now();
    const previous = this.entries.get(target);
    let ms = durationMs;
    if (backoff && previous !== undefined && now - previous.lastAt < DAY_MS) {
      ms = Math.min(MAX_BAN_MS, Math.max(durationMs, previous.lastMs * 2));
    }
    this.entries.set(target, { until: now + ms, reason, lastMs: ms, lastAt: now });
    this.total++;
    this.persist();
    return ms;
  }

  isBanned(target: string): boolean {
    const entry = this.entries.get(target);
    return entry !== undefined && entry.until > this.clock.now();
  }

  unban(target: string): boolean {
    const entry = this.entries.get(target);
    if (entry === undefined || entry.until <= this.clock.now()) return false;
    // Keep the backoff memory: an unbanned peer that misbehaves again still pays double.
    entry.until = 0;
    this.persist();
    return true;
  }

  clear(): void {
    this.entries.clear();
    this.persist();
  }

  list(): BanEntry[] {
    const now = this.clock.now();
    return [...this.entries]
      .filter(([, e]) => e.until > now)
      .map(([target, e]) => ({ target, until: e.until, reason: e.reason }))
      .sort((a, b) => a.target.localeCompare(b.target));
  }

  async load(): Promise<void> {
    if (this.file === null) return;
    let text: string;
    try {
      text = await readFile(this.file, "utf8");
    } catch {
      return;
    }
    try {
      const data = JSON.parse(text) as { format?: unknown; bans?: unknown };
      if (data.format !== FILE_FORMAT || !Array.isArray(data.bans)) throw new Error("unknown format");
      for (const row of data.bans as unknown[]) {
        const r = row as Partial<Record_> & { target?: unknown };
        if (
          typeof r.target !== "string" ||
          typeof r.until !== "number" ||
          typeof r.reason !== "string" ||
          typeof r.lastMs !== "number" ||
          typeof r.lastAt !== "number"
        ) {
          throw new Error("malformed entry");
        }
        this.entries.set(r.target, { until: r.until, reason: r.reason, lastMs: r.lastMs, lastAt: r.lastAt });
      }
    } catch (error) {
      this.entries.clear();
      this.logger.warn({ file: this.file, reason: String(error) }, "ignoring an unreadable ban list");
    }
  }

  private writing: Promise<void> = Promise.resolve();

  private persist(): void {
    const file = this.file;
    if (file === null) return;
    const now = this.clock.now();
    const bans = [...this.entries]
      .filter(([, e]) => e.until > now || now - e.lastAt < DAY_MS)
      .map(([target, e]) => ({ target, ...e }));
    const text = `${JSON.stringify({ format: FILE_FORMAT, bans })}\n`;
    // Writes are chained so an older list never lands after a newer one.
    this.writing = this.writing
      .then(async () => {
        const tmp = `${file}.tmp`;
        await writeFile(tmp, text, { mode: 0o600 });
        await rename(tmp, file);
      })
      .catch((error: unknown) => this.logger.warn({ reason: String(error) }, "could not save the ban list"));
  }

  /** Resolves once every pending save has landed. */
  flush(): Promise<void> {
    return this.writing;
  }
}
