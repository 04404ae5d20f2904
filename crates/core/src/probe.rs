//! The checks that need the network, as `authkit-doctor probe --online` runs them:
//!
//! - a JWKS is fetched and judged as Convex would: status exactly 200, `Content-Type` JSON, every
//!   key parses. Problems are `token/jwks-*` findings with Convex's message;
//! - a Convex deployment URL must answer `GET <url>/version`;
//! - the deployment env is read by running the project's Convex CLI
//!   (`convex env list --include-values`, `--prod` for production) in the Convex package dir:
//!   the project's own `node_modules/.bin/convex` (in that dir or a parent up to the scanned
//!   root), else `npx --no convex`, which never downloads the CLI from the registry.
//!
//! One request per URL, 5 s timeout, 1 MiB body limit, no retries. `AUTHKIT_DOCTOR_CONVEX_CLI`
//! replaces the Convex CLI (tests use a stand-in).

use crate::diagnostic::{Finding, Severity};
use crate::rules::token as rules;
use crate::token::http::{self, HttpError, Limits};
use crate::token::jwks::{self, JwkSet, JwksError};
use crate::token::messages;
use serde::Serialize;
use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

pub const CONVEX_URL_ENV: &str = "AUTHKIT_DOCTOR_CONVEX_URL";
pub const CONVEX_CLI_ENV: &str = "AUTHKIT_DOCTOR_CONVEX_CLI";
/// How long `convex env list` may take (it asks the deployment over the network).
const CLI_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, Serialize)]
pub struct KeyInfo {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    pub kty: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    pub key: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct JwksCheck {
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fetched_from: Option<String>,
    /// Why the project uses it.
    pub source: String,
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<KeyInfo>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UrlCheck {
    pub url: String,
    pub source: String,
    pub ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnvCheck {
    pub command: String,
    pub dir: String,
    pub ok: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vars: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unset: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// Why the CLI gave no env, as a word a script can test (`not-installed`, `not-logged-in`…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<CliProblem>,
    /// What the CLI (or starting it) said, when `problem` is the advice alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The production deployment's env (`--prod`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub prod: bool,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct ProbeResult {
    pub jwks: Vec<JwksCheck>,
    pub convex: Vec<UrlCheck>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deployment_env: Option<EnvCheck>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl ProbeResult {
    pub fn all_ok(&self) -> bool {
        self.jwks.iter().all(|c| c.ok) && self.convex.iter().all(|c| c.ok) && self.deployment_env.as_ref().is_none_or(|e| e.ok)
    }
}

/// Checks one JWKS URL as Convex would; the finding when it fails.
pub fn check_jwks(url: &str, source: &str, base: Option<&str>, limits: Limits) -> (JwksCheck, Option<Finding>) {
    let fetch_url = http::rebase(url, base);
    let fetched_from = (fetch_url != url).then(|| fetch_url.clone());
    let mut check =
        JwksCheck { url: url.to_string(), fetched_from, source: source.to_string(), ok: false, problem: None, keys: Vec::new() };
    let result = jwks::fetch(&fetch_url, limits).and_then(|body| JwkSet::parse(&body));
    let finding = match result {
        Ok(set) => {
            check.ok = true;
            check.keys = set
                .keys
                .iter()
                .map(|k| KeyInfo { kid: k.kid.clone(), kty: k.key.kty(), alg: k.alg.clone(), key: k.key.describe() })
                .collect();
            if set.keys.is_empty() {
                check.problem = Some("the key set is empty: no token can be verified with it".into());
            }
            None
        }
        Err(e) => {
            let (rule, what, convex, severity) = match &e {
                JwksError::Unreachable(h) => (
                    &rules::jwks_unreachable::RULE,
                    format!("cannot be fetched: {h}"),
                    Some(messages::jwks_network(url, &format!("error sending request for url ({url})"))),
                    Severity::Error,
                ),
                JwksError::Status(code) => (
                    &rules::jwks_unreachable::RULE,
                    format!("answers HTTP {}", http::status_text(*code)),
                    Some(messages::jwks_status(url, *code)),
                    Severity::Error,
                ),
                JwksError::ContentType(ct) => (
                    &rules::jwks_content_type::RULE,
                    format!("is served as '{}'", ct.as_deref().unwrap_or("(no Content-Type)")),
                    Some(messages::jwks_content_type(ct.as_deref(), url)),
                    Severity::Error,
                ),
                JwksError::Invalid { key, why } => (
                    &rules::jwks_invalid::RULE,
                    format!("is not a key set Convex accepts: {}{why}", key.map(|k| format!("key {k}: ")).unwrap_or_default()),
                    Some(messages::jwks_body(url)),
                    Severity::Error,
                ),
                JwksError::TooLarge(limit) => (
                    &rules::jwks_unreachable::RULE,
                    format!("is larger than {} KiB; authkit-doctor stopped reading it", limit / 1024),
                    None,
                    Severity::Warning,
                ),
                JwksError::BadDataUrl(why) | JwksError::File(why) => (&rules::jwks_invalid::RULE, why.clone(), None, Severity::Error),
            };
            check.problem = Some(what.clone());
            let mut f = rule.finding(format!("the JWKS {url} {what}")).severity(severity).help(format!("Used by {source}."));
            if let Some(c) = convex {
                f = f.convex_message(c);
            }
            Some(f)
        }
    };
    (check, finding)
}

/// `GET <url>/version`: a Convex deployment answers it.
pub fn check_convex_url(url: &str, source: &str, limits: Limits) -> UrlCheck {
    let target = format!("{}/version", url.trim_end_matches('/'));
    let mut check = UrlCheck { url: url.to_string(), source: source.to_string(), ok: false, status: None, problem: None };
    match http::get(&target, "*/*", limits) {
        Ok(resp) => {
            check.status = Some(resp.status);
            if resp.status == 200 {
                check.ok = true;
            } else {
                check.problem =
                    Some(format!("GET /version answers HTTP {}: is this a Convex deployment URL?", http::status_text(resp.status)));
            }
        }
        Err(HttpError::Timeout) => check.problem = Some(format!("no answer within {} ms", limits.timeout.as_millis())),
        Err(e) => check.problem = Some(format!("cannot connect: {e}")),
    }
    check
}

/// Why `convex env list` gave no env. Each variant keeps the command line as shown to the
/// user, so a report can say what was run.
#[derive(Debug)]
pub enum ConvexCliError {
    /// The program could not be started (npx missing, not executable).
    CannotStart { command: String, error: std::io::Error },
    /// No exit within [`CLI_TIMEOUT`] (a login prompt waiting for input, a hung network).
    TimedOut { command: String, seconds: u64 },
    /// Waiting for the process failed.
    Wait { command: String, error: std::io::Error },
    /// It ran and failed; `last_line` is the last non-empty line of its stderr, `output` what
    /// it printed (stderr, then stdout; read to tell the causes apart, never shown whole).
    Failed { command: String, status: std::process::ExitStatus, last_line: String, output: String },
}

/// Why the Convex CLI gave no env, in the categories a user acts on differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CliProblem {
    /// Neither `node_modules/.bin/convex` nor `npx` can be run, or npx does not find the package.
    NotInstalled,
    /// The CLI has no login (no `npx convex login`, no deploy key).
    NotLoggedIn,
    /// No deployment configured here (`CONVEX_DEPLOYMENT` unset).
    NoDeployment,
    TimedOut,
    /// Anything else: the CLI's own last line says why.
    Failed,
}

/// Phrases of npm/npx and the shell when the `convex` package is not installed.
const NOT_INSTALLED: &[&str] = &[
    "missing packages",
    "could not determine executable to run",
    "command not found: convex",
    "convex: not found",
    "convex: command not found",
    "404 not found",
    "e404",
    "cannot find module 'convex",
];
/// Phrases of the Convex CLI without a login.
const NOT_LOGGED_IN: &[&str] =
    &["not logged in", "convex login", "unauthorized", "unauthenticated", "access token", "log in to convex", "login required"];
/// Phrases of the Convex CLI with no deployment configured.
const NO_DEPLOYMENT: &[&str] = &["no convex_deployment set", "configure a convex project", "no deployment", "convex_deployment is not set"];

impl ConvexCliError {
    /// The command line that was run, as shown to the user.
    pub fn command(&self) -> &str {
        match self {
            ConvexCliError::CannotStart { command, .. }
            | ConvexCliError::TimedOut { command, .. }
            | ConvexCliError::Wait { command, .. }
            | ConvexCliError::Failed { command, .. } => command,
        }
    }

    /// What kind of problem this is, from the error and the phrases the CLI printed
    /// (case-insensitive).
    pub fn problem(&self) -> CliProblem {
        match self {
            ConvexCliError::CannotStart { error, .. } if error.kind() == std::io::ErrorKind::NotFound => CliProblem::NotInstalled,
            ConvexCliError::TimedOut { .. } => CliProblem::TimedOut,
            ConvexCliError::Failed { output, .. } => {
                let text = output.to_ascii_lowercase();
                let has = |phrases: &[&str]| phrases.iter().any(|p| text.contains(p));
                if has(NOT_INSTALLED) {
                    CliProblem::NotInstalled
                } else if has(NOT_LOGGED_IN) {
                    CliProblem::NotLoggedIn
                } else if has(NO_DEPLOYMENT) {
                    CliProblem::NoDeployment
                } else {
                    CliProblem::Failed
                }
            }
            _ => CliProblem::Failed,
        }
    }

    /// What to do, for a report: `dir` names the folder the CLI ran in, `prod` whether it
    /// was asked for the production deployment. What happened is the error's `Display`; for the
    /// causes without a known remedy the advice includes it.
    pub fn advice(&self, dir: &str, prod: bool) -> String {
        let deployment = if prod { "production" } else { "development" };
        match self.problem() {
            CliProblem::NotInstalled => format!(
                "the Convex CLI is not installed here: run `npm install convex` in {dir} (or your package manager's equivalent), \
                 then run again"
            ),
            CliProblem::NotLoggedIn => {
                "the Convex CLI is not logged in: run `npx convex login` (or set CONVEX_DEPLOY_KEY), then run again".to_string()
            }
            CliProblem::NoDeployment if prod => format!(
                "the Convex CLI has no deployment configured in {dir}: run `npx convex dev` there once to choose the project \
                 (it writes CONVEX_DEPLOYMENT to .env.local), or set CONVEX_DEPLOY_KEY to a production deploy key, then run again"
            ),
            CliProblem::NoDeployment => format!(
                "the Convex CLI has no deployment configured in {dir}: run `npx convex dev` there once to choose the project \
                 (it writes CONVEX_DEPLOYMENT to .env.local), then run again"
            ),
            CliProblem::TimedOut => format!("{self}: is it waiting for a login prompt? Run it by hand in {dir} to see"),
            CliProblem::Failed => format!("{self}; the {deployment} deployment's env could not be read"),
        }
    }

    /// Whether [`ConvexCliError::advice`] leaves out what happened (the report shows both).
    pub fn advice_needs_detail(&self) -> bool {
        !matches!(self.problem(), CliProblem::TimedOut | CliProblem::Failed)
    }
}

impl std::fmt::Display for ConvexCliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConvexCliError::CannotStart { command, error } => write!(f, "cannot run `{command}`: {error}"),
            ConvexCliError::TimedOut { command, seconds } => write!(f, "`{command}` did not finish within {seconds} s"),
            ConvexCliError::Wait { command, error } => write!(f, "`{command}`: {error}"),
            ConvexCliError::Failed { command, status, last_line, .. } if last_line.is_empty() => {
                write!(f, "`{command}` failed ({status})")
            }
            ConvexCliError::Failed { command, status, last_line, .. } => write!(f, "`{command}` failed ({status}): {last_line}"),
        }
    }
}

impl std::error::Error for ConvexCliError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConvexCliError::CannotStart { error, .. } | ConvexCliError::Wait { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// The file name of the Convex CLI in `node_modules/.bin`.
const CONVEX_BIN: &str = if cfg!(windows) { "convex.cmd" } else { "convex" };
const NPX: &str = if cfg!(windows) { "npx.cmd" } else { "npx" };

/// The project's own Convex CLI: `node_modules/.bin/convex` in `dir` or the nearest parent that
/// has one, up to `root` (`dir` alone when it is not inside `root`).
pub fn local_convex_cli(dir: &Path, root: &Path) -> Option<std::path::PathBuf> {
    for d in dir.ancestors() {
        let bin = d.join("node_modules").join(".bin").join(CONVEX_BIN);
        if bin.is_file() {
            return Some(bin);
        }
        if d == root || !d.starts_with(root) {
            break;
        }
    }
    None
}

/// Runs `convex env list --include-values` (with `--prod` when `prod`) in `dir`, with a
/// timeout: `AUTHKIT_DOCTOR_CONVEX_CLI` when set, else the project's own CLI
/// ([`local_convex_cli`]), else `npx --no convex`. Returns its stdout and the command line
/// shown (the program relative to `root` when inside it).
pub fn run_convex_cli(dir: &Path, root: &Path, prod: bool) -> Result<(String, String), ConvexCliError> {
    let (program, shown_program, mut args): (std::ffi::OsString, String, Vec<String>) =
        match std::env::var(CONVEX_CLI_ENV).ok().filter(|v| !v.trim().is_empty()) {
            Some(cmd) => (cmd.clone().into(), cmd, Vec::new()),
            None => match local_convex_cli(dir, root) {
                Some(bin) => {
                    let shown = bin.strip_prefix(root).unwrap_or(&bin).to_string_lossy().replace('\\', "/");
                    (bin.into_os_string(), shown, Vec::new())
                }
                None => (NPX.into(), "npx".into(), vec!["--no".into(), "convex".into()]),
            },
        };
    args.extend(["env", "list", "--include-values"].map(String::from));
    if prod {
        args.push("--prod".into());
    }
    let shown = format!("{shown_program} {}", args.join(" "));
    let mut child = std::process::Command::new(&program)
        .args(&args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|error| ConvexCliError::CannotStart { command: shown.clone(), error })?;
    let mut stdout = child.stdout.take();
    let mut stderr = child.stderr.take();
    let out_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stdout.as_mut() {
            let _ = s.take(http::DEFAULT_MAX_BYTES).read_to_end(&mut buf);
        }
        buf
    });
    let err_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stderr.as_mut() {
            let _ = s.take(64 * 1024).read_to_end(&mut buf);
        }
        buf
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Ok(status),
            Ok(None) if started.elapsed() > CLI_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                break Err(ConvexCliError::TimedOut { command: shown.clone(), seconds: CLI_TIMEOUT.as_secs() });
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(error) => break Err(ConvexCliError::Wait { command: shown.clone(), error }),
        }
    };
    let out = String::from_utf8_lossy(&out_thread.join().unwrap_or_default()).into_owned();
    let err = String::from_utf8_lossy(&err_thread.join().unwrap_or_default()).into_owned();
    let status = status?;
    if !status.success() {
        let last_line = err.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").trim().to_string();
        return Err(ConvexCliError::Failed { command: shown, status, last_line, output: format!("{err}\n{out}") });
    }
    Ok((out, shown))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::process::ExitStatusExt;

    fn failed(stderr: &str) -> ConvexCliError {
        ConvexCliError::Failed {
            command: "npx --no convex env list --include-values".into(),
            status: std::process::ExitStatus::from_raw(1 << 8),
            last_line: stderr.lines().last().unwrap_or("").into(),
            output: stderr.into(),
        }
    }

    #[test]
    fn cli_failures_are_told_apart_by_what_they_print() {
        let cases = [
            ("npm error npx canceled due to missing packages and no YES option: [\"convex@1.29.0\"]", CliProblem::NotInstalled),
            ("npm ERR! could not determine executable to run", CliProblem::NotInstalled),
            ("✖ Error: NOT LOGGED IN", CliProblem::NotLoggedIn),
            ("Please run `npx convex login`", CliProblem::NotLoggedIn),
            ("✖ No CONVEX_DEPLOYMENT set, run `npx convex dev` to configure a Convex project", CliProblem::NoDeployment),
            ("✖ Server error 500", CliProblem::Failed),
        ];
        for (stderr, problem) in cases {
            assert_eq!(failed(stderr).problem(), problem, "{stderr}");
        }
        let missing = ConvexCliError::CannotStart { command: "npx".into(), error: std::io::ErrorKind::NotFound.into() };
        assert_eq!(missing.problem(), CliProblem::NotInstalled);
        assert!(missing.advice("apps/web", false).contains("run `npm install convex` in apps/web"));
        assert!(failed("✖ Server error 500").advice(".", true).contains("Server error 500"));
    }

    #[test]
    fn the_projects_own_cli_is_found_up_to_the_root() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let pkg = root.join("packages/backend");
        std::fs::create_dir_all(&pkg).unwrap();
        assert_eq!(local_convex_cli(&pkg, root), None);
        std::fs::create_dir_all(root.join("node_modules/.bin")).unwrap();
        std::fs::write(root.join("node_modules/.bin/convex"), "").unwrap();
        assert_eq!(local_convex_cli(&pkg, root), Some(root.join("node_modules/.bin/convex")));
        // Not above the scanned root.
        assert_eq!(local_convex_cli(&pkg, &pkg), None);
    }
}
