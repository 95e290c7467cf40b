// The app's --network and --datadir, and the defaults of a development build and a release.
import { describe, expect, it } from "vitest";
import { startOptions } from "./start-options.js";

describe("startOptions", () => {
  it("defaults to devnet in development and mainnet in a release", () => {
    expect(startOptions(["/electron", "."], false)).toEqual({ network: "devnet" });
    expect(startOptions(["/opt/TIME Coin Desktop/timecoin"], true)).toEqual({ network: "mainnet" });
  });

  it("uses the network chosen in the app unless the command line names one", () => {
    expect(startOptions(["/electron", "."], false, "testnet")).toEqual({ network: "testnet" });
    expect(startOptions(["x"], true, "devnet")).toEqual({ network: "devnet" });
    expect(startOptions(["x", "--network=mainnet"], false, "testnet")).toEqual({ network: "mainnet" });
  });

  it("reads both spellings", () => {
    expect(startOptions(["x", "--network", "testnet", "--datadir=/d"], true)).toEqual({
      network: "testnet",
      dataDir: "/d",
    });
    expect(startOptions(["x", "--network=devnet", "--datadir", "/e f"], true)).toEqual({
      network: "devnet",
      dataDir: "/e f",
    });
    expect(startOptions(["x", "--datadir="], false)).toEqual({ network: "devnet" });
  });
});
