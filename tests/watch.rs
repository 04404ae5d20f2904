//! End-to-end tests of `authkit-doctor watch`: headless Chromium (Debian's `chromium`, or
//! `CHROMIUM=/path`) against the stand-in servers of tests/capture/scenarios.mjs on 127.0.0.1 — an
//! app, a WorkOS stand-in (authorize → callback → code exchange, refresh, logout, its error page)
//! and a Convex stand-in speaking enough of the sync WebSocket to answer `Authenticate`.
//! `tests/capture/serve.mjs` plays one scenario by itself (the page clicks its own sign-in link).
//!
//! Each scenario must print the findings it is about and nothing else; its `--save` HAR, read
//! back with `authkit-doctor har`, must give the same network findings and hold no cookie, token
//! or code in full. Each scenario gets free ports; they still run one at a time (one Chromium
//! at a time on a 2-core machine keeps the idle timings honest).
//!
//! `AUTHKIT_DOCTOR_SKIP_BROWSER_TEST=1` skips them outside CI; under `CI` the skip is refused.

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::Instant;

const SKIP_VAR: &str = "AUTHKIT_DOCTOR_SKIP_BROWSER_TEST";
/// One scenario at a time: each starts a Chromium, and two at once on 2 cores blur the idle timings.
static PORTS: Mutex<()> = Mutex::new(());

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

fn should_run() -> bool {
    let skip = std::env::var_os(SKIP_VAR).is_some_and(|v| !v.is_empty());
    assert!(!(skip && std::env::var_os("CI").is_some()), "{SKIP_VAR} is set under CI: the watch tests must run in CI");
    if skip {
        eprintln!("{SKIP_VAR} is set: watch browser tests skipped");
        return false;
    }
    assert!(
        chromium().is_file(),
        "no Chromium at {}: install Debian's chromium (.ci/run does), set CHROMIUM=/path, or set {SKIP_VAR}=1 to skip outside CI",
        chromium().display()
    );
    true
}

/// Three ports nothing listens on now, as serve.mjs reads them from `CAPTURE_PORTS`. Fixed
/// ports failed a CI run whose machine had another process on one of them.
fn free_ports() -> String {
    let listeners: Vec<std::net::TcpListener> =
        (0..3).map(|_| std::net::TcpListener::bind("127.0.0.1:0").expect("a free port on 127.0.0.1")).collect();
    let ports: Vec<String> = listeners.iter().map(|l| l.local_addr().unwrap().port().to_string()).collect();
    ports.join(",")
}

/// The stand-in servers of one scenario; stopped on drop (stdin closes, the process exits).
struct Standins {
    child: Child,
    start: String,
}

impl Standins {
    fn start(scenario: &str) -> Standins {
        let mut child = Command::new("node")
            .arg(root().join("tests/capture/serve.mjs"))
            .arg(scenario)
            .env("CAPTURE_PORTS", free_ports())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("node runs tests/capture/serve.mjs");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let start = line.trim().strip_prefix("ready ").unwrap_or_else(|| panic!("serve.mjs said {line:?}")).to_string();
        Standins { child, start }
    }
}

impl Drop for Standins {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Watched {
    code: i32,
    json: Value,
    live: String,
    saved: String,
    har_json: Value,
    elapsed_ms: u128,
}

impl Watched {
    fn rules(&self) -> Vec<String> {
        rules_of(&self.json)
    }
}

fn rules_of(doc: &Value) -> Vec<String> {
    let mut r: Vec<String> = doc["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap().to_string()).collect();
    r.sort();
    r.dedup();
    r
}

/// Plays `scenario` and watches it, judging tokens against `project` (a fixture under
/// tests/fixtures/watch) with the deployment env in tests/fixtures/watch/convex-env.txt.
fn watch(scenario: &str, project: Option<&str>) -> Watched {
    watch_idle(scenario, project, "2s")
}

/// [`watch`], ending after `idle` without browser events.
fn watch_idle(scenario: &str, project: Option<&str>, idle: &str) -> Watched {
    let _one_at_a_time = PORTS.lock().unwrap_or_else(|e| e.into_inner());
    let standins = Standins::start(scenario);
    let dir = tempfile::tempdir().unwrap();
    let har = dir.path().join("session.har");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_authkit-doctor"));
    cmd.args(["watch", &standins.start, "--headless", "--until-idle", idle, "--for", "40s", "--format", "json", "--no-color"])
        .arg("--browser")
        .arg(chromium())
        // The stand-ins' `.test` names go to 127.0.0.1; every other name fails: nothing leaves the machine.
        .arg("--browser-arg=--host-resolver-rules=MAP *.test 127.0.0.1, MAP localhost 127.0.0.1, MAP * ~NOTFOUND")
        // A CI container may not allow Chromium's sandbox (user namespaces) to a non-root user.
        .arg("--browser-arg=--no-sandbox")
        .arg("--save")
        .arg(&har)
        .current_dir(dir.path());
    if let Some(p) = project {
        cmd.arg("--project").arg(root().join("tests/fixtures/watch").join(p));
        cmd.arg("--convex-env").arg(root().join("tests/fixtures/watch/convex-env.txt"));
    }
    let started = Instant::now();
    let out = cmd.output().unwrap();
    let elapsed_ms = started.elapsed().as_millis();
    drop(standins);
    let live = String::from_utf8_lossy(&out.stderr).into_owned();
    let json: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("watch printed no JSON ({e}); stderr:\n{live}\nstdout:\n{}", String::from_utf8_lossy(&out.stdout)));
    let saved = std::fs::read_to_string(&har).unwrap_or_else(|e| panic!("no saved HAR ({e}); stderr:\n{live}"));
    let back = Command::new(env!("CARGO_BIN_EXE_authkit-doctor")).arg("har").arg(&har).args(["--format", "json"]).output().unwrap();
    let har_json: Value = serde_json::from_slice(&back.stdout).expect("har reads the saved session");
    let w = Watched { code: out.status.code().unwrap_or(-1), json, live, saved, har_json, elapsed_ms };
    eprintln!("--- {scenario}: {} ms, live view:\n{}", w.elapsed_ms, w.live);
    eprintln!("latency (newest browser event → finding on screen): {}", w.json["watch"]["latency_ms"]);
    w
}

/// The saved HAR reads back to the same network findings, and holds no credential in full.
fn assert_saved_har_is_faithful_and_sanitized(w: &Watched) {
    let live_net: Vec<String> = w.rules().into_iter().filter(|r| r.starts_with("har/")).collect();
    assert_eq!(rules_of(&w.har_json), live_net, "`har` on the saved session disagrees with the watch");
    // The stand-ins' credentials: session cookie, refresh cookie and token, codes.
    for secret in ["Fe26.2*1*fakecapturesealedsession", "rt_fake_capture", "fake_refresh_token_capture", "fake-verifier"] {
        assert!(!w.saved.contains(secret), "{secret} is in the saved HAR");
    }
    assert!(!regex_like_code(&w.saved), "an authorization code is in the saved HAR in full");
    // No JWT with its signature.
    for (i, _) in w.saved.match_indices("eyJ") {
        let tail = &w.saved[i..];
        let token: String = tail.chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')).collect();
        let parts: Vec<&str> = token.split('.').collect();
        assert!(parts.len() < 3 || parts[2].len() < 16, "a signed JWT is in the saved HAR: {}…", &token[..token.len().min(40)]);
    }
    assert!(w.saved.contains("\"version\": \"1.2\""), "HAR 1.2");
}

/// `01JCAPTURECODE` followed by the 8 hex digits the stand-in adds.
fn regex_like_code(text: &str) -> bool {
    text.match_indices("01JCAPTURECODE").any(|(i, m)| {
        let rest = &text[i + m.len()..];
        rest.len() >= 8 && rest[..8].chars().all(|c| c.is_ascii_hexdigit())
    })
}

#[test]
fn a_token_convex_rejects_for_application_id_on_the_user_management_provider() {
    if !should_run() {
        return;
    }
    let w = watch("convex-auth-error", Some("app-id-on-user-management"));
    assert_eq!(w.rules(), vec!["har/convex-auth-error"], "{}", w.live);
    assert_eq!(w.code, 1);
    // Our verdict, with Convex's message, next to Convex's answer; they agree.
    assert!(w.live.contains("↑ Authenticate"), "{}", w.live);
    assert!(w.live.contains("authkit-doctor: rejected: No auth provider found matching the given token"), "{}", w.live);
    assert!(w.live.contains("↓ Convex: AuthError: No auth provider found"), "{}", w.live);
    let verdicts = w.json["watch"]["token_verdicts"].as_array().unwrap();
    assert!(!verdicts.is_empty());
    for v in verdicts {
        assert_eq!(v["authkit_doctor"]["verdict"], "rejected");
        assert_eq!(v["convex"]["verdict"], "rejected");
        assert_eq!(v["agree"], true);
    }
    assert_saved_har_is_faithful_and_sanitized(&w);
    // triage takes the watch's word for the symptom and the branch, and finds the cause.
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("watch.json");
    std::fs::write(&report, serde_json::to_vec(&w.json).unwrap()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_authkit-doctor"))
        .args(["triage", "--no-color", "--from-watch"])
        .arg(&report)
        .arg(root().join("tests/fixtures/watch/app-id-on-user-management"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("watch saw: har/convex-auth-error"), "{text}");
    assert!(text.contains("[convex-unauthenticated]"), "{text}");
    assert!(text.contains("branch: Convex logs say \"No auth provider found matching the given token\""), "{text}");
    assert!(text.contains("auth-config/application-id-on-user-management"), "{text}");
}

#[test]
fn a_token_convex_accepts_shows_the_identity_and_nothing_false() {
    if !should_run() {
        return;
    }
    let w = watch("clean-spa", Some("correct"));
    assert_eq!(w.rules(), Vec::<String>::new(), "{}", w.live);
    assert_eq!(w.code, 0);
    assert!(
        w.live.contains("authkit-doctor: accepted by providers[1] of convex/auth.config.ts — identity: subject user_01JCAPTUREUSER"),
        "{}",
        w.live
    );
    assert!(w.live.contains("↓ Convex accepted the token"), "{}", w.live);
    assert_saved_har_is_faithful_and_sanitized(&w);
}

#[test]
fn convex_rejecting_what_the_folder_accepts_means_another_config_is_deployed() {
    if !should_run() {
        return;
    }
    let w = watch("convex-auth-error", Some("correct"));
    assert_eq!(w.rules(), vec!["har/convex-auth-error", "token/deployment-differs"], "{}", w.live);
    assert!(w.live.contains("token/deployment-differs  Convex rejected a token that convex/auth.config.ts accepts"), "{}", w.live);
    assert_saved_har_is_faithful_and_sanitized(&w);
}

#[test]
fn a_redirect_uri_the_workos_stand_in_does_not_allow() {
    if !should_run() {
        return;
    }
    let w = watch("redirect-uri-invalid", None);
    assert_eq!(w.rules(), vec!["har/redirect-uri-invalid"], "{}", w.live);
    assert_saved_har_is_faithful_and_sanitized(&w);
}

#[test]
fn a_sign_out_link_prefetch_that_ends_the_session() {
    if !should_run() {
        return;
    }
    let w = watch("prefetch-sign-out", None);
    assert_eq!(w.rules(), vec!["har/sign-out-prefetch"], "{}", w.live);
    assert_saved_har_is_faithful_and_sanitized(&w);
}

#[test]
fn a_refresh_loop_hitting_429() {
    if !should_run() {
        return;
    }
    let w = watch("refresh-429", None);
    assert_eq!(w.rules(), vec!["har/refresh-rate-limited", "har/refresh-storm"], "{}", w.live);
    assert_saved_har_is_faithful_and_sanitized(&w);
}

#[test]
fn a_clean_server_side_sign_in_has_no_findings() {
    if !should_run() {
        return;
    }
    let w = watch("clean-nextjs", Some("correct"));
    assert_eq!(w.rules(), Vec::<String>::new(), "{}", w.live);
    assert_eq!(w.code, 0);
    assert_saved_har_is_faithful_and_sanitized(&w);
}

#[test]
fn no_browser_is_a_usage_error_that_names_the_way_out() {
    let out = Command::new(env!("CARGO_BIN_EXE_authkit-doctor"))
        .args(["watch", "http://127.0.0.1:9/", "--browser", "/nonexistent/chrome"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--browser /nonexistent/chrome: no such file"));
    let out =
        Command::new(env!("CARGO_BIN_EXE_authkit-doctor")).args(["watch", "http://127.0.0.1:9/", "--connect-port", "9"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no browser answers on port 9"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn durations_urls_and_the_save_path_are_checked_before_any_browser_starts() {
    for (args, says) in [
        (&["watch", "http://x/", "--for", "soon"][..], "not a duration"),
        (&["watch", "ftp://x/"][..], "not an http(s) URL"),
        (&["watch", "http://x/", "--save", "/nonexistent-dir/s.har"][..], "no such directory /nonexistent-dir"),
        (&["watch", "http://x/", "--save", "/tmp"][..], "is a directory"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_authkit-doctor")).args(args).current_dir(Path::new("/")).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains(says), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// The other capture scenarios: watching live finds what `har` finds in the HAR Playwright
/// recorded of the same scenario (tests/fixtures/har/captured/*.expected), and nothing else.
#[test]
fn every_other_capture_scenario_gives_the_findings_of_its_recorded_har() {
    if !should_run() {
        return;
    }
    let captured = root().join("tests/fixtures/har/captured");
    for scenario in
        ["callback-error", "cors-blocked", "module-as-html", "no-convex-token", "refresh-invalid-grant", "spa-third-party-cookie"]
    {
        let expected = std::fs::read_to_string(captured.join(format!("{scenario}.expected"))).unwrap();
        let mut expected: Vec<String> = expected.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
        expected.sort();
        let w = watch(scenario, None);
        assert_eq!(w.rules(), expected, "{scenario}: {}", w.live);
        assert_saved_har_is_faithful_and_sanitized(&w);
    }
}

/// `--connect-port` attaches to a browser the user started; the watch leaves it running.
#[test]
fn attaching_to_a_running_browser() {
    if !should_run() {
        return;
    }
    let _one_at_a_time = PORTS.lock().unwrap_or_else(|e| e.into_inner());
    let standins = Standins::start("redirect-uri-invalid");
    let profile = tempfile::tempdir().unwrap();
    // A free port; a fixed one may be held by another process on a shared CI machine.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut chrome = Command::new(chromium())
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"])
        .arg(format!("--remote-debugging-port={port}"))
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--host-resolver-rules=MAP *.test 127.0.0.1, MAP localhost 127.0.0.1, MAP * ~NOTFOUND")
        .arg("about:blank")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait for its DevTools endpoint.
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed().as_secs() < 20, "Chromium did not open port {port}");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let out = Command::new(env!("CARGO_BIN_EXE_authkit-doctor"))
        .args(["watch", &standins.start, "--connect-port", &port.to_string(), "--until-idle", "2s", "--for", "30s", "--format", "json"])
        .current_dir(profile.path())
        .output()
        .unwrap();
    let live = String::from_utf8_lossy(&out.stderr).into_owned();
    let still_running = chrome.try_wait().unwrap().is_none();
    let _ = chrome.kill();
    let _ = chrome.wait();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {live}"));
    assert_eq!(rules_of(&json), vec!["har/redirect-uri-invalid"], "{live}");
    assert!(live.contains("(attached)"), "{live}");
    assert!(still_running, "the watch closed a browser it did not start");
}

/// `triage --watch …` watches first, then lets what the browser showed pick the symptom and the
/// branch to check.
#[test]
fn triage_watches_first_then_checks_the_branch_the_browser_points_at() {
    if !should_run() {
        return;
    }
    let _one_at_a_time = PORTS.lock().unwrap_or_else(|e| e.into_inner());
    let standins = Standins::start("convex-auth-error");
    let project = root().join("tests/fixtures/watch/app-id-on-user-management");
    let out = Command::new(env!("CARGO_BIN_EXE_authkit-doctor"))
        .args(["triage", "--no-color"])
        .arg(&project)
        .args(["--watch", &standins.start, "--headless", "--until-idle", "2s", "--for", "40s"])
        .arg("--browser")
        .arg(chromium())
        .arg("--browser-arg=--host-resolver-rules=MAP *.test 127.0.0.1, MAP localhost 127.0.0.1, MAP * ~NOTFOUND")
        // A CI container may not allow Chromium's sandbox (user namespaces) to a non-root user.
        .arg("--browser-arg=--no-sandbox")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let live = String::from_utf8_lossy(&out.stderr);
    assert!(live.contains("↓ Convex: AuthError"), "{live}");
    assert!(text.contains("watch saw: har/convex-auth-error"), "{text}\n{live}");
    assert!(text.contains("branch: Convex logs say \"No auth provider found matching the given token\""), "{text}");
    assert!(text.contains("auth-config/application-id-on-user-management"), "{text}");
}

/// Starts a headless watch of `scenario` that only ends when told to; returns the process and
/// its stand-ins once the first request has shown on the live view.
fn open_ended_watch(scenario: &str) -> (Child, Standins, std::thread::JoinHandle<String>) {
    let standins = Standins::start(scenario);
    let mut child = Command::new(env!("CARGO_BIN_EXE_authkit-doctor"))
        .args(["watch", &standins.start, "--headless", "--format", "json", "--no-color"])
        .arg("--browser")
        .arg(chromium())
        .arg("--browser-arg=--host-resolver-rules=MAP *.test 127.0.0.1, MAP localhost 127.0.0.1, MAP * ~NOTFOUND")
        // A CI container may not allow Chromium's sandbox (user namespaces) to a non-root user.
        .arg("--browser-arg=--no-sandbox")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read the live view until the sign-in has gone through, then hand the rest to a thread.
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    let started = Instant::now();
    while !seen.contains("↓ Convex") {
        let mut line = String::new();
        if err.read_line(&mut line).unwrap() == 0 || started.elapsed().as_secs() > 30 {
            panic!("the watch ended or stalled before the sign-in: {seen}");
        }
        seen.push_str(&line);
    }
    let rest = std::thread::spawn(move || {
        let mut all = seen;
        let _ = std::io::Read::read_to_string(&mut err, &mut all);
        all
    });
    (child, standins, rest)
}

#[test]
fn ctrl_c_ends_the_watch_with_the_full_report() {
    if !should_run() {
        return;
    }
    let _one_at_a_time = PORTS.lock().unwrap_or_else(|e| e.into_inner());
    let (child, standins, live) = open_ended_watch("clean-spa");
    // The shell's own `kill` (procps may not be installed).
    let status = Command::new("sh").args(["-c", &format!("kill -INT {}", child.id())]).status().unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    drop(standins);
    let live = live.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{live}");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {live}"));
    assert_eq!(json["watch"]["ended_by"], "Ctrl-C");
    assert_eq!(rules_of(&json), Vec::<String>::new(), "{live}");
    assert!(json["watch"]["token_verdicts"].as_array().is_some_and(|v| !v.is_empty()), "{live}");
}

#[test]
fn closing_the_browser_ends_the_watch_with_the_full_report() {
    if !should_run() {
        return;
    }
    let _one_at_a_time = PORTS.lock().unwrap_or_else(|e| e.into_inner());
    let (child, standins, live) = open_ended_watch("convex-auth-error");
    // The browser's processes carry the watch's own profile folder on their command line.
    let profile = format!("authkit-doctor-watch-{}-", child.id());
    let pids: Vec<String> = std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().chars().all(|c| c.is_ascii_digit()))
        .filter(|e| std::fs::read(e.path().join("cmdline")).is_ok_and(|c| String::from_utf8_lossy(&c).contains(&profile)))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!pids.is_empty(), "no browser process with {profile}");
    let status = Command::new("sh").args(["-c", &format!("kill -TERM {} 2>/dev/null; true", pids.join(" "))]).status().unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    drop(standins);
    let live = live.join().unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {live}"));
    assert_eq!(json["watch"]["ended_by"], "the browser closed", "{live}");
    assert_eq!(rules_of(&json), vec!["har/convex-auth-error"], "{live}");
    assert_eq!(out.status.code(), Some(1));
}

/// Popups the page opens are recorded too: here the sign-in runs in one, and WorkOS refuses its
/// redirect URI there.
#[test]
fn a_popup_the_page_opens_is_watched_too() {
    if !should_run() {
        return;
    }
    // The popup waits 2 s before it signs in: the watch must not end as idle before.
    let w = watch_idle("popup-redirect-uri-invalid", None, "5s");
    assert_eq!(w.rules(), vec!["har/redirect-uri-invalid"], "{}", w.live);
    assert_saved_har_is_faithful_and_sanitized(&w);
}
