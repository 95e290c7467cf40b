// The switchNetwork IPC handler: a foreign sender and a bad argument are refused before anything happens,
// the current network is a no-op, one switch runs at a time, and a switch that throws is answered as data.
import { describe, expect, it } from "vitest";
import type { NetworkName, NetworkSwitchOutcome } from "../contract.js";
import { createSwitchNetworkHandler } from "./switch-network.js";

const ours = { sender: "window", senderFrame: { url: "app://ui/index.html" } };

function handler(switchTo: (network: NetworkName) => Promise<NetworkSwitchOutcome>) {
  const asked: string[] = [];
  const handle = createSwitchNetworkHandler({
    isTrustedUrl: (url) => url.startsWith("app://ui/"),
    isOurContents: (sender) => sender === "window",
    current: () => "devnet",
    switchTo: (network) => {
      asked.push(network);
      return switchTo(network);
    },
  });
  return { handle, asked };
}

describe("createSwitchNetworkHandler", () => {
  it("switches to a known network for our own page", async () => {
    const { handle, asked } = handler(async (network) => ({ ok: true, result: { network } }));
    await expect(handle(ours, "testnet")).resolves.toEqual({ ok: true, result: { network: "testnet" } });
    await expect(handle(ours, "devnet")).resolves.toEqual({ ok: true, result: { network: "devnet" } });
    expect(asked).toEqual(["testnet"]);
  });

  it("refuses other senders and anything but one network name", async () => {
    const { handle, asked } = handler(async (network) => ({ ok: true, result: { network } }));
    await expect(
      handle({ sender: "window", senderFrame: { url: "https://evil.example/" } }, "testnet"),
    ).resolves.toMatchObject({ ok: false, error: { code: "API_TRANSPORT_ERROR" } });
    await expect(
      handle({ sender: "other", senderFrame: { url: "app://ui/" } }, "testnet"),
    ).resolves.toMatchObject({
      ok: false,
    });
    for (const args of [[], ["moonnet"], [{ network: "testnet" }], ["testnet", "extra"], ["__proto__"]]) {
      await expect(handle(ours, ...args)).resolves.toMatchObject({
        ok: false,
        error: { code: "API_INVALID_PARAMS", data: { param: "network" } },
      });
    }
    expect(asked).toEqual([]);
  });

  it("runs one switch at a time and answers a failure as data", async () => {
    let finish: (outcome: NetworkSwitchOutcome) => void = () => {};
    const { handle, asked } = handler((network) =>
      network === "mainnet"
        ? Promise.reject(new Error("the data folder is not writable"))
        : new Promise((resolve) => {
            finish = resolve;
          }),
    );
    const first = handle(ours, "testnet");
    await expect(handle(ours, "testnet")).resolves.toMatchObject({
      ok: false,
      error: { message: "the node is already switching networks; wait for it" },
    });
    finish({ ok: true, result: { network: "testnet" } });
    await expect(first).resolves.toMatchObject({ ok: true });
    await expect(handle(ours, "mainnet")).resolves.toEqual({
      ok: false,
      error: {
        code: "API_TRANSPORT_ERROR",
        message: "the node could not switch to mainnet: the data folder is not writable",
      },
    });
    expect(asked).toEqual(["testnet", "mainnet"]);
  });
});
