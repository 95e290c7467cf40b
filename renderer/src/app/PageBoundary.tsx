// Catches a page whose chunk could not be loaded (the node was rebuilt or stopped under an open window) or
// that failed while rendering, so the frame stays and the person reads what happened instead of a blank
// window; the reload fetches the current build. One per page (keyed by route), so another page still opens.
import { Component, type ReactNode } from "react";
import { t } from "../i18n/index.js";
import { Button } from "../ui/index.js";

interface State {
  readonly failed: boolean;
}

export class PageBoundary extends Component<{ readonly children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div role="alert">
        <p>{t("common.nav.loadFailed")}</p>
        <Button onClick={() => window.location.reload()}>{t("common.actions.retry")}</Button>
      </div>
    );
  }
}
