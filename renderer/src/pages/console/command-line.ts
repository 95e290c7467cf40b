// The console's command line, bitcoin-cli style: `method arg1 arg2 …` where each argument is JSON when it
// reads as JSON (numbers, true/false/null, "quoted strings", [arrays], {objects}) and a plain string
// otherwise. Quotes keep spaces inside one argument ("word1 word2"), single quotes take text literally.
// A number that would not print back the same (0123, 1.50, a 30-digit amount) stays a string, so ids and
// amounts never lose digits.

export interface Token {
  /** The argument's text as typed (quotes and brackets included). */
  readonly raw: string;
  readonly value: unknown;
}

export type ParsedCommand =
  | { readonly ok: true; readonly method: string; readonly args: readonly Token[] }
  | {
      readonly ok: false;
      readonly problem: "empty" | "unclosed-quote" | "unclosed-bracket" | "bad-json";
      readonly at: number;
    };

const METHOD_RE = /^[a-z][a-z0-9_]{0,63}$/i;

export function parseCommand(line: string): ParsedCommand {
  const tokens: Token[] = [];
  let i = 0;
  const n = line.length;
  let method: string | null = null;
  while (i < n) {
    while (i < n && /\s/.test(line.charAt(i))) i++;
    if (i >= n) break;
    const start = i;
    const c = line.charAt(i);
    let raw: string;
    let value: unknown;
    if (c === '"' || c === "'") {
      const end = closingQuote(line, i);
      if (end < 0) return { ok: false, problem: "unclosed-quote", at: start };
      raw = line.slice(start, end + 1);
      if (c === "'") value = raw.slice(1, -1);
      else {
        try {
          value = JSON.parse(raw);
        } catch {
          return { ok: false, problem: "bad-json", at: start };
        }
      }
      i = end + 1;
    } else if (c === "[" || c === "{") {
      const end = closingBracket(line, i);
      if (end < 0) return { ok: false, problem: "unclosed-bracket", at: start };
      raw = line.slice(start, end + 1);
      try {
        value = JSON.parse(raw);
      } catch {
        return { ok: false, problem: "bad-json", at: start };
      }
      i = end + 1;
    } else {
      while (i < n && !/\s/.test(line.charAt(i))) i++;
      raw = line.slice(start, i);
      value = bareValue(raw);
    }
    if (method === null) method = raw;
    else tokens.push({ raw, value });
  }
  if (method === null) return { ok: false, problem: "empty", at: 0 };
  return { ok: true, method, args: tokens };
}

/** Whether a first word can be a method name (letters, digits, underscore). */
export function isMethodName(word: string): boolean {
  return METHOD_RE.test(word);
}

function bareValue(raw: string): unknown {
  if (raw === "true") return true;
  if (raw === "false") return false;
  if (raw === "null") return null;
  if (/^-?\d+(\.\d+)?$/.test(raw)) {
    const number = Number(raw);
    if (Number.isSafeInteger(number) || (Number.isFinite(number) && String(number) === raw)) {
      return String(number) === raw ? number : raw;
    }
  }
  return raw;
}

function closingQuote(line: string, open: number): number {
  const quote = line.charAt(open);
  for (let i = open + 1; i < line.length; i++) {
    const c = line.charAt(i);
    if (quote === '"' && c === "\\") {
      i++;
      continue;
    }
    if (c === quote) return i;
  }
  return -1;
}

function closingBracket(line: string, open: number): number {
  let depth = 0;
  for (let i = open; i < line.length; i++) {
    const c = line.charAt(i);
    if (c === '"') {
      const end = closingQuote(line, i);
      if (end < 0) return -1;
      i = end;
    } else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
