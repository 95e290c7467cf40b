// The UI's own settings (theme, hidden balances, auto-lock, which wallet is current), kept in localStorage:
// none of them is a secret. Whether a wallet's words are backed up is the wallet's own (getwalletinfo
// backed_up, kept in its keystore), so every browser and window on it agrees.
import { create } from "zustand";

export type ThemeChoice = "system" | "dark" | "light";

export interface SettingsState {
  readonly theme: ThemeChoice;
  readonly hideBalances: boolean;
  /** Minutes of inactivity before the UI locks the wallet; null = never (confirmed by the user). */
  readonly autoLockMinutes: number | null;
  readonly currentWallet: string | null;
  setTheme(theme: ThemeChoice): void;
  setHideBalances(hide: boolean): void;
  setAutoLockMinutes(minutes: number | null): void;
  setCurrentWallet(wallet: string | null): void;
}

const KEY = "timecoin.settings.v1";
export const DEFAULT_AUTO_LOCK_MINUTES = 5;

type Persisted = Pick<SettingsState, "theme" | "hideBalances" | "autoLockMinutes" | "currentWallet">;

const DEFAULTS: Persisted = {
  theme: "system",
  hideBalances: false,
  autoLockMinutes: DEFAULT_AUTO_LOCK_MINUTES,
  currentWallet: null,
};

/** Reads saved settings, keeping only well-formed values (a damaged entry falls back to the default). */
export function parseSettings(raw: string | null): Persisted {
  if (raw === null) return DEFAULTS;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return DEFAULTS;
  }
  if (typeof data !== "object" || data === null) return DEFAULTS;
  const d = data as Record<string, unknown>;
  const minutes = d.autoLockMinutes;
  return {
    theme: d.theme === "dark" || d.theme === "light" || d.theme === "system" ? d.theme : DEFAULTS.theme,
    hideBalances: d.hideBalances === true,
    autoLockMinutes:
      minutes === null
        ? null
        : typeof minutes === "number" && Number.isInteger(minutes) && minutes >= 1 && minutes <= 1440
          ? minutes
          : DEFAULTS.autoLockMinutes,
    currentWallet:
      typeof d.currentWallet === "string" && d.currentWallet.length <= 64 ? d.currentWallet : null,
  };
}

function load(): Persisted {
  try {
    return parseSettings(globalThis.localStorage?.getItem(KEY) ?? null);
  } catch {
    return DEFAULTS;
  }
}

function save(state: SettingsState): void {
  const { theme, hideBalances, autoLockMinutes, currentWallet } = state;
  try {
    globalThis.localStorage?.setItem(
      KEY,
      JSON.stringify({ theme, hideBalances, autoLockMinutes, currentWallet }),
    );
  } catch {
    // Storage full or disabled: the settings hold for this session only.
  }
}

export const useSettings = create<SettingsState>()((set, get) => {
  const update = (patch: Partial<Persisted>) => {
    set(patch);
    save(get());
  };
  return {
    ...load(),
    setTheme: (theme) => update({ theme }),
    setHideBalances: (hideBalances) => update({ hideBalances }),
    setAutoLockMinutes: (autoLockMinutes) => update({ autoLockMinutes }),
    setCurrentWallet: (currentWallet) => update({ currentWallet }),
  };
});
