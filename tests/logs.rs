//! `authkit-doctor logs`: every `logs/*` rule fires on a fixture and stays quiet on the clean
//! logs; ANSI colours and timestamps; locations in the pasted text; stdin; redaction.
//!
//! Fixtures: `tests/fixtures/logs/*.log`, each with `*.expected` listing `rule line` for every
//! finding (the line of the cause's first occurrence); `tests/fixtures/logs/clean/*.log` must
//! give no finding.

use assert_cmd::Command;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/logs")
}

fn bin() -> Command {
    let mut c = Command::cargo_bin("authkit-doctor").unwrap();
    c.env_remove("NO_COLOR").timeout(std::time::Duration::from_secs(60));
    c
}

fn logs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "log")).collect();
    v.sort();
    v
}

/// `rule line` of every finding in a log file.
fn found(path: &Path) -> BTreeSet<String> {
    let text = std::fs::read_to_string(path).unwrap();
    let (_, diagnosed) = authkit_doctor_core::logs::diagnose(&text, "x.log");
    diagnosed
        .iter()
        .map(|d| {
            let loc = d.finding.location.as_ref().expect("logs findings have a location");
            let line = text[..loc.start].matches('\n').count() + 1;
            format!("{} {line}", d.finding.rule)
        })
        .collect()
}

#[test]
fn every_fixture_gives_exactly_its_expected_findings() {
    let mut failures = Vec::new();
    for path in logs(&fixtures()) {
        let want: BTreeSet<String> = std::fs::read_to_string(path.with_extension("expected"))
            .unwrap()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        let got = found(&path);
        if got != want {
            let missing: Vec<_> = want.difference(&got).collect();
            let extra: Vec<_> = got.difference(&want).collect();
            failures.push(format!("{}: missing {missing:?}, unexpected {extra:?}", path.display()));
        }
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}

#[test]
fn every_logs_rule_fires_somewhere_and_clean_logs_are_quiet() {
    let mut fired = BTreeSet::new();
    for path in logs(&fixtures()) {
        for f in found(&path) {
            fired.insert(f.split(' ').next().unwrap().to_string());
        }
    }
    for rule in authkit_doctor_core::rules::logs::RULES {
        assert!(fired.contains(rule.id), "{} fires on no fixture in tests/fixtures/logs", rule.id);
    }
    let clean = logs(&fixtures().join("clean"));
    assert!(clean.len() >= 3);
    for path in clean {
        assert_eq!(found(&path), BTreeSet::new(), "{}", path.display());
    }
}

#[test]
fn ansi_colours_timestamps_and_typographic_quotes_do_not_matter() {
    let plain = "You are calling 'withAuth' on /a that isn't covered by the AuthKit middleware.";
    for variant in [
        plain.to_string(),
        plain.replace('\'', "’"),
        format!("\x1b[31m⨯\x1b[39m \x1b[1m{plain}\x1b[22m"),
        format!("2025-11-17T10:00:00.123Z ERROR {plain}"),
        format!("[12:01:02.345] {plain}\r"),
        format!(r#"{{"level":"error","message":"Error: {plain}","timestamp":1763373600}}"#),
    ] {
        let (_, d) = authkit_doctor_core::logs::diagnose(&variant, "x.log");
        assert_eq!(d.iter().map(|d| d.finding.rule).collect::<Vec<_>>(), ["logs/withauth-not-covered"], "{variant:?}");
        assert!(d[0].finding.message.contains("/a"), "{}", d[0].finding.message);
    }
}

#[test]
fn json_locates_findings_in_the_pasted_text() {
    let path = fixtures().join("convex-cli.log");
    let out = bin().args(["logs", "--format", "json"]).arg(&path).assert().code(1).get_output().stdout.clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["schema", "tool", "root", "logs", "findings", "summary"]);
    assert_eq!(v["logs"]["lines"], 15);
    let f = v["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "logs/auth-config-env-unset").unwrap();
    assert_eq!(f["file"], path.display().to_string());
    assert_eq!(f["line"], 2);
    // The column counts characters after the ANSI escape and the ⚠.
    assert!(f["column"].as_u64().unwrap() > 1);
    assert!(f["message"].as_str().unwrap().contains("WORKOS_CLIENT_ID"));
    assert!(f["fix"]["description"].as_str().unwrap().contains("npx convex env set WORKOS_CLIENT_ID"));
    assert!(f["help"].as_str().unwrap().contains("auth-config/env-var-unset"));
}

#[test]
fn stdin_human_output_and_exit_codes() {
    let text = "2025-11-17 ERROR Failed to authenticate: \"Could not validate token: Token expired 312 seconds ago\", check your server auth config\n";
    let out = bin().args(["logs", "-", "--no-color"]).write_stdin(text).assert().code(1).get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.starts_with("Read 1 line from <stdin>: 1 line with known messages, 1 distinct cause"), "{out}");
    assert!(out.contains("error[logs/token-expired]"), "{out}");
    assert!(out.contains("--> <stdin>:1:"), "{out}");
    assert!(out.contains("1 | 2025-11-17 ERROR Failed to authenticate"), "{out}");
    assert!(out.contains("convex says: Could not validate token: Token expired 312 seconds ago"), "{out}");
    assert!(out.contains("token/expired"), "{out}");
    bin().args(["logs"]).write_stdin("all good\n").assert().code(0).stdout(predicates::str::contains("no known message"));
    bin().args(["logs", "/no/such/file.log"]).assert().code(2);
    bin().args(["logs", "--rule", "logs/nope"]).write_stdin("x").assert().code(2);
    bin().args(["logs", "--ignore", "logs/token-expired"]).write_stdin(text).assert().code(0);
    bin().args(["logs"]).write_stdin(vec![0u8, 159, 146, 150, 0, 1]).assert().code(2).stderr(predicates::str::contains("binary"));
}

#[test]
fn pasted_secrets_are_masked_everywhere() {
    let key = "sk_test_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0";
    let pw = "correct-horse-battery-staple-0123456789";
    let text = format!(
        "WORKOS_API_KEY={key}\nWORKOS_COOKIE_PASSWORD={pw}\nUnauthorizedException: Could not authorize the request. Maybe your API key is invalid? key={key} pw={pw}\n"
    );
    for format in ["human", "json", "github", "sarif"] {
        let out =
            bin().args(["logs", "--no-color", "--format", format]).write_stdin(text.clone()).assert().code(1).get_output().stdout.clone();
        let out = String::from_utf8(out).unwrap();
        assert!(!out.contains(&key[8..20]) && !out.contains(&pw[4..20]), "{format}:\n{out}");
    }
}

#[test]
fn project_names_what_check_finds() {
    let project = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/nextjs-broken");
    let out = bin()
        .args(["logs", "--format", "json", "--project"])
        .arg(&project)
        .arg(fixtures().join("convex-client-console.log"))
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let f = v["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "logs/no-auth-provider" && f["line"] == 2).unwrap();
    let help = f["help"].as_str().unwrap();
    assert!(
        help.contains("app_id=") && help.contains("`check` reports:") && help.contains("auth-config/application-id-on-user-management"),
        "{help}"
    );
}
