#!/usr/bin/env node
// Builds the npm packages that ship authkit-doctor to JS developers (`npx authkit-doctor`).
//
//   node npm/build.mjs platform <target> <binary> [--out DIR]
//       Write the platform package @authkit-doctor/cli-<target> to DIR/cli-<target>/ around a
//       built binary. <target> is a Node name (linux-x64) or a Rust triple
//       (x86_64-unknown-linux-musl). Default DIR: npm/dist.
//   node npm/build.mjs launcher [--out DIR]
//       Write the launcher package `authkit-doctor` to DIR/authkit-doctor/, with its version and
//       the versions of its optionalDependencies set from Cargo.toml.
//   node npm/build.mjs release <ARTIFACTS> [--out DIR]
//       Both of the above for a release: a platform package for every platform below, each from
//       ARTIFACTS/<platform>/authkit-doctor (authkit-doctor.exe on win32), plus the launcher.
//       Fails, writing nothing, if any platform's binary is missing: the launcher must never be
//       published with an optional dependency that does not exist. Used by
//       .github/workflows/release.yml.
//   node npm/build.mjs check
//       Exit 1 if npm/authkit-doctor/package.json, the launcher's platform list or the version
//       pinned in examples/github-actions disagree with Cargo.toml / the table below (run by
//       tests/npm_package.rs).
//   node npm/build.mjs sync
//       Rewrite npm/authkit-doctor/package.json and the version pinned in the GitHub Actions
//       example from Cargo.toml's version.
//
// Then `npm pack` (or `npm publish`) each written directory; publish the platform packages first.
// Nothing here touches the network.
import { readFileSync, writeFileSync, mkdirSync, copyFileSync, chmodSync, rmSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const NPM_DIR = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(NPM_DIR, "..");
const LAUNCHER_DIR = join(NPM_DIR, "authkit-doctor");
const SCOPE = "@authkit-doctor";

// Node's process.platform-process.arch → what npm matches (os/cpu) and the Rust targets that
// build it (musl on Linux gives a static binary that runs on any distribution).
export const PLATFORMS = {
  "linux-x64": { os: "linux", cpu: "x64", rust: ["x86_64-unknown-linux-musl", "x86_64-unknown-linux-gnu"] },
  "linux-arm64": { os: "linux", cpu: "arm64", rust: ["aarch64-unknown-linux-musl", "aarch64-unknown-linux-gnu"] },
  "darwin-x64": { os: "darwin", cpu: "x64", rust: ["x86_64-apple-darwin"] },
  "darwin-arm64": { os: "darwin", cpu: "arm64", rust: ["aarch64-apple-darwin"] },
  "win32-x64": { os: "win32", cpu: "x64", rust: ["x86_64-pc-windows-msvc", "x86_64-pc-windows-gnu"] },
};

function die(message) {
  process.stderr.write(`build.mjs: ${message}\n`);
  process.exit(1);
}

export function cargoVersion() {
  const toml = readFileSync(join(REPO, "Cargo.toml"), "utf8");
  const pkg = toml.split(/^\[/m).find((section) => section.startsWith("package]"));
  const m = pkg && pkg.match(/^version\s*=\s*"([^"]+)"/m);
  if (!m) die("no version in Cargo.toml's [package] section");
  return m[1];
}

function platformName(target) {
  if (PLATFORMS[target]) return target;
  const hit = Object.entries(PLATFORMS).find(([, p]) => p.rust.includes(target));
  if (!hit) die(`unknown target ${target}; known: ${Object.keys(PLATFORMS).join(", ")} or their Rust triples`);
  return hit[0];
}

function writeJson(path, value) {
  writeFileSync(path, JSON.stringify(value, null, 2) + "\n");
}

function launcherManifest(version) {
  const manifest = JSON.parse(readFileSync(join(LAUNCHER_DIR, "package.json"), "utf8"));
  manifest.version = version;
  manifest.optionalDependencies = Object.fromEntries(
    Object.keys(PLATFORMS).sort().map((name) => [`${SCOPE}/cli-${name}`, version]),
  );
  return manifest;
}

function buildPlatform(target, binary, out) {
  const name = platformName(target);
  const { os, cpu } = PLATFORMS[name];
  if (!binary || !existsSync(binary)) die(`binary ${binary ?? "(none given)"} does not exist`);
  const version = cargoVersion();
  const dir = join(out, `cli-${name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "bin"), { recursive: true });
  const exe = exeName(name);
  copyFileSync(binary, join(dir, "bin", exe));
  chmodSync(join(dir, "bin", exe), 0o755);
  const launcher = JSON.parse(readFileSync(join(LAUNCHER_DIR, "package.json"), "utf8"));
  writeJson(join(dir, "package.json"), {
    name: `${SCOPE}/cli-${name}`,
    version,
    description: `The ${name} binary of authkit-doctor (installed by the authkit-doctor package)`,
    license: launcher.license,
    repository: launcher.repository,
    homepage: launcher.homepage,
    os: [os],
    cpu: [cpu],
    files: [`bin/${exe}`],
    preferUnplugged: true,
  });
  writeFileSync(
    join(dir, "README.md"),
    `# ${SCOPE}/cli-${name}\n\nThe \`authkit-doctor\` binary for ${name}. Install \`authkit-doctor\` instead;\n` +
      "npm picks this package for you.\n",
  );
  return dir;
}

function buildLauncher(out) {
  const dir = join(out, "authkit-doctor");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "bin"), { recursive: true });
  writeJson(join(dir, "package.json"), launcherManifest(cargoVersion()));
  copyFileSync(join(LAUNCHER_DIR, "README.md"), join(dir, "README.md"));
  copyFileSync(join(LAUNCHER_DIR, "bin", "authkit-doctor.js"), join(dir, "bin", "authkit-doctor.js"));
  chmodSync(join(dir, "bin", "authkit-doctor.js"), 0o755);
  return dir;
}

function exeName(name) {
  return PLATFORMS[name].os === "win32" ? "authkit-doctor.exe" : "authkit-doctor";
}

function buildRelease(artifacts, out) {
  if (!artifacts || !existsSync(artifacts)) die(`artifacts directory ${artifacts ?? "(none given)"} does not exist`);
  const binaries = Object.keys(PLATFORMS).map((name) => [name, join(resolve(artifacts), name, exeName(name))]);
  const missing = binaries.filter(([, path]) => !existsSync(path)).map(([, path]) => path);
  if (missing.length) die(`missing binaries, nothing written:\n  ${missing.join("\n  ")}`);
  return [...binaries.map(([name, path]) => buildPlatform(name, path, out)), buildLauncher(out)];
}

// Documentation that pins the npm version (`authkit-doctor@X.Y.Z`).
const PINNED_DOCS = ["examples/github-actions/authkit-doctor.yml", "examples/github-actions/README.md"];
const PIN = /authkit-doctor@(\d+\.\d+\.\d+[^\s"'`]*)/g;

function check() {
  const problems = [];
  for (const rel of PINNED_DOCS) {
    const path = join(REPO, rel);
    if (!existsSync(path)) continue;
    for (const m of readFileSync(path, "utf8").matchAll(PIN)) {
      if (m[1] !== cargoVersion()) problems.push(`${rel} pins authkit-doctor@${m[1]}, Cargo.toml has ${cargoVersion()}`);
    }
  }
  const committed = JSON.parse(readFileSync(join(LAUNCHER_DIR, "package.json"), "utf8"));
  const wanted = launcherManifest(cargoVersion());
  if (committed.version !== wanted.version) {
    problems.push(`npm/authkit-doctor/package.json has version ${committed.version}, Cargo.toml ${wanted.version}`);
  }
  if (JSON.stringify(committed.optionalDependencies) !== JSON.stringify(wanted.optionalDependencies)) {
    problems.push(
      `npm/authkit-doctor/package.json optionalDependencies should be ${JSON.stringify(wanted.optionalDependencies)}`,
    );
  }
  const js = readFileSync(join(LAUNCHER_DIR, "bin", "authkit-doctor.js"), "utf8");
  const m = js.match(/const SUPPORTED = (\[[^\]]*\]);/);
  const supported = m ? JSON.parse(m[1]) : null;
  if (JSON.stringify(supported) !== JSON.stringify(Object.keys(PLATFORMS).sort())) {
    problems.push(`bin/authkit-doctor.js SUPPORTED should be ${JSON.stringify(Object.keys(PLATFORMS).sort())}`);
  }
  if (problems.length) die(`${problems.join("\n")}\nrun: node npm/build.mjs sync (SUPPORTED in bin/authkit-doctor.js is edited by hand)`);
  process.stdout.write(`npm packages in sync with Cargo.toml (version ${wanted.version})\n`);
}

function main(argv) {
  const outIdx = argv.indexOf("--out");
  const out = resolve(outIdx >= 0 ? argv[outIdx + 1] ?? die("--out needs a directory") : join(NPM_DIR, "dist"));
  const args = outIdx >= 0 ? argv.filter((_, i) => i !== outIdx && i !== outIdx + 1) : argv;
  switch (args[0]) {
    case "platform":
      process.stdout.write(buildPlatform(args[1] ?? die("platform needs a target"), args[2], out) + "\n");
      break;
    case "launcher":
      process.stdout.write(buildLauncher(out) + "\n");
      break;
    case "release":
      process.stdout.write(buildRelease(args[1], out).join("\n") + "\n");
      break;
    case "check":
      check();
      break;
    case "sync":
      writeJson(join(LAUNCHER_DIR, "package.json"), launcherManifest(cargoVersion()));
      for (const rel of PINNED_DOCS) {
        const path = join(REPO, rel);
        if (existsSync(path)) {
          writeFileSync(path, readFileSync(path, "utf8").replace(PIN, `authkit-doctor@${cargoVersion()}`));
        }
      }
      process.stdout.write(`npm/authkit-doctor/package.json set to ${cargoVersion()}\n`);
      break;
    default:
      die(
        "usage: build.mjs platform <target> <binary> [--out DIR] | launcher [--out DIR] | release <ARTIFACTS> [--out DIR] | check | sync",
      );
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
