// Recent blocks: height, time, proposer, transaction count and certificate weight of the last ten, loaded
// at start and kept current from chain:block (each new block fetched once with getblock verbosity 1).
// Weights come from masternodelist and the voting set's total from getconsensusinfo.
import { useCallback, useEffect, useMemo, useState } from "react";
import type { ApiFailure } from "../../../../electron/contract.js";
import { useCall, useEvent } from "../../bridge/hooks.js";
import { bridge } from "../../bridge/index.js";
import { t } from "../../i18n/index.js";
import { certificateWeight } from "./certificate-weight.js";
import { ErrorNotice } from "./ErrorNotice.js";
import { formatCount, formatTime, shortId } from "./format.js";
import { type BlockRow, blockRow, mergeBlock, RECENT_BLOCKS } from "./recent-blocks.js";

async function fetchBlock(hash: string): Promise<BlockRow | ApiFailure> {
  const outcome = await bridge.call("getblock", { blockhash: hash, verbosity: 1 });
  if (!outcome.ok) return outcome.error;
  return blockRow(outcome.result) ?? { code: "API_MISC_ERROR", message: "the node sent a block in hex" };
}

function isFailure(value: BlockRow | ApiFailure): value is ApiFailure {
  return "code" in value;
}

export function RecentBlocks() {
  const [rows, setRows] = useState<BlockRow[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const masternodes = useCall("masternodelist", {}, { refreshMs: 30_000 });
  const consensus = useCall("getconsensusinfo", {}, { refreshMs: 30_000 });

  const load = useCallback(async () => {
    setFailure(null);
    const info = await bridge.call("getblockchaininfo", {});
    if (!info.ok) {
      setFailure(info.error);
      return;
    }
    const tip = info.result.blocks;
    const heights = Array.from({ length: Math.min(RECENT_BLOCKS, tip + 1) }, (_, i) => tip - i);
    const fetched = await Promise.all(
      heights.map(async (height) => {
        const hash = await bridge.call("getblockhash", { height });
        return hash.ok ? fetchBlock(hash.result) : hash.error;
      }),
    );
    const firstFailure = fetched.find(isFailure);
    if (firstFailure !== undefined) setFailure(firstFailure);
    setRows((old) =>
      fetched.filter((b) => !isFailure(b)).reduce((acc, b) => mergeBlock(acc, b as BlockRow), old),
    );
    setLoaded(true);
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  useEvent("chain:block", ({ hash }) => {
    void fetchBlock(hash).then((block) => {
      if (!isFailure(block)) setRows((old) => mergeBlock(old, block));
    });
  });

  const weights = useMemo(
    () => new Map((masternodes.data ?? []).map((m) => [m.operator, m.weight] as const)),
    [masternodes.data],
  );
  const addresses = useMemo(
    () => new Map((masternodes.data ?? []).map((m) => [m.operator, m.networkAddress] as const)),
    [masternodes.data],
  );
  const totalWeight = consensus.data?.votingSet.totalWeight ?? 0;

  return (
    <section className="card" aria-labelledby="network-blocks-heading">
      <h2 id="network-blocks-heading">{t("network.blocks.heading")}</h2>
      {failure !== null && (
        <ErrorNotice lead={t("network.blocks.loadError")} error={failure} onRetry={() => void load()} />
      )}
      {loaded && rows.length === 0 && <p className="muted">{t("network.blocks.empty")}</p>}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t("network.blocks.height")}
                </th>
                <th scope="col">{t("network.blocks.time")}</th>
                <th scope="col">{t("network.blocks.proposer")}</th>
                <th scope="col" className="num">
                  {t("network.blocks.transactions")}
                </th>
                <th scope="col">{t("network.blocks.certificate")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((block) => (
                <tr key={block.hash}>
                  <th scope="row" className="num mono" title={block.hash}>
                    #{formatCount(block.height)}
                  </th>
                  <td className="mono">{formatTime(block.timestamp)}</td>
                  <td className="mono" title={block.proposer}>
                    {block.height === 0
                      ? t("network.blocks.genesis")
                      : (addresses.get(block.proposer) ?? shortId(block.proposer))}
                  </td>
                  <td className="num mono">{formatCount(block.transactions)}</td>
                  <td className="mono">
                    <WeightCell voters={block.voters} weights={weights} total={totalWeight} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function WeightCell({
  voters,
  weights,
  total,
}: {
  readonly voters: readonly string[] | null;
  readonly weights: ReadonlyMap<string, number>;
  readonly total: number;
}) {
  if (voters === null) return <span className="muted">{t("network.blocks.noCertificate")}</span>;
  const w = certificateWeight(voters, weights, total);
  if (w.fraction === null) {
    return <>{t("network.blocks.weightUnknownTotal", { weight: formatCount(w.weight), voters: w.voters })}</>;
  }
  return (
    <>
      {t("network.blocks.weightValue", {
        weight: formatCount(w.weight),
        total: formatCount(w.total),
        percent: Math.round(w.fraction * 100),
      })}
    </>
  );
}
