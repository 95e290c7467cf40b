// Masternode special transactions: registration locks collateral, only a deregistration of that collateral
// may spend it, payout changes keep the operator, and each misuse has its own error code.
import { describe, expect, it } from "vitest";
import { blockHash } from "../codec/index.js";
import { verifyAll } from "../crypto/verify-pool.js";
import { BLOCK_REWARD, TX_VERSION } from "../params/consensus.js";
import {
  assembleTestBlock,
  buildSpend,
  type OwnedUtxo,
  registrationPayload,
  SeededRng,
  TestChain,
  type TestKey,
} from "../testing/index.js";
import type { Block, SpecialPayload, Transaction } from "../types/chain.js";
import { checkBlock } from "./block.js";
import { isValidNetworkAddress } from "./special.js";
import { expectKernelError as expectCode } from "./test-support.js";

const NO_SIG = new Uint8Array(64);

function setup(label: string) {
  const chain = new TestChain({ seed: 21, label, child: { masternodeOpChance: 0 } });
  const utxos = chain.spendable();
  return { chain, utxos, rng: new SeededRng(3) };
}

function mine(chain: TestChain, txs: Transaction[]): Block {
  const reward: Transaction = {
    version: TX_VERSION,
    inputs: [],
    outputs: [{ amount: BLOCK_REWARD, address: (chain.wallet.keys[0] as TestKey).address }],
    lockTime: chain.height + 1n,
    special: null,
  };
  return assembleTestBlock(chain.params, chain.tip, reward, txs, chain.validators).block;
}

function check(chain: TestChain, block: Block) {
  const effects = checkBlock(block, chain.state, {
    params: chain.params,
    parent: { hash: blockHash(chain.tip.block.header), height: chain.height },
  });
  expect(verifyAll(effects.signatureChecks).every(Boolean)).toBe(true);
  return effects;
}

function registration(
  collateral: OwnedUtxo,
  operator: TestKey,
  networkAddress = "127.0.0.1:24210",
): SpecialPayload {
  return registrationPayload(collateral, operator, collateral.key.address, networkAddress);
}

function specialTx(
  chain: TestChain,
  inputs: OwnedUtxo[],
  special: SpecialPayload,
  keys: { collateral?: TestKey; operator?: TestKey },
): Transaction {
  const tx = buildSpend(
    chain.params.chainId,
    inputs,
    chain.wallet.keys.map((k) => k.address),
    new SeededRng(1),
    {
      outputCount: 1,
      special,
      specialKeys: keys,
    },
  );
  if (!tx) throw new Error("test setup: cannot pay the fee");
  return tx;
}

describe("masternode special transactions", () => {
  it("registers, locks the collateral, changes payout and deregisters", () => {
    const { chain, utxos } = setup("mn-lifecycle");
    const [collateral, feeA, feeB, feeC] = utxos as OwnedUtxo[];
    const operator = chain.wallet.keys[5] as TestKey;
    const reg = specialTx(chain, [feeA as OwnedUtxo], registration(collateral as OwnedUtxo, operator), {
      collateral: (collateral as OwnedUtxo).key,
      operator,
    });
    const regBlock = mine(chain, [reg]);
    const effects = check(chain, regBlock);
    expect(effects.masternodes).toHaveLength(1);
    expect(effects.masternodes[0]?.after?.collateralAmount).toBe((collateral as OwnedUtxo).entry.amount);
    expect(effects.masternodes[0]?.after?.registeredHeight).toBe(chain.height + 1n);
    chain.apply(
      assembleTestBlock(
        chain.params,
        chain.tip,
        regBlock.transactions[0] as Transaction,
        [reg],
        chain.validators,
      ),
    );
    expect(chain.state.getMasternode((collateral as OwnedUtxo).outpoint)).toBeDefined();

    // The collateral is locked: a plain spend is refused.
    const plain = buildSpend(
      chain.params.chainId,
      [collateral as OwnedUtxo],
      [operator.address],
      new SeededRng(2),
      {
        outputCount: 1,
      },
    ) as Transaction;
    expectCode(() => check(chain, mine(chain, [plain])), "TX_LOCKED_COLLATERAL");
    // A second registration of the same collateral, or with the same operator, is refused.
    const again = specialTx(
      chain,
      [feeB as OwnedUtxo],
      registration(collateral as OwnedUtxo, chain.wallet.keys[6] as TestKey),
      {
        collateral: (collateral as OwnedUtxo).key,
        operator: chain.wallet.keys[6] as TestKey,
      },
    );
    expectCode(() => check(chain, mine(chain, [again])), "MN_ALREADY_REGISTERED");
    const sameOperator = specialTx(chain, [feeB as OwnedUtxo], registration(feeC as OwnedUtxo, operator), {
      collateral: (feeC as OwnedUtxo).key,
      operator,
    });
    expectCode(() => check(chain, mine(chain, [sameOperator])), "MN_OPERATOR_IN_USE");

    // Payout change by the collateral key.
    const payout: SpecialPayload = {
      kind: "payoutChange",
      collateral: (collateral as OwnedUtxo).outpoint,
      payoutAddress: operator.address,
      collateralPublicKey: (collateral as OwnedUtxo).key.publicKey,
      collateralSignature: NO_SIG,
    };
    const change = specialTx(chain, [feeB as OwnedUtxo], payout, {
      collateral: (collateral as OwnedUtxo).key,
    });
    // A change to the address it already pays is refused.
    const unchanged = specialTx(
      chain,
      [feeB as OwnedUtxo],
      { ...payout, payoutAddress: (collateral as OwnedUtxo).key.address },
      { collateral: (collateral as OwnedUtxo).key },
    );
    expectCode(() => check(chain, mine(chain, [unchanged])), "MN_PAYOUT_UNCHANGED");
    const changeEffects = check(chain, mine(chain, [change]));
    expect(changeEffects.masternodes[0]?.after?.payoutAddress).toEqual(operator.address);
    expect(changeEffects.masternodes[0]?.after?.operatorPublicKey).toEqual(operator.publicKey);

    // Deregistration spending the collateral in the same transaction unlocks and spends it.
    const dereg: SpecialPayload = {
      kind: "masternodeDeregistration",
      collateral: (collateral as OwnedUtxo).outpoint,
      collateralPublicKey: (collateral as OwnedUtxo).key.publicKey,
      collateralSignature: NO_SIG,
    };
    const spendAndDereg = specialTx(chain, [collateral as OwnedUtxo], dereg, {
      collateral: (collateral as OwnedUtxo).key,
    });
    const deregEffects = check(chain, mine(chain, [spendAndDereg]));
    expect(deregEffects.masternodes[0]?.after).toBeNull();
    expect(deregEffects.spent.map((o) => o.index)).toContain((collateral as OwnedUtxo).outpoint.index);

    // Two operations on one collateral in one block conflict.
    expectCode(() => check(chain, mine(chain, [change, spendAndDereg])), "BLOCK_CONFLICTING_MASTERNODE_OPS");
  });

  it("refuses registrations that do not own or cannot name their collateral", () => {
    const { chain, utxos } = setup("mn-refusals");
    const [collateral, fee, other] = utxos as OwnedUtxo[];
    const operator = chain.wallet.keys[4] as TestKey;
    const owner = (other as OwnedUtxo).key;
    if (Buffer.compare(owner.address, (collateral as OwnedUtxo).entry.address) === 0)
      throw new Error("setup");

    // Collateral key that does not own the output.
    const stolen = specialTx(
      chain,
      [fee as OwnedUtxo],
      { ...registration(collateral as OwnedUtxo, operator), collateralPublicKey: owner.publicKey },
      { collateral: owner, operator },
    );
    expectCode(() => check(chain, mine(chain, [stolen])), "MN_COLLATERAL_KEY_MISMATCH");

    const missing = specialTx(
      chain,
      [fee as OwnedUtxo],
      {
        ...registration(collateral as OwnedUtxo, operator),
        collateral: { txid: new Uint8Array(32).fill(3), index: 0 },
      },
      { collateral: (collateral as OwnedUtxo).key, operator },
    );
    expectCode(() => check(chain, mine(chain, [missing])), "MN_COLLATERAL_MISSING");

    const selfSpend = specialTx(
      chain,
      [collateral as OwnedUtxo],
      registration(collateral as OwnedUtxo, operator),
      {
        collateral: (collateral as OwnedUtxo).key,
        operator,
      },
    );
    expectCode(() => check(chain, mine(chain, [selfSpend])), "MN_COLLATERAL_SPENT_BY_REGISTRATION");

    const badAddress = specialTx(
      chain,
      [fee as OwnedUtxo],
      registration(collateral as OwnedUtxo, operator, "not an address"),
      {
        collateral: (collateral as OwnedUtxo).key,
        operator,
      },
    );
    expectCode(() => check(chain, mine(chain, [badAddress])), "MN_BAD_NETWORK_ADDRESS");

    const notRegistered = specialTx(
      chain,
      [fee as OwnedUtxo],
      {
        kind: "masternodeDeregistration",
        collateral: (collateral as OwnedUtxo).outpoint,
        collateralPublicKey: (collateral as OwnedUtxo).key.publicKey,
        collateralSignature: NO_SIG,
      },
      { collateral: (collateral as OwnedUtxo).key },
    );
    expectCode(() => check(chain, mine(chain, [notRegistered])), "MN_NOT_REGISTERED");

    // An operator signature by the wrong key is caught by verification, not silently accepted.
    const wrongOperatorSig = specialTx(
      chain,
      [fee as OwnedUtxo],
      registration(collateral as OwnedUtxo, operator),
      {
        collateral: (collateral as OwnedUtxo).key,
        operator: owner,
      },
    );
    const effects = checkBlock(mine(chain, [wrongOperatorSig]), chain.state, {
      params: chain.params,
      parent: { hash: blockHash(chain.tip.block.header), height: chain.height },
    });
    expect(verifyAll(effects.signatureChecks)).toContain(false);
  });

  it("validates network addresses as host:port", () => {
    for (const ok of ["127.0.0.1:24200", "node.example.org:1", "[::1]:24000", "a:65535"]) {
      expect(isValidNetworkAddress(ok)).toBe(true);
    }
    for (const bad of ["", "127.0.0.1", "host:0", "host:65536", "ho st:1", ":24000", "-a.b:1", "a..b:1"]) {
      expect(isValidNetworkAddress(bad)).toBe(false);
    }
  });
});
