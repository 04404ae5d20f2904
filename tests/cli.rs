//! The command-line contract: exit codes, formats, colours, closed pipes.

use assert_cmd::Command;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("authkit-doctor").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name)
}

#[test]
fn version_and_help() {
    let out = bin().arg("--version").assert().success().get_output().stdout.clone();
    assert!(String::from_utf8(out).unwrap().contains(env!("CARGO_PKG_VERSION")));
    let out = bin().arg("--help").assert().success().get_output().stdout.clone();
    let help = String::from_utf8(out).unwrap();
    assert!(help.contains("Examples:") && help.contains("Exit codes"), "{help}");
}

#[test]
fn exit_codes() {
    bin().arg(example("nextjs-correct")).assert().code(0);
    bin().args(["check"]).arg(example("vite-broken")).assert().code(1);
    bin().arg("--no-such-flag").assert().code(2);
    bin().args(["check", "/definitely/not/here"]).assert().code(2).stderr(predicates::str::contains("no such file"));
    bin().args(["check"]).arg(example("vite-broken").join("package.json")).assert().code(2);
    bin()
        .args(["check", "--rule", "auth-config/nope"])
        .arg(example("vite-broken"))
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown rule"));
    bin().args(["check", "--convex-env", "/no/such/env.txt"]).arg(example("vite-broken")).assert().code(2);
    // Only warnings left: exit 0.
    bin().args(["check", "--rule", "auth-config/hardcoded-client-id"]).arg(example("nextjs-broken")).assert().code(0);
    // Ignoring every error rule the broken example triggers leaves nothing to fail on.
    let readme = std::fs::read_to_string(example("vite-broken").join("README.md")).unwrap();
    let block = readme.split("```expected-findings").nth(1).unwrap().split("```").next().unwrap();
    let mut cmd = bin();
    cmd.arg("check").arg(example("vite-broken"));
    for rule in block.lines().filter_map(|l| l.split_whitespace().next()) {
        cmd.args(["--ignore", rule]);
    }
    cmd.assert().code(0);
}

#[test]
fn json_is_the_only_thing_on_stdout_and_is_deterministic() {
    let run = || {
        let out = bin().args(["check", "--format", "json"]).arg(example("nextjs-broken")).assert().code(1).get_output().stdout.clone();
        let mut v: serde_json::Value = serde_json::from_slice(&out).expect("stdout is one JSON document");
        v["summary"]["duration_ms"] = 0.into();
        v
    };
    let (a, b) = (run(), run());
    assert_eq!(a, b);
    assert_eq!(a["schema"], "authkit-doctor/v1");
    // nextjs-broken lists its findings in its README; the summary counts the errors among them.
    let errors = a["findings"].as_array().unwrap().iter().filter(|f| f["severity"] == "error").count();
    assert!(errors >= 4, "nextjs-broken has at least 4 errors, got {errors}");
    assert_eq!(a["summary"]["errors"], errors);
    assert_eq!(a["findings"][0]["file"], ".env.local");
    for f in a["findings"].as_array().unwrap() {
        for (k, v) in f.as_object().unwrap() {
            assert!(!v.is_null(), "{k} is null");
        }
    }
}

#[test]
fn no_escape_codes_when_not_a_terminal_or_no_color() {
    for env in [None, Some("1")] {
        let mut cmd = bin();
        if let Some(v) = env {
            cmd.env("NO_COLOR", v);
        }
        let out = cmd.arg(example("nextjs-broken")).assert().code(1).get_output().stdout.clone();
        assert!(!out.contains(&0x1b), "escape code in output");
    }
}

#[test]
fn quiet_shows_errors_only() {
    let out = bin().args(["check", "--quiet"]).arg(example("nextjs-broken")).assert().code(1).get_output().stdout.clone();
    let text = String::from_utf8(out).unwrap();
    assert!(!text.contains("warning["), "{text}");
    assert!(text.contains("error["));
}

#[test]
fn severity_filter() {
    let out = bin()
        .args(["check", "--severity", "error", "--format", "json"])
        .arg(example("nextjs-broken"))
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(v["findings"].as_array().unwrap().iter().all(|f| f["severity"] == "error"));
}

#[test]
fn explain_every_rule_and_list_them() {
    for rule in authkit_doctor_core::rules::all() {
        let out = bin().args(["explain", rule.id]).assert().success().get_output().stdout.clone();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains(rule.id) && text.contains("Fix"), "{}: {text}", rule.id);
    }
    bin().args(["explain", "auth-config/nope"]).assert().code(2);
    let out = bin().args(["rules", "--format", "json"]).assert().success().get_output().stdout.clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["rules"].as_array().unwrap().len(), authkit_doctor_core::rules::all().len());
}

#[test]
fn docs_rules_md_is_up_to_date() {
    let out = bin().args(["rules", "--format", "markdown"]).assert().success().get_output().stdout.clone();
    let committed = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md")).unwrap_or_default();
    assert!(out == committed, "docs/rules.md is stale: run `cargo run -- rules --format markdown > docs/rules.md`");
}

/// `authkit-doctor check … | head -1`: the reader goes away; we stop quietly.
#[test]
fn closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("package.json"), r#"{"dependencies":{"convex":"1.29.0","@workos-inc/authkit-react":"0.16.0"}}"#)
        .unwrap();
    std::fs::create_dir(dir.path().join("convex")).unwrap();
    // Thousands of findings so the output is far larger than a pipe buffer.
    let ids: String = (0..4000).map(|i| format!("  \"client_01HZX3Q7M8K2V5T9R4N6P{i:05}\",\n")).collect();
    std::fs::write(dir.path().join("convex/auth.config.ts"), format!("const ids = [\n{ids}];\nexport default {{ providers: [] }};\n"))
        .unwrap();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("authkit-doctor"))
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // then the pipe is dropped
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert!(!stderr.contains("panicked") && !stderr.contains("internal error"), "{stderr}");
    assert!(matches!(status.code(), Some(0 | 1)), "{status:?} {stderr}");
}
