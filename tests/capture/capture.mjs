// Re-captures the HAR fixtures of tests/fixtures/har/captured/ with headless Chromium.
//
//   cd tests/capture && npm ci && node capture.mjs [scenario ...]
//
// The servers and scenarios are in scenarios.mjs (serve.mjs plays them for tests/watch.rs). See
// README.md for the scenarios and what each must trigger.

import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { PORTS, scenarios } from "./scenarios.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.resolve(here, "../fixtures/har/captured");

// ---------------------------------------------------------------------------
async function listen(server, port) {
  await new Promise((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
}

async function capture(name) {
  const { servers, run } = scenarios[name]();
  const started = [];
  // A fresh profile per scenario: no cookie or cache carries over.
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "authkit-doctor-capture-"));
  try {
    for (const [which, server] of Object.entries(servers)) {
      await listen(server, PORTS[which]);
      started.push(server);
    }
    const file = path.join(OUT, `${name}.har`);
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        // .test names go to 127.0.0.1; every other name fails to resolve.
        "--host-resolver-rules=MAP *.test 127.0.0.1, MAP localhost 127.0.0.1, MAP * ~NOTFOUND",
      ],
      recordHar: { path: file, content: "embed", mode: "full" },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on("console", (m) => m.type() === "error" && console.error(`  [${name}] console: ${m.text()}`));
    await run(page);
    await context.close();
    console.log(`wrote ${path.relative(process.cwd(), file)} (${fs.statSync(file).size} bytes)`);
  } finally {
    for (const s of started) {
      s.closeAllConnections?.();
      await new Promise((r) => { s.close(() => r()); setTimeout(r, 500); });
    }
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(scenarios);
for (const w of wanted) {
  if (!scenarios[w]) {
    console.error(`unknown scenario ${w}; known: ${Object.keys(scenarios).join(", ")}`);
    process.exit(2);
  }
}
fs.mkdirSync(OUT, { recursive: true });
for (const name of wanted) await capture(name);
