// The live finality chip of a transaction, with a thin progress ring while voting (confidence c/β).
import { chipView, type TxStatus } from "./status.js";

function Ring({ progress }: { readonly progress: number }) {
  const radius = 5;
  const circumference = 2 * Math.PI * radius;
  return (
    <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
      <circle className="ring-track" cx="7" cy="7" r={radius} fill="none" strokeWidth="2" />
      <circle
        className="ring-fill"
        cx="7"
        cy="7"
        r={radius}
        fill="none"
        strokeWidth="2"
        strokeDasharray={circumference}
        strokeDashoffset={circumference * (1 - progress)}
        transform="rotate(-90 7 7)"
      />
    </svg>
  );
}

export function StatusChip({ status }: { readonly status: TxStatus }) {
  const view = chipView(status);
  return (
    <span className={`chip chip-${view.kind}`} role="status" aria-label={view.label} title={view.label}>
      {view.progress !== null && <Ring progress={view.progress} />}
      <span aria-hidden="true">{view.text}</span>
    </span>
  );
}
