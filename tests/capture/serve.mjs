// Plays one scenario of scenarios.mjs without a browser driver, for `authkit-doctor watch`'s
// end-to-end tests (tests/watch.rs): starts its stand-in servers on 127.0.0.1, prints
// `ready <start URL>` on stdout, and serves until stdin closes or the process is killed.
//
//   node serve.mjs convex-auth-error

import { PORTS, START, scenarios as recorded, watchOnly } from "./scenarios.mjs";

const scenarios = { ...recorded, ...watchOnly };

const name = process.argv[2];
if (!scenarios[name]) {
  console.error(`unknown scenario ${name}; known: ${Object.keys(scenarios).join(", ")}`);
  process.exit(2);
}
const { servers } = scenarios[name]();
for (const [which, server] of Object.entries(servers)) {
  await new Promise((resolve, reject) => server.once("error", reject).listen(PORTS[which], "127.0.0.1", resolve));
}
console.log(`ready ${START[name]}`);
const stop = () => process.exit(0);
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
