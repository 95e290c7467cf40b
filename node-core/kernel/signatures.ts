// Every signature a transaction carries, as checks to verify. They depend only on the transaction itself
// (each signs tag ‖ chain id ‖ txid ‖ …), never on state, so storage can start verifying a block's
// signatures on the worker pool while it is still reading the UTXOs the other rules need.
import { specialSigningMessage, txInputSigningMessage } from "../codec/index.js";
import type { SignatureCheck } from "../crypto/index.js";
import { DOMAIN } from "../params/index.js";
import type { Block, Hash32, Transaction } from "../types/index.js";

/** Input signatures in input order, then the special payload's (collateral, then operator). */
export function transactionSignatureChecks(tx: Transaction, txid: Hash32, chainId: number): SignatureCheck[] {
  const checks: SignatureCheck[] = tx.inputs.map((input, i) => ({
    publicKey: input.publicKey,
    message: txInputSigningMessage(chainId, txid, i),
    signature: input.signature,
  }));
  const special = tx.special;
  if (special) {
    checks.push({
      publicKey: special.collateralPublicKey,
      message: specialSigningMessage(DOMAIN.masternodeCollateral, chainId, txid),
      signature: special.collateralSignature,
    });
    if (special.kind === "masternodeRegistration") {
      checks.push({
        publicKey: special.operatorPublicKey,
        message: specialSigningMessage(DOMAIN.masternodeOperator, chainId, txid),
        signature: special.operatorSignature,
      });
    }
  }
  return checks;
}

/** All signature checks of a block, in transaction order: exactly checkBlock's `signatureChecks`. */
export function blockSignatureChecks(
  block: Block,
  txids: readonly Hash32[],
  chainId: number,
): SignatureCheck[] {
  const checks: SignatureCheck[] = [];
  block.transactions.forEach((tx, i) => {
    checks.push(...transactionSignatureChecks(tx, txids[i] as Hash32, chainId));
  });
  return checks;
}
