// The queue of toasts: short notices of events, each leaving by itself after a few seconds.
import { create } from "zustand";

export interface Toast {
  readonly id: number;
  readonly text: string;
  readonly tone: "info" | "success" | "danger";
}

interface ToastState {
  readonly toasts: readonly Toast[];
  push(text: string, tone?: Toast["tone"]): void;
  dismiss(id: number): void;
}

const LIFETIME_MS = 6_000;
const MAX_SHOWN = 4;
let nextId = 1;

export const useToasts = create<ToastState>()((set, get) => ({
  toasts: [],
  push(text, tone = "info") {
    const id = nextId++;
    set({ toasts: [...get().toasts, { id, text, tone }].slice(-MAX_SHOWN) });
    setTimeout(() => get().dismiss(id), LIFETIME_MS);
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((toast) => toast.id !== id) });
  },
}));
