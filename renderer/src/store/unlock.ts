// One place that asks for the wallet password: anything needing an unlocked wallet (send, label) awaits
// `requestUnlock()`, the frame shows the dialog, and the promise says whether it was unlocked.
import { create } from "zustand";

interface UnlockState {
  readonly open: boolean;
  readonly waiting: readonly ((unlocked: boolean) => void)[];
  request(): Promise<boolean>;
  finish(unlocked: boolean): void;
}

export const useUnlock = create<UnlockState>()((set, get) => ({
  open: false,
  waiting: [],
  request() {
    return new Promise<boolean>((resolve) => set({ open: true, waiting: [...get().waiting, resolve] }));
  },
  finish(unlocked) {
    const waiting = get().waiting;
    set({ open: false, waiting: [] });
    for (const resolve of waiting) resolve(unlocked);
  },
}));

export function requestUnlock(): Promise<boolean> {
  return useUnlock.getState().request();
}
