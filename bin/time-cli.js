#!/usr/bin/env node
// time-cli launcher (bin/launch.js says how the source or the build is chosen).
import { launch } from "./launch.js";

await launch("time-cli", "daemon/time-cli/main", "runCli");
