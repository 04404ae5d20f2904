#!/usr/bin/env node
// Launcher for the native authkit-doctor binary. npm installs exactly one platform package
// (@authkit-doctor/cli-<platform>-<arch>, picked by its `os`/`cpu` fields) as an optional
// dependency of this package; this script finds its binary and runs it with our arguments.
// Plain Node, no dependencies.
"use strict";

const { spawn } = require("node:child_process");
const fs = require("node:fs");

// Keep in sync with npm/build.mjs (PLATFORMS) and package.json (optionalDependencies).
const SUPPORTED = ["darwin-arm64", "darwin-x64", "linux-arm64", "linux-x64", "win32-x64"];

function fail(message) {
  process.stderr.write(`authkit-doctor: ${message}\n`);
  process.exit(3); // 3 = internal error, per the CLI's exit codes
}

function binaryPath() {
  const override = process.env.AUTHKIT_DOCTOR_BINARY;
  if (override) {
    if (!fs.existsSync(override)) fail(`AUTHKIT_DOCTOR_BINARY points to ${override}, which does not exist`);
    return override;
  }
  const key = `${process.platform}-${process.arch}`;
  const pkg = `@authkit-doctor/cli-${key}`;
  const exe = process.platform === "win32" ? "authkit-doctor.exe" : "authkit-doctor";
  if (!SUPPORTED.includes(key)) {
    fail(
      `no prebuilt binary for this platform (${key}). Supported: ${SUPPORTED.join(", ")}.\n` +
        "Build it from source instead: cargo install --git https://github.com/authkit-doctor/authkit-doctor\n" +
        "and run that binary, or set AUTHKIT_DOCTOR_BINARY to its path."
    );
  }
  try {
    return require.resolve(`${pkg}/bin/${exe}`);
  } catch {
    fail(
      `the platform package ${pkg} is not installed, so there is no binary to run.\n` +
        "npm installs it as an optional dependency of authkit-doctor; it is missing when optional\n" +
        "dependencies are skipped (--omit=optional, --no-optional) or the lockfile was made on\n" +
        `another platform. Fix: npm install --save-dev ${pkg}@${require("../package.json").version}`
    );
  }
}

const bin = binaryPath();

// Forward the signals a terminal or CI runner sends; the child gets them too when it shares our
// process group, and a second delivery is harmless. The handlers are in place before the child
// starts, so a signal can never find us defenceless while the child runs.
let child = null;
const forwarded = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"];
const handlers = {};
for (const sig of forwarded) {
  handlers[sig] = () => {
    try {
      if (child) child.kill(sig);
    } catch {
      // the child already exited
    }
  };
  try {
    process.on(sig, handlers[sig]);
  } catch {
    // signal not supported on this platform (e.g. SIGQUIT on Windows)
  }
}

child = spawn(bin, process.argv.slice(2), { stdio: "inherit", windowsHide: true });

child.on("error", (err) => {
  if (err.code === "EACCES") fail(`cannot execute ${bin} (permission denied): run chmod +x on it`);
  fail(`cannot start ${bin}: ${err.message}`);
});

child.on("exit", (code, signal) => {
  for (const sig of forwarded) process.removeListener(sig, handlers[sig]);
  if (signal) {
    // Die of the same signal so the caller sees it (e.g. 130 in a shell after Ctrl-C).
    process.kill(process.pid, signal);
    // Where that does not end us (Windows), exit the way a shell reports a signal death.
    const number = require("node:os").constants.signals[signal] || 0;
    setTimeout(() => process.exit(128 + number), 200);
    return;
  }
  process.exit(code ?? 3);
});
