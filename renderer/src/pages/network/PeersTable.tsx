// The peers table (getpeerinfo): address, direction, latency, height, score and traffic per peer, with
// "Ban" (setban, 24 hours) and "Disconnect" (disconnectnode), each behind a confirmation row.
import { useState } from "react";
import type { ApiFailure, ApiResult } from "../../../../electron/contract.js";
import type { CallState } from "../../bridge/hooks.js";
import { bridge } from "../../bridge/index.js";
import { t } from "../../i18n/index.js";
import { ErrorNotice } from "./ErrorNotice.js";
import { formatBytes, formatCount, formatLatency, shortId } from "./format.js";
import { peerAddressLabel } from "./peer-address.js";

type Peer = ApiResult<"getpeerinfo">[number];
type Action = "ban" | "disconnect";

export function PeersTable({ peers }: { readonly peers: CallState<ApiResult<"getpeerinfo">> }) {
  const [confirming, setConfirming] = useState<{ peerId: string; action: Action } | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);

  const act = async (peer: Peer, action: Action) => {
    setBusy(true);
    setFailure(null);
    const outcome =
      action === "ban"
        ? await bridge.call("setban", { target: peer.peerId, command: "add" })
        : await bridge.call("disconnectnode", { target: peer.peerId });
    setBusy(false);
    setConfirming(null);
    if (outcome.ok) {
      setNotice(action === "ban" ? t("network.peers.banned") : t("network.peers.disconnected"));
      peers.refresh();
    } else {
      setNotice(null);
      setFailure(outcome.error);
    }
  };

  const list = peers.data ?? [];
  return (
    <section className="card" aria-labelledby="network-peers-heading">
      <h2 id="network-peers-heading">{t("network.peers.heading")}</h2>
      {peers.error !== undefined && peers.data === undefined && (
        <ErrorNotice lead={t("network.peers.loadError")} error={peers.error} onRetry={peers.refresh} />
      )}
      {failure !== null && <ErrorNotice lead={t("network.peers.actionError")} error={failure} />}
      {notice !== null && (
        <p className="network-notice" role="status">
          {notice}
        </p>
      )}
      {peers.data !== undefined && list.length === 0 && <p className="muted">{t("network.peers.empty")}</p>}
      {list.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("network.peers.address")}</th>
                <th scope="col">{t("network.peers.direction")}</th>
                <th scope="col" className="num">
                  {t("network.peers.latency")}
                </th>
                <th scope="col" className="num">
                  {t("network.peers.height")}
                </th>
                <th scope="col" className="num">
                  {t("network.peers.score")}
                </th>
                <th scope="col" className="num">
                  {t("network.peers.traffic")}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t("network.peers.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((peer) => {
                const rowId = `peer-${peer.peerId}`;
                const open = confirming?.peerId === peer.peerId ? confirming.action : null;
                return [
                  <tr key={peer.peerId}>
                    <th scope="row" id={rowId} className="mono" title={`${peer.address}\n${peer.peerId}`}>
                      {peerAddressLabel(peer.address)}
                      {peer.masternode && (
                        <span className="chip chip-neutral">{t("network.peers.masternode")}</span>
                      )}
                      <span className="small muted network-peer-id">{shortId(peer.peerId, 6)}</span>
                    </th>
                    <td>
                      {peer.direction === "inbound"
                        ? t("network.peers.inbound")
                        : t("network.peers.outbound")}
                    </td>
                    <td className="num mono">{formatLatency(peer.latencyMs)}</td>
                    <td className="num mono">{formatCount(peer.height)}</td>
                    <td className="num mono">{formatCount(peer.score)}</td>
                    <td className="num mono">
                      {t("network.peers.trafficValue", {
                        in: formatBytes(peer.bytesIn),
                        out: formatBytes(peer.bytesOut),
                      })}
                    </td>
                    <td className="row-actions">
                      <button
                        type="button"
                        className="button button-small button-ghost"
                        aria-describedby={rowId}
                        aria-expanded={open === "disconnect"}
                        onClick={() => setConfirming({ peerId: peer.peerId, action: "disconnect" })}
                      >
                        {t("network.peers.disconnect")}
                      </button>
                      <button
                        type="button"
                        className="button button-small button-ghost button-danger"
                        aria-describedby={rowId}
                        aria-expanded={open === "ban"}
                        onClick={() => setConfirming({ peerId: peer.peerId, action: "ban" })}
                      >
                        {t("network.peers.ban")}
                      </button>
                    </td>
                  </tr>,
                  open !== null && (
                    <tr key={`${peer.peerId}-confirm`} className="confirm-row">
                      <td colSpan={7}>
                        <div className="confirm-box">
                          <p id={`${rowId}-confirm`}>
                            {open === "ban"
                              ? t("network.peers.confirmBan")
                              : t("network.peers.confirmDisconnect")}
                          </p>
                          <button
                            type="button"
                            className={`button button-small ${open === "ban" ? "button-danger" : "button-primary"}`}
                            disabled={busy}
                            onClick={() => void act(peer, open)}
                          >
                            {open === "ban"
                              ? t("network.peers.confirmBanButton")
                              : t("network.peers.confirmDisconnectButton")}
                          </button>
                          <button
                            type="button"
                            className="button button-small button-ghost"
                            onClick={() => setConfirming(null)}
                          >
                            {t("network.peers.cancel")}
                          </button>
                        </div>
                      </td>
                    </tr>
                  ),
                ];
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
