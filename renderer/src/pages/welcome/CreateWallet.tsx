// Create a wallet: name → password (strength meter, no-recovery warning) → the words, shown once in a
// numbered grid that cannot be copied, with the screenshot warning → three of them confirmed → done.
// The words live only in this component's state and are dropped as soon as they are confirmed or skipped.
import { type FormEvent, useState } from "react";
import type { ApiFailure } from "../../../../electron/contract.js";
import { unlockSeconds } from "../../app/idle.js";
import { bridge } from "../../bridge/index.js";
import { t } from "../../i18n/index.js";
import { useSession } from "../../store/session.js";
import { useSettings } from "../../store/settings.js";
import { Button, Card, ErrorMessage, Field } from "../../ui/index.js";
import { pickConfirmPositions } from "./mnemonic.js";
import { PasswordFields, passwordProblem } from "./PasswordFields.js";
import { isValidWalletName } from "./wallet-name.js";

type Step = "name" | "password" | "words" | "confirm" | "done";
const STEPS: readonly Step[] = ["name", "password", "words", "confirm", "done"];

export function CreateWallet({
  onDone,
  onBack,
}: {
  readonly onDone: (name: string) => void;
  readonly onBack: () => void;
}) {
  const [step, setStep] = useState<Step>("name");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [words, setWords] = useState<24 | 12>(24);
  const [mnemonic, setMnemonic] = useState<readonly string[]>([]);
  const [wrote, setWrote] = useState(false);
  const [positions, setPositions] = useState<readonly number[]>([]);
  const [answers, setAnswers] = useState<Readonly<Record<number, string>>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const files = useSession((s) => s.files) ?? [];
  const minutes = useSettings((s) => s.autoLockMinutes);

  const taken = files.some((file) => file.name.toLowerCase() === name.trim().toLowerCase());
  const nameMessage =
    name.length === 0
      ? null
      : !isValidWalletName(name.trim())
        ? { kind: "error" as const, text: t("wallet.create.nameInvalid") }
        : taken
          ? { kind: "error" as const, text: t("wallet.create.nameTaken") }
          : null;

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (passwordProblem(password, confirm) !== null) return;
    setBusy(true);
    setError(null);
    const walletName = name.trim();
    const outcome = await bridge.call("createwallet", {
      wallet_name: walletName,
      passphrase: password,
      words,
    });
    if (!outcome.ok) {
      setBusy(false);
      setError(outcome.error);
      return;
    }
    // Unlocked with the password just chosen, so the new wallet opens ready; the node locks it on idle.
    await bridge.call("walletpassphrase", {
      passphrase: password,
      timeout: unlockSeconds(minutes),
      wallet_name: walletName,
    });
    setPassword("");
    setConfirm("");
    const list = outcome.result.mnemonic.split(/\s+/).filter((w) => w.length > 0);
    setMnemonic(list);
    setPositions(pickConfirmPositions(list.length));
    setBusy(false);
    setStep("words");
  };

  const finish = async (confirmed: boolean) => {
    // Kept in the wallet (still unlocked from its creation), before the Overview reads it; should the
    // node have locked it meanwhile, the Overview's reminder stays and confirms it there.
    if (confirmed) {
      await bridge.call("setwalletflag", { flag: "backed_up", value: true, wallet_name: name.trim() });
    }
    setMnemonic([]);
    setAnswers({});
    setStep("done");
  };
  const allRight =
    positions.length > 0 && positions.every((p) => (answers[p] ?? "").trim().toLowerCase() === mnemonic[p]);

  return (
    <Card className="gate-card gate-wide">
      <div className="step-count">
        {t("wallet.welcome.steps", { step: STEPS.indexOf(step) + 1, total: STEPS.length })}
      </div>
      {step === "name" && (
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            if (isValidWalletName(name.trim()) && !taken) setStep("password");
          }}
        >
          <h1>{t("wallet.create.nameTitle")}</h1>
          <Field
            label={t("wallet.create.nameLabel")}
            hint={t("wallet.create.nameHint")}
            value={name}
            maxLength={64}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setName(event.target.value)}
            message={nameMessage}
          />
          <div className="row">
            <Button type="submit" variant="primary" disabled={!isValidWalletName(name.trim()) || taken}>
              {t("common.actions.continue")}
            </Button>
            <Button variant="ghost" onClick={onBack}>
              {t("common.actions.back")}
            </Button>
          </div>
        </form>
      )}
      {step === "password" && (
        <form className="stack" onSubmit={(event) => void create(event)}>
          <h1>{t("wallet.create.passwordTitle")}</h1>
          <PasswordFields
            password={password}
            confirm={confirm}
            onPassword={setPassword}
            onConfirm={setConfirm}
          />
          <fieldset className="stack-sm fieldset-plain">
            <legend className="field-label">{t("wallet.create.wordCount")}</legend>
            <div className="segmented">
              <button type="button" aria-pressed={words === 24} onClick={() => setWords(24)}>
                {t("wallet.create.words24")}
              </button>
              <button type="button" aria-pressed={words === 12} onClick={() => setWords(12)}>
                {t("wallet.create.words12")}
              </button>
            </div>
          </fieldset>
          <ErrorMessage error={error} />
          <div className="row">
            <Button
              type="submit"
              variant="primary"
              busy={busy}
              disabled={passwordProblem(password, confirm) !== null}
            >
              {busy ? t("wallet.create.creating") : t("common.actions.continue")}
            </Button>
            <Button variant="ghost" onClick={() => setStep("name")} disabled={busy}>
              {t("common.actions.back")}
            </Button>
          </div>
        </form>
      )}
      {step === "words" && (
        <div className="stack">
          <h1>{t("wallet.create.wordsTitle")}</h1>
          <p>{t("wallet.create.wordsBody")}</p>
          <p className="card card-tight card-warning" role="note">
            {t("wallet.create.screenshotWarning")}
          </p>
          <ol
            className="word-grid"
            aria-label={t("wallet.create.wordsRegion")}
            onCopy={(event) => event.preventDefault()}
            onCut={(event) => event.preventDefault()}
            onContextMenu={(event) => event.preventDefault()}
          >
            {mnemonic.map((word, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a word's position is its identity (words repeat)
              <li key={i}>
                <span className="word-n">{i + 1}</span>
                <span>{word}</span>
              </li>
            ))}
          </ol>
          <label className="checkbox">
            <input type="checkbox" checked={wrote} onChange={(event) => setWrote(event.target.checked)} />
            {t("wallet.create.wroteThem")}
          </label>
          <div className="row">
            <Button variant="primary" disabled={!wrote} onClick={() => setStep("confirm")}>
              {t("common.actions.continue")}
            </Button>
          </div>
        </div>
      )}
      {step === "confirm" && (
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            if (allRight) void finish(true);
          }}
        >
          <h1>{t("wallet.create.confirmTitle")}</h1>
          <p className="muted">{t("wallet.create.confirmBody")}</p>
          {positions.map((p) => {
            const answer = (answers[p] ?? "").trim().toLowerCase();
            const wrong =
              answer.length > 0 && answer.length >= (mnemonic[p]?.length ?? 0) && answer !== mnemonic[p];
            return (
              <Field
                key={p}
                label={t("wallet.create.wordLabel", { n: p + 1 })}
                secret
                value={answers[p] ?? ""}
                onChange={(event) => setAnswers({ ...answers, [p]: event.target.value })}
                message={wrong ? { kind: "error", text: t("wallet.create.wordWrong", { n: p + 1 }) } : null}
              />
            );
          })}
          <div className="row">
            <Button type="submit" variant="primary" disabled={!allRight}>
              {t("common.actions.continue")}
            </Button>
            <Button variant="ghost" onClick={() => setStep("words")}>
              {t("common.actions.back")}
            </Button>
            <Button variant="ghost" onClick={() => void finish(false)}>
              {t("wallet.create.skip")}
            </Button>
          </div>
        </form>
      )}
      {step === "done" && (
        <div className="stack">
          <h1>{t("wallet.create.doneTitle")}</h1>
          <p>{t("wallet.create.doneBody", { name: name.trim() })}</p>
          <div className="row">
            <Button variant="primary" onClick={() => onDone(name.trim())}>
              {t("wallet.create.open")}
            </Button>
          </div>
        </div>
      )}
    </Card>
  );
}
