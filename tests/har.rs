//! `authkit-doctor har`: every `har/*` rule fires on a fixture and stays quiet on the clean
//! captures; bad files exit 2; the JSON `har` object; redaction; `--project`.
//!
//! Fixtures: `tests/fixtures/har/captured/*.har` were recorded from headless Chromium by
//! `tests/capture/capture.mjs`; `tests/fixtures/har/edge/*.har` are hand-written (Firefox, Safari
//! and Chrome DevTools shapes, sanitized exports, odd values). Next to each `X.har`, `X.expected`
//! lists the rule ids its findings must have (empty: none).

use assert_cmd::Command;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/har")
}

fn bin() -> Command {
    let mut c = Command::cargo_bin("authkit-doctor").unwrap();
    c.env_remove("NO_COLOR").timeout(std::time::Duration::from_secs(60));
    c
}

fn hars(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(fixtures().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "har"))
        .collect();
    v.sort();
    v
}

fn rules_of(path: &Path) -> BTreeSet<String> {
    let file = std::fs::File::open(path).unwrap();
    let (_, found) = authkit_doctor_core::har::analyze(file).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    found.iter().map(|d| d.finding.rule.to_string()).collect()
}

fn expected(path: &Path) -> BTreeSet<String> {
    let p = path.with_extension("expected");
    std::fs::read_to_string(&p)
        .unwrap_or_else(|_| panic!("{} is missing", p.display()))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_fixture_gives_exactly_its_expected_rules() {
    let mut failures = Vec::new();
    for path in hars("captured").into_iter().chain(hars("edge")) {
        let (got, want) = (rules_of(&path), expected(&path));
        if got != want {
            failures.push(format!("{}: expected {want:?}, got {got:?}", path.display()));
        }
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}

#[test]
fn every_har_rule_fires_on_a_real_capture_and_stays_quiet_on_the_clean_ones() {
    let mut fired: BTreeSet<String> = BTreeSet::new();
    for path in hars("captured") {
        fired.extend(expected(&path));
    }
    for rule in authkit_doctor_core::rules::har::RULES {
        assert!(fired.contains(rule.id), "{} fires on no capture in tests/fixtures/har/captured", rule.id);
    }
    let clean: Vec<PathBuf> =
        hars("captured").into_iter().filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("clean-")).collect();
    assert!(clean.len() >= 2);
    for path in clean {
        assert_eq!(rules_of(&path), BTreeSet::new(), "{}", path.display());
    }
}

#[test]
fn captured_hars_hold_only_fake_credentials() {
    for path in hars("captured") {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("sk_test_") && !text.contains("sk_live_"), "{}: an API key", path.display());
        // Every JWT in a capture is one capture.mjs made up.
        for (i, _) in text.match_indices("eyJhbGciOi") {
            let header: String = text[i..].chars().take_while(|c| *c != '.').collect();
            use base64::Engine;
            let decoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(header.as_bytes()).unwrap();
            assert!(
                String::from_utf8_lossy(&decoded).contains("sso_oidc_key_pair_01JCAPTUREFAKE"),
                "{}: a JWT capture.mjs did not make",
                path.display()
            );
        }
        // Only the capture's own hosts.
        for host in ["api.workos.com/user_management/authenticate", "convex.cloud"] {
            assert!(!text.contains(host), "{}: traffic to {host}", path.display());
        }
    }
}

#[test]
fn exit_codes_and_human_output() {
    let captured = fixtures().join("captured");
    let out = bin().args(["har", "--no-color"]).arg(captured.join("convex-auth-error.har")).assert().code(1).get_output().stdout.clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("HAR "), "{text}");
    assert!(text.contains("── Timeline: "), "{text}");
    assert!(text.contains("◀ har/convex-auth-error"), "{text}");
    assert!(text.contains("error[har/convex-auth-error]"), "{text}");
    assert!(text.contains("convex says: No auth provider found matching the given token"), "{text}");
    assert!(text.contains("auth-config/application-id-on-user-management"), "{text}");
    assert!(!text.contains('\x1b'));
    let out = bin().args(["har", "--no-color"]).arg(captured.join("clean-spa.har")).assert().code(0).get_output().stdout.clone();
    assert!(String::from_utf8(out).unwrap().contains("✔ No problems found"));
    // A warning alone does not fail the run.
    bin().args(["har", "--rule", "har/refresh-storm"]).arg(captured.join("refresh-429.har")).assert().code(0);
    bin().args(["har", "--rule", "har/nope"]).arg(captured.join("refresh-429.har")).assert().code(2);
    let out =
        bin().args(["har", "--quiet", "--no-color"]).arg(captured.join("refresh-429.har")).assert().code(1).get_output().stdout.clone();
    let text = String::from_utf8(out).unwrap();
    assert!(!text.contains("Timeline") && !text.contains("warning["), "{text}");
}

#[test]
fn bad_files_exit_2_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let valid = std::fs::read(fixtures().join("captured/refresh-429.har")).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.har", Vec::new(), "the file is empty"),
        ("blank.har", b"  \n\t".to_vec(), "the file is empty"),
        ("truncated.har", valid[..valid.len() / 2].to_vec(), "the HAR is truncated"),
        ("not-har.json", br#"{"name": "package", "version": "1.0.0"}"#.to_vec(), "not a HAR file: there is no `log` object"),
        ("array.json", b"[1, 2, 3]".to_vec(), "not a HAR file"),
        ("garbage.bin", vec![0x89, b'P', b'N', b'G', 0, 0, 0xff, 0xfe, 7, 8], "it is not JSON"),
        ("zip.har", b"PK\x03\x04\x14\x00\x00\x00".to_vec(), "it is not JSON"),
        ("syntax.har", br#"{"log": {"entries": [{"a": 1} {"b": 2}]}}"#.to_vec(), "not valid JSON"),
    ];
    for (name, bytes, message) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = bin().arg("har").arg(&path).assert().code(2).get_output().clone();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(message), "{name}: {stderr}");
        assert!(!stderr.contains("panicked") && !stderr.contains("internal error"), "{name}: {stderr}");
        assert!(out.stdout.is_empty(), "{name}: stdout must stay empty");
    }
    bin().arg("har").arg(dir.path().join("missing.har")).assert().code(2).stderr(predicates::str::contains("no such file"));
    bin().arg("har").arg(dir.path()).assert().code(2).stderr(predicates::str::contains("is a directory"));
}

#[test]
fn json_has_a_har_object_and_is_deterministic() {
    let path = fixtures().join("captured/refresh-429.har");
    let run = || {
        let out = bin().args(["har", "--format", "json"]).arg(&path).assert().code(1).get_output().stdout.clone();
        String::from_utf8(out).unwrap()
    };
    let (a, b) = (run(), run());
    let strip = |s: &str| s.lines().filter(|l| !l.contains("\"duration_ms\"")).collect::<Vec<_>>().join("\n");
    assert_eq!(strip(&a), strip(&b));
    assert!(!a.contains("null"));
    let v: serde_json::Value = serde_json::from_str(&a).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["schema", "tool", "root", "har", "findings", "summary"]);
    let har = &v["har"];
    assert_eq!(har["entries"], 12);
    assert_eq!(har["creator"]["name"], "Playwright");
    assert_eq!(har["sanitized"], false);
    let timeline = har["timeline"].as_array().unwrap();
    assert_eq!(timeline.len(), har["auth_requests"].as_u64().unwrap() as usize);
    let limited: Vec<&serde_json::Value> = timeline.iter().filter(|r| r["status"] == 429).collect();
    assert_eq!(limited.len(), 2);
    assert_eq!(limited[0]["kind"], "workos-authenticate");
    assert!(limited[0]["rules"].as_array().unwrap().iter().any(|r| r == "har/refresh-rate-limited"));
    let rules: Vec<&str> = v["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["har/refresh-rate-limited", "har/refresh-storm"]);
    assert_eq!(v["summary"]["errors"], 1);
    assert_eq!(v["summary"]["warnings"], 1);
    // SARIF and GitHub formats take the findings too.
    bin().args(["har", "--format", "sarif"]).arg(&path).assert().code(1);
}

#[test]
fn sanitized_export_is_said_in_the_report_not_as_a_finding() {
    let path = fixtures().join("edge/chrome-sanitized.har");
    let out = bin().args(["har", "--no-color"]).arg(&path).assert().code(1).get_output().stdout.clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("note: the export looks sanitized"), "{text}");
    let out = bin().args(["har", "--format", "json"]).arg(&path).assert().code(1).get_output().stdout.clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["har"]["sanitized"], true);
    assert!(v["har"]["notes"][0].as_str().unwrap().contains("sanitized"));
    assert!(v["findings"].as_array().unwrap().iter().all(|f| f["rule"] == "har/sign-out-prefetch"));
}

#[test]
fn tokens_and_keys_in_a_capture_are_never_printed() {
    let dir = tempfile::tempdir().unwrap();
    let key = "sk_test_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0";
    let sig = "c2lnbmF0dXJlLXNpZ25hdHVyZS1zaWduYXR1cmUtc2lnbmF0dXJl";
    let jwt =
        format!("eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2FwaS53b3Jrb3MuY29tL3VzZXJfbWFuYWdlbWVudC9jbGllbnRfMSJ9.{sig}");
    let har = format!(
        r#"{{"log":{{"entries":[
        {{"startedDateTime":"2025-11-17T10:00:00Z","request":{{"method":"GET","url":"https://notes.example.com/callback?api_key={key}&token={jwt}"}},"response":{{"status":500,"content":{{"mimeType":"application/json","text":"{{\"error\":\"{key} {jwt}\"}}"}}}}}},
        {{"startedDateTime":"2025-11-17T10:00:01Z","_resourceType":"websocket","request":{{"url":"wss://x.convex.cloud/api/1.2/sync"}},"response":{{"status":101}},"_webSocketMessages":[
          {{"type":"send","time":1763373601.0,"data":"{{\"type\":\"Authenticate\",\"tokenType\":\"User\",\"value\":\"{jwt}\"}}"}},
          {{"type":"receive","time":1763373601.1,"data":"{{\"type\":\"AuthError\",\"error\":\"bad token {jwt} {key}\"}}"}}]}}
        ]}}}}"#
    );
    let path = dir.path().join("secrets.har");
    std::fs::write(&path, har).unwrap();
    for format in ["human", "json", "sarif", "github"] {
        let out = bin().args(["har", "--no-color", "--format", format]).arg(&path).assert().code(1).get_output().stdout.clone();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains(&key[8..20]), "{format}: the API key leaks:\n{text}");
        assert!(!text.contains(&sig[..16]), "{format}: a JWT signature leaks:\n{text}");
    }
}

#[test]
fn project_links_findings_to_what_check_finds() {
    let project = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/nextjs-broken");
    let path = fixtures().join("captured/convex-auth-error.har");
    let out = bin().args(["har", "--format", "json", "--project"]).arg(&project).arg(&path).assert().code(1).get_output().stdout.clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(v["project"].is_object(), "the project summary is reported");
    let f = &v["findings"][0];
    assert_eq!(f["rule"], "har/convex-auth-error");
    let help = f["help"].as_str().unwrap();
    assert!(help.contains("`check` reports:") && help.contains("auth-config/application-id-on-user-management"), "{help}");
    let related = f["related"].as_array().unwrap();
    assert!(related.iter().any(|r| r["file"] == "convex/auth.config.ts" && r["line"].as_u64().is_some()), "{related:?}");
    // Human output shows the project's line in a code frame.
    let out = bin().args(["har", "--no-color", "--project"]).arg(&project).arg(&path).assert().code(1).get_output().stdout.clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("convex/auth.config.ts") && text.contains("applicationID"), "{text}");
    bin().args(["har", "--project", "/no/such/project"]).arg(&path).assert().code(2);
}

#[test]
fn long_bodies_and_many_entries_stream() {
    // 300 entries with 256 KiB bodies (75 MiB) and a refresh storm at the end: bodies are
    // dropped while reading, the detectors still see the refreshes.
    let body = "QUFB".repeat(64 * 1024);
    let mut har = String::from(r#"{"log":{"version":"1.2","entries":["#);
    for i in 0..300 {
        if i > 0 {
            har.push(',');
        }
        har.push_str(&format!(
            r#"{{"startedDateTime":"2025-11-17T10:{:02}:{:02}.000Z","request":{{"method":"GET","url":"https://notes.example.com/img/{i}.png"}},"response":{{"status":200,"content":{{"mimeType":"image/png","encoding":"base64","text":"{body}"}}}}}}"#,
            i / 60,
            i % 60
        ));
    }
    for s in 0..6 {
        har.push_str(&format!(
            r#",{{"startedDateTime":"2025-11-17T11:00:{s:02}.000Z","request":{{"method":"POST","url":"https://api.workos.com/user_management/authenticate","postData":{{"text":"{{\"grant_type\":\"refresh_token\",\"refresh_token\":\"x\"}}"}}}},"response":{{"status":200}}}}"#
        ));
    }
    har.push_str("]}}");
    let (facts, found) = authkit_doctor_core::har::analyze(har.as_bytes()).unwrap();
    assert_eq!(facts.meta.entries, 306);
    assert!(facts.meta.pruned_strings >= 300);
    assert_eq!(facts.rows.len(), 6, "only the auth-relevant requests are kept");
    assert_eq!(found.iter().map(|d| d.finding.rule).collect::<Vec<_>>(), ["har/refresh-storm"]);
}
