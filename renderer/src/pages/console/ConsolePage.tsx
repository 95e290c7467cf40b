// The Console page (#/console): a command line for the node's methods with autocomplete from `help`, an
// up/down history kept in sessionStorage, and results as formatted JSON. Secret params are masked in the
// echoed line and the history; createwallet's recovery words are shown once and kept nowhere.
import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from "react";
import type { ApiFailure, ApiMethodName, ApiParams } from "../../../../electron/contract.js";
import { bridge } from "../../bridge/index.js";
import { t } from "../../i18n/index.js";
import { isMethodName, parseCommand } from "./command-line.js";
import { addToHistory, type HistoryWalk, loadHistory, saveHistory, stepHistory } from "./history.js";
import { commonPrefix, completions, type MethodUsage, parseHelp, toNamedParams } from "./method-index.js";
import { nodeSentence } from "./node-sentence.js";
import { MASK, maskCommand, SECRET_RESULT_METHODS, takesSecrets } from "./secrets.js";
import "./console.css";
import "../network/network.css";

interface Entry {
  readonly id: number;
  readonly command: string;
  readonly masked: boolean;
  readonly outcome:
    | { readonly kind: "pending" }
    | { readonly kind: "result"; readonly text: string; readonly secret: boolean }
    | { readonly kind: "problem"; readonly text: string }
    | { readonly kind: "error"; readonly text: string; readonly code: string };
}

const MAX_ENTRIES = 100;
const MAX_SUGGESTIONS = 8;

function formatResult(result: unknown): string {
  return typeof result === "string" ? result : (JSON.stringify(result, null, 2) ?? "null");
}

function sessionStore() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function ConsolePage() {
  const [methods, setMethods] = useState<Map<string, MethodUsage> | null>(null);
  const [line, setLine] = useState("");
  const [entries, setEntries] = useState<Entry[]>([]);
  const [history, setHistory] = useState<string[]>(() => {
    const storage = sessionStore();
    return storage === null ? [] : loadHistory(storage);
  });
  const walk = useRef<HistoryWalk>({ index: null, draft: "" });
  const nextId = useRef(1);
  const transcriptEnd = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let alive = true;
    void bridge.call("help", {}).then((outcome) => {
      if (alive && outcome.ok && typeof outcome.result === "string") setMethods(parseHelp(outcome.result));
    });
    return () => {
      alive = false;
    };
  }, []);

  useEffect(() => {
    if (entries.length > 0) transcriptEnd.current?.scrollIntoView?.({ block: "nearest" });
  }, [entries]);

  const append = (entry: Omit<Entry, "id">): number => {
    const id = nextId.current++;
    setEntries((old) => [...old, { ...entry, id }].slice(-MAX_ENTRIES));
    return id;
  };
  const settle = (id: number, outcome: Entry["outcome"]) =>
    setEntries((old) => old.map((e) => (e.id === id ? { ...e, outcome } : e)));

  const run = async (text: string) => {
    const parsed = parseCommand(text);
    walk.current = { index: null, draft: "" };
    if (!parsed.ok) {
      const firstWord = text.trim().split(/\s+/)[0] ?? "";
      append({
        command: `${firstWord} …`,
        masked: true,
        outcome: {
          kind: "problem",
          text: t(`nodeTools.console.problems.${parsed.problem}`, { at: parsed.at + 1 }),
        },
      });
      return;
    }
    const { method, args } = parsed;
    if (args.some((a) => a.raw === MASK || (typeof a.value === "string" && a.value === MASK))) {
      // A line recalled from the history has its secrets masked: sending the mask as a password would
      // only fail (and count as a wrong password).
      append({
        command: `${method} …`,
        masked: true,
        outcome: { kind: "problem", text: t("nodeTools.console.problems.masked", { mask: MASK }) },
      });
      return;
    }
    const usage = methods?.get(method) ?? null;
    const order = usage?.params ?? null;
    const masked = takesSecrets(method, order);
    const shown = maskCommand(method, args, order);
    const nextHistory = addToHistory(history, shown);
    setHistory(nextHistory);
    const storage = sessionStore();
    if (storage !== null) saveHistory(storage, nextHistory);

    if (!isMethodName(method)) {
      append({
        command: shown,
        masked,
        outcome: { kind: "problem", text: t("nodeTools.console.problems.badMethod", { method }) },
      });
      return;
    }
    if (methods !== null && usage === null) {
      append({
        command: shown,
        masked,
        outcome: { kind: "problem", text: t("nodeTools.console.problems.unknownMethod", { method }) },
      });
      return;
    }
    const values = args.map((a) => a.value);
    let params: unknown = values;
    if (usage !== null) {
      const named = toNamedParams(usage, values);
      if (!named.ok) {
        append({
          command: shown,
          masked,
          outcome: {
            kind: "problem",
            text: t("nodeTools.console.problems.tooMany", { method, max: named.max }),
          },
        });
        return;
      }
      params = named.params;
    }
    const id = append({ command: shown, masked, outcome: { kind: "pending" } });
    // The console is the one place that calls methods by a name typed at run time: the node validates
    // the params, so the contract's static types cannot be checked here.
    const outcome = await bridge.call(method as ApiMethodName, params as ApiParams<ApiMethodName>);
    if (outcome.ok) {
      settle(id, {
        kind: "result",
        text: formatResult(outcome.result),
        secret: SECRET_RESULT_METHODS.has(method),
      });
    } else {
      const readable = nodeSentence(outcome.error as ApiFailure);
      settle(id, { kind: "error", text: readable.sentence, code: readable.code });
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (line.trim().length === 0) return;
    const text = line;
    setLine("");
    void run(text);
  };

  const firstWord = /^\s*(\S*)$/.exec(line)?.[1] ?? null;
  const suggestions =
    methods !== null && firstWord !== null && firstWord.length > 0
      ? completions(methods.keys(), firstWord)
          .filter((m) => m !== firstWord)
          .slice(0, MAX_SUGGESTIONS)
      : [];

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      event.preventDefault();
      const step = stepHistory(history, walk.current, event.key === "ArrowUp" ? "up" : "down", line);
      walk.current = step.walk;
      setLine(step.text);
    } else if (event.key === "Tab" && firstWord !== null && firstWord.length > 0 && methods !== null) {
      const candidates = completions(methods.keys(), firstWord);
      if (candidates.length === 0) return;
      event.preventDefault();
      const prefix = commonPrefix(candidates);
      setLine(candidates.length === 1 ? `${prefix} ` : prefix);
    }
  };

  return (
    <div className="node-page console-page">
      <h1>{t("nodeTools.console.title")}</h1>
      <p className="muted">{t("nodeTools.console.intro")}</p>
      <section
        className="card console-transcript"
        aria-label={t("nodeTools.console.transcript")}
        aria-live="polite"
      >
        {entries.length === 0 && <p className="muted">{t("nodeTools.console.empty")}</p>}
        {entries.map((entry) => (
          <article key={entry.id} className="console-entry">
            <p className="console-entry__command mono">
              <span aria-hidden="true">› </span>
              {entry.command}
            </p>
            {entry.masked && <p className="small muted">{t("nodeTools.console.maskedNotice")}</p>}
            <Outcome outcome={entry.outcome} />
          </article>
        ))}
        <div ref={transcriptEnd} />
      </section>
      <form className="console-form" onSubmit={onSubmit}>
        <label className="visually-hidden" htmlFor="console-command">
          {t("nodeTools.console.commandLabel")}
        </label>
        <input
          id="console-command"
          className="input input-mono console-form__input"
          value={line}
          onChange={(e) => {
            setLine(e.target.value);
            walk.current = { index: null, draft: "" };
          }}
          onKeyDown={onKeyDown}
          placeholder={t("nodeTools.console.placeholder")}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          aria-describedby={suggestions.length > 0 ? "console-suggestions" : undefined}
        />
        <button type="submit" className="button button-primary">
          {t("nodeTools.console.run")}
        </button>
        <button type="button" className="button button-ghost" onClick={() => setEntries([])}>
          {t("nodeTools.console.clear")}
        </button>
      </form>
      {suggestions.length > 0 && (
        <ul
          id="console-suggestions"
          className="console-suggestions"
          aria-label={t("nodeTools.console.suggestions")}
        >
          {suggestions.map((name) => (
            <li key={name}>
              <button
                type="button"
                className="button button-small button-ghost mono"
                title={methods?.get(name)?.summary}
                onClick={() => {
                  setLine(`${name} `);
                  document.getElementById("console-command")?.focus();
                }}
              >
                {name}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Outcome({ outcome }: { readonly outcome: Entry["outcome"] }) {
  switch (outcome.kind) {
    case "pending":
      return <p className="muted">{t("nodeTools.console.running")}</p>;
    case "result":
      return (
        <>
          {outcome.secret && <p className="field-warning">{t("nodeTools.console.secretNotice")}</p>}
          <pre className="console-entry__result mono">{outcome.text}</pre>
        </>
      );
    case "problem":
      return <p className="console-entry__error">{outcome.text}</p>;
    case "error":
      return (
        <div className="console-entry__error">
          <p>
            {t("nodeTools.console.errorLead")} {outcome.text}
          </p>
          <details>
            <summary>{t("common.errors.details")}</summary>
            <code>{t("common.errors.code", { code: outcome.code })}</code>
          </details>
        </div>
      );
  }
}
