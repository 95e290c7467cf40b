// The Network page (#/network): sync, traffic and finality charts, peers with ban/disconnect, and the
// recent blocks. The chain state is polled and refreshed on every block.
import { useCall, useEvent } from "../../bridge/hooks.js";
import { t } from "../../i18n/index.js";
import { FinalityCard } from "./FinalityCard.js";
import { PeersTable } from "./PeersTable.js";
import { RecentBlocks } from "./RecentBlocks.js";
import { SyncCard } from "./SyncCard.js";
import { TrafficCard } from "./TrafficCard.js";
import "./network.css";

export function NetworkPage() {
  const chain = useCall("getblockchaininfo", {}, { refreshMs: 2000 });
  const peers = useCall("getpeerinfo", {}, { refreshMs: 3000 });
  useEvent("chain:block", () => chain.refresh());
  return (
    <div className="node-page">
      <h1>{t("network.title")}</h1>
      <SyncCard chain={chain} peers={peers.data?.length ?? 0} />
      <div className="node-grid-2">
        <TrafficCard />
        <FinalityCard />
      </div>
      <PeersTable peers={peers} />
      <RecentBlocks />
    </div>
  );
}
