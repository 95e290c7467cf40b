// What the node needs from the network: the peers it can reach, point-to-point sends and a broadcast, and
// one inbound handler. The simulator implements it over its virtual network; the libp2p transport of the
// network issue implements it over streams and gossip. Peers are named by their id (a masternode's operator
// key hex, which the noise handshake proves).
import type { Verdict } from "../consensus/index.js";
import type { NodeMessage } from "./messages.js";

export interface NodeTransport {
  /** Every peer id of the network in a stable order, this node's own id included. */
  peers(): readonly string[];
  send(peer: string, message: NodeMessage): void;
  broadcast(message: NodeMessage): void;
  /**
   * Installs the node's inbound handler (one per transport); returns the function that removes it. The
   * handler's verdict is for the transport's gossip validation and peer scoring: accept (relay), ignore
   * (harmless), reject (provably bad: penalise the sender).
   */
  onMessage(handler: (from: string, message: NodeMessage) => Verdict): () => void;
}
