// Restore a wallet from its words: name, the words with per-word autocomplete from the BIP-39 list and live
// checksum feedback, an optional passphrase behind "Advanced", a new password; then restorewallet and the
// restore scan's progress (wallet:scanProgress) until it finishes.
import { type FormEvent, useEffect, useId, useState } from "react";
import type { ApiFailure } from "../../../../electron/contract.js";
import { unlockSeconds } from "../../app/idle.js";
import { useEvent } from "../../bridge/hooks.js";
import { bridge } from "../../bridge/index.js";
import { t } from "../../i18n/index.js";
import { useSession } from "../../store/session.js";
import { useSettings } from "../../store/settings.js";
import { Button, Card, ErrorMessage, Field, formatCount, ProgressBar } from "../../ui/index.js";
import { checkMnemonic, type MnemonicCheck, splitWords, suggestions } from "./mnemonic.js";
import { PasswordFields, passwordProblem } from "./PasswordFields.js";
import { isValidWalletName } from "./wallet-name.js";

interface Scan {
  readonly height: number;
  readonly tip: number;
  readonly found: number;
  readonly done: boolean;
}

function checkText(
  check: MnemonicCheck | null,
  count: number,
): { kind: "ok" | "error" | "warning"; text: string } | null {
  if (check === null || count === 0) return null;
  if (check.ok) return { kind: "ok", text: t("wallet.restore.checksumOk", { count }) };
  switch (check.problem) {
    case "unknown":
      return {
        kind: "error",
        text: t("wallet.restore.unknown", { position: check.position, word: check.word }),
      };
    case "count":
      return { kind: "warning", text: t("wallet.restore.count", { count: check.count }) };
    case "checksum":
      return { kind: "error", text: t("wallet.restore.checksumBad") };
    default:
      return null;
  }
}

export function RestoreWallet({
  onDone,
  onBack,
}: {
  readonly onDone: (name: string) => void;
  readonly onBack: () => void;
}) {
  const wordsId = useId();
  const [name, setName] = useState("");
  const [text, setText] = useState("");
  const [mnemonicPassphrase, setMnemonicPassphrase] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [check, setCheck] = useState<MnemonicCheck | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const [restored, setRestored] = useState<string | null>(null);
  const [scan, setScan] = useState<Scan | null>(null);
  const files = useSession((s) => s.files) ?? [];
  const minutes = useSettings((s) => s.autoLockMinutes);

  const words = splitWords(text);
  const typing = text.length > 0 && !/\s$/.test(text) ? (words[words.length - 1] ?? "") : "";
  const offered = suggestions(typing);

  useEffect(() => {
    let live = true;
    void checkMnemonic(splitWords(text)).then((result) => {
      if (live) setCheck(result);
    });
    return () => {
      live = false;
    };
  }, [text]);

  useEvent("wallet:scanProgress", (p) => {
    if (restored !== null && p.wallet === restored)
      setScan({ height: p.height, tip: p.tip, found: p.found, done: p.done });
  });

  const complete = (word: string) => {
    const head = text.replace(/\S*$/, "");
    setText(`${head}${word} `);
  };

  const taken = files.some((file) => file.name.toLowerCase() === name.trim().toLowerCase());
  const ready =
    isValidWalletName(name.trim()) &&
    !taken &&
    check?.ok === true &&
    passwordProblem(password, confirm) === null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    setBusy(true);
    setError(null);
    const walletName = name.trim();
    const outcome = await bridge.call("restorewallet", {
      wallet_name: walletName,
      mnemonic: words.join(" "),
      passphrase: password,
      mnemonic_passphrase: mnemonicPassphrase,
    });
    if (!outcome.ok) {
      setBusy(false);
      setError(outcome.error);
      return;
    }
    await bridge.call("walletpassphrase", {
      passphrase: password,
      timeout: unlockSeconds(minutes),
      wallet_name: walletName,
    });
    // The words came from the person's own backup: the node marks the restored wallet backed up.
    setText("");
    setPassword("");
    setConfirm("");
    setMnemonicPassphrase("");
    setBusy(false);
    setRestored(walletName);
    const info = await bridge.call("getwalletinfo", { wallet_name: walletName });
    if (info.ok && info.result.scanning === false)
      setScan(
        (s) =>
          s ?? {
            height: info.result.tip_height ?? 0,
            tip: info.result.tip_height ?? 0,
            found: info.result.txcount,
            done: true,
          },
      );
  };

  if (restored !== null) {
    const fraction = scan === null || scan.tip === 0 ? 0 : scan.height / scan.tip;
    return (
      <Card className="gate-card">
        <div className="stack">
          <h1>{t("wallet.restore.title")}</h1>
          {scan === null ? (
            <p className="muted">{t("wallet.restore.scanStarting")}</p>
          ) : scan.done ? (
            <p>{t("wallet.restore.scanDone", { found: formatCount(scan.found) })}</p>
          ) : (
            <p>
              {t("wallet.restore.scanning", {
                height: formatCount(scan.height),
                tip: formatCount(scan.tip),
                found: formatCount(scan.found),
              })}
            </p>
          )}
          <ProgressBar label={t("wallet.restore.title")} fraction={scan?.done === true ? 1 : fraction} />
          {scan?.done !== true && <p className="small muted">{t("wallet.restore.scanWait")}</p>}
          <div className="row">
            <Button variant="primary" onClick={() => onDone(restored)}>
              {t("common.actions.continue")}
            </Button>
          </div>
        </div>
      </Card>
    );
  }

  // The word being typed is not "unknown" yet: no error until it is finished.
  const stillTyping =
    check !== null &&
    !check.ok &&
    check.problem === "unknown" &&
    typing.length > 0 &&
    check.position === words.length;
  const feedback = stillTyping ? null : checkText(check, words.length);
  return (
    <Card className="gate-card gate-wide">
      <form className="stack" onSubmit={(event) => void submit(event)}>
        <h1>{t("wallet.restore.title")}</h1>
        <Field
          label={t("wallet.restore.nameLabel")}
          value={name}
          maxLength={64}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => setName(event.target.value)}
          message={
            name.length > 0 && !isValidWalletName(name.trim())
              ? { kind: "error", text: t("wallet.create.nameInvalid") }
              : taken
                ? { kind: "error", text: t("wallet.create.nameTaken") }
                : null
          }
        />
        <div className="field">
          <label className="field-label" htmlFor={wordsId}>
            {t("wallet.restore.wordsLabel")}
          </label>
          <textarea
            id={wordsId}
            className="textarea input-mono"
            value={text}
            spellCheck={false}
            autoComplete="off"
            autoCorrect="off"
            autoCapitalize="off"
            aria-describedby={`${wordsId}-hint ${wordsId}-check`}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              if (
                (event.key === "Tab" || event.key === "Enter") &&
                offered.length > 0 &&
                offered[0] !== undefined
              ) {
                event.preventDefault();
                complete(offered[0]);
              }
            }}
          />
          <div className="field-hint" id={`${wordsId}-hint`}>
            {t("wallet.restore.wordsHint")}
          </div>
          <p className="small card card-tight card-warning" role="note">
            {t("wallet.restore.safety")}
          </p>
          {offered.length > 0 && (
            <fieldset className="suggestions fieldset-plain" aria-label={t("wallet.restore.suggestions")}>
              {offered.map((word) => (
                <Button key={word} size="small" onClick={() => complete(word)}>
                  {word}
                </Button>
              ))}
            </fieldset>
          )}
          <div
            id={`${wordsId}-check`}
            className={feedback === null ? "" : `field-${feedback.kind}`}
            aria-live="polite"
          >
            {feedback?.text ?? ""}
          </div>
        </div>
        <details>
          <summary>{t("wallet.restore.advanced")}</summary>
          <div className="stack gate-secondary">
            <Field
              label={t("wallet.restore.passphraseLabel")}
              hint={t("wallet.restore.passphraseHint")}
              type="password"
              secret
              value={mnemonicPassphrase}
              onChange={(event) => setMnemonicPassphrase(event.target.value)}
            />
          </div>
        </details>
        <PasswordFields
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
        />
        <ErrorMessage error={error} />
        <div className="row">
          <Button type="submit" variant="primary" busy={busy} disabled={!ready}>
            {t("wallet.restore.submit")}
          </Button>
          <Button variant="ghost" onClick={onBack}>
            {t("common.actions.back")}
          </Button>
        </div>
      </form>
    </Card>
  );
}
