// Locks the current wallet after the auto-lock minutes without a key press or pointer move in this window.
import { useEffect, useRef } from "react";
import { bridge } from "../bridge/index.js";
import { t } from "../i18n/index.js";
import { useSession } from "../store/session.js";
import { useSettings } from "../store/settings.js";
import { useToasts } from "../store/toasts.js";
import { idleExpired } from "./idle.js";

const CHECK_MS = 5_000;

export function IdleLock() {
  const last = useRef(Date.now());
  const minutes = useSettings((s) => s.autoLockMinutes);
  useEffect(() => {
    const touch = () => {
      last.current = Date.now();
    };
    const events = ["pointerdown", "pointermove", "keydown", "wheel"] as const;
    for (const name of events) window.addEventListener(name, touch, { passive: true });
    const timer = setInterval(() => {
      const { current, info, refreshInfo } = useSession.getState();
      if (current === null || info === null || info.locked) return;
      if (!idleExpired(last.current, Date.now(), minutes)) return;
      void bridge.call("walletlock", { wallet_name: current }).then(() => {
        useToasts.getState().push(t("common.autoLock.locked", { minutes: minutes ?? 0 }));
        return refreshInfo();
      });
    }, CHECK_MS);
    return () => {
      for (const name of events) window.removeEventListener(name, touch);
      clearInterval(timer);
    };
  }, [minutes]);
  return null;
}
