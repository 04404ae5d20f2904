//! The checks that need the network, as `authkit-doctor probe --online` runs them:
//!
//! - a JWKS is fetched and judged as Convex would: status exactly 200, `Content-Type` JSON, every
//!   key parses. Problems are `token/jwks-*` findings with Convex's message;
//! - a Convex deployment URL must answer `GET <url>/version`;
//! - the deployment env is read by running the project's Convex CLI
//!   (`npx convex env list --include-values`) in the Convex package dir.
//!
//! One request per URL, 5 s timeout, 1 MiB body limit, no retries. `AUTHKIT_DOCTOR_CONVEX_CLI`
//! replaces `npx convex` (tests use a stand-in).

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
/// How long `npx convex env list` may take (it may download the CLI first).
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

/// Why `npx convex env list` gave no env. Each variant keeps the command line as shown to the
/// user, so a report can say what was run.
#[derive(Debug)]
pub enum ConvexCliError {
    /// The program could not be started (npx missing, not executable).
    CannotStart { command: String, error: std::io::Error },
    /// No exit within [`CLI_TIMEOUT`] (a login prompt waiting for input, a hung network).
    TimedOut { command: String, seconds: u64 },
    /// Waiting for the process failed.
    Wait { command: String, error: std::io::Error },
    /// It ran and failed; `last_line` is the last non-empty line of its stderr.
    Failed { command: String, status: std::process::ExitStatus, last_line: String },
}

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
}

impl std::fmt::Display for ConvexCliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConvexCliError::CannotStart { command, error } => write!(f, "cannot run `{command}`: {error}"),
            ConvexCliError::TimedOut { command, seconds } => write!(f, "`{command}` did not finish within {seconds} s"),
            ConvexCliError::Wait { command, error } => write!(f, "`{command}`: {error}"),
            ConvexCliError::Failed { command, status, last_line } if last_line.is_empty() => {
                write!(f, "`{command}` failed ({status})")
            }
            ConvexCliError::Failed { command, status, last_line } => write!(f, "`{command}` failed ({status}): {last_line}"),
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

/// Runs the Convex CLI (or its stand-in) with a timeout; its stdout and the command line shown.
pub fn run_convex_cli(dir: &Path) -> Result<(String, String), ConvexCliError> {
    let (program, mut args): (String, Vec<String>) = match std::env::var(CONVEX_CLI_ENV).ok().filter(|v| !v.trim().is_empty()) {
        Some(cmd) => (cmd, Vec::new()),
        None => ("npx".into(), vec!["convex".into()]),
    };
    args.extend(["env", "list", "--include-values"].map(String::from));
    let shown = format!("{program} {}", args.join(" "));
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
        return Err(ConvexCliError::Failed { command: shown, status, last_line });
    }
    Ok((out, shown))
}
