//! `authkit-doctor check --online [--prod]`: the deployment env read with the project's own
//! Convex CLI (a stand-in script in `node_modules/.bin/convex`, created here, never committed),
//! and the JWKS and Convex URL checks against a fake server on 127.0.0.1. No network.
#![cfg(unix)]

mod common;
mod token_common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use token_common::*;

/// A fixture whose `auth.config.ts` reads `process.env.WORKOS_CLIENT_ID`, copied so the test
/// can add a Convex CLI; without its `authkit-doctor.json` (no deployment env files), so the
/// deployment env comes from the CLI alone.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&manifest_path("tests/fixtures/rules/auth-config/env-var-unset/fires"), dir.path());
    for file in ["authkit-doctor.json", "convex-env.dev.txt", "convex-env.prod.txt"] {
        std::fs::remove_file(dir.path().join(file)).unwrap();
    }
    dir
}

/// Writes an executable shell script at `path`.
fn script(path: &Path, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// The project's own Convex CLI, replaced by `body`.
fn install_cli(dir: &Path, body: &str) -> PathBuf {
    let bin = dir.join("node_modules/.bin/convex");
    script(&bin, body);
    bin
}

/// A CLI that prints `env` as `npx convex env list --include-values` does.
fn cli_printing(env: &str) -> String {
    format!("cat <<'EOF'\n{env}EOF")
}

/// A fake WorkOS API and Convex deployment: every JWKS answers the standard key set.
fn server() -> Server {
    Server::start(|path| match path {
        "/version" => Reply::text(200, "text/plain", "1.29.0"),
        p if p.starts_with("/sso/jwks/") => Reply::json(200, "application/json", &standard_jwks()),
        _ => Reply::text(404, "text/plain", ""),
    })
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Out {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {}{}", self.stdout, self.stderr))
    }
    fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// Runs `check DIR ARGS` with every base URL pointed at `server` (nothing reaches the internet).
fn check(dir: &Path, args: &[&str], server: &Server, envs: &[(&str, &str)]) -> Out {
    let mut cmd = bin();
    cmd.arg("check").arg(dir).args(args).env("NO_COLOR", "1");
    cmd.env("AUTHKIT_DOCTOR_WORKOS_API_BASE", &server.base).env("AUTHKIT_DOCTOR_CONVEX_URL", &server.base);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    Out { code: out.status.code().unwrap_or(-1), stdout: String::from_utf8_lossy(&out.stdout).into_owned(), stderr }
}

fn findings<'a>(v: &'a Value, rule: &str) -> Vec<&'a Value> {
    v["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == rule).collect()
}

#[test]
fn cli_env_decides_the_push_failure_finding() {
    let server = server();
    let dir = fixture();
    // Offline, the deployment env is unknown: an info that says what must be set.
    let offline = check(dir.path(), &["--format", "json"], &server, &[]);
    let v = offline.json();
    let unset = findings(&v, "auth-config/env-var-unset");
    assert_eq!(unset.len(), 1, "{}", offline.all());
    assert_eq!(unset[0]["severity"], "info");

    // The deployment does not set WORKOS_CLIENT_ID: the push fails.
    install_cli(dir.path(), &cli_printing("SITE_URL=https://notes.example.com\n"));
    let out = check(dir.path(), &["--online", "--format", "json"], &server, &[]);
    assert_eq!(out.code, 1, "{}", out.all());
    let v = out.json();
    let unset = findings(&v, "auth-config/env-var-unset");
    assert_eq!(unset.len(), 1, "{}", out.all());
    assert_eq!(unset[0]["severity"], "error");
    assert_eq!(unset[0]["message"], "WORKOS_CLIENT_ID is not set on the development deployment (read here)");
    assert_eq!(unset[0]["related"][0]["file"], "node_modules/.bin/convex env list --include-values");
    let env = &v["online"]["deployment_env"];
    assert_eq!(env["command"], "node_modules/.bin/convex env list --include-values", "the project's own CLI, not npx");
    assert_eq!(env["dir"], ".");
    assert_eq!(env["ok"], true);
    assert_eq!(env["vars"], serde_json::json!(["SITE_URL"]));

    // It does: the finding clears, and the CLI's client id resolves the JWKS URL that is fetched.
    install_cli(dir.path(), &cli_printing("WORKOS_CLIENT_ID=client_01CLI\n"));
    let out = check(dir.path(), &["--online", "--format", "json"], &server, &[]);
    let v = out.json();
    assert!(findings(&v, "auth-config/env-var-unset").is_empty(), "{}", out.all());
    assert_eq!(out.code, 0, "{}", out.all());
    let jwks = v["online"]["jwks"].as_array().unwrap();
    assert_eq!(jwks.len(), 1, "{}", out.all());
    assert_eq!(jwks[0]["url"], "https://api.workos.com/sso/jwks/client_01CLI");
    assert_eq!(jwks[0]["ok"], true);
    assert_eq!(v["online"]["convex"][0]["url"], server.base.as_str());
    assert_eq!(v["online"]["convex"][0]["ok"], true);
    let paths = server.paths.lock().unwrap().clone();
    assert!(paths.contains(&"/sso/jwks/client_01CLI".to_string()) && paths.contains(&"/version".to_string()), "{paths:?}");

    // The human report says what was run and fetched.
    let human = check(dir.path(), &["--online"], &server, &[]);
    assert_eq!(human.code, 0, "{}", human.all());
    assert!(human.stdout.starts_with("Online:\n"), "{}", human.stdout);
    assert!(
        human
            .stdout
            .contains("✔ ran `node_modules/.bin/convex env list --include-values` in .: the development deployment's env (1 variable)"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains("✔ GET https://api.workos.com/sso/jwks/client_01CLI"), "{}", human.stdout);
    assert!(human.stdout.contains(&format!("✔ GET {}/version", server.base)), "{}", human.stdout);
}

#[test]
fn a_failing_jwks_is_a_finding() {
    let server = Server::start(|path| match path {
        "/version" => Reply::text(200, "text/plain", "1"),
        _ => Reply::text(404, "text/plain", "not here"),
    });
    let dir = fixture();
    install_cli(dir.path(), &cli_printing("WORKOS_CLIENT_ID=client_01CLI\n"));
    let out = check(dir.path(), &["--online", "--format", "json"], &server, &[]);
    assert_eq!(out.code, 1, "{}", out.all());
    let v = out.json();
    let f = findings(&v, "token/jwks-unreachable");
    assert_eq!(f.len(), 1, "{}", out.all());
    assert_eq!(
        f[0]["convex_message"],
        "Could not fetch JWKS from URL 'https://api.workos.com/sso/jwks/client_01CLI': HTTP 404 Not Found. Check that the URL is correct and accessible."
    );
    // --ignore filters it like any finding.
    let out = check(dir.path(), &["--online", "--format", "json", "--ignore", "token/jwks-unreachable"], &server, &[]);
    assert_eq!(out.code, 0, "{}", out.all());
    assert!(findings(&out.json(), "token/jwks-unreachable").is_empty());
}

#[test]
fn not_logged_in_or_no_deployment_is_a_note_and_the_check_goes_on() {
    let server = server();
    let dir = fixture();
    let offline = check(dir.path(), &["--format", "json"], &server, &[]);
    for (stderr, cause, advice) in [
        ("Error: You are not logged in. Please run `npx convex login`", "not-logged-in", "run `npx convex login`"),
        ("✖ NOT LOGGED IN", "not-logged-in", "run `npx convex login`"),
        ("✖ No CONVEX_DEPLOYMENT set, run `npx convex dev` to configure a Convex project", "no-deployment", "run `npx convex dev`"),
    ] {
        install_cli(dir.path(), &format!("echo 'Something first' >&2\necho '{stderr}' >&2\nexit 1"));
        let out = check(dir.path(), &["--online", "--format", "json"], &server, &[]);
        assert_eq!(out.code, offline.code, "the exit code is the offline one: {}", out.all());
        let v = out.json();
        let env = &v["online"]["deployment_env"];
        assert_eq!(env["ok"], false);
        assert_eq!(env["cause"], cause, "{}", out.all());
        assert!(env["problem"].as_str().unwrap().contains(advice), "{}", out.all());
        // The check ran without the deployment env: the same findings as offline.
        let rules = |v: &Value| v["findings"].as_array().unwrap().iter().map(|f| f["rule"].clone()).collect::<Vec<_>>();
        assert_eq!(rules(&v), rules(&offline.json()), "{}", out.all());

        let human = check(dir.path(), &["--online"], &server, &[]);
        assert_eq!(human.code, offline.code);
        assert!(human.stdout.contains("✖ ran `node_modules/.bin/convex env list --include-values` in ."), "{}", human.stdout);
        assert!(human.stdout.contains(advice), "{}", human.stdout);
        assert!(human.stdout.contains("checked without the development deployment's env"), "{}", human.stdout);
        assert!(human.stdout.contains("error[") || human.stdout.contains("info["), "the findings still print: {}", human.stdout);

        // SARIF and GitHub annotations hold findings only; the note goes to stderr.
        let github = check(dir.path(), &["--online", "--format", "github"], &server, &[]);
        assert!(!github.stdout.contains(advice), "{}", github.stdout);
        assert!(github.stderr.contains("note:") && github.stderr.contains(advice), "{}", github.stderr);
    }
}

#[test]
fn cli_missing() {
    let server = server();
    let dir = fixture();
    let empty_path = tempfile::tempdir().unwrap();
    let path = empty_path.path().to_str().unwrap();
    let offline = check(dir.path(), &[], &server, &[]);
    for envs in [
        // The override names a program that is not there.
        vec![("AUTHKIT_DOCTOR_CONVEX_CLI", "/no/such/convex"), ("PATH", path)],
        // No node_modules/.bin/convex, and no npx on PATH.
        vec![("PATH", path)],
    ] {
        let out = check(dir.path(), &["--online", "--format", "json"], &server, &envs);
        assert_eq!(out.code, offline.code, "{}", out.all());
        let v = out.json();
        assert_eq!(v["online"]["deployment_env"]["cause"], "not-installed", "{}", out.all());
        let human = check(dir.path(), &["--online"], &server, &envs);
        assert!(human.stdout.contains("the Convex CLI is not installed here"), "{}", human.stdout);
        assert!(human.stdout.contains("run `npm install convex`"), "{}", human.stdout);
    }

    // npx is there but the package is not: `npx --no` refuses to download it.
    let bin_dir = tempfile::tempdir().unwrap();
    let args_file = bin_dir.path().join("args.txt");
    script(
        &bin_dir.path().join("npx"),
        &format!(
            "echo \"$@\" > '{}'\necho 'npm error npx canceled due to missing packages and no YES option: [\"convex@1.29.0\"]' >&2\nexit 1",
            args_file.display()
        ),
    );
    let out = check(dir.path(), &["--online"], &server, &[("PATH", bin_dir.path().to_str().unwrap())]);
    assert_eq!(std::fs::read_to_string(&args_file).unwrap(), "--no convex env list --include-values\n");
    assert!(out.stdout.contains("✖ ran `npx --no convex env list --include-values` in ."), "{}", out.stdout);
    assert!(out.stdout.contains("the Convex CLI is not installed here"), "{}", out.stdout);
}

#[test]
fn prod_asks_the_cli_for_the_production_deployment() {
    let server = server();
    let dir = fixture();
    let args_file = dir.path().join("cli-args.txt");
    install_cli(dir.path(), &format!("echo \"$@\" > '{}'\nprintf 'SITE_URL=https://notes.example.com\\n'", args_file.display()));
    let out = check(dir.path(), &["--online", "--prod", "--format", "json"], &server, &[]);
    assert_eq!(std::fs::read_to_string(&args_file).unwrap(), "env list --include-values --prod\n");
    let v = out.json();
    assert_eq!(v["online"]["deployment_env"]["prod"], true);
    assert_eq!(v["online"]["deployment_env"]["command"], "node_modules/.bin/convex env list --include-values --prod");
    let unset = findings(&v, "auth-config/env-var-unset");
    assert_eq!(unset[0]["message"], "WORKOS_CLIENT_ID is not set on the production deployment (read here)", "{}", out.all());
    assert_eq!(unset[0]["fix"]["description"], "npx convex env set --prod WORKOS_CLIENT_ID <value>");

    // Without --prod, the development deployment.
    check(dir.path(), &["--online", "--format", "json"], &server, &[]);
    assert_eq!(std::fs::read_to_string(&args_file).unwrap(), "env list --include-values\n");

    // --prod alone is a usage error; so is a file for the deployment the CLI reads.
    let out = check(dir.path(), &["--prod"], &server, &[]);
    assert_eq!(out.code, 2, "{}", out.all());
    assert!(out.stderr.contains("--prod goes with --online"), "{}", out.stderr);
    let env_file = dir.path().join("dev.txt");
    std::fs::write(&env_file, "WORKOS_CLIENT_ID=client_01FILE\n").unwrap();
    let out = check(dir.path(), &["--online", "--convex-env", env_file.to_str().unwrap()], &server, &[]);
    assert_eq!(out.code, 2, "{}", out.all());
    // The other deployment's file goes with it.
    let out = check(dir.path(), &["--online", "--prod", "--convex-env", env_file.to_str().unwrap(), "--format", "json"], &server, &[]);
    let v = out.json();
    let messages: Vec<&str> = findings(&v, "auth-config/env-var-unset").iter().map(|f| f["message"].as_str().unwrap()).collect::<Vec<_>>();
    assert_eq!(messages, ["WORKOS_CLIENT_ID is not set on the production deployment (read here)"], "{}", out.all());
}

#[test]
fn no_secret_value_is_printed() {
    let server = server();
    let dir = fixture();
    let api_key = "sk_test_Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2H1g0F9e8D7c6B5a4";
    let password = "q8Jr2LmN4vX7sT1wZ5yB3cE6gH9kP0aD";
    let webhook = "whsec_9fK2mQ7xR4tV1yB8nC3pL6sD0gH5jW2e";
    // No WORKOS_CLIENT_ID: the push-failure finding quotes the CLI output's first line.
    install_cli(
        dir.path(),
        &cli_printing(&format!("WORKOS_API_KEY={api_key}\nWORKOS_COOKIE_PASSWORD={password}\nWORKOS_WEBHOOK_SECRET={webhook}\n")),
    );
    for format in ["human", "json", "sarif", "github"] {
        let out = check(dir.path(), &["--online", "--format", format], &server, &[]);
        assert_eq!(out.code, 1, "{}", out.all());
        let all = out.all();
        for secret in [api_key, password, webhook] {
            assert!(!all.contains(&secret[8..24]), "{format}: a secret is printed: {all}");
        }
        if format == "human" {
            assert!(all.contains("WORKOS_API_KEY=sk_test_"), "the frame shows the masked line: {all}");
        }
    }
}

#[test]
fn offline_runs_nothing() {
    let server = server();
    let dir = fixture();
    let marker = dir.path().join("cli-ran");
    install_cli(dir.path(), &format!("touch '{}'\nprintf 'WORKOS_CLIENT_ID=client_01CLI\\n'", marker.display()));
    for args in [&["--format", "json"][..], &[]] {
        let out = check(dir.path(), args, &server, &[]);
        assert!(!marker.exists(), "the Convex CLI ran without --online: {}", out.all());
        assert!(!out.stdout.contains("Online:") && !out.stdout.contains("\"online\""), "{}", out.stdout);
    }
    assert_eq!(server.hits(), 0, "no request without --online");
    // The same project with --online runs it.
    check(dir.path(), &["--online"], &server, &[]);
    assert!(marker.exists());
}
