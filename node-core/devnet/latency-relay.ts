// A user-space TCP relay that delays every chunk by a fixed one-way latency, in both directions, keeping
// order: the kernel here has no netem, so the devnet puts one in front of each node's p2p port to measure
// finality at a realistic latency. The relay dials the node from the client's own IP address (every
// address in 127.0.0.0/8 is local), so the node's per-IP rules still see who is calling.
import { connect, createServer, type Server, type Socket } from "node:net";

export interface LatencyRelayOptions {
  /** Where the relay listens. */
  readonly listenHost: string;
  readonly listenPort: number;
  /** The node behind it. */
  readonly targetHost: string;
  readonly targetPort: number;
  readonly oneWayMs: number;
}

export interface LatencyRelay {
  readonly port: number;
  close(): Promise<void>;
}

/** Pipes `from` into `to` with each chunk delivered `delayMs` after it arrived (order kept). */
function delayedPipe(from: Socket, to: Socket, delayMs: number): void {
  from.on("data", (chunk: Buffer) => {
    setTimeout(() => {
      if (!to.destroyed) to.write(chunk);
    }, delayMs);
  });
  from.on("end", () => setTimeout(() => to.end(), delayMs));
}

export async function startLatencyRelay(opts: LatencyRelayOptions): Promise<LatencyRelay> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const remote = client.remoteAddress?.replace(/^::ffff:/, "");
    const upstream = connect({
      host: opts.targetHost,
      port: opts.targetPort,
      ...(remote && /^127\./.test(remote) ? { localAddress: remote } : {}),
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    delayedPipe(client, upstream, opts.oneWayMs);
    delayedPipe(upstream, client, opts.oneWayMs);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.listenPort, opts.listenHost, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : opts.listenPort;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
