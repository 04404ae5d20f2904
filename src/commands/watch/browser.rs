//! The browser side of `watch`: finding Chromium / Chrome / Edge, launching it with a fresh
//! profile or attaching to one that runs, and turning its DevTools Protocol events into the
//! browser-neutral [`live::Event`]s the core records.
//!
//! The protocol is spoken by `headless_chrome` (synchronous, like the rest of this tool; its
//! event types are generated from the protocol, so every Network, Runtime and Log event arrives
//! typed). Each tab's events are translated on the crate's listener thread and sent down one
//! channel; the watch loop on the main thread owns the recorder and is the only one to call the
//! browser back (response bodies), so a listener never waits on the browser.

use authkit_doctor_core::live::{self, Body, Response};
use headless_chrome::protocol::cdp::types::Event as Cdp;
use headless_chrome::protocol::cdp::{Log, Network, Runtime};
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde_json::Value;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// What the listener threads send to the watch loop.
pub enum Msg {
    /// A recorded event from tab `tab`.
    Event { tab: usize, event: Box<live::Event> },
    /// A request finished: the loop decides whether its body is worth fetching.
    Finished { tab: usize, id: String, wall_ms: i64 },
    /// A body fetched by [`BodyFetcher`] (or `None` when the browser no longer had it).
    Body { id: String, wall_ms: i64, body: Option<Body> },
}

/// Fetches response bodies off the watch loop: the browser takes up to a few hundred
/// milliseconds per body, and the loop must keep recording meanwhile. A few threads, so one slow
/// body does not hold up the next.
pub struct BodyFetcher {
    jobs: Option<Sender<(Arc<Tab>, String, i64)>>,
    workers: Vec<std::thread::JoinHandle<()>>,
}

impl BodyFetcher {
    pub fn new(results: Sender<Msg>) -> BodyFetcher {
        let (jobs, queue) = std::sync::mpsc::channel::<(Arc<Tab>, String, i64)>();
        let queue = Arc::new(Mutex::new(queue));
        let workers = (0..3)
            .map(|_| {
                let queue = queue.clone();
                let results = results.clone();
                std::thread::spawn(move || {
                    loop {
                        let job = queue.lock().ok().and_then(|q| q.recv().ok());
                        let Some((tab, id, wall_ms)) = job else { break };
                        let body = body(&tab, &id);
                        if results.send(Msg::Body { id, wall_ms, body }).is_err() {
                            break;
                        }
                    }
                })
            })
            .collect();
        BodyFetcher { jobs: Some(jobs), workers }
    }

    pub fn fetch(&self, tab: Arc<Tab>, id: String, wall_ms: i64) {
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send((tab, id, wall_ms));
        }
    }

    /// Lets the queued fetches finish (for up to 2 s: a browser that closed may never answer),
    /// and stops the threads.
    pub fn finish(mut self) {
        drop(self.jobs.take());
        let deadline = std::time::Instant::now() + Duration::from_secs(2);
        while self.workers.iter().any(|w| !w.is_finished()) && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

/// Where each OS keeps its Chromium-family browsers, most likely first.
fn candidates() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    for var in ["AUTHKIT_DOCTOR_BROWSER", "CHROME", "CHROMIUM"] {
        if let Some(v) = std::env::var_os(var).filter(|v| !v.is_empty()) {
            out.push(PathBuf::from(v));
        }
    }
    if cfg!(target_os = "macos") {
        for app in ["Google Chrome", "Chromium", "Microsoft Edge", "Brave Browser", "Google Chrome Canary"] {
            out.push(PathBuf::from(format!("/Applications/{app}.app/Contents/MacOS/{app}")));
        }
    } else if cfg!(windows) {
        let roots: Vec<PathBuf> =
            ["PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA"].iter().filter_map(std::env::var_os).map(PathBuf::from).collect();
        for root in roots {
            out.push(root.join(r"Google\Chrome\Application\chrome.exe"));
            out.push(root.join(r"Microsoft\Edge\Application\msedge.exe"));
            out.push(root.join(r"Chromium\Application\chrome.exe"));
        }
    } else {
        let names = [
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
            "microsoft-edge",
            "microsoft-edge-stable",
            "brave-browser",
        ];
        let path = std::env::var_os("PATH").unwrap_or_default();
        for name in names {
            for dir in std::env::split_paths(&path) {
                out.push(dir.join(name));
            }
            out.push(PathBuf::from("/snap/bin").join(name));
        }
    }
    out
}

/// The browser to launch: `--browser`, else the first one installed.
pub fn find_browser(explicit: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(p) = explicit {
        return if p.is_file() { Ok(p.to_path_buf()) } else { Err(format!("--browser {}: no such file", p.display())) };
    }
    candidates().into_iter().find(|p| p.is_file()).ok_or_else(|| {
        "no Chromium, Chrome or Edge found (looked in the usual install places and on PATH): install one, pass --browser PATH, or attach to a running one with --connect-port 9222".to_string()
    })
}

/// Running as root, Chromium refuses to start with its sandbox on.
fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("Uid:")).map(|l| l.split_whitespace().nth(1) == Some("0")))
        .unwrap_or(false)
}

/// How to get a browser.
pub struct Launch<'a> {
    pub executable: PathBuf,
    pub headless: bool,
    pub profile: &'a Path,
    pub extra_args: &'a [String],
}

/// A watch may last hours: the crate would drop an idle connection after 30 s.
const IDLE: Duration = Duration::from_secs(7 * 24 * 3600);

pub fn launch(l: &Launch) -> Result<Browser, String> {
    let mut args: Vec<OsString> = vec!["--no-first-run".into(), "--no-default-browser-check".into(), "--disable-quic".into()];
    args.extend(l.extra_args.iter().map(OsString::from));
    let arg_refs: Vec<&std::ffi::OsStr> = args.iter().map(OsString::as_os_str).collect();
    let options = LaunchOptions {
        headless: l.headless,
        sandbox: !running_as_root(),
        path: Some(l.executable.clone()),
        user_data_dir: Some(l.profile.to_path_buf()),
        idle_browser_timeout: IDLE,
        window_size: Some((1280, 900)),
        args: arg_refs,
        ..LaunchOptions::default()
    };
    Browser::new(options).map_err(|e| {
        format!(
            "cannot start {}: {e} (in a container without user namespaces, Chromium's sandbox cannot start: add --browser-arg=--no-sandbox)",
            l.executable.display()
        )
    })
}

/// Attaches to a browser started with `--remote-debugging-port`: `ws://…` as is, a port via
/// `http://127.0.0.1:PORT/json/version`.
pub fn connect(ws: Option<&str>, port: Option<u16>) -> Result<Browser, String> {
    let url = match (ws, port) {
        (Some(ws), _) => ws.to_string(),
        (None, Some(port)) => {
            let version = format!("http://127.0.0.1:{port}/json/version");
            let body =
                authkit_doctor_core::token::http::get(&version, "application/json", authkit_doctor_core::token::http::Limits::from_env())
                    .and_then(|r| r.body())
                    .map_err(|e| format!("no browser answers on port {port} ({e}); start it with --remote-debugging-port={port}"))?;
            let v: Value = serde_json::from_slice(&body).map_err(|_| format!("{version} did not answer JSON"))?;
            v.get("webSocketDebuggerUrl")
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| format!("{version} names no webSocketDebuggerUrl"))?
        }
        (None, None) => return Err("nothing to connect to".into()),
    };
    Browser::connect_with_timeout(url.clone(), IDLE).map_err(|e| format!("cannot attach to {url}: {e}"))
}

/// Converts the browser's monotonic clock to wall time: `Network.requestWillBeSent` carries
/// both, every other event only the monotonic one.
#[derive(Default)]
pub struct Clock {
    offset_ms: Mutex<Option<f64>>,
}

pub fn now_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

impl Clock {
    fn learn(&self, wall_s: f64, mono_s: f64) {
        if let Ok(mut o) = self.offset_ms.lock()
            && o.is_none()
            && wall_s > 0.0
        {
            *o = Some(wall_s * 1000.0 - mono_s * 1000.0);
        }
    }

    fn wall(&self, mono_s: f64) -> i64 {
        match self.offset_ms.lock().ok().and_then(|o| *o) {
            Some(off) => (mono_s * 1000.0 + off).round() as i64,
            None => now_ms(),
        }
    }
}

/// A protocol enum (`ResourceType::Fetch`) as the protocol spells it (`Fetch`).
fn enum_text<T: serde::Serialize>(v: &T) -> Option<String> {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string))
}

fn headers(h: &Network::Headers) -> Vec<(String, String)> {
    match &h.0 {
        Some(Value::Object(map)) => {
            map.iter().map(|(k, v)| (k.clone(), v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string()))).collect()
        }
        _ => Vec::new(),
    }
}

fn response(r: &Network::Response) -> Response {
    Response { status: r.status as u16, status_text: r.status_text.clone(), headers: headers(&r.headers), mime_type: r.mime_type.clone() }
}

/// A console argument as the console would print it.
fn remote_text(o: &Runtime::RemoteObject) -> String {
    match &o.value {
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
        None => o.description.clone().unwrap_or_default(),
    }
}

/// One protocol event, translated; `None` for the events `watch` does not record.
pub fn translate(ev: &Cdp, clock: &Clock) -> Option<Msg> {
    let tab = 0;
    let event = match ev {
        Cdp::NetworkRequestWillBeSent(e) => {
            let p = &e.params;
            clock.learn(p.wall_time, p.timestamp);
            live::Event::Request {
                id: p.request_id.clone(),
                url: p.request.url.clone() + p.request.url_fragment.as_deref().unwrap_or(""),
                method: p.request.method.clone(),
                headers: headers(&p.request.headers),
                post_data: p.request.post_data.clone(),
                resource_type: p.Type.as_ref().and_then(enum_text),
                initiator: enum_text(&p.initiator.Type),
                wall_ms: clock.wall(p.timestamp),
                redirect: p.redirect_response.as_ref().map(response),
            }
        }
        Cdp::NetworkRequestWillBeSentExtraInfo(e) => {
            live::Event::RequestHeaders { id: e.params.request_id.clone(), headers: headers(&e.params.headers) }
        }
        Cdp::NetworkResponseReceived(e) => {
            live::Event::Response { id: e.params.request_id.clone(), response: response(&e.params.response) }
        }
        Cdp::NetworkResponseReceivedExtraInfo(e) => live::Event::ResponseHeaders {
            id: e.params.request_id.clone(),
            status: Some(e.params.status_code as u16),
            headers: headers(&e.params.headers),
        },
        Cdp::NetworkLoadingFinished(e) => {
            return Some(Msg::Finished { tab, id: e.params.request_id.clone(), wall_ms: clock.wall(e.params.timestamp) });
        }
        Cdp::NetworkLoadingFailed(e) => {
            let p = &e.params;
            let mut error = p.error_text.clone();
            if let Some(cors) = &p.cors_error_status
                && let Some(why) = enum_text(&cors.cors_error)
            {
                error = format!("{error} (CORS: {why})");
            } else if let Some(why) = p.blocked_reason.as_ref().and_then(enum_text) {
                error = format!("{error} (blocked: {why})");
            }
            live::Event::Failed { id: p.request_id.clone(), wall_ms: clock.wall(p.timestamp), error }
        }
        Cdp::NetworkWebSocketCreated(e) => {
            live::Event::WebSocketOpened { id: e.params.request_id.clone(), url: e.params.url.clone(), wall_ms: now_ms() }
        }
        Cdp::NetworkWebSocketHandshakeResponseReceived(e) => {
            let r = &e.params.response;
            live::Event::WebSocketHandshake {
                id: e.params.request_id.clone(),
                request_headers: r.request_headers.as_ref().map(headers).unwrap_or_default(),
                response: Response {
                    status: r.status as u16,
                    status_text: r.status_text.clone(),
                    headers: headers(&r.headers),
                    mime_type: String::new(),
                },
            }
        }
        Cdp::NetworkWebSocketFrameSent(e) => live::Event::WebSocketFrame {
            id: e.params.request_id.clone(),
            sent: true,
            opcode: e.params.response.opcode as i64,
            data: e.params.response.payload_data.clone(),
            wall_ms: clock.wall(e.params.timestamp),
        },
        Cdp::NetworkWebSocketFrameReceived(e) => live::Event::WebSocketFrame {
            id: e.params.request_id.clone(),
            sent: false,
            opcode: e.params.response.opcode as i64,
            data: e.params.response.payload_data.clone(),
            wall_ms: clock.wall(e.params.timestamp),
        },
        Cdp::NetworkWebSocketClosed(e) => {
            live::Event::WebSocketClosed { id: e.params.request_id.clone(), wall_ms: clock.wall(e.params.timestamp) }
        }
        Cdp::RuntimeConsoleAPICalled(e) => {
            let level = enum_text(&e.params.Type).unwrap_or_else(|| "log".into());
            let text = e.params.args.iter().map(remote_text).collect::<Vec<_>>().join(" ");
            live::Event::Console { level, text, wall_ms: now_ms() }
        }
        Cdp::RuntimeExceptionThrown(e) => {
            let d = &e.params.exception_details;
            let text = d.exception.as_ref().and_then(|x| x.description.clone()).unwrap_or_else(|| d.text.clone());
            live::Event::Console { level: "error".into(), text: format!("Uncaught {text}"), wall_ms: now_ms() }
        }
        Cdp::LogEntryAdded(e) => {
            let entry = &e.params.entry;
            live::Event::Console {
                level: enum_text(&entry.level).unwrap_or_else(|| "info".into()),
                text: entry.text.clone(),
                wall_ms: now_ms(),
            }
        }
        _ => return None,
    };
    Some(Msg::Event { tab, event: Box::new(event) })
}

/// Starts recording a tab: every event goes down `tx` tagged with `index`.
pub fn attach(tab: &Arc<Tab>, index: usize, tx: Sender<Msg>, clock: Arc<Clock>) -> Result<(), String> {
    let tx = Mutex::new(tx);
    tab.add_event_listener(Arc::new(move |ev: &Cdp| {
        if let Some(mut msg) = translate(ev, &clock) {
            match &mut msg {
                Msg::Event { tab, .. } | Msg::Finished { tab, .. } => *tab = index,
                Msg::Body { .. } => {}
            }
            if let Ok(tx) = tx.lock() {
                let _ = tx.send(msg);
            }
        }
    }))
    .map_err(|e| e.to_string())?;
    tab.call_method(Network::Enable {
        max_total_buffer_size: None,
        max_resource_buffer_size: None,
        max_post_data_size: Some(65_536),
        report_direct_socket_traffic: None,
        enable_durable_messages: None,
    })
    .map_err(|e| format!("cannot record the network: {e}"))?;
    // The console and page errors; older browsers without a domain still record the network.
    let _ = tab.call_method(Runtime::Enable(None));
    let _ = tab.call_method(Log::Enable(None));
    Ok(())
}

/// A response body, when the browser still has it.
pub fn body(tab: &Tab, id: &str) -> Option<Body> {
    let r = tab.call_method(Network::GetResponseBody { request_id: id.to_string() }).ok()?;
    Some(Body { text: r.body, base64: r.base_64_encoded })
}
