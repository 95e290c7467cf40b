// The methods the console knows, read from the node's own `help` text (so it never disagrees with the
// node): each block starts with a usage line "name REQUIRED ( optional )" and an indented summary. The
// usage gives the positional order of the params, by which typed arguments become named params.

export interface MethodUsage {
  readonly name: string;
  /** Param names in positional order. */
  readonly params: readonly string[];
  readonly optional: ReadonlySet<string>;
  readonly summary: string;
}

export function parseHelp(text: string): Map<string, MethodUsage> {
  const methods = new Map<string, MethodUsage>();
  let current: { name: string; params: string[]; optional: Set<string>; summary: string } | null = null;
  for (const line of text.split("\n")) {
    if (line.trim().length === 0) continue;
    if (/^\s/.test(line)) {
      if (current !== null)
        current.summary = current.summary.length > 0 ? `${current.summary} ${line.trim()}` : line.trim();
      continue;
    }
    const usage = parseUsage(line);
    if (usage === null) continue;
    current = { ...usage, summary: "" };
    methods.set(current.name, current);
  }
  return methods;
}

function parseUsage(line: string): { name: string; params: string[]; optional: Set<string> } | null {
  const words = line.trim().split(/\s+/);
  const name = words[0];
  if (name === undefined || !/^[a-z][a-z0-9_]*$/.test(name)) return null;
  const params: string[] = [];
  const optional = new Set<string>();
  for (let i = 1; i < words.length; i++) {
    const word = words[i] as string;
    if (word === "(" && words[i + 2] === ")") {
      const param = words[i + 1] as string;
      params.push(param);
      optional.add(param);
      i += 2;
    } else if (/^[A-Z][A-Z0-9_]*$/.test(word)) {
      params.push(word.toLowerCase());
    } else {
      return null;
    }
  }
  return { name, params, optional };
}

/** Method names starting with `prefix`, sorted. */
export function completions(methods: Iterable<string>, prefix: string): string[] {
  const lower = prefix.toLowerCase();
  return [...methods].filter((m) => m.startsWith(lower)).sort();
}

/** The longest prefix all candidates share (what Tab completes to). */
export function commonPrefix(candidates: readonly string[]): string {
  const first = candidates[0];
  if (first === undefined) return "";
  let end = first.length;
  for (const c of candidates) {
    let i = 0;
    while (i < end && i < c.length && c.charAt(i) === first.charAt(i)) i++;
    end = i;
  }
  return first.slice(0, end);
}

export type NamedParams =
  | { readonly ok: true; readonly params: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly problem: "too-many"; readonly max: number };

/**
 * Positional arguments as named params by the method's order; null stands for "left out" (as in
 * bitcoin-cli). A single object argument to a method whose first param is not an object is taken as the
 * named params themselves.
 */
export function toNamedParams(usage: MethodUsage, args: readonly unknown[]): NamedParams {
  const only = args[0];
  if (args.length === 1 && typeof only === "object" && only !== null && !Array.isArray(only)) {
    return { ok: true, params: Object.fromEntries(Object.entries(only)) };
  }
  if (args.length > usage.params.length) return { ok: false, problem: "too-many", max: usage.params.length };
  const params: Record<string, unknown> = {};
  args.forEach((value, i) => {
    if (value !== null) Object.defineProperty(params, usage.params[i] as string, { value, enumerable: true });
  });
  return { ok: true, params };
}
