// The toast stack (payment received, transaction final, rejected): a polite live region; each toast leaves
// by itself after a while or on Dismiss.
import { t } from "../i18n/index.js";
import { useToasts } from "../store/toasts.js";
import { Button } from "./Button.js";

export function Toasts() {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  return (
    <section className="toasts" aria-label={t("common.toast.region")} aria-live="polite">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.tone}`}>
          <span>{toast.text}</span>
          <Button variant="ghost" size="small" onClick={() => dismiss(toast.id)}>
            {t("common.actions.dismiss")}
          </Button>
        </div>
      ))}
    </section>
  );
}
