// The finality-latency chart: the last transactions this node saw final (snowball:final's finalMs), with
// the median and 99th percentile as reference lines. Events may come in bursts; the chart redraws at most
// four times a second.
import { useRef } from "react";
import { useEvent } from "../../bridge/hooks.js";
import { LineChart } from "../../charts/LineChart.js";
import { useLimitedRender } from "../../charts/useLimitedRender.js";
import { t } from "../../i18n/index.js";
import { finalityStats, pushBounded } from "./finality-stats.js";
import { formatCount, formatLatency } from "./format.js";

const WINDOW = 100;

export function FinalityCard() {
  const latencies = useRef<number[]>([]);
  const render = useLimitedRender();
  useEvent("snowball:final", ({ finalMs }) => {
    if (finalMs === null || !Number.isFinite(finalMs)) return;
    latencies.current = pushBounded(latencies.current, finalMs, WINDOW);
    render();
  });
  const values = latencies.current;
  const stats = finalityStats(values);
  const references =
    stats.p50 === null || stats.p99 === null
      ? []
      : [
          {
            label: t("network.finality.p50", { value: formatLatency(stats.p50) }),
            value: stats.p50,
            tone: "tertiary" as const,
          },
          {
            label: t("network.finality.p99", { value: formatLatency(stats.p99) }),
            value: stats.p99,
            tone: "secondary" as const,
          },
        ];
  return (
    <section className="card" aria-labelledby="network-finality-heading">
      <div className="row-between">
        <h2 id="network-finality-heading">{t("network.finality.heading")}</h2>
        {stats.count > 0 && (
          <p className="small muted">{t("network.finality.count", { count: formatCount(stats.count) })}</p>
        )}
      </div>
      <LineChart
        capacity={WINDOW}
        summary={
          stats.count === 0
            ? t("network.finality.empty")
            : t("network.finality.summary", {
                count: stats.count,
                p50: formatLatency(stats.p50),
                p99: formatLatency(stats.p99),
              })
        }
        series={[{ label: t("network.finality.latency"), tone: "primary", values }]}
        references={references}
        formatValue={formatLatency}
        emptyText={t("network.finality.empty")}
      />
    </section>
  );
}
