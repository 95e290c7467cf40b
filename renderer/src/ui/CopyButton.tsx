// Copies a (non-secret) text to the clipboard and says so for a moment.
import { useEffect, useState } from "react";
import { t } from "../i18n/index.js";
import { Button, type ButtonProps } from "./Button.js";

export interface CopyButtonProps extends Omit<ButtonProps, "onClick"> {
  readonly text: string;
  readonly label?: string;
}

export function CopyButton({ text, label, ...rest }: CopyButtonProps) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  const copy = () => {
    void navigator.clipboard?.writeText(text).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <Button {...rest} onClick={copy} aria-label={label ?? t("common.actions.copy")}>
      {copied ? t("common.actions.copied") : (label ?? t("common.actions.copy"))}
    </Button>
  );
}
