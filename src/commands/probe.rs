//! `authkit-doctor probe [PATH] --online`: the checks that need the network.
//!
//! - Every JWKS the project relies on — the `jwks` URL of each provider in `auth.config.ts`
//!   (env vars resolved from the deployment env or the project's env files) and
//!   `https://api.workos.com/sso/jwks/<clientId>` for each client id in the project's env — is
//!   fetched and checked as Convex would: status exactly 200, `Content-Type` JSON, every key
//!   parses. Problems are `token/jwks-*` findings with Convex's message.
//! - Each Convex deployment URL the app uses (`VITE_CONVEX_URL`, `NEXT_PUBLIC_CONVEX_URL`…, or
//!   `--convex-url`) must answer `GET <url>/version`.
//! - With `--convex-cli`, the project's Convex CLI (`convex env list --include-values`) runs in
//!   the Convex package dir, and its output resolves the auth config's env vars like
//!   `--convex-env` would ([`read_deployment_env`], shared with `check --online`).
//!
//! The tool is offline by default (README); `probe` without `--online` explains that and exits 2.
//! One request per URL, sequential, 5 s timeout, 1 MiB body limit, no retries. Every base URL can
//! be overridden: `--workos-api-base` / `AUTHKIT_DOCTOR_WORKOS_API_BASE`, `--convex-url` /
//! `AUTHKIT_DOCTOR_CONVEX_URL`, and `AUTHKIT_DOCTOR_CONVEX_CLI` replaces the Convex CLI.
//! [`network_checks`] is the network part, shared with `check --online`.

use crate::commands::token::SharedArgs;
use crate::output::{EXIT_FINDINGS, EXIT_INPUT, EXIT_OK};
use authkit_doctor_core::check;
use authkit_doctor_core::diagnostic::{Finding, Severity};
use authkit_doctor_core::discover::Project;
use authkit_doctor_core::facts::env::{self as env_facts, Mode};
use authkit_doctor_core::facts::{DeploymentEnv, DeploymentEnvText};
use authkit_doctor_core::probe::{CONVEX_URL_ENV, CliProblem, EnvCheck, ProbeResult, check_convex_url, check_jwks, run_convex_cli};
use authkit_doctor_core::report::{self, Format, HumanOptions, Report};
use authkit_doctor_core::token::ProjectInput;
use authkit_doctor_core::token::http::{self, Limits};
use authkit_doctor_core::token::providers;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

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
    /// Read the deployment env with the project's Convex CLI (`convex env list --include-values`)
    #[arg(long)]
    pub convex_cli: bool,
    /// The Convex deployment URL to check (also AUTHKIT_DOCTOR_CONVEX_URL; default: from env files)
    #[arg(long, value_name = "URL")]
    pub convex_url: Option<String>,
    // --convex-env, --workos-api-base, --format, --no-color: the same flags as `token`.
    #[command(flatten)]
    pub shared: SharedArgs,
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
    let mut options = args.shared.check_options();
    let discovered = match check::discover(&path) {
        Ok(d) => d,
        Err(e) => return input_error(&e.to_string()),
    };
    let mut result = ProbeResult::default();
    // The deployment env from the Convex CLI: read into the facts like `--convex-env` would.
    if args.convex_cli {
        let (env_check, text) = read_deployment_env(&discovered.root, &discovered.project, false);
        result.deployment_env = Some(env_check);
        options.convex_env_text = text;
    }
    let run = match check::run_discovered(discovered, &options) {
        Ok(run) => run,
        Err(e) => return input_error(&e.to_string()),
    };
    let cli_env = if options.convex_env_text.is_some() { run.facts.deployment.dev.as_ref() } else { None };

    let mut notes = Vec::new();
    let input = crate::commands::token::project_input(&run, None, cli_env, &mut notes);
    if let (Some(env_check), Some(_)) = (result.deployment_env.as_mut(), cli_env) {
        env_check.unset =
            authkit_doctor_core::token::env_names(&input.providers).into_iter().filter(|n| !env_check.vars.contains(n)).collect();
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
    let targets = NetworkTargets {
        deployment: cli_env,
        convex_url: args.convex_url.clone().map(|u| (u, "--convex-url".to_string())),
        workos_api_base: args.shared.workos_api_base(),
        convex_url_hint: "pass --convex-url",
    };
    let mut findings = network_checks(&run, &input, &targets, &mut result);

    report::sort_findings(&mut findings, &run.files);
    let summary = authkit_doctor_core::facts::setup::project_summary(&run.project);
    let rep = run.report(&summary, &findings, &run.redactor);
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

/// Runs the project's Convex CLI (`convex env list --include-values`, `--prod` when `prod`) in
/// the first Convex package dir. The check to report, and the output when it is a usable dump,
/// to pass as [`CheckOptions::convex_env_text`](authkit_doctor_core::check::CheckOptions).
/// Shared by `probe --convex-cli` and `check --online`.
pub fn read_deployment_env(root: &Path, project: &Project, prod: bool) -> (EnvCheck, Option<DeploymentEnvText>) {
    let dir_rel = project.convex_dirs.first().map(|d| d.package_dir.clone()).unwrap_or_default();
    let shown_dir = if dir_rel.is_empty() { ".".to_string() } else { dir_rel.clone() };
    let mut check = EnvCheck {
        command: String::new(),
        dir: shown_dir,
        ok: false,
        vars: Vec::new(),
        unset: Vec::new(),
        problem: None,
        cause: None,
        detail: None,
        prod,
    };
    match run_convex_cli(&root.join(&dir_rel), root, prod) {
        Ok((out, shown)) => {
            check.command = shown.clone();
            match DeploymentEnvText::usable(&out) {
                Ok(()) => {
                    check.ok = true;
                    check.vars = authkit_doctor_core::env_file::lex_convex_env_list(&out).entries.iter().map(|e| e.key.clone()).collect();
                    return (check, Some(DeploymentEnvText { shown, text: out, production: prod }));
                }
                Err(why) => {
                    check.problem = Some(format!("its output is not a list of NAME=value lines: {why}"));
                    check.cause = Some(CliProblem::Failed);
                }
            }
        }
        Err(e) => {
            check.command = e.command().to_string();
            let folder = if dir_rel.is_empty() { "the project folder".to_string() } else { dir_rel.clone() };
            check.problem = Some(e.advice(&folder, prod));
            check.detail = e.advice_needs_detail().then(|| e.to_string());
            check.cause = Some(e.problem());
        }
    }
    (check, None)
}

/// What [`network_checks`] fetches beyond the project's own files.
#[derive(Default)]
pub struct NetworkTargets<'a> {
    /// The deployment env in use: its `WORKOS_CLIENT_ID`'s JWKS is fetched too.
    pub deployment: Option<&'a DeploymentEnv>,
    /// The Convex URL to check and where it came from (`--convex-url`); else
    /// `AUTHKIT_DOCTOR_CONVEX_URL`, else the apps' env files.
    pub convex_url: Option<(String, String)>,
    /// Where https://api.workos.com URLs are fetched from (`--workos-api-base` or its env var).
    pub workos_api_base: Option<String>,
    /// How to name a Convex URL when the env files have none.
    pub convex_url_hint: &'static str,
}

/// The network part of `probe` and `check --online`: every JWKS the project relies on (the
/// providers' `jwks`, then one per client id the project names) and each Convex deployment
/// URL's `GET /version`. Fills `result` and returns the `token/jwks-*` findings.
pub fn network_checks(run: &check::CheckRun, input: &ProjectInput, targets: &NetworkTargets, result: &mut ProbeResult) -> Vec<Finding> {
    let limits = Limits::from_env();
    let mut findings = Vec::new();
    let mut jwks_urls: Vec<(String, String)> = Vec::new();
    let file = input.config_file.clone().unwrap_or_default();
    let mut specs = providers::from_config(&input.providers, &file, &input.env);
    if input.component_providers {
        specs.extend(providers::component_providers(&input.env));
    }
    let mut unresolved: Vec<&str> = Vec::new();
    for s in &specs {
        let Some(url) = &s.jwks else { continue };
        let label = match s.index {
            Some(i) => format!("{file} providers[{i}]"),
            None => "getAuthConfigProviders()".to_string(),
        };
        if url.contains("${env:") {
            if !unresolved.contains(&url.as_str()) {
                unresolved.push(url);
                result.notes.push(format!(
                    "{label}: the jwks URL {url} needs an env var nothing defines (give the deployment's env: --convex-env FILE, \
                     or read it with the Convex CLI)"
                ));
            }
        } else if url.starts_with("http://") || url.starts_with("https://") {
            if !jwks_urls.iter().any(|(u, _)| u == url) {
                jwks_urls.push((url.clone(), label));
            }
        } else if !url.to_ascii_lowercase().starts_with("data:") {
            result.notes.push(format!("{label}: the jwks {url} is neither a URL nor a data: URI"));
        }
    }
    let mut client_ids: Vec<(String, String)> = input.client_id_places.clone();
    if let Some(dep) = targets.deployment
        && let Some(e) = dep.get("WORKOS_CLIENT_ID")
    {
        client_ids.push((e.value.trim().to_string(), format!("the deployment's WORKOS_CLIENT_ID ({})", dep.path)));
    }
    for (id, place) in client_ids {
        if !id.starts_with("client_") || id.len() <= "client_".len() {
            continue;
        }
        let url = format!("{}/sso/jwks/{id}", http::WORKOS_API_ORIGIN);
        if !jwks_urls.iter().any(|(u, _)| *u == url) {
            jwks_urls.push((url, place));
        }
    }
    for (url, source) in &jwks_urls {
        let (check, finding) = check_jwks(url, source, targets.workos_api_base.as_deref(), limits);
        result.jwks.push(check);
        findings.extend(finding);
    }
    if jwks_urls.is_empty() && unresolved.is_empty() {
        result.notes.push("no JWKS URL or client id found in auth.config.ts or the env files".into());
    }

    // Convex deployment URLs.
    let mut urls: Vec<(String, String)> = Vec::new();
    let from_env = std::env::var(CONVEX_URL_ENV).ok().filter(|v| !v.trim().is_empty()).map(|u| (u, CONVEX_URL_ENV.to_string()));
    match targets.convex_url.clone().or(from_env) {
        Some(u) => urls.push(u),
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
        result.notes.push(format!(
            "no Convex deployment URL found in the env files (VITE_CONVEX_URL, NEXT_PUBLIC_CONVEX_URL…); {}",
            targets.convex_url_hint
        ));
    }
    findings
}

/// The JSON report with `value` (redacted) as `key`, just before `summary`.
pub fn write_json_with(out: &mut dyn Write, rep: &Report, key: &str, value: &impl serde::Serialize) -> std::io::Result<()> {
    let mut buf = Vec::new();
    report::write_json(&mut buf, rep)?;
    let mut doc: serde_json::Value = serde_json::from_slice(&buf).map_err(std::io::Error::other)?;
    let extra = serde_json::to_string(value).map_err(std::io::Error::other)?;
    let extra: serde_json::Value = serde_json::from_str(&rep.redactor.redact(&extra)).map_err(std::io::Error::other)?;
    if let serde_json::Value::Object(map) = &mut doc {
        let summary = map.remove("summary");
        map.insert(key.into(), extra);
        if let Some(s) = summary {
            map.insert("summary".into(), s);
        }
    }
    let mut text = serde_json::to_string_pretty(&doc).map_err(std::io::Error::other)?;
    text.push('\n');
    out.write_all(text.as_bytes())
}

fn write(out: &mut dyn Write, result: &ProbeResult, rep: &Report, format: Format, human: &HumanOptions) -> std::io::Result<()> {
    let r = rep.redactor;
    match format {
        Format::Json => write_json_with(out, rep, "probe", result),
        Format::Human => {
            let clean = |s: &str| authkit_doctor_core::redact::sanitize(&r.redact(s)).into_owned();
            let mark = |ok: bool| if ok { "✔" } else { "✖" };
            writeln!(out, "── Probe {}", "─".repeat(70))?;
            writeln!(out)?;
            if let Some(e) = &result.deployment_env {
                writeln!(out, "  {} deployment env via `{}` in {}", mark(e.ok), clean(&e.command), clean(&e.dir))?;
                if !e.vars.is_empty() {
                    writeln!(out, "      sets {}", e.vars.join(", "))?;
                }
                for p in e.problem.iter().chain(&e.detail) {
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
