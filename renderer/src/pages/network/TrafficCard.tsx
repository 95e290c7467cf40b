// The traffic graph: bytes per second in and out over the last minute, from getnetworkinfo's cumulative
// per-protocol counters read once a second (so the chart redraws once a second, under the 4/s limit).
import { useEffect, useRef, useState } from "react";
import { bridge } from "../../bridge/index.js";
import { LineChart } from "../../charts/LineChart.js";
import { t } from "../../i18n/index.js";
import { pushBounded } from "./finality-stats.js";
import { formatRate } from "./format.js";
import { type TrafficRate, type TrafficTotals, trafficTotals, windowedRate } from "./traffic-rate.js";

const SAMPLES = 60;
const POLL_MS = 1000;
/** Readings each rate averages over (the counters move in bursts). */
const RATE_WINDOW = 3;

export function TrafficCard() {
  const [rates, setRates] = useState<readonly TrafficRate[]>([]);
  const readings = useRef<TrafficTotals[]>([]);
  useEffect(() => {
    let alive = true;
    const read = async () => {
      const outcome = await bridge.call("getnetworkinfo", {});
      if (!alive || !outcome.ok) return;
      const totals = trafficTotals(outcome.result.traffic, Date.now());
      const last = readings.current[readings.current.length - 1];
      // A counter that went backwards is a restarted node: start the window over.
      const restarted =
        last !== undefined && (totals.bytesIn < last.bytesIn || totals.bytesOut < last.bytesOut);
      readings.current = pushBounded(restarted ? [] : readings.current, totals, RATE_WINDOW + 1);
      const rate = windowedRate(readings.current, RATE_WINDOW);
      if (rate !== null) setRates((old) => pushBounded(old, rate, SAMPLES));
    };
    void read();
    const timer = setInterval(() => void read(), POLL_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);
  const latest = rates[rates.length - 1];
  return (
    <section className="card" aria-labelledby="network-traffic-heading">
      <div className="row-between">
        <h2 id="network-traffic-heading">{t("network.traffic.heading")}</h2>
        {latest !== undefined && (
          <p className="mono small muted">
            {t("network.peers.trafficValue", {
              in: formatRate(latest.inPerSecond),
              out: formatRate(latest.outPerSecond),
            })}
          </p>
        )}
      </div>
      <LineChart
        capacity={SAMPLES}
        summary={t("network.traffic.summary", {
          in: formatRate(latest?.inPerSecond ?? 0),
          out: formatRate(latest?.outPerSecond ?? 0),
        })}
        series={[
          { label: t("network.traffic.in"), tone: "primary", values: rates.map((r) => r.inPerSecond) },
          { label: t("network.traffic.out"), tone: "secondary", values: rates.map((r) => r.outPerSecond) },
        ]}
        formatValue={formatRate}
        emptyText={t("network.traffic.collecting")}
      />
    </section>
  );
}
