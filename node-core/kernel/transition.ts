// Applying effects to, and reverting undo records from, an in-memory state. This is the reference model of
// the state transition: storage performs the same writes in LevelDB, and tests compare the two.
import type { UndoRecord } from "../types/index.js";
import type { BlockEffects } from "./effects.js";
import type { MapStateView } from "./view.js";

export function applyEffects(state: MapStateView, effects: BlockEffects): void {
  for (const outpoint of effects.spent) state.deleteUtxo(outpoint);
  for (const utxo of effects.created) state.setUtxo(utxo.outpoint, utxo.entry);
  for (const change of effects.masternodes) {
    state.deleteMasternode(change.collateral);
    if (change.after) state.setMasternode(change.after);
  }
}

export function revertUndo(state: MapStateView, undo: UndoRecord): void {
  for (const outpoint of undo.created) state.deleteUtxo(outpoint);
  for (const utxo of undo.spent) state.setUtxo(utxo.outpoint, utxo.entry);
  for (let i = undo.masternodes.length - 1; i >= 0; i--) {
    const change = undo.masternodes[i] as UndoRecord["masternodes"][number];
    state.deleteMasternode(change.collateral);
    if (change.before) state.setMasternode(change.before);
  }
}
