// A labelled form field: the label names the control (the tests find fields by these labels), with an
// optional hint and one message (error, warning or ok) tied to the control by aria-describedby.
import { type InputHTMLAttributes, type ReactNode, useId } from "react";

export type FieldMessage = { readonly kind: "error" | "warning" | "ok"; readonly text: string } | null;

export interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  readonly label: string;
  readonly hint?: ReactNode;
  readonly message?: FieldMessage;
  readonly mono?: boolean;
  /** Secrets: no spellcheck, no autocomplete, no autocorrect. */
  readonly secret?: boolean;
  /** Something beside the input (a "Max" button). */
  readonly addon?: ReactNode;
}

export function Field({
  label,
  hint,
  message = null,
  mono = false,
  secret = false,
  addon,
  className,
  ...rest
}: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const messageId = `${id}-message`;
  const described = [hint === undefined ? null : hintId, message === null ? null : messageId]
    .filter((x) => x !== null)
    .join(" ");
  const secretProps = secret
    ? {
        spellCheck: false,
        autoComplete: "off",
        autoCorrect: "off",
        autoCapitalize: "off",
        "data-secret": "true",
      }
    : {};
  const input = (
    <input
      id={id}
      className={["input", mono ? "input-mono" : "", className ?? ""].join(" ").trim()}
      aria-invalid={message?.kind === "error" ? true : undefined}
      aria-describedby={described.length > 0 ? described : undefined}
      {...secretProps}
      {...rest}
    />
  );
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {addon === undefined ? (
        input
      ) : (
        <div className="input-group">
          {input}
          {addon}
        </div>
      )}
      {hint !== undefined && (
        <div className="field-hint" id={hintId}>
          {hint}
        </div>
      )}
      {message !== null && (
        <div
          className={`field-${message.kind}`}
          id={messageId}
          role={message.kind === "error" ? "alert" : undefined}
        >
          {message.text}
        </div>
      )}
    </div>
  );
}
