//! `authkit-doctor probe [PATH] --online`: the checks that need the network.
//!
//! - Every JWKS the project relies on — the `jwks` URL of each provider in `auth.config.ts`
//!   (env vars resolved from the deployment env or the project's env files) and
//!   `https://api.workos.com/sso/jwks/<clientId>` for each client id in the project's env — is
//!   fetched and checked as Convex would: status exactly 200, `Content-Type` JSON, every key
//!   parses. Problems are `token/jwks-*` findings with Convex's message.
//! - Each Convex deployment URL the app uses (`VITE_CONVEX_URL`, `NEXT_PUBLIC_CONVEX_URL`…, or
//!   `--convex-url`) must answer `GET <url>/version`.
//! - With `--convex-cli`, `npx convex env list --include-values` runs in the Convex package dir,
//!   and its output resolves the auth config's env vars like `--convex-env` would.
//!
//! The tool is offline by default (CLI.md); `probe` without `--online` explains that and exits 2.
//! One request per URL, sequential, 5 s timeout, 1 MiB body limit, no retries. Every base URL can
//! be overridden: `--workos-api-base` / `AUTHKIT_DOCTOR_WORKOS_API_BASE`, `--convex-url` /
//! `AUTHKIT_DOCTOR_CONVEX_URL`, and `AUTHKIT_DOCTOR_CONVEX_CLI` replaces `npx convex`.

use crate::check;
use crate::cli::{EXIT_FINDINGS, EXIT_INPUT, EXIT_OK};
use crate::diagnostic::{Finding, Severity};
use crate::facts::DeploymentEnv;
use crate::facts::env::{self as env_facts, Mode};
use crate::report::{self, Format, HumanOptions, Report};
use crate::rules::token as rules;
use crate::source::{Decoding, SourceFile};
use crate::token::cli::SharedArgs;
use crate::token::http::{self, HttpError, Limits};
use crate::token::jwks::{self, JwkSet, JwksError};
use crate::token::{messages, providers};
use clap::Args;
use serde::Serialize;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub const CONVEX_URL_ENV: &str = "AUTHKIT_DOCTOR_CONVEX_URL";
pub const CONVEX_CLI_ENV: &str = "AUTHKIT_DOCTOR_CONVEX_CLI";
/// How long `npx convex env list` may take (it may download the CLI first).
const CLI_TIMEOUT: Duration = Duration::from_secs(60);

const EXAMPLES: &str = "\
Examples:
  authkit-doctor probe --online                  fetch every JWKS the project uses, ping the Convex URL
  authkit-doctor probe apps/web --online --convex-cli
                                                 also read the deployment env with the Convex CLI

Without --online, probe makes no request and exits 2 (the tool is offline by default).
Exit codes: 0 every check passed, 1 a check failed, 2 usage or input error.";

#[derive(Args, Debug, Clone, Default)]
#[command(after_help = EXAMPLES)]
pub struct ProbeArgs {
    /// Project folder (a monorepo root works)
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
    /// Allow network access (required: probe only makes requests)
    #[arg(long)]
    pub online: bool,
    /// Read the deployment env with `npx convex env list --include-values` in the Convex package
    #[arg(long)]
    pub convex_cli: bool,
    /// The Convex deployment URL to check (also AUTHKIT_DOCTOR_CONVEX_URL; default: from env files)
    #[arg(long, value_name = "URL")]
    pub convex_url: Option<String>,
    // --convex-env, --workos-api-base, --format, --no-color: the same flags as `token`.
    #[command(flatten)]
    pub shared: SharedArgs,
}

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

/// Runs the Convex CLI (or its stand-in) with a timeout; stdout on success.
fn run_convex_cli(dir: &Path) -> Result<(String, String), String> {
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
        .map_err(|e| format!("cannot run `{shown}`: {e}"))?;
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
                break Err(format!("`{shown}` did not finish within {} s", CLI_TIMEOUT.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => break Err(format!("`{shown}`: {e}")),
        }
    };
    let out = String::from_utf8_lossy(&out_thread.join().unwrap_or_default()).into_owned();
    let err = String::from_utf8_lossy(&err_thread.join().unwrap_or_default()).into_owned();
    let status = status?;
    if !status.success() {
        let last = err.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").trim().to_string();
        return Err(format!("`{shown}` failed ({status}){}", if last.is_empty() { String::new() } else { format!(": {last}") }));
    }
    Ok((out, shown))
}

fn input_error(message: &str) -> i32 {
    eprintln!("authkit-doctor: {message}");
    EXIT_INPUT
}

const CONVEX_URL_VARS: [&str; 6] =
    ["VITE_CONVEX_URL", "NEXT_PUBLIC_CONVEX_URL", "EXPO_PUBLIC_CONVEX_URL", "PUBLIC_CONVEX_URL", "REACT_APP_CONVEX_URL", "CONVEX_URL"];

/// Runs `authkit-doctor probe`; returns the exit code.
pub fn run(args: &ProbeArgs) -> i32 {
    if !args.online {
        return input_error(
            "probe only makes network requests (JWKS, Convex URL) and authkit-doctor is offline by default: pass --online to run it",
        );
    }
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let options = args.shared.check_options();
    let run = match check::run(&path, &options) {
        Ok(run) => run,
        Err(e) => return input_error(&e.0),
    };
    let mut redactor = run.redactor.clone();
    let limits = Limits::from_env();
    let base = args.shared.workos_api_base();
    let mut result = ProbeResult::default();
    let mut findings: Vec<Finding> = Vec::new();

    // The deployment env from the Convex CLI.
    let mut cli_env: Option<DeploymentEnv> = None;
    if args.convex_cli {
        let dir_rel = run.project.convex_dirs.first().map(|d| d.package_dir.clone()).unwrap_or_default();
        let dir = run.root.join(&dir_rel);
        let shown_dir = if dir_rel.is_empty() { ".".to_string() } else { dir_rel.clone() };
        let mut check = EnvCheck { command: String::new(), dir: shown_dir, ok: false, vars: Vec::new(), unset: Vec::new(), problem: None };
        match run_convex_cli(&dir) {
            Ok((out, shown)) => {
                check.command = shown.clone();
                let dep = DeploymentEnv::from_file(Arc::new(SourceFile::new(shown, out, Decoding::Utf8)));
                for e in &dep.env.entries {
                    redactor.add_env_entry(e, &dep.file.text);
                }
                if dep.env.entries.is_empty() {
                    check.problem = Some(match dep.env.problems.first() {
                        Some(p) => crate::env_file::convex_env_list_message(&dep.file.text, p),
                        None => "the deployment has no environment variables".into(),
                    });
                } else {
                    check.ok = true;
                    check.vars = dep.env.entries.iter().map(|e| e.key.clone()).collect();
                    cli_env = Some(dep);
                }
            }
            Err(e) => {
                check.command = e.split('`').nth(1).unwrap_or("npx convex env list --include-values").to_string();
                check.problem = Some(e);
            }
        }
        result.deployment_env = Some(check);
    }

    // JWKS URLs: the providers', then one per client id the project names.
    let mut notes = Vec::new();
    let input = crate::token::cli::project_input(&run, None, cli_env.as_ref(), &mut notes);
    if let (Some(env_check), Some(_)) = (result.deployment_env.as_mut(), cli_env.as_ref()) {
        env_check.unset = crate::token::env_names(&input.providers).into_iter().filter(|n| !env_check.vars.contains(n)).collect();
        if !env_check.unset.is_empty() {
            env_check.ok = false;
            env_check.problem = Some(format!(
                "auth.config.ts reads {} but the deployment does not set it: Convex refuses the push",
                env_check.unset.join(", ")
            ));
        }
    }
    result.notes = notes;
    for v in &input.env.vars {
        result.notes.push(format!("{} = {} ({})", v.name, v.value, v.source.describe()));
    }
    let mut targets: Vec<(String, String)> = Vec::new();
    let file = input.config_file.clone().unwrap_or_default();
    let mut specs = providers::from_config(&input.providers, &file, &input.env);
    if input.component_providers {
        specs.extend(providers::component_providers(&input.env));
    }
    for s in &specs {
        let Some(url) = &s.jwks else { continue };
        let label = match s.index {
            Some(i) => format!("{file} providers[{i}]"),
            None => "getAuthConfigProviders()".to_string(),
        };
        if url.contains("${env:") {
            result.notes.push(format!("{label}: the jwks URL {url} needs an env var nothing defines (pass --convex-env or --convex-cli)"));
        } else if url.starts_with("http://") || url.starts_with("https://") {
            if !targets.iter().any(|(u, _)| u == url) {
                targets.push((url.clone(), label));
            }
        } else if !url.to_ascii_lowercase().starts_with("data:") {
            result.notes.push(format!("{label}: the jwks {url} is neither a URL nor a data: URI"));
        }
    }
    let mut client_ids: Vec<(String, String)> = input.client_id_places.clone();
    if let Some(dep) = &cli_env
        && let Some(e) = dep.get("WORKOS_CLIENT_ID")
    {
        client_ids.push((e.value.trim().to_string(), "the deployment's WORKOS_CLIENT_ID (Convex CLI)".into()));
    }
    for (id, place) in client_ids {
        if !id.starts_with("client_") || id.len() <= "client_".len() {
            continue;
        }
        let url = format!("{}/sso/jwks/{id}", http::WORKOS_API_ORIGIN);
        if !targets.iter().any(|(u, _)| *u == url) {
            targets.push((url, place));
        }
    }
    for (url, source) in &targets {
        let (check, finding) = check_jwks(url, source, base.as_deref(), limits);
        result.jwks.push(check);
        findings.extend(finding);
    }
    if targets.is_empty() {
        result.notes.push("no JWKS URL or client id found in auth.config.ts or the env files".into());
    }

    // Convex deployment URLs.
    let mut urls: Vec<(String, String)> = Vec::new();
    match args.convex_url.clone().or_else(|| std::env::var(CONVEX_URL_ENV).ok().filter(|v| !v.trim().is_empty())) {
        Some(u) => urls.push((u, "--convex-url".into())),
        None => {
            for app in &run.facts.apps {
                for mode in [Mode::Development, Mode::Production] {
                    for var in CONVEX_URL_VARS {
                        if let Some((f, e)) = env_facts::lookup(&app.env_files, var, mode) {
                            let v = e.value.trim().to_string();
                            if !v.is_empty() && !urls.iter().any(|(u, _)| *u == v) {
                                urls.push((v, format!("{} ({var})", f.path)));
                            }
                        }
                    }
                }
            }
        }
    }
    for (url, source) in &urls {
        result.convex.push(check_convex_url(url, source, limits));
    }
    if urls.is_empty() {
        result.notes.push("no Convex deployment URL found (VITE_CONVEX_URL, NEXT_PUBLIC_CONVEX_URL…); pass --convex-url".into());
    }

    report::sort_findings(&mut findings, &run.files);
    let summary = crate::facts::setup::project_summary(&run.project);
    let rep = Report {
        root: &run.root,
        project: Some(&summary),
        findings: &findings,
        files: &run.files,
        files_scanned: run.project.files_seen,
        duration_ms: run.duration.as_millis(),
        redactor: &redactor,
    };
    let format = args.shared.format();
    let color = args.shared.color();
    let human = HumanOptions { color, quiet: false };
    let failed = !result.all_ok() || findings.iter().any(|f| f.severity == Severity::Error);
    let code = if failed { EXIT_FINDINGS } else { EXIT_OK };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = write(&mut out, &result, &rep, format, &human).and_then(|()| out.flush());
    match written {
        Ok(()) => code,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => code,
        Err(e) => input_error(&format!("cannot write output: {e}")),
    }
}

fn write(out: &mut dyn Write, result: &ProbeResult, rep: &Report, format: Format, human: &HumanOptions) -> std::io::Result<()> {
    let r = rep.redactor;
    match format {
        Format::Json => {
            let mut buf = Vec::new();
            report::write_json(&mut buf, rep)?;
            let mut doc: serde_json::Value = serde_json::from_slice(&buf).map_err(std::io::Error::other)?;
            let probe = serde_json::to_string(result).map_err(std::io::Error::other)?;
            let probe: serde_json::Value = serde_json::from_str(&r.redact(&probe)).map_err(std::io::Error::other)?;
            if let serde_json::Value::Object(map) = &mut doc {
                let summary = map.remove("summary");
                map.insert("probe".into(), probe);
                if let Some(s) = summary {
                    map.insert("summary".into(), s);
                }
            }
            let mut text = serde_json::to_string_pretty(&doc).map_err(std::io::Error::other)?;
            text.push('\n');
            out.write_all(text.as_bytes())
        }
        Format::Human => {
            let clean = |s: &str| crate::redact::sanitize(&r.redact(s)).into_owned();
            let mark = |ok: bool| if ok { "✔" } else { "✖" };
            writeln!(out, "── Probe {}", "─".repeat(70))?;
            writeln!(out)?;
            if let Some(e) = &result.deployment_env {
                writeln!(out, "  {} deployment env via `{}` in {}", mark(e.ok), clean(&e.command), clean(&e.dir))?;
                if !e.vars.is_empty() {
                    writeln!(out, "      sets {}", e.vars.join(", "))?;
                }
                if let Some(p) = &e.problem {
                    writeln!(out, "      {}", clean(p))?;
                }
            }
            for c in &result.jwks {
                writeln!(out, "  {} JWKS {}  ({})", mark(c.ok), clean(&c.url), clean(&c.source))?;
                if let Some(f) = &c.fetched_from {
                    writeln!(out, "      fetched from {}", clean(f))?;
                }
                for k in &c.keys {
                    writeln!(
                        out,
                        "      key {} {}{}",
                        k.kid.as_deref().map(clean).unwrap_or_else(|| "(no kid)".into()),
                        k.key,
                        k.alg.as_deref().map(|a| format!(" alg {a}")).unwrap_or_default()
                    )?;
                }
                if let Some(p) = &c.problem {
                    writeln!(out, "      {}", clean(p))?;
                }
            }
            for c in &result.convex {
                writeln!(out, "  {} Convex {}  ({})", mark(c.ok), clean(&c.url), clean(&c.source))?;
                if let Some(p) = &c.problem {
                    writeln!(out, "      {}", clean(p))?;
                }
            }
            for n in &result.notes {
                writeln!(out, "  note: {}", clean(n))?;
            }
            writeln!(out)?;
            report::write(out, rep, Format::Human, human)
        }
        other => report::write(out, rep, other, human),
    }
}
