// Password + Confirm password with the strength meter and the no-recovery warning, shared by create and
// restore. The parent owns the values; nothing here stores them.
import { t } from "../../i18n/index.js";
import { Field } from "../../ui/index.js";
import { passwordStrength } from "./password.js";

export const MIN_PASSWORD = 8;

export function passwordProblem(password: string, confirm: string): string | null {
  if (password.length < MIN_PASSWORD) return t("wallet.create.tooShort");
  if (password !== confirm) return t("wallet.create.mismatch");
  return null;
}

export function PasswordFields({
  password,
  confirm,
  onPassword,
  onConfirm,
}: {
  readonly password: string;
  readonly confirm: string;
  readonly onPassword: (value: string) => void;
  readonly onConfirm: (value: string) => void;
}) {
  const score = passwordStrength(password);
  const label = t(`wallet.create.strength${score}`);
  return (
    <div className="stack">
      <p className="card card-tight card-warning" role="note">
        {t("wallet.create.warning")}
      </p>
      <div className="stack-sm">
        <Field
          label={t("wallet.create.passwordLabel")}
          type="password"
          secret
          value={password}
          onChange={(event) => onPassword(event.target.value)}
          message={
            password.length > 0 && password.length < MIN_PASSWORD
              ? { kind: "error", text: t("wallet.create.tooShort") }
              : null
          }
        />
        {password.length > 0 && (
          <div className="stack-sm">
            <div className="strength" data-score={score} aria-hidden="true">
              <span />
              <span />
              <span />
              <span />
            </div>
            <span className="small muted">{t("wallet.create.strength", { label })}</span>
          </div>
        )}
      </div>
      <Field
        label={t("wallet.create.confirmLabel")}
        type="password"
        secret
        value={confirm}
        onChange={(event) => onConfirm(event.target.value)}
        message={
          confirm.length > 0 && confirm !== password
            ? { kind: "error", text: t("wallet.create.mismatch") }
            : null
        }
      />
    </div>
  );
}
