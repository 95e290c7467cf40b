// The "Set up a masternode" wizard: tier → collateral (the exact amount sent to yourself, followed until
// final, or a coin of exactly that amount the wallet already has) → operator key (named here, generated
// and stored encrypted by the node on registration) → network address → review → register, then the
// live status. Progress is saved in sessionStorage per wallet, so a reload resumes the step it was on.
// The tier table (collateral, weight, reward pool) is the node's (masternodetiers), never a copy.
import { useEffect, useReducer, useState } from "react";
import type { ApiFailure, ApiResult } from "../../../../electron/contract.js";
import { type CallState, useCall, useEvent } from "../../bridge/hooks.js";
import { bridge } from "../../bridge/index.js";
import { useLimitedCallback } from "../../charts/useLimitedCallback.js";
import { t } from "../../i18n/index.js";
import { useSettings } from "../../store/settings.js";
import { Amount, Button, Field, toSats } from "../../ui/index.js";
import { ErrorNotice } from "../network/ErrorNotice.js";
import { shortId } from "../network/format.js";
import { tierLabel } from "./MyMasternodes.js";
import { isTierName, plainAmount, type TierInfo, tierInfo } from "./tiers.js";
import { useWalletParams } from "./wallet-params.js";
import {
  findCollateralCoin,
  parseWizard,
  STEPS,
  type StepProblem,
  stepProblem,
  type WizardState,
  type WizardStep,
  wizardReducer,
  wizardStorageKey,
} from "./wizard-state.js";

function sessionStore() {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

export function loadWizard(wallet: string | null): WizardState {
  return parseWizard(sessionStore()?.getItem(wizardStorageKey(wallet)) ?? null);
}

function problemText(problem: StepProblem): string {
  return t(`masternodes.wizard.problems.${problem}`);
}

export function SetupWizard({
  info,
  onClose,
}: {
  readonly info: CallState<ApiResult<"masternodeinfo">>;
  readonly onClose: () => void;
}) {
  const wallet = useSettings((s) => s.currentWallet);
  const [state, dispatch] = useReducer(wizardReducer, wallet, loadWizard);
  const [showProblem, setShowProblem] = useState(false);
  // The consensus tier table: it cannot change while the app runs, so it is read once.
  const tiers = useCall("masternodetiers", {});
  useEffect(() => {
    try {
      sessionStore()?.setItem(wizardStorageKey(wallet), JSON.stringify(state));
    } catch {
      // Storage refused: the wizard still works, it just will not survive a reload.
    }
  }, [state, wallet]);

  const taken = new Set((info.data ?? []).map((m) => m.label));
  const problem = stepProblem(state, taken);
  const index = STEPS.indexOf(state.step);
  const next = () => {
    if (problem !== null) setShowProblem(true);
    else {
      setShowProblem(false);
      dispatch({ type: "next" });
    }
  };
  const close = () => {
    dispatch({ type: "reset" });
    onClose();
  };

  return (
    <section className="card mn-wizard" aria-labelledby="mn-wizard-heading">
      <h2 id="mn-wizard-heading">{t("masternodes.wizard.heading")}</h2>
      <ol className="mn-steps">
        {STEPS.map((step, i) => (
          <li
            key={step}
            aria-current={step === state.step ? "step" : undefined}
            className={i < index ? "is-done" : undefined}
          >
            {t(`masternodes.wizard.steps.${step}`)}
          </li>
        ))}
      </ol>
      <p className="visually-hidden" aria-live="polite">
        {t("masternodes.wizard.stepOf", {
          index: index + 1,
          count: STEPS.length,
          name: t(`masternodes.wizard.steps.${state.step}`),
        })}
      </p>
      <h3>{t(`masternodes.wizard.steps.${state.step}`)}</h3>
      <StepBody state={state} dispatch={dispatch} info={info} tiers={tiers} />
      {showProblem && problem !== null && (
        <p className="field-error" role="alert">
          {problemText(problem)}
        </p>
      )}
      <div className="row mn-wizard__actions">
        {state.step === "registered" ? (
          <Button onClick={() => dispatch({ type: "reset" })}>{t("masternodes.wizard.startOver")}</Button>
        ) : (
          <>
            {index > 0 && (
              <Button variant="ghost" onClick={() => dispatch({ type: "back" })}>
                {t("masternodes.wizard.back")}
              </Button>
            )}
            {state.step !== "review" && (
              <Button variant="primary" onClick={next}>
                {t("masternodes.wizard.continue")}
              </Button>
            )}
            <Button variant="ghost" onClick={close}>
              {t("masternodes.wizard.cancel")}
            </Button>
          </>
        )}
      </div>
    </section>
  );
}

type Dispatch = (action: Parameters<typeof wizardReducer>[1]) => void;

type Tiers = CallState<readonly TierInfo[]>;

function StepBody({
  state,
  dispatch,
  info,
  tiers,
}: {
  readonly state: WizardState;
  readonly dispatch: Dispatch;
  readonly info: CallState<ApiResult<"masternodeinfo">>;
  readonly tiers: Tiers;
}) {
  // Every step after the tier needs the chosen tier's figures: until the node has sent them, say so.
  if (tiers.data === undefined && state.step !== "operator" && state.step !== "address") {
    return tiers.error === undefined ? (
      <p className="muted" role="status">
        {t("masternodes.wizard.tiersLoading")}
      </p>
    ) : (
      <ErrorNotice lead={t("masternodes.wizard.tiersError")} error={tiers.error} onRetry={tiers.refresh} />
    );
  }
  const table = tiers.data ?? [];
  switch (state.step as WizardStep) {
    case "tier":
      return <TierStep state={state} dispatch={dispatch} tiers={table} />;
    case "collateral":
      return <CollateralStep state={state} dispatch={dispatch} tiers={table} />;
    case "operator":
      return (
        <>
          <p>{t("masternodes.wizard.operatorIntro")}</p>
          <Field
            label={t("masternodes.wizard.label")}
            hint={t("masternodes.wizard.labelHint")}
            value={state.label}
            maxLength={64}
            onChange={(e) => dispatch({ type: "setLabel", label: e.target.value })}
          />
        </>
      );
    case "address":
      return (
        <>
          <p>{t("masternodes.wizard.addressIntro")}</p>
          <Field
            label={t("masternodes.wizard.networkAddress")}
            hint={t("masternodes.wizard.networkAddressHint")}
            value={state.networkAddress}
            mono
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => dispatch({ type: "setNetworkAddress", networkAddress: e.target.value })}
          />
        </>
      );
    case "review":
      return <ReviewStep state={state} dispatch={dispatch} tiers={table} />;
    case "registered":
      return <RegisteredStep state={state} info={info} />;
  }
}

interface StepProps {
  readonly state: WizardState;
  readonly dispatch: Dispatch;
  readonly tiers: readonly TierInfo[];
}

function TierStep({ state, dispatch, tiers }: StepProps) {
  const walletParams = useWalletParams();
  const balances = useCall("getbalances", walletParams);
  const spendable = balances.data?.spendable;
  const chosen = tierInfo(tiers, state.tier);
  const short =
    spendable !== undefined && chosen !== undefined && toSats(spendable) <= toSats(chosen.collateral);
  return (
    <>
      <p>{t("masternodes.wizard.tierIntro")}</p>
      <fieldset className="mn-tiers">
        <legend className="visually-hidden">{t("masternodes.wizard.tierGroup")}</legend>
        {tiers.map(({ tier: name, collateral, weight, reward_share }) =>
          isTierName(name) ? (
            <label key={name} className={`mn-tier-option ${state.tier === name ? "is-chosen" : ""}`}>
              <input
                type="radio"
                name="mn-tier"
                value={name}
                checked={state.tier === name}
                onChange={() => dispatch({ type: "chooseTier", tier: name })}
              />
              <span>
                {t("masternodes.wizard.tierOption", {
                  tier: tierLabel(name),
                  collateral: plainAmount(collateral),
                  weight,
                })}
                <span className="small muted mn-tier-share">
                  {t("masternodes.wizard.tierShare", { share: plainAmount(reward_share) })}
                </span>
              </span>
            </label>
          ) : null,
        )}
      </fieldset>
      {spendable !== undefined && (
        <p className="muted">{t("masternodes.wizard.spendable", { amount: spendable })}</p>
      )}
      {short && <p className="field-warning">{t("masternodes.wizard.notEnough")}</p>}
    </>
  );
}

function CollateralStep({ state, dispatch, tiers }: StepProps) {
  const walletParams = useWalletParams();
  const coins = useCall("listunspent", walletParams, { refreshMs: 3000 });
  const pendingTx = useCall(
    "gettransaction",
    { txid: state.collateralTxid ?? "0".repeat(64), ...walletParams },
    { refreshMs: 2000, skip: state.collateralTxid === null },
  );
  const refreshSoon = useLimitedCallback(coins.refresh, 500);
  useEvent("wallet:transactionStatusChanged", refreshSoon);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const tier = tierInfo(tiers, state.tier);
  const collateralAmount = tier?.collateral;

  useEffect(() => {
    if (collateralAmount === undefined || state.collateral !== null || coins.data === undefined) return;
    const found = findCollateralCoin(coins.data, collateralAmount, state.collateralTxid);
    if (found !== null) dispatch({ type: "collateralReady", outpoint: found });
  }, [coins.data, collateralAmount, state.collateral, state.collateralTxid, dispatch]);

  if (tier === undefined) return null;
  const send = async () => {
    setSending(true);
    setFailure(null);
    const address = await bridge.call("getnewaddress", walletParams);
    if (!address.ok) {
      setSending(false);
      setFailure(address.error);
      return;
    }
    const sent = await bridge.call("sendtoaddress", {
      address: address.result,
      amount: tier.collateral,
      comment: t("masternodes.wizard.steps.collateral"),
      ...walletParams,
    });
    setSending(false);
    if (sent.ok) dispatch({ type: "collateralSent", txid: sent.result });
    else setFailure(sent.error);
  };

  return (
    <>
      <p>{t("masternodes.wizard.collateralIntro", { amount: plainAmount(tier.collateral) })}</p>
      {state.collateral !== null && (
        <p className="field-ok" role="status">
          {t("masternodes.wizard.collateralFound", {
            amount: plainAmount(tier.collateral),
            coin: `${shortId(state.collateral.txid)}:${state.collateral.vout}`,
          })}
        </p>
      )}
      {state.collateral === null && state.collateralTxid !== null && (
        <div role="status">
          <p>
            {t("masternodes.wizard.collateralWaiting", {
              txid: shortId(state.collateralTxid),
              status: pendingTx.data?.status_text ?? t("network.units.none"),
            })}
          </p>
          <p className="muted">{t("masternodes.wizard.collateralSafe")}</p>
        </div>
      )}
      {state.collateral === null && state.collateralTxid === null && coins.data !== undefined && (
        <>
          <Button variant="primary" busy={sending} onClick={() => void send()}>
            {sending
              ? t("masternodes.wizard.collateralSending")
              : t("masternodes.wizard.collateralSend", { amount: plainAmount(tier.collateral) })}
          </Button>
          <p className="small muted">{t("masternodes.wizard.collateralSendHint")}</p>
        </>
      )}
      {failure !== null && <ErrorNotice lead={t("masternodes.wizard.collateralError")} error={failure} />}
    </>
  );
}

function ReviewStep({ state, dispatch, tiers }: StepProps) {
  const walletParams = useWalletParams();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const tier = tierInfo(tiers, state.tier);
  if (tier === undefined || state.collateral === null || !isTierName(tier.tier)) return null;
  const tierName = tier.tier;
  const collateral = state.collateral;
  const register = async () => {
    setBusy(true);
    setFailure(null);
    const outcome = await bridge.call("masternodesetup", {
      label: state.label.trim(),
      tier: tierName,
      network_address: state.networkAddress.trim(),
      collateral_txid: collateral.txid,
      collateral_vout: collateral.vout,
      ...walletParams,
    });
    setBusy(false);
    if (!outcome.ok) setFailure(outcome.error);
    else if (outcome.result.state === "registered" && "operator" in outcome.result) {
      dispatch({ type: "registered", txid: outcome.result.txid, operator: outcome.result.operator });
    } else dispatch({ type: "collateralSent", txid: outcome.result.txid });
  };
  return (
    <>
      <dl className="mn-review">
        <div>
          <dt>{t("masternodes.wizard.review.tier")}</dt>
          <dd>
            <span className={`chip mn-tier mn-tier--${tierName}`}>{tierLabel(tierName)}</span>
          </dd>
        </div>
        <div>
          <dt>{t("masternodes.wizard.review.collateral")}</dt>
          <dd>
            <Amount value={tier.collateral} alwaysShow />{" "}
            <span className="mono small muted">{`${shortId(collateral.txid)}:${collateral.vout}`}</span>
          </dd>
        </div>
        <div>
          <dt>{t("masternodes.wizard.review.weight")}</dt>
          <dd className="mono">{tier.weight}</dd>
        </div>
        <div>
          <dt>{t("masternodes.wizard.review.name")}</dt>
          <dd>{state.label.trim()}</dd>
        </div>
        <div>
          <dt>{t("masternodes.wizard.review.address")}</dt>
          <dd className="mono">{state.networkAddress.trim()}</dd>
        </div>
      </dl>
      <p className="muted">{t("masternodes.wizard.review.note")}</p>
      {failure !== null && <ErrorNotice lead={t("masternodes.wizard.registerError")} error={failure} />}
      <Button variant="primary" busy={busy} onClick={() => void register()}>
        {busy ? t("masternodes.wizard.registering") : t("masternodes.wizard.register")}
      </Button>
    </>
  );
}

function RegisteredStep({
  state,
  info,
}: {
  readonly state: WizardState;
  readonly info: CallState<ApiResult<"masternodeinfo">>;
}) {
  useEvent("chain:block", () => info.refresh());
  const mine = (info.data ?? []).find((m) => m.label === state.label.trim());
  const status =
    mine === undefined || !mine.registered
      ? t("masternodes.wizard.waitingForChain")
      : t("masternodes.wizard.liveStatus", {
          status: mine.active ? t("masternodes.mine.status.active") : t("masternodes.mine.status.missing"),
        });
  return (
    <>
      <p className="field-ok">
        {t("masternodes.wizard.registered", { txid: shortId(state.registration?.txid ?? "") })}
      </p>
      <p role="status">{status}</p>
    </>
  );
}
