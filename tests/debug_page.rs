//! `authkit-doctor add debug-page`, end to end with the real packages: the page is added to a
//! scratch copy of a project — examples/nextjs-correct, examples/vite-correct, and in
//! tests/debug-page/projects/ a Vite + TanStack Router app (file routes, Convex's
//! `@convex-dev/workos` provider) and a TanStack Start app — type-checked with `tsc --noEmit`,
//! built by the framework, served on 127.0.0.1 and rendered in headless Chromium; the
//! screenshots and the rendered text are checked.
//!
//! The apps with a server (Next.js, TanStack Start) are rendered signed out and signed in, with
//! a session sealed by tests/debug-page/fake-workos.mjs whose token the app verifies against
//! that script's JWKS, and which tests/debug-page/fake-convex.mjs — a stand-in Convex sync
//! endpoint — accepts: the whole chain down to the server identity is on screen, the claims
//! show and the signature never does. The Next.js page is rendered once more with the stand-in
//! Convex rejecting the token.
//!
//! The packages (next, convex, @workos-inc/authkit-nextjs, @workos-inc/authkit-react,
//! @tanstack/react-router, its Vite plugin, @tanstack/react-start,
//! @workos/authkit-tanstack-react-start, vite, typescript, playwright-core, and ws, jose and
//! iron-session for the stand-ins) are pinned in
//! tests/debug-page/package-lock.json and installed by `.ci/run` (`npm ci --prefix
//! tests/debug-page`); Chromium is Debian's `chromium` (or `CHROMIUM=/path`). The test itself
//! uses no network: every URL the app could call points at 127.0.0.1.
//! `AUTHKIT_DOCTOR_SKIP_BROWSER_TEST=1` skips it outside CI; under `CI` the skip is refused.

mod common;
use common::copy_dir;
use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const SKIP_VAR: &str = "AUTHKIT_DOCTOR_SKIP_BROWSER_TEST";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn e2e_dir() -> PathBuf {
    repo().join("tests/debug-page")
}

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// True when the browser test should run; false only when skipping is allowed and asked for.
fn prerequisites_present() -> bool {
    let skip = std::env::var_os(SKIP_VAR).is_some_and(|v| !v.is_empty());
    assert!(!(skip && std::env::var_os("CI").is_some()), "{SKIP_VAR} is set under CI: the debug page test must run in CI");
    if skip {
        eprintln!("{SKIP_VAR} is set: debug page browser test skipped");
        return false;
    }
    assert!(
        e2e_dir().join("node_modules/next/package.json").is_file(),
        "tests/debug-page/node_modules is missing: install the pinned packages with `npm ci --prefix tests/debug-page` \
         (.ci/run does), or set {SKIP_VAR}=1 to skip this test outside CI"
    );
    assert!(
        chromium().is_file(),
        "{} not found: install Chromium (`apt-get install chromium`, .ci/run does) or set CHROMIUM=/path, \
         or set {SKIP_VAR}=1 to skip this test outside CI",
        chromium().display()
    );
    true
}

/// A scratch copy of a project inside tests/debug-page/work, so Node finds the pinned
/// packages in tests/debug-page/node_modules by walking up. Removed on drop unless
/// AUTHKIT_DOCTOR_KEEP_SCRATCH is set (to look at a failure).
struct Scratch(PathBuf);

impl Scratch {
    fn copy_of(source: &Path) -> Scratch {
        let name = source.file_name().unwrap().to_string_lossy();
        let dir = e2e_dir().join("work").join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(source, &dir);
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::env::var_os("AUTHKIT_DOCTOR_KEEP_SCRATCH").is_none() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// A server process that is killed when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A port nothing listens on: the Convex and WorkOS URLs point here, so the app's calls fail
/// at once on 127.0.0.1 instead of going out to the network.
fn unused_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Starts `cmd` in `project` with its output in `server.log` there, and waits until it
/// listens on `port`.
fn serve(mut cmd: Command, project: &Path, port: u16) -> Server {
    let log = project.join("server.log");
    let log_file = std::fs::File::create(&log).unwrap();
    cmd.current_dir(project).stdout(log_file.try_clone().unwrap()).stderr(log_file).stdin(Stdio::null());
    let mut server = Server(cmd.spawn().unwrap());
    wait_for_port(port, &mut server, &log);
    server
}

/// `vite preview` of the built app on 127.0.0.1:`port` (it also serves TanStack Start's SSR build).
fn vite_preview(port: u16) -> Command {
    let mut cmd = node_bin("vite/bin/vite.js");
    cmd.args(["preview", "--host", "127.0.0.1", "--strictPort", "--port", &port.to_string()]);
    cmd
}

fn wait_for_port(port: u16, server: &mut Server, log: &Path) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = server.0.try_wait() {
            panic!("the server exited ({status}) before listening:\n{}", std::fs::read_to_string(log).unwrap_or_default());
        }
        assert!(Instant::now() < deadline, "nothing listens on 127.0.0.1:{port} after 60 s");
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn node_bin(package_bin: &str) -> Command {
    let mut cmd = Command::new("node");
    cmd.arg(e2e_dir().join("node_modules").join(package_bin));
    cmd
}

fn run_ok(mut cmd: Command, what: &str) -> Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("{what}: cannot start: {e}"));
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn doctor(args: &[&str], project: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_authkit-doctor")).args(args).arg(project).env("NO_COLOR", "1").output().unwrap()
}

/// Environment that keeps the app's calls on 127.0.0.1: the Convex URL (inlined at build time)
/// and the WorkOS API host.
fn local_env(cmd: &mut Command, closed_port: u16) {
    let local = format!("http://127.0.0.1:{closed_port}");
    cmd.env("NEXT_TELEMETRY_DISABLED", "1")
        .env("NEXT_PUBLIC_CONVEX_URL", &local)
        .env("VITE_CONVEX_URL", &local)
        .env("WORKOS_API_HOSTNAME", "127.0.0.1")
        .env("WORKOS_API_HTTPS", "false")
        .env("WORKOS_API_PORT", closed_port.to_string())
        .env("VITE_WORKOS_API_HOSTNAME", format!("127.0.0.1:{closed_port}"));
}

/// What tests/debug-page/fake-workos.mjs prints: its port and a sealed AuthKit session.
#[derive(serde::Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
struct FakeSession {
    port: u16,
    cookie_name: String,
    cookie_value: String,
    access_token: String,
}

#[derive(serde::Deserialize, Debug)]
struct Rendered {
    status: Option<u16>,
    text: String,
    html: String,
    verdict: Option<String>,
    panels: std::collections::BTreeMap<String, String>,
    #[serde(rename = "consoleErrors")]
    console_errors: Vec<String>,
}

/// Loads `url` in headless Chromium, waits for `wait_for` in the page text, screenshots it.
fn render(url: &str, screenshot: &Path, wait_for: &str) -> Rendered {
    render_command(Command::new("node"), url, screenshot, wait_for)
}

/// [`render`] with the session cookie in the browser.
fn render_with_cookie(url: &str, screenshot: &Path, wait_for: &str, session: &FakeSession) -> Rendered {
    let mut cmd = Command::new("node");
    cmd.env("COOKIE_NAME", &session.cookie_name).env("COOKIE_VALUE", &session.cookie_value);
    render_command(cmd, url, screenshot, wait_for)
}

fn render_command(mut cmd: Command, url: &str, screenshot: &Path, wait_for: &str) -> Rendered {
    cmd.current_dir(e2e_dir()).arg("render.mjs").arg(url).arg(screenshot).arg(wait_for).env("CHROMIUM", chromium());
    let out = run_ok(cmd, "render.mjs (headless Chromium)");
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("render.mjs printed no JSON ({e}):\n{}", String::from_utf8_lossy(&out.stdout)))
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(path: &Path) -> (u32, u32) {
    let mut header = [0u8; 24];
    std::fs::File::open(path).unwrap().read_exact(&mut header).unwrap();
    assert_eq!(&header[..8], b"\x89PNG\r\n\x1a\n", "{} is not a PNG", path.display());
    assert_eq!(&header[12..16], b"IHDR");
    (u32::from_be_bytes(header[16..20].try_into().unwrap()), u32::from_be_bytes(header[20..24].try_into().unwrap()))
}

/// The screenshot is a real page: full width, taller than the header alone, and far bigger
/// than a blank PNG of that size (a blank 1280×800 PNG is a few KB).
fn assert_screenshot_has_content(path: &Path) {
    let (width, height) = png_size(path);
    let bytes = std::fs::metadata(path).unwrap().len();
    assert_eq!(width, 1280, "screenshot width");
    assert!(height >= 300, "screenshot height {height}");
    assert!(bytes > 20_000, "screenshot is {bytes} bytes: the page looks blank");
}

/// What every rendered debug page shows when nobody is signed in.
fn assert_signed_out_page(page: &Rendered, sdk: &str) {
    for title in ["WorkOS session", "Access token", "Convex client", "Convex server identity"] {
        assert!(page.panels.contains_key(title), "panel {title} missing: {:?}", page.panels.keys());
    }
    assert_eq!(page.verdict.as_deref(), Some("No WorkOS session: sign in first. The other panels stay empty until then."));
    assert!(page.panels["WorkOS session"].contains(&format!("Browser ({sdk}): none (signed out)")), "{:?}", page.panels);
    assert!(page.panels["Convex client"].contains("\"isAuthenticated\": false"), "{:?}", page.panels);
    assert!(page.panels["Convex server identity"].contains("debugIdentity:debugIdentity"), "{:?}", page.panels);
    assert!(page.text.contains("Auth debug: WorkOS AuthKit → Convex"), "{}", page.text);
}

/// `check`'s findings as `rule file:line`, sorted.
fn findings(project: &Path) -> Vec<String> {
    let out = doctor(&["check", "--format", "json"], project);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut found: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{} {}:{}", f["rule"].as_str().unwrap(), f["file"].as_str().unwrap_or("-"), f["line"]))
        .collect();
    found.sort();
    found
}

/// Writes the page, checks what `add` printed and that the project checks as before.
fn add_debug_page(project: &Path, expected_files: &[&str]) {
    let findings_before = findings(project);
    // --dry-run prints the files as creation diffs and writes nothing.
    let dry = doctor(&["add", "debug-page", "--dry-run"], project);
    let dry_out = String::from_utf8_lossy(&dry.stdout);
    assert_eq!(dry.status.code(), Some(0), "{dry_out}{}", String::from_utf8_lossy(&dry.stderr));
    for file in expected_files {
        assert!(dry_out.contains(&format!("--- /dev/null\n+++ b/{file}\n")), "{file} not in the dry run:\n{dry_out}");
        assert!(!project.join(file).exists(), "--dry-run wrote {file}");
    }

    let added = doctor(&["add", "debug-page"], project);
    let stdout = String::from_utf8_lossy(&added.stdout);
    assert_eq!(added.status.code(), Some(0), "{stdout}{}", String::from_utf8_lossy(&added.stderr));
    for file in expected_files {
        assert!(stdout.contains(&format!("wrote {file}\n")), "{stdout}");
        assert!(project.join(file).is_file(), "{file} not written");
    }
    assert!(stdout.contains("Delete "), "{stdout}");

    // A second run refuses to overwrite without --force.
    let again = doctor(&["add", "debug-page"], project);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("pass --force to overwrite"));

    // The generated code trips none of our own rules.
    assert_eq!(findings(project), findings_before, "adding the debug page changed what `check` finds");
}

/// `convex/_generated` is not committed in the examples; the offline code generator writes it
/// (`--system-udfs` generates from the local files without a deployment).
fn convex_codegen(project: &Path) {
    let mut cmd = node_bin("convex/bin/main.js");
    cmd.current_dir(project).args(["codegen", "--system-udfs", "--typecheck", "disable"]);
    run_ok(cmd, "convex codegen");
}

fn tsc(project: &Path, tsconfig_dir: &str) {
    let mut cmd = node_bin("typescript/bin/tsc");
    cmd.current_dir(project).args(["--noEmit", "-p", tsconfig_dir]);
    run_ok(cmd, &format!("tsc --noEmit -p {tsconfig_dir}"));
}

#[test]
fn nextjs_debug_page_type_checks_builds_and_renders() {
    if !prerequisites_present() {
        return;
    }
    let scratch = Scratch::copy_of(&repo().join("examples/nextjs-correct"));
    let project = scratch.0.as_path();
    add_debug_page(
        project,
        &["app/auth-debug/page.tsx", "app/auth-debug/AuthDebugPanel.tsx", "app/auth-debug/AuthDebugView.tsx", "convex/debugIdentity.ts"],
    );
    convex_codegen(project);
    assert!(std::fs::read_to_string(project.join("convex/_generated/api.d.ts")).unwrap().contains("debugIdentity"));
    tsc(project, ".");
    tsc(project, "convex");

    // The example's middleware sends signed-out visitors to WorkOS; `add` says to open the page
    // to them while debugging, and so does the test (there is no WorkOS to sign in with here).
    let middleware = project.join("middleware.ts");
    let text = std::fs::read_to_string(&middleware).unwrap();
    let opened = text.replace("unauthenticatedPaths: ['/',", "unauthenticatedPaths: ['/auth-debug', '/',");
    assert_ne!(text, opened, "middleware.ts changed: update the test");
    std::fs::write(&middleware, opened).unwrap();

    let stand_ins = StandIns::start(project);
    let mut build = node_bin("next/dist/bin/next");
    build.current_dir(project).arg("build");
    stand_ins.env(&mut build, "NEXT_PUBLIC_CONVEX_URL");
    let built = run_ok(build, "next build");
    assert!(String::from_utf8_lossy(&built.stdout).contains("/auth-debug"), "{}", String::from_utf8_lossy(&built.stdout));

    let port = unused_port();
    let mut start = node_bin("next/dist/bin/next");
    start.args(["start", "-H", "127.0.0.1", "-p", &port.to_string()]);
    stand_ins.env(&mut start, "NEXT_PUBLIC_CONVEX_URL");
    let _server = serve(start, project, port);

    render_signed_out_then_in(project, port, &stand_ins, "@workos-inc/authkit-nextjs", "withAuth()");

    // Now Convex rejects the token (as with an auth config that matches no provider): the page
    // names the Convex link, and the line the client logs is one `authkit-doctor logs` explains.
    stand_ins.reject_tokens();
    let screenshot = project.join("auth-debug-rejected.png");
    let page = render_with_cookie(&format!("http://127.0.0.1:{port}/auth-debug"), &screenshot, "did not accept it", &stand_ins.session);
    assert_eq!(
        page.verdict.as_deref(),
        Some(
            "WorkOS issued a token but Convex did not accept it. Copy the token and run `authkit-doctor token -` in the project: it names the provider, claim or key that does not match."
        ),
        "{}",
        page.text
    );
    assert!(page.panels["Convex client"].contains("\"isAuthenticated\": false"), "{:?}", page.panels);
    let logged =
        page.console_errors.iter().find(|e| e.contains("Failed to authenticate")).unwrap_or_else(|| panic!("{:?}", page.console_errors));
    let explained = Command::new(env!("CARGO_BIN_EXE_authkit-doctor"))
        .args(["logs", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            std::io::Write::write_all(child.stdin.as_mut().unwrap(), logged.as_bytes())?;
            drop(child.stdin.take());
            child.wait_with_output()
        })
        .unwrap();
    let explained = String::from_utf8_lossy(&explained.stdout);
    assert!(explained.contains("\"rule\": \"logs/no-auth-provider\""), "`logs` did not explain {logged:?}:\n{explained}");
    assert_screenshot_has_content(&screenshot);
}

#[test]
fn tanstack_start_debug_page_is_a_route_that_builds_and_renders() {
    if !prerequisites_present() {
        return;
    }
    let scratch = Scratch::copy_of(&e2e_dir().join("projects/tanstack-start"));
    let project = scratch.0.as_path();
    add_debug_page(project, &["src/auth-debug/AuthDebugView.tsx", "src/routes/auth-debug.tsx", "convex/debugIdentity.ts"]);
    convex_codegen(project);

    let stand_ins = StandIns::start(project);
    let mut build = node_bin("vite/bin/vite.js");
    build.current_dir(project).arg("build");
    stand_ins.env(&mut build, "VITE_CONVEX_URL");
    run_ok(build, "vite build (TanStack Start)");
    // The router plugin wrote src/routeTree.gen.ts during the build; tsc needs it.
    tsc(project, ".");
    tsc(project, "convex");

    let port = unused_port();
    let mut preview = vite_preview(port);
    stand_ins.env(&mut preview, "VITE_CONVEX_URL");
    let _server = serve(preview, project, port);

    render_signed_out_then_in(project, port, &stand_ins, "@workos/authkit-tanstack-react-start", "getAuth()");
}

/// Stand-ins on 127.0.0.1 for the services a signed-in page talks to: a Convex deployment
/// (tests/debug-page/fake-convex.mjs; its URL is inlined at build time, so it starts before the
/// build) and the WorkOS API (fake-workos.mjs: the JWKS the session's token is verified
/// against, the refresh grant, and the sealed session cookie itself).
struct StandIns {
    _convex: Server,
    convex_port: u16,
    _workos: Server,
    session: FakeSession,
}

impl StandIns {
    fn start(project: &Path) -> StandIns {
        let (convex, convex_line) = spawn_fake(Command::new("node").arg("fake-convex.mjs"));
        let convex_port = serde_json::from_str::<serde_json::Value>(&convex_line).unwrap()["port"].as_u64().unwrap() as u16;
        let env_local = std::fs::read_to_string(project.join(".env.local")).unwrap();
        let env_value = |key: &str| {
            env_local
                .lines()
                .find_map(|l| l.strip_prefix(key).and_then(|r| r.strip_prefix('=')))
                .unwrap_or_else(|| panic!("{key} not in .env.local"))
                .to_string()
        };
        let (workos, session_line) = spawn_fake(
            Command::new("node")
                .arg("fake-workos.mjs")
                .env("WORKOS_CLIENT_ID", env_value("WORKOS_CLIENT_ID"))
                .env("WORKOS_COOKIE_PASSWORD", env_value("WORKOS_COOKIE_PASSWORD")),
        );
        let session = serde_json::from_str(&session_line).unwrap_or_else(|e| panic!("fake-workos.mjs: {e}: {session_line}"));
        StandIns { _convex: convex, convex_port, _workos: workos, session }
    }

    /// Points a build or server at the stand-ins; `convex_url_var` is the framework's variable.
    fn env(&self, cmd: &mut Command, convex_url_var: &str) {
        local_env(cmd, unused_port());
        cmd.env(convex_url_var, format!("http://127.0.0.1:{}", self.convex_port)).env("WORKOS_API_PORT", self.session.port.to_string());
    }

    /// From now on the stand-in Convex rejects every token.
    fn reject_tokens(&self) {
        let mut reject = TcpStream::connect(("127.0.0.1", self.convex_port)).unwrap();
        std::io::Write::write_all(
            &mut reject,
            b"POST /reject-auth HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        )
        .unwrap();
        let mut response = String::new();
        reject.read_to_string(&mut response).unwrap();
        assert!(response.starts_with("HTTP/1.1 204"), "{response}");
    }
}

/// The page at http://127.0.0.1:`port`/auth-debug signed out, then signed in with the stand-in
/// session: every link holds down to the identity the stand-in Convex built from the token, the
/// claims are shown and the signature is nowhere in the page.
fn render_signed_out_then_in(project: &Path, port: u16, stand_ins: &StandIns, sdk: &str, server_source: &str) {
    let url = format!("http://127.0.0.1:{port}/auth-debug");
    let screenshot = project.join("auth-debug.png");
    // Wait for the verdict, not for "none (signed out)": the server's half arrives with the
    // HTML, before the browser's session has loaded.
    let page = render(&url, &screenshot, "No WorkOS session: sign in first");
    assert_eq!(page.status, Some(200));
    assert_signed_out_page(&page, sdk);
    // The server half (the session the page's loader or server component read) rendered too.
    assert!(page.panels["WorkOS session"].contains(&format!("Server ({server_source}): none (signed out)")), "{:?}", page.panels);
    assert_screenshot_has_content(&screenshot);

    let screenshot = project.join("auth-debug-signed-in.png");
    let session = &stand_ins.session;
    let page = render_with_cookie(&url, &screenshot, "Every link holds", session);
    assert_eq!(page.status, Some(200));
    assert_eq!(
        page.verdict.as_deref(),
        Some(
            "Every link holds. Note: identity.email is undefined because WorkOS access tokens carry no email claim (add one with a JWT template, or read the user from WorkOS)."
        ),
        "{}",
        page.text
    );
    let user = "user_01DEBUGPAGEUSER0000000000 ada@example.com";
    assert!(page.panels["WorkOS session"].contains(&format!("Browser ({sdk}): {user}")), "{:?}", page.panels);
    assert!(page.panels["WorkOS session"].contains(&format!("Server ({server_source}): {user}")), "{:?}", page.panels);
    let token_panel = &page.panels["Access token"];
    for expected in [
        "\"alg\": \"RS256\"",
        "\"sub\": \"user_01DEBUGPAGEUSER0000000000\"",
        "\"sid\": \"session_01DEBUGPAGESESSION000000000\"",
        "/user_management/client_",
        "\"signature\": \"(hidden)\"",
        "No `aud`: the Convex provider for this issuer must not set applicationID.",
    ] {
        assert!(token_panel.contains(expected), "{expected} not in the token panel:\n{token_panel}");
    }
    // Minted with a one-hour lifetime when the stand-in started (before the build) or at the
    // refresh after Convex confirmed the first token: expiry is shown relative to now.
    let minutes_left: u32 = token_panel
        .split("\"exp\": \"")
        .nth(1)
        .and_then(|rest| rest.split("(in ").nth(1))
        .and_then(|rest| rest.split(" min)").next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no relative expiry in the token panel:\n{token_panel}"));
    assert!((30..=60).contains(&minutes_left), "exp in {minutes_left} min:\n{token_panel}");
    assert!(page.panels["Convex client"].contains("\"isAuthenticated\": true"), "{:?}", page.panels);
    let identity_panel = &page.panels["Convex server identity"];
    assert!(
        identity_panel.contains("/user_management/client_") && identity_panel.contains("|user_01DEBUGPAGEUSER0000000000\""),
        "{identity_panel}"
    );
    // The signature is nowhere in the page, not even in the HTML the server sent.
    let signature = session.access_token.rsplit('.').next().unwrap();
    assert!(!page.html.contains(signature), "the token's signature is in the page");
    assert_screenshot_has_content(&screenshot);
}

/// Starts a stand-in server script in tests/debug-page and returns it with the JSON line it
/// prints once listening.
fn spawn_fake(cmd: &mut Command) -> (Server, String) {
    cmd.current_dir(e2e_dir()).stdout(Stdio::piped()).stdin(Stdio::null());
    let mut server = Server(cmd.spawn().unwrap());
    let mut first_line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(server.0.stdout.take().unwrap()), &mut first_line).unwrap();
    (server, first_line)
}

#[test]
fn react_debug_page_type_checks_builds_and_renders() {
    if !prerequisites_present() {
        return;
    }
    let scratch = Scratch::copy_of(&repo().join("examples/vite-correct"));
    let project = scratch.0.as_path();
    add_debug_page(project, &["src/auth-debug/AuthDebug.tsx", "src/auth-debug/AuthDebugView.tsx", "convex/debugIdentity.ts"]);
    convex_codegen(project);

    // A React app without a file router: `add` writes a component and says to render it for
    // one path inside the providers. The test does what that step says, in src/main.tsx.
    let main = project.join("src/main.tsx");
    let text = std::fs::read_to_string(&main).unwrap();
    let mounted = text
        .replace("import App from './App';", "import App from './App';\nimport { AuthDebug } from './auth-debug/AuthDebug';")
        .replace("        <App />", "        {window.location.pathname === '/auth-debug' ? <AuthDebug /> : <App />}");
    assert_eq!(mounted.matches("AuthDebug").count(), 3, "src/main.tsx changed: update the test");
    std::fs::write(&main, mounted).unwrap();
    tsc(project, ".");
    tsc(project, "convex");
    vite_build_and_render(project);
}

#[test]
fn tanstack_router_debug_page_is_a_route_that_builds_and_renders() {
    if !prerequisites_present() {
        return;
    }
    let scratch = Scratch::copy_of(&e2e_dir().join("projects/vite-tanstack-router"));
    let project = scratch.0.as_path();
    add_debug_page(
        project,
        &["src/auth-debug/AuthDebug.tsx", "src/auth-debug/AuthDebugView.tsx", "src/routes/auth-debug.tsx", "convex/debugIdentity.ts"],
    );
    convex_codegen(project);
    // The router plugin writes src/routeTree.gen.ts during the build; tsc needs it, so the
    // build comes first here.
    vite_build_and_render(project);
    let route_tree = std::fs::read_to_string(project.join("src/routeTree.gen.ts")).unwrap();
    assert!(route_tree.contains("'/auth-debug'"), "the plugin did not pick up the route:\n{route_tree}");
    tsc(project, ".");
    tsc(project, "convex");
}

/// `vite build`, `vite preview` on 127.0.0.1, and the signed-out page in Chromium.
fn vite_build_and_render(project: &Path) {
    let closed_port = unused_port();
    let mut build = node_bin("vite/bin/vite.js");
    build.current_dir(project).arg("build");
    local_env(&mut build, closed_port);
    run_ok(build, "vite build");

    let port = unused_port();
    let _server = serve(vite_preview(port), project, port);

    let screenshot = project.join("auth-debug.png");
    let page = render(&format!("http://127.0.0.1:{port}/auth-debug"), &screenshot, "No WorkOS session: sign in first");
    assert_eq!(page.status, Some(200));
    assert_signed_out_page(&page, "@workos-inc/authkit-react");
    assert!(!page.panels["WorkOS session"].contains("Server ("), "no server half in a React app: {:?}", page.panels);
    assert_screenshot_has_content(&screenshot);
}
