// Pins the wizard's tier table to the node's consensus constants.
import { describe, expect, it } from "vitest";
import { MASTERNODE_TIERS } from "../../../../node-core/params/index.js";
import { toSats } from "../../ui/index.js";
import { TIERS } from "./tiers.js";

describe("TIERS", () => {
  it("match node-core's collateral and voting weight for every paid tier", () => {
    const paid = MASTERNODE_TIERS.filter((t) => t.collateral > 0n);
    expect(TIERS.length).toBe(paid.length);
    for (const tier of TIERS) {
      const node = paid.find((t) => t.name === tier.name);
      expect(node, tier.name).toBeDefined();
      expect(toSats(tier.collateral)).toBe(node?.collateral);
      expect(tier.weight).toBe(node?.votingWeight);
    }
  });
});
