// A side drawer for details (a transaction): a labelled dialog on the right, closed by Escape.
import { type ReactNode, useEffect, useId, useRef } from "react";
import { t } from "../i18n/index.js";
import { Button } from "./Button.js";

export function Drawer({
  title,
  onClose,
  children,
}: {
  readonly title: string;
  readonly onClose: () => void;
  readonly children: ReactNode;
}) {
  const titleId = useId();
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") close.current();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <aside className="drawer" role="dialog" aria-labelledby={titleId}>
      <div className="row-between">
        <h2 id={titleId}>{title}</h2>
        <Button variant="ghost" onClick={onClose}>
          {t("common.actions.close")}
        </Button>
      </div>
      {children}
    </aside>
  );
}
