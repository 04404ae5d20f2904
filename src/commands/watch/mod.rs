//! `authkit-doctor watch [URL]`: opens the app in Chromium (or attaches to a running Chrome),
//! follows what the page does over the DevTools Protocol, and prints each finding the moment it
//! is known, under a live timeline of the auth-relevant requests.
//!
//! The same analyses as the offline commands run on what the browser reports: the `har/*`
//! detectors over the requests and WebSocket messages, the log catalog over console messages and
//! page errors, and `token`'s engine over every token the page sends on the Convex socket, with
//! Convex's own answer next to it. When the two verdicts disagree, the deployment is not running
//! the auth config in this folder (`token/deployment-differs`).
//!
//! The live view goes to stderr; the full report, in any `--format`, to stdout when the watch
//! ends (Ctrl-C, the browser closed, `--for`, `--until-idle`). `--save FILE.har` writes the
//! session as a HAR that `authkit-doctor har` reads back to the same network findings; it is
//! sanitized unless `--save-unsanitized`. Nothing leaves the machine: the only network traffic is
//! the browser's own.

pub mod browser;
mod view;

use super::common::{CommonArgs, Extra, input_error, project_parts, report_root, write_report};
use authkit_doctor_core::check::{self, CheckOptions, CheckRun, link_static_rules};
use authkit_doctor_core::facts::env::{self as env_facts, Mode};
use authkit_doctor_core::live::{self, Recorder};
use authkit_doctor_core::report::Report;
use authkit_doctor_core::source::{Decoding, SourceFile};
use browser::Msg;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

const EXAMPLES: &str = "\
Examples:
  authkit-doctor watch                            open the app (its redirect URI's origin) and watch
  authkit-doctor watch http://localhost:5173 --save session.har
  authkit-doctor watch --connect-port 9222        attach to a Chrome started with --remote-debugging-port=9222
  authkit-doctor watch URL --headless --until-idle --format json

Sign in as usual in the window that opens; findings appear as they happen. Ctrl-C (or closing the
browser) ends the watch and prints the report. Nothing leaves the machine; a saved HAR is sanitized.
Exit codes: 0 no error found, 1 an error finding, 2 usage error or no browser.";

#[derive(Args, Debug, Clone)]
#[command(after_help = EXAMPLES)]
pub struct WatchArgs {
    /// The page to open (default: the origin of the project's redirect URI, else its dev server)
    #[arg(value_name = "URL")]
    pub url: Option<String>,
    /// The browser to launch (default: Chromium, Chrome or Edge from the usual install places)
    #[arg(long, value_name = "PATH", conflicts_with_all = ["connect", "connect_port"])]
    pub browser: Option<PathBuf>,
    /// Attach to a running browser by its DevTools WebSocket URL (ws://…/devtools/browser/…)
    #[arg(long, value_name = "WS_URL", conflicts_with = "connect_port")]
    pub connect: Option<String>,
    /// Attach to a browser started with --remote-debugging-port=N
    #[arg(long, value_name = "N")]
    pub connect_port: Option<u16>,
    /// Run the browser without a window (CI, tests)
    #[arg(long)]
    pub headless: bool,
    /// End the watch after this long (30s, 5m, 1h)
    #[arg(long = "for", value_name = "DURATION", value_parser = parse_duration)]
    pub for_: Option<Duration>,
    /// End once the page has been quiet this long (default 3s)
    #[arg(long, value_name = "DURATION", num_args = 0..=1, default_missing_value = "3s", value_parser = parse_duration)]
    pub until_idle: Option<Duration>,
    /// Write what was seen as a HAR 1.2 file (sanitized: cookies, tokens and codes masked)
    #[arg(long, value_name = "FILE.har")]
    pub save: Option<PathBuf>,
    /// With --save: keep cookies, tokens and codes in full (the file is then a secret)
    #[arg(long, requires = "save")]
    pub save_unsanitized: bool,
    /// An extra command-line switch for the launched browser (repeatable)
    #[arg(long = "browser-arg", value_name = "ARG", allow_hyphen_values = true)]
    pub browser_args: Vec<String>,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `30s`, `5m`, `1h`, `250ms`, or plain seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (num, unit) = s.find(|c: char| !(c.is_ascii_digit() || c == '.')).map_or((s, "s"), |i| (&s[..i], &s[i..]));
    let n: f64 = num.parse().map_err(|_| format!("`{s}` is not a duration (30s, 5m, 1h)"))?;
    let secs = match unit {
        "ms" => n / 1000.0,
        "s" | "sec" => n,
        "m" | "min" => n * 60.0,
        "h" => n * 3600.0,
        _ => return Err(format!("`{s}`: unknown unit `{unit}` (ms, s, m, h)")),
    };
    if !(0.0..=7.0 * 86400.0).contains(&secs) {
        return Err(format!("`{s}` is out of range"));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// The project judged against: `--project`, else the current folder when it looks like one.
fn project_path(args: &CommonArgs) -> Option<PathBuf> {
    args.project.clone().or_else(|| {
        let here = Path::new(".");
        (here.join("package.json").is_file() || here.join("convex").is_dir()).then(|| here.to_path_buf())
    })
}

const REDIRECT_VARS: [&str; 4] =
    ["WORKOS_REDIRECT_URI", "NEXT_PUBLIC_WORKOS_REDIRECT_URI", "VITE_WORKOS_REDIRECT_URI", "EXPO_PUBLIC_WORKOS_REDIRECT_URI"];

/// The app's origin: from its redirect URI in the env files, else its framework's dev server.
fn default_url(run: Option<&CheckRun>) -> Option<(String, String)> {
    let run = run?;
    for app in &run.facts.apps {
        for var in REDIRECT_VARS {
            if let Some((file, e)) = env_facts::lookup(&app.env_files, var, Mode::Development) {
                let u = authkit_doctor_core::url::Url::parse(e.value.trim());
                if matches!(u.scheme, "http" | "https") && !u.host.is_empty() {
                    return Some((format!("{}/", u.origin()), format!("{var} in {}", file.path)));
                }
            }
        }
    }
    let summary = authkit_doctor_core::facts::setup::project_summary(&run.project);
    let app = summary.apps.first()?;
    let port = if app.framework.contains("vite") || app.framework.contains("react-router") { 5173 } else { 3000 };
    Some((format!("http://localhost:{port}/"), format!("the {} dev server's default port", app.framework)))
}

/// Whether a finished request's body may matter to a detector and is worth asking the browser
/// for (each request for a body costs the DevTools connection about 100 ms, and the request is
/// judged once its body is in): error answers, a callback answering JSON (an SDK's error body),
/// and WorkOS's error pages. Successful WorkOS answers are not fetched: no detector reads them,
/// and they hold the tokens.
fn wants_body(e: &live::record::LiveEntry) -> bool {
    let url = e.url.to_ascii_lowercase();
    let Some(r) = e.response.as_ref() else { return false };
    let text = r.mime_type.contains("json") || r.mime_type.contains("html") || r.mime_type.contains("text");
    let callback_json = url.contains("/callback") && r.mime_type.contains("json");
    text && (r.status >= 400 || callback_json || url.contains("redirect-uri-invalid") || url.contains("error.workos"))
}

/// What a watch saw, once it has ended.
pub struct Session {
    rec: Recorder,
    view: view::View,
    project: Option<CheckRun>,
    url: String,
    version: String,
    ended_by: &'static str,
    saved: Option<String>,
    started: Instant,
}

/// One finding of a session, as `triage` uses it: its symptoms and the `check` rules that find
/// its cause in a project.
/// `triage --from-watch` reads the same from a saved report.
pub struct Cause {
    pub rule: String,
    pub symptoms: Vec<authkit_doctor_core::diagnostic::Symptom>,
    pub static_rules: Vec<String>,
}

/// Each finding (with its linked `check` rules) and each token disagreement as a [`Cause`].
fn causes_of(
    diagnosed: &[authkit_doctor_core::diagnostic::Diagnosed],
    verdicts: &[authkit_doctor_core::diagnostic::Finding],
) -> Vec<Cause> {
    let cause = |f: &authkit_doctor_core::diagnostic::Finding, statics: &[&str]| Cause {
        rule: f.rule.to_string(),
        symptoms: f.symptoms.clone(),
        static_rules: statics.iter().map(|s| s.to_string()).collect(),
    };
    diagnosed.iter().map(|d| cause(&d.finding, &d.static_rules)).chain(verdicts.iter().map(|f| cause(f, &[]))).collect()
}

impl Session {
    /// The session's findings with the `check` rules linked to each.
    fn diagnosed(&self) -> (live::Analysis, Vec<authkit_doctor_core::diagnostic::Diagnosed>) {
        let mut analysis = live::analyze(&self.rec);
        let mut diagnosed = std::mem::take(&mut analysis.diagnosed);
        for d in &mut diagnosed {
            link_static_rules(d, self.project.as_ref());
        }
        (analysis, diagnosed)
    }

    /// Every finding of the session (network, console, token verdicts) as a [`Cause`].
    pub fn causes(&self) -> Vec<Cause> {
        causes_of(&self.diagnosed().1, &self.view.verdict_findings())
    }
}

/// Runs `authkit-doctor watch`; returns the exit code.
pub fn run(args: &WatchArgs) -> i32 {
    match session(args) {
        Ok(s) => report(args, s),
        Err(code) => code,
    }
}

/// Watches until the end condition; the session, or the exit code of a usage error.
pub fn session(args: &WatchArgs) -> Result<Session, i32> {
    let started = Instant::now();
    if let Err(m) = args.common.validate() {
        return Err(input_error(&m));
    }
    // The project: its auth config judges tokens, its redirect URI names the page to open.
    let project: Option<CheckRun> = match project_path(&args.common) {
        Some(path) => {
            let options = CheckOptions { convex_env_dev: args.common.convex_env.clone(), ..CheckOptions::default() };
            match check::run(&path, &options) {
                Ok(run) => Some(run),
                Err(e) if args.common.project.is_some() => return Err(input_error(&e.to_string())),
                Err(_) => None,
            }
        }
        None => None,
    };
    let (url, url_source) = match (&args.url, default_url(project.as_ref())) {
        (Some(u), _) => (u.clone(), "the command line".to_string()),
        (None, Some((u, from))) => (u, from),
        (None, None) if args.connect.is_some() || args.connect_port.is_some() => (String::new(), String::new()),
        (None, None) => {
            return Err(input_error("no URL to open: pass one (authkit-doctor watch http://localhost:3000), or run in the app's folder"));
        }
    };
    if !(url.is_empty() || url.starts_with("http://") || url.starts_with("https://") || url.starts_with("file://")) {
        return Err(input_error(&format!("{}: not an http(s) URL", authkit_doctor_core::redact::sanitize(&url))));
    }
    // A file that cannot be written is known now, not after the session.
    if let Some(path) = &args.save {
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if path.is_dir() {
            return Err(input_error(&format!("--save {}: is a directory; name the .har file to write", path.display())));
        }
        if !parent.is_dir() {
            return Err(input_error(&format!("--save {}: no such directory {}", path.display(), parent.display())));
        }
    }

    // The browser.
    let profile = std::env::temp_dir().join(format!("authkit-doctor-watch-{}-{}", std::process::id(), browser::now_ms()));
    let attached = args.connect.is_some() || args.connect_port.is_some();
    let browser = if attached {
        browser::connect(args.connect.as_deref(), args.connect_port)
    } else {
        let exe = match browser::find_browser(args.browser.as_deref()) {
            Ok(p) => p,
            Err(e) => return Err(input_error(&e)),
        };
        if let Err(e) = std::fs::create_dir_all(&profile) {
            return Err(input_error(&format!("cannot create a browser profile in {}: {e}", profile.display())));
        }
        browser::launch(&browser::Launch { executable: exe, headless: args.headless, profile: &profile, extra_args: &args.browser_args })
    };
    let browser = match browser {
        Ok(b) => b,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&profile);
            return Err(input_error(&e));
        }
    };
    let session = watch(args, &browser, project, &url, &url_source, attached, started);
    drop(browser);
    if !attached {
        let _ = std::fs::remove_dir_all(&profile);
    }
    session
}

fn watch(
    args: &WatchArgs,
    browser: &headless_chrome::Browser,
    project: Option<CheckRun>,
    url: &str,
    url_source: &str,
    attached: bool,
    started: Instant,
) -> Result<Session, i32> {
    let version = browser.get_version().map(|v| v.product).unwrap_or_else(|_| "browser".into());
    let (tx, rx) = std::sync::mpsc::channel::<Msg>();
    let clock = Arc::new(browser::Clock::default());
    let mut tabs: Vec<Arc<headless_chrome::Tab>> = Vec::new();
    let first = browser.new_tab();
    let first = match first {
        Ok(t) => t,
        Err(e) => return Err(input_error(&format!("cannot open a tab: {e}"))),
    };
    if let Err(e) = browser::attach(&first, 0, tx.clone(), clock.clone()) {
        return Err(input_error(&e));
    }
    tabs.push(first.clone());

    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        // A second Ctrl-C ends at once, without the report.
        let _ = ctrlc::set_handler(move || {
            if stop.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
        });
    }

    let mut view = view::View::new(&args.common, project.as_ref());
    let how = if attached {
        "attached".to_string()
    } else if args.headless {
        "headless, fresh profile".into()
    } else {
        "fresh profile".into()
    };
    view.banner(&format!(
        "watching {} in {version} ({how}){} — Ctrl-C or close the browser to stop",
        if url.is_empty() { "the open tabs".to_string() } else { url.to_string() },
        if url_source.is_empty() || url_source == "the command line" { String::new() } else { format!(", from {url_source}") }
    ));
    if !url.is_empty()
        && let Err(e) = first.navigate_to(url)
    {
        view.note(&format!("could not open {url}: {e}"));
    }

    let mut rec = Recorder::new();
    let bodies = browser::BodyFetcher::new(tx.clone());
    let mut analyzed_version = 0;
    let mut last_analysis = Instant::now();
    let mut analysis_gap = Duration::from_millis(100);
    let mut last_tab_poll = Instant::now();
    // The browser closed (its window, or the process): asked once a second off the loop, since
    // each call to the browser takes about 100 ms.
    let closed = Arc::new(AtomicBool::new(false));
    let watching = Arc::new(AtomicBool::new(true));
    let liveness = {
        let (closed, browser, watching) = (closed.clone(), browser.clone(), watching.clone());
        std::thread::spawn(move || {
            let mut asked = Instant::now();
            while watching.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(50));
                if asked.elapsed() >= Duration::from_secs(1) {
                    asked = Instant::now();
                    if browser.get_version().is_err() {
                        closed.store(true, Ordering::SeqCst);
                        break;
                    }
                }
            }
        })
    };
    // Tabs of an attached browser that the watched page did not open.
    let mut ignored_tabs: Vec<String> = Vec::new();
    let mut last_activity = Instant::now();
    let mut ended_by = "Ctrl-C";
    loop {
        match rx.recv_timeout(Duration::from_millis(40)) {
            Ok(Msg::Event { event, .. }) => {
                rec.apply(*event);
                last_activity = Instant::now();
            }
            Ok(Msg::Finished { tab, id, wall_ms }) => {
                let wanted = rec.entries.iter().rev().find(|e| e.id == id).is_some_and(wants_body);
                match tabs.get(tab).filter(|_| wanted) {
                    Some(t) => {
                        rec.apply(live::Event::AwaitingBody { id: id.clone() });
                        bodies.fetch(t.clone(), id, wall_ms);
                    }
                    None => rec.apply(live::Event::Finished { id, wall_ms, body: None }),
                }
                last_activity = Instant::now();
            }
            Ok(Msg::Body { id, wall_ms, body }) => {
                rec.apply(live::Event::Finished { id, wall_ms, body });
                last_activity = Instant::now();
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {}
        }
        // Analyse when something changed, at most every 100 ms, and never for more than a third
        // of the time: a long, busy session takes longer to analyse.
        if rec.version != analyzed_version && last_analysis.elapsed() >= analysis_gap {
            analyzed_version = rec.version;
            last_analysis = Instant::now();
            view.update(&rec);
            analysis_gap = (last_analysis.elapsed() * 3).max(Duration::from_millis(100));
        }
        if stop.load(Ordering::SeqCst) {
            break;
        }
        if let Some(limit) = args.for_
            && started.elapsed() >= limit
        {
            ended_by = "--for";
            break;
        }
        if let Some(idle) = args.until_idle
            && rec.version > 0
            && last_activity.elapsed() >= idle
        {
            ended_by = "--until-idle";
            break;
        }
        if last_tab_poll.elapsed() >= Duration::from_millis(100) {
            last_tab_poll = Instant::now();
            // Popups and new tabs: record them too — in a browser we attached to, only those
            // the watched page opened (the user's other tabs are none of our business).
            let current: Vec<Arc<headless_chrome::Tab>> = browser.get_tabs().lock().map(|t| t.clone()).unwrap_or_default();
            for t in current {
                let id = t.get_target_id().clone();
                if tabs.iter().any(|k| *k.get_target_id() == id) || ignored_tabs.contains(&id) {
                    continue;
                }
                // (Asking the browser who opened a tab takes a call: only when it matters.)
                let opened_by_ours = || {
                    t.get_target_info()
                        .ok()
                        .and_then(|i| i.opener_id)
                        .is_some_and(|opener| tabs.iter().any(|k| *k.get_target_id() == opener))
                };
                if attached && !opened_by_ours() {
                    ignored_tabs.push(id);
                    continue;
                }
                // Attaching takes a few calls to the browser: off the loop, which keeps recording.
                let (index, tx, clock, tab) = (tabs.len(), tx.clone(), clock.clone(), t.clone());
                std::thread::spawn(move || browser::attach(&tab, index, tx, clock));
                tabs.push(t);
            }
        }
        if closed.load(Ordering::SeqCst) {
            ended_by = "the browser closed";
            break;
        }
    }
    // The liveness thread holds a handle on the browser: it must let go before the browser is
    // closed.
    watching.store(false, Ordering::SeqCst);
    let _ = liveness.join();
    // Whatever is still queued belongs to the session; bodies on the way are waited for.
    bodies.finish();
    while let Ok(msg) = rx.try_recv() {
        match msg {
            Msg::Event { event, .. } => rec.apply(*event),
            Msg::Finished { id, wall_ms, .. } => rec.apply(live::Event::Finished { id, wall_ms, body: None }),
            Msg::Body { id, wall_ms, body } => rec.apply(live::Event::Finished { id, wall_ms, body }),
        }
    }
    view.update(&rec);
    if rec.in_flight() > 0 {
        view.note(&format!("{} request(s) still had no answer when the watch ended; they are left out", rec.in_flight()));
    }
    view.note(&format!("watch ended ({ended_by}) after {:.1} s", started.elapsed().as_secs_f64()));

    // --save.
    let mut saved = None;
    if let Some(path) = &args.save {
        let redactor = view.redactor().clone();
        let doc = live::sanitize::har_document(&rec, Some(("Chromium", &version)), (!args.save_unsanitized).then_some(&redactor));
        let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
        match std::fs::write(path, text) {
            Ok(()) => {
                if args.save_unsanitized {
                    view.note(&format!(
                        "wrote {} UNSANITIZED: it holds session cookies and tokens in full; do not share it",
                        path.display()
                    ));
                } else {
                    view.note(&format!("wrote {} (sanitized: cookie values, tokens and codes masked)", path.display()));
                }
                saved = Some(path.display().to_string());
            }
            Err(e) => view.note(&format!("cannot write {}: {e}", path.display())),
        }
    }
    Ok(Session { rec, view, project, url: url.to_string(), version, ended_by, saved, started })
}

fn report(args: &WatchArgs, session: Session) -> i32 {
    let (analysis, diagnosed) = session.diagnosed();
    let Session { rec, view, project, url, version, ended_by, saved, started } = session;
    let (rec, url) = (&rec, url.as_str());
    let verdicts = view.verdicts();
    let verdict_findings = view.verdict_findings();
    let causes = causes_of(&diagnosed, &verdict_findings);
    let mut findings: Vec<_> = diagnosed.iter().map(|d| d.finding.clone()).chain(verdict_findings).collect();
    findings.retain(|f| args.common.keeps(f));
    let marks = authkit_doctor_core::har::timeline::marks(&diagnosed);
    let root = report_root(project.as_ref());
    // The project's redactor grew the tokens the page sent: the view's is the one to use.
    let (mut files, _, summary, files_seen) = project_parts(project, &root);
    let redactor = view.redactor().clone();
    if !rec.console.is_empty() {
        files.insert(SourceFile::new(live::CONSOLE_FILE.to_string(), rec.console.clone(), Decoding::Utf8));
    }
    let shown = if url.is_empty() { "watch".to_string() } else { format!("watch {url}") };
    let notes = authkit_doctor_core::har::timeline::notes(&analysis.facts);
    let mut json = authkit_doctor_core::har::timeline::har_json(&shown, &analysis.facts, &notes, &marks, &redactor);
    if let serde_json::Value::Object(map) = &mut json {
        map.insert("url".into(), serde_json::json!(redactor.redact(url)));
        map.insert("browser".into(), serde_json::json!(version));
        map.insert("ended_by".into(), serde_json::json!(ended_by));
        map.insert("console_lines".into(), serde_json::json!(rec.console_lines));
        map.insert("token_verdicts".into(), serde_json::Value::Array(verdicts));
        map.insert("latency_ms".into(), view.latencies_json());
        // What `triage --from-watch` picks its branch with: each finding's symptoms and the
        // `check` rules that find its cause in a project.
        let causes: Vec<serde_json::Value> = causes
            .iter()
            .filter(|c| args.common.rules.is_empty() || args.common.rules.contains(&c.rule))
            .filter(|c| !args.common.ignore.contains(&c.rule))
            .map(|c| {
                serde_json::json!({
                    "rule": c.rule,
                    "symptoms": c.symptoms.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
                    "static_rules": c.static_rules,
                })
            })
            .collect();
        map.insert("causes".into(), serde_json::Value::Array(causes));
        if let Some(s) = &saved {
            map.insert("saved".into(), serde_json::json!(s));
        }
    }
    let preamble = |out: &mut dyn Write, color: bool| {
        authkit_doctor_core::har::timeline::write_preamble(out, &shown, &analysis.facts, &notes, &marks, &redactor, color)?;
        view.write_verdicts(out)
    };
    let report = Report {
        root: &root,
        project: summary.as_ref(),
        findings: &findings,
        files: &files,
        files_scanned: files_seen,
        duration_ms: started.elapsed().as_millis(),
        redactor: &redactor,
    };
    write_report(&args.common, &report, &Extra { json: Some(("watch", json)), human_preamble: &preamble })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(files: &[(&str, &str)]) -> (tempfile::TempDir, CheckRun) {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let run = check::run(dir.path(), &CheckOptions::default()).unwrap();
        (dir, run)
    }

    #[test]
    fn the_page_to_open_is_the_redirect_uris_origin_else_the_dev_server() {
        let package =
            r#"{ "dependencies": { "convex": "^1.29.0", "@workos-inc/authkit-react": "^0.16.0", "react": "^19.0.0", "vite": "^7.0.0" } }"#;
        let (_dir, run) =
            project(&[("package.json", package), (".env.local", "VITE_WORKOS_REDIRECT_URI=http://localhost:5174/callback\n")]);
        assert_eq!(default_url(Some(&run)).map(|(u, _)| u), Some("http://localhost:5174/".to_string()));
        let (_dir, run) = project(&[("package.json", package)]);
        let (url, why) = default_url(Some(&run)).unwrap();
        assert_eq!(url, "http://localhost:5173/", "{why}");
        assert_eq!(default_url(None), None);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("30"), Ok(Duration::from_secs(30)));
        assert_eq!(parse_duration("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("3d").is_err());
        assert!(parse_duration("900h").is_err());
    }
}
