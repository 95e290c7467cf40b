#!/usr/bin/env node
// timed launcher: the headless TIME Coin node (bin/launch.js says how the source or the build is chosen).
import { launch } from "./launch.js";

await launch("timed", "daemon/timed-main", "runTimed");
