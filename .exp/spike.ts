if (typeof (Promise as any).withResolvers !== "function") {
  (Promise as any).withResolvers = function () { let resolve: any, reject: any; const promise = new Promise((a, b) => { resolve = a; reject = b; }); return { promise, resolve, reject }; };
}
const { createLibp2p } = await import("libp2p");
const { tcp } = await import("@libp2p/tcp");
const { noise } = await import("@chainsafe/libp2p-noise");
const { yamux } = await import("@chainsafe/libp2p-yamux");
const { identify } = await import("@libp2p/identify");
const { ping } = await import("@libp2p/ping");
const { gossipsub } = await import("@libp2p/gossipsub");
const { generateKeyPairFromSeed } = await import("@libp2p/crypto/keys");
import { createHash } from "node:crypto";

async function make(seedByte: number, addr: string) {
  const privateKey = await generateKeyPairFromSeed("Ed25519", new Uint8Array(32).fill(seedByte));
  return createLibp2p({
    privateKey,
    addresses: { listen: [addr] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    nodeInfo: { userAgent: "timecoin-desktop/0.1.0" },
    services: {
      identify: identify(),
      ping: ping(),
      pubsub: gossipsub({ globalSignaturePolicy: "StrictNoSign", emitSelf: false, allowPublishToZeroTopicPeers: true,
        msgIdFn: (m: any) => createHash("sha256").update(m.data).digest() }),
    },
  });
}
const a = await make(1, "/ip4/127.0.0.1/tcp/0");
const b = await make(2, "/ip4/127.0.0.1/tcp/0");
console.log(a.peerId.toString(), (a.peerId as any).publicKey?.raw?.length, a.getMultiaddrs().map(String));
await b.handle("/timecoin/devnet/test/1", (stream: any, connection: any) => {
  stream.addEventListener("message", (e: any) => { const d = e.data.subarray(); console.log("b got", d.length, "from", connection.remotePeer.toString(), connection.remoteAddr.toString()); stream.send(d); });
});
const conn = await a.dial(b.getMultiaddrs()[0]);
const s = await conn.newStream("/timecoin/devnet/test/1");
s.addEventListener("message", (e: any) => console.log("a got echo", e.data.subarray().length));
s.send(new Uint8Array(100));
b.services.pubsub.subscribe("t"); a.services.pubsub.subscribe("t");
b.services.pubsub.topicValidators.set("t", (peer: any, msg: any) => { console.log("validate from", peer.toString()); return "accept" as any; });
b.services.pubsub.addEventListener("message", (e: any) => console.log("b gossip", e.detail.topic, e.detail.data.length));
await new Promise((r) => setTimeout(r, 1500));
console.log(await a.services.pubsub.publish("t", new Uint8Array(50)).then((r: any) => r.recipients.length));
const rtt = await a.services.ping.ping(b.peerId);
console.log("ping", rtt);
await new Promise((r) => setTimeout(r, 500));
await a.stop(); await b.stop();
console.log("stopped");
