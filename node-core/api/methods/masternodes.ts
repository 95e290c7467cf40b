// Masternode and consensus methods: the tiers a masternode can register as, the registry at the tip with
// each node's liveness as this node sees it, this node's own masternode status, and the state of Snowball
// and TSDC.

import { outpointKey } from "../../kernel/index.js";
import { MASTERNODE_TIERS, REWARD_SPLIT, tierForCollateral } from "../../params/index.js";
import type { MasternodeRecord } from "../../types/index.js";
import { formatTime, toHex } from "../../types/index.js";
import { addressJson } from "../json.js";
import { defineMethod } from "../method.js";
import type { ApiRuntime } from "../runtime.js";
import { text } from "../schemas.js";

function masternodeJson(api: ApiRuntime, record: MasternodeRecord) {
  const id = toHex(record.operatorPublicKey);
  const tier = tierForCollateral(record.collateralAmount);
  const heartbeats = api.ctx.node.services.heartbeats;
  return {
    operator: id,
    collateral: outpointKey(record.collateral),
    collateralAmount: formatTime(record.collateralAmount),
    collateralPublicKey: toHex(record.collateralPublicKey),
    tier: tier.name,
    weight: tier.votingWeight,
    payoutAddress: addressJson(record.payoutAddress, api.ctx.params),
    networkAddress: record.networkAddress,
    registeredHeight: Number(record.registeredHeight),
    /** Heard from within the liveness window (heartbeats), as this node sees it. */
    active: heartbeats.isActive(id),
    lastSeen: heartbeats.lastSeen(id) ?? null,
  };
}

/**
 * The tiers a wallet can register (those with a collateral; the free tier needs none and no registration
 * by a wallet), lowest first, from the consensus constants: clients show these instead of a copy of them.
 */
function tiersJson() {
  return MASTERNODE_TIERS.filter((tier) => tier.collateral > 0n)
    .map((tier) => ({
      tier: tier.name,
      collateral: formatTime(tier.collateral),
      weight: tier.votingWeight,
      reward_share: formatTime(REWARD_SPLIT[tier.name]),
    }))
    .reverse();
}

export function masternodeMethods() {
  return [
    defineMethod({
      name: "masternodetiers",
      summary: "the masternode tiers: collateral, voting weight and the tier's reward pool per block",
      params: {},
      paramHelp: {},
      result:
        '[{tier: "bronze" | "silver" | "gold", collateral (TIME), weight, reward_share (TIME per block, shared by the tier\'s paid masternodes)}, ...] lowest first',
      handler: () => tiersJson(),
    }),
    defineMethod({
      name: "masternodelist",
      summary: "the registered masternodes at the tip, optionally filtered",
      params: { filter: text(128).optional() },
      paramHelp: {
        filter: "only entries whose operator key, collateral, payout or network address contains this",
      },
      result:
        "[{operator, collateral, collateralAmount, collateralPublicKey, tier, weight, payoutAddress, networkAddress, registeredHeight, active, lastSeen}, ...]",
      handler({ api }, { filter }) {
        const all = api.ctx.node.services.follower.registry.records.map((r) => masternodeJson(api, r));
        if (filter === undefined) return all;
        return all.filter((m) =>
          [m.operator, m.collateral, m.payoutAddress, m.networkAddress].some((field) =>
            field.includes(filter),
          ),
        );
      },
    }),
    defineMethod({
      name: "masternodestatus",
      summary: "this node as a masternode: its operator key, registration and liveness",
      params: {},
      paramHelp: {},
      result: "{masternode: false} or {masternode: true, operator, registered, ...registration fields}",
      handler({ api }) {
        const { node } = api.ctx;
        if (node.id === null) return { masternode: false, reason: "this node has no operator key" };
        const record = node.services.follower.registry.operators.get(node.id);
        if (record === undefined) {
          return {
            masternode: true,
            operator: node.id,
            registered: false,
            reason: "the operator key is not registered",
          };
        }
        return { masternode: true, registered: true, ...masternodeJson(api, record) };
      },
    }),
    defineMethod({
      name: "getconsensusinfo",
      summary: "Snowball (transaction finality) and TSDC (blocks) state and parameters",
      params: {},
      paramHelp: {},
      result: "{snowball: {k, alpha, beta, ...stats}, tsdc: {height, round, step} | null, votingSet, tiers}",
      handler({ api }) {
        const { node, params } = api.ctx;
        const { snowball, tsdc, follower } = node.services;
        const { k, alpha, beta, queryTimeoutMs } = snowball.options;
        const registry = follower.registry;
        return {
          snowball: { k, alpha, beta, queryTimeoutMs, running: snowball.isRunning, ...snowball.stats() },
          tsdc:
            tsdc === null
              ? null
              : { height: Number(tsdc.currentHeight), round: tsdc.currentRound, step: tsdc.currentStep },
          blockIntervalMs: params.blockIntervalMs,
          votingSet: {
            validators: registry.votingSet.validators.length,
            totalWeight: registry.votingSet.totalWeight,
          },
          tiers: { ...registry.tierCounts },
        };
      },
    }),
  ];
}
