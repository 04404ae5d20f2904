//! The npm packages in `npm/`, end to end: `npm/build.mjs` writes the launcher and the platform
//! package for this machine around the binary cargo just built, `npm pack` packs both, a scratch
//! project installs the two tarballs offline, and `npx --no-install authkit-doctor` runs the
//! binary through the launcher (version, exit codes, clean JSON on stdout). A second project with
//! only the launcher shows the "no binary" message, and the launcher forwards exit codes and
//! signals.
//!
//! Needs `node` and `npm` on PATH; no registry or network access. Without them the test fails
//! and says so. `AUTHKIT_DOCTOR_SKIP_NPM_TEST=1` skips it outside CI; under `CI` the skip is
//! refused.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Instant;

const SKIP_VAR: &str = "AUTHKIT_DOCTOR_SKIP_NPM_TEST";
const VERSION: &str = env!("CARGO_PKG_VERSION");

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `npm` and `npx` are `.cmd` shims on Windows.
fn tool(name: &str) -> String {
    if cfg!(windows) && name != "node" { format!("{name}.cmd") } else { name.to_string() }
}

/// True when the npm tests should run; false only when skipping is allowed and asked for.
fn node_and_npm_available() -> bool {
    let skip = std::env::var_os(SKIP_VAR).is_some_and(|v| !v.is_empty());
    let under_ci = std::env::var_os("CI").is_some();
    assert!(!(skip && under_ci), "{SKIP_VAR} is set under CI: the npm package test must run in CI");
    if skip {
        eprintln!("{SKIP_VAR} is set: npm package test skipped");
        return false;
    }
    for name in ["node", "npm", "npx"] {
        let ok = Command::new(tool(name)).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success());
        assert!(
            ok,
            "`{name}` is not on PATH (or does not run): tests/npm_package.rs packs and installs the npm \
             packages in npm/ with Node.js and npm. Install Node.js 18+ (it brings npm and npx). \
             To skip this one test outside CI, set {SKIP_VAR}=1."
        );
    }
    true
}

/// This machine as npm names it (`process.platform-process.arch`).
fn platform_key() -> String {
    let os = match std::env::consts::OS {
        "macos" => "darwin",
        "windows" => "win32",
        other => other,
    };
    let arch = match std::env::consts::ARCH {
        "x86_64" => "x64",
        "aarch64" => "arm64",
        other => other,
    };
    format!("{os}-{arch}")
}

fn exe_name() -> &'static str {
    if cfg!(windows) { "authkit-doctor.exe" } else { "authkit-doctor" }
}

/// A hermetic npm: temp cache, empty user config, no update check, never the registry.
fn npm_cmd(name: &str, tmp: &Path, cwd: &Path) -> Command {
    let mut cmd = Command::new(tool(name));
    cmd.current_dir(cwd)
        .env("NPM_CONFIG_USERCONFIG", tmp.join("npmrc"))
        .env("NPM_CONFIG_CACHE", tmp.join("npm-cache"))
        .env("NPM_CONFIG_UPDATE_NOTIFIER", "false")
        .env("NPM_CONFIG_FUND", "false")
        .env("NPM_CONFIG_AUDIT", "false")
        .env("NPM_CONFIG_OFFLINE", "true")
        .env("NPM_CONFIG_REGISTRY", "http://127.0.0.1:9/")
        .env_remove("AUTHKIT_DOCTOR_BINARY")
        .env("NO_COLOR", "1");
    cmd
}

fn run(cmd: &mut Command, what: &str) -> Output {
    cmd.output().unwrap_or_else(|e| panic!("{what}: cannot start: {e}"))
}

fn run_ok(cmd: &mut Command, what: &str) -> Output {
    let out = run(cmd, what);
    assert!(
        out.status.success(),
        "{what} failed ({}):\n--- stdout\n{}\n--- stderr\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn scratch_project(tmp: &Path, name: &str) -> PathBuf {
    let dir = tmp.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("package.json"), format!("{{\"name\":\"{name}\",\"version\":\"0.0.0\",\"private\":true}}\n")).unwrap();
    dir
}

#[test]
fn npx_runs_the_binary_from_locally_packed_packages() {
    if !node_and_npm_available() {
        return;
    }
    let started = Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    let tmp = tmp.path();
    std::fs::write(tmp.join("npmrc"), "").unwrap();
    let key = platform_key();

    // The committed launcher manifest agrees with Cargo.toml.
    run_ok(Command::new(tool("node")).arg(repo().join("npm/build.mjs")).arg("check"), "node npm/build.mjs check");

    // A copy of the binary cargo built for this test; stripped where possible, because the debug
    // build's symbols make it ~10x larger and `npm pack` gzips every byte.
    let bin = tmp.join(exe_name());
    std::fs::copy(env!("CARGO_BIN_EXE_authkit-doctor"), &bin).unwrap();
    if cfg!(unix) {
        let _ = Command::new("strip").arg(&bin).stderr(Stdio::null()).status();
    }

    let pkgs = tmp.join("pkgs");
    let build = |args: &[&str]| {
        let mut cmd = Command::new(tool("node"));
        cmd.arg(repo().join("npm/build.mjs")).args(args).arg("--out").arg(&pkgs);
        run_ok(&mut cmd, &format!("node npm/build.mjs {}", args.join(" ")));
    };
    build(&["platform", &key, bin.to_str().unwrap()]);
    build(&["launcher"]);
    let platform_pkg = pkgs.join(format!("cli-{key}"));
    let manifest: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(platform_pkg.join("package.json")).unwrap()).unwrap();
    assert_eq!(manifest["name"], format!("@authkit-doctor/cli-{key}"));
    assert_eq!(manifest["version"], VERSION);
    assert!(manifest.get("bin").is_none(), "a platform package must not declare `bin`: it would shadow the launcher");

    // Pack both.
    let tarballs = tmp.join("tarballs");
    std::fs::create_dir_all(&tarballs).unwrap();
    let out = run_ok(
        npm_cmd("npm", tmp, tmp)
            .args(["pack", "--json", "--pack-destination"])
            .arg(&tarballs)
            .arg(&platform_pkg)
            .arg(pkgs.join("authkit-doctor")),
        "npm pack",
    );
    // What each tarball holds: nothing but the binary or the launcher, plus the manifest and README.
    let packed: serde_json::Value = serde_json::from_slice(&out.stdout).expect("npm pack --json prints JSON");
    let files = |i: usize| -> Vec<String> {
        let mut v: Vec<String> = packed[i]["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap().to_string()).collect();
        v.sort();
        v
    };
    assert_eq!(files(0), ["README.md".to_string(), format!("bin/{}", exe_name()), "package.json".into()]);
    assert_eq!(files(1), ["README.md", "bin/authkit-doctor.js", "package.json"]);
    let launcher_tgz = tarballs.join(format!("authkit-doctor-{VERSION}.tgz"));
    let platform_tgz = tarballs.join(format!("authkit-doctor-cli-{key}-{VERSION}.tgz"));
    assert!(launcher_tgz.is_file(), "npm pack did not write {}", launcher_tgz.display());
    assert!(platform_tgz.is_file(), "npm pack did not write {}", platform_tgz.display());

    // Install both into a scratch project, offline.
    let proj = scratch_project(tmp, "scratch");
    run_ok(
        npm_cmd("npm", tmp, &proj).args(["install", "--offline", "--no-audit", "--no-fund"]).arg(&launcher_tgz).arg(&platform_tgz),
        "npm install (launcher + platform tarballs)",
    );

    let npx = |args: &[&str]| run(npm_cmd("npx", tmp, &proj).args(["--no-install", "authkit-doctor"]).args(args), "npx authkit-doctor");

    let out = npx(&["--version"]);
    assert!(out.status.success(), "npx authkit-doctor --version failed: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), format!("authkit-doctor {VERSION}"));

    let broken = repo().join("examples/vite-broken");
    let out = npx(&["check", broken.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "check vite-broken: {}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout through the launcher is exactly the JSON document");
    assert_eq!(report["schema"], "authkit-doctor/v1");
    assert_eq!(report["tool"]["version"], VERSION);
    assert!(report["summary"]["errors"].as_u64().unwrap() > 0);

    // What the GitHub Actions example runs: a SARIF log on stdout, exit 1 on error findings.
    let out = npx(&["check", broken.to_str().unwrap(), "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1), "check --format sarif: {}", String::from_utf8_lossy(&out.stderr));
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).expect("stdout is the SARIF log");
    assert_eq!(sarif["version"], "2.1.0");
    assert!(!sarif["runs"][0]["results"].as_array().unwrap().is_empty());

    let correct = repo().join("examples/vite-correct");
    let out = npx(&["check", correct.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "check vite-correct: {}", String::from_utf8_lossy(&out.stderr));

    let out = npx(&["check", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2), "a bad flag is a usage error through the launcher too");

    // Only the launcher (optional dependencies skipped): a clear message, exit 3.
    let bare = scratch_project(tmp, "launcher-only");
    run_ok(
        npm_cmd("npm", tmp, &bare).args(["install", "--offline", "--no-audit", "--no-fund", "--omit=optional"]).arg(&launcher_tgz),
        "npm install (launcher only)",
    );
    let out = run(npm_cmd("npx", tmp, &bare).args(["--no-install", "authkit-doctor", "--version"]), "npx (launcher only)");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "launcher without a binary: {stderr}");
    assert!(
        stderr.contains(&format!("@authkit-doctor/cli-{key} is not installed")) && stderr.contains("npm install --save-dev"),
        "launcher without a binary says which package to install: {stderr}"
    );

    eprintln!("npm package test took {:.1?}", started.elapsed());
}

/// The launcher run directly with `AUTHKIT_DOCTOR_BINARY`: exit codes pass through, and a SIGTERM
/// sent to the launcher reaches the binary and ends the launcher with the same signal.
#[cfg(unix)]
#[test]
fn launcher_forwards_exit_codes_and_signals() {
    use std::os::unix::process::ExitStatusExt;
    if !node_and_npm_available() {
        return;
    }
    let launcher = repo().join("npm/authkit-doctor/bin/authkit-doctor.js");

    let out = run(
        Command::new("node").arg(&launcher).args(["-c", "echo out; echo err >&2; exit 7"]).env("AUTHKIT_DOCTOR_BINARY", "/bin/sh"),
        "launcher sh",
    );
    assert_eq!(out.status.code(), Some(7));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "out\n");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "err\n");

    let out = run(
        Command::new("node").arg(&launcher).arg("--version").env("AUTHKIT_DOCTOR_BINARY", "/no/such/authkit-doctor"),
        "launcher missing override",
    );
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("AUTHKIT_DOCTOR_BINARY"));

    // A child that records SIGTERM and then dies of it, so the launcher must re-raise it. It gives
    // up after 10 s, so a failure here never leaves a process behind.
    let tmp = tempfile::tempdir().unwrap();
    let marker = tmp.path().join("got-term");
    let script = format!(
        "trap 'touch {}; trap - TERM; kill -TERM $$' TERM; echo ready; i=0; while [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done; exit 9",
        marker.display()
    );
    let mut child = Command::new("node")
        .arg(&launcher)
        .args(["-c", &script])
        .env("AUTHKIT_DOCTOR_BINARY", "/bin/sh")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut ready = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut ready).unwrap();
    assert_eq!(ready, "ready\n");
    // Only the launcher gets the signal (it is not sent to a process group).
    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(15), "the launcher dies of the child's signal: {status:?}");
    assert!(marker.exists(), "SIGTERM was forwarded to the binary");
}
