// The sync card: one sentence with the stage, the blocks and the time left, a progress bar, the speed,
// and what already works while syncing. Fed by getblockchaininfo (polled, and again on every block).
import { useRef } from "react";
import type { ApiResult } from "../../../../electron/contract.js";
import type { CallState } from "../../bridge/hooks.js";
import { t } from "../../i18n/index.js";
import { ErrorNotice } from "./ErrorNotice.js";
import { formatCount, formatDecimal, formatDuration } from "./format.js";
import { addSample, type HeightSample, syncProgress } from "./sync-progress.js";

export function SyncCard({
  chain,
  peers,
}: {
  readonly chain: CallState<ApiResult<"getblockchaininfo">>;
  readonly peers: number;
}) {
  const samples = useRef<HeightSample[]>([]);
  const lastHeight = useRef<number | null>(null);
  const info = chain.data;
  if (info !== undefined && lastHeight.current !== info.blocks) {
    lastHeight.current = info.blocks;
    samples.current = addSample(samples.current, { height: info.blocks, at: Date.now() });
  }
  return (
    <section className="card network-sync" aria-labelledby="network-sync-heading">
      <h2 id="network-sync-heading">{t("network.sync.heading")}</h2>
      {chain.error !== undefined && info === undefined && (
        <ErrorNotice lead={t("network.sync.loadError")} error={chain.error} onRetry={chain.refresh} />
      )}
      {info !== undefined && <SyncBody info={info} peers={peers} samples={samples.current} />}
    </section>
  );
}

function SyncBody({
  info,
  peers,
  samples,
}: {
  readonly info: ApiResult<"getblockchaininfo">;
  readonly peers: number;
  readonly samples: readonly HeightSample[];
}) {
  const progress = syncProgress(info, peers, samples);
  const height = formatCount(progress.height);
  const headline =
    progress.stage === "waiting-for-peers"
      ? t("network.sync.waitingForPeers", { height })
      : progress.stage === "syncing"
        ? `${t("network.sync.syncing", { height, target: formatCount(progress.target) })} · ${
            progress.etaSeconds === null
              ? t("network.sync.etaUnknown")
              : t("network.sync.eta", { eta: formatDuration(progress.etaSeconds) })
          }`
        : t("network.sync.synced", { height });
  const tipAgeSeconds = Math.max(0, (Date.now() - info.tiptime) / 1000);
  return (
    <>
      <p className="network-sync__headline">{headline}</p>
      <progress
        className="network-sync__bar"
        aria-label={t("network.sync.progressLabel")}
        max={1}
        value={progress.fraction}
      />
      <dl className="network-facts">
        <div>
          <dt>{t("network.sync.blocksLeft")}</dt>
          <dd className="mono">{formatCount(progress.blocksLeft)}</dd>
        </div>
        <div>
          <dt>{t("network.sync.speed")}</dt>
          <dd className="mono">
            {progress.blocksPerSecond === null
              ? t("network.units.none")
              : t("network.sync.speedValue", { value: formatDecimal(progress.blocksPerSecond) })}
          </dd>
        </div>
        <div>
          <dt>{t("network.sync.peers")}</dt>
          <dd className="mono">{formatCount(peers)}</dd>
        </div>
        <div>
          <dt>{t("network.blocks.time")}</dt>
          <dd className="mono">{t("network.sync.tipAge", { age: formatDuration(tipAgeSeconds) })}</dd>
        </div>
      </dl>
      {progress.stage === "syncing" && <p className="muted">{t("network.sync.whatWorks")}</p>}
    </>
  );
}
