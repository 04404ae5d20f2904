//! `authkit-doctor check --online [--prod]`: the checks of `check` that need the network, in the
//! same run.
//!
//! - Before the rules run, the project's own Convex CLI (`convex env list --include-values`,
//!   with `--prod` for the production deployment) runs in the Convex package dir, with the
//!   user's own Convex login; its output is read exactly as `--convex-env FILE` (or
//!   `--convex-env-prod FILE`) would be, so every rule that needs the deployment's env sees it.
//! - After them (and after `--fix`), every JWKS the project relies on and each Convex URL's
//!   `GET /version` are fetched as `probe` does ([`crate::commands::probe::network_checks`]);
//!   JWKS problems are the same `token/jwks-*` findings.
//!
//! A CLI that cannot run (not installed, not logged in, no deployment configured) is not a
//! problem of the project: the report says so with what to do, the check runs without the
//! deployment env, and findings alone decide the exit code. The human report opens with an
//! "Online:" section naming the command run and each URL fetched; JSON carries it as `online`;
//! SARIF and GitHub annotations hold findings only (a CLI problem is a note on stderr there).

use crate::commands::probe::{NetworkTargets, network_checks, read_deployment_env, write_json_with};
use authkit_doctor_core::check::{CheckOptions, CheckRun, Discovered};
use authkit_doctor_core::facts::DeploymentEnvText;
use authkit_doctor_core::probe::ProbeResult;
use authkit_doctor_core::report::{self, Format, HumanOptions, Report};
use authkit_doctor_core::token::http;
use clap::Args;
use std::io::Write;

/// `check`'s network flags. Offline is the default; `--online` is the only switch that
/// reaches the network.
#[derive(Args, Debug, Clone, Default)]
pub struct OnlineArgs {
    /// Also read the deployment's env with the project's Convex CLI (your login) as --convex-env
    /// would, fetch the project's JWKS URLs and ping its Convex URL
    #[arg(long)]
    pub online: bool,
    /// With --online: read the production deployment's env instead (as --convex-env-prod)
    #[arg(long)]
    pub prod: bool,
    /// With --online: fetch https://api.workos.com URLs from this base instead (also
    /// AUTHKIT_DOCTOR_WORKOS_API_BASE)
    #[arg(long, value_name = "URL")]
    pub workos_api_base: Option<String>,
}

impl OnlineArgs {
    /// Flags that do not go together, as a message for exit code 2. `convex_env` and
    /// `convex_env_prod`: whether `--convex-env` / `--convex-env-prod` were given.
    pub fn usage_error(&self, convex_env: bool, convex_env_prod: bool) -> Option<String> {
        if !self.online {
            if self.prod {
                return Some(
                    "--prod goes with --online: `authkit-doctor check --online --prod` reads the production deployment's env \
                     with the Convex CLI (offline, pass its output with --convex-env-prod FILE)"
                        .into(),
                );
            }
            if self.workos_api_base.is_some() {
                return Some("--workos-api-base goes with --online (without it, check makes no request)".into());
            }
            return None;
        }
        let (flag, clash) = if self.prod { ("--convex-env-prod", convex_env_prod) } else { ("--convex-env", convex_env) };
        clash.then(|| {
            format!(
                "--online{} reads that deployment's env with the Convex CLI, and {flag} gives it from a file: pass one of them",
                if self.prod { " --prod" } else { "" }
            )
        })
    }
}

/// One `check --online` run: what the CLI printed, then what the network checks found.
pub struct Online {
    prod: bool,
    workos_api_base: Option<String>,
    env_text: Option<DeploymentEnvText>,
    /// When the CLI gave no env: the file the check used for that deployment instead
    /// (`convexEnv` in `authkit-doctor.json`), if any.
    fallback: Option<String>,
    result: ProbeResult,
}

impl Online {
    /// Runs the Convex CLI in the walked project's Convex package dir (before the rules run).
    pub fn start(args: &OnlineArgs, discovered: &Discovered) -> Online {
        let mut result = ProbeResult::default();
        let mut env_text = None;
        if discovered.project.convex_dirs.is_empty() {
            result.notes.push("no Convex functions dir here: the Convex CLI was not run, no deployment env was read".into());
        } else {
            let (check, text) = read_deployment_env(&discovered.root, &discovered.project, args.prod);
            result.deployment_env = Some(check);
            env_text = text;
        }
        Online {
            prod: args.prod,
            workos_api_base: http::workos_api_base(args.workos_api_base.as_deref()),
            env_text,
            fallback: None,
            result,
        }
    }

    /// The CLI's output, for [`CheckOptions::convex_env_text`] (none when it could not be read).
    pub fn env_text(&self) -> Option<DeploymentEnvText> {
        self.env_text.clone()
    }

    /// The JWKS and Convex URL checks over the finished run; their findings join the run's,
    /// filtered like them (`--rule`, `--ignore`, `--severity`).
    pub fn fetch(&mut self, run: &mut CheckRun, options: &CheckOptions) {
        let deployment = if self.prod { run.facts.deployment.prod.as_ref() } else { run.facts.deployment.dev.as_ref() };
        if self.env_text.is_none() {
            self.fallback = deployment.map(|d| d.path.clone());
        }
        let mut notes = Vec::new();
        let input = crate::commands::token::project_input(run, None, deployment, &mut notes);
        self.result.notes.extend(notes);
        let targets = NetworkTargets {
            deployment,
            convex_url: None,
            workos_api_base: self.workos_api_base.clone(),
            convex_url_hint: "set AUTHKIT_DOCTOR_CONVEX_URL, or run `authkit-doctor probe --online --convex-url URL`",
        };
        let findings = network_checks(run, &input, &targets, &mut self.result);
        run.add_findings(findings, options);
    }

    /// The report, with the "Online:" section (human) or the `online` object (JSON).
    pub fn write(&self, out: &mut dyn Write, rep: &Report, format: Format, human: &HumanOptions) -> std::io::Result<()> {
        let env_problem = self.result.deployment_env.as_ref().filter(|e| !e.ok).and_then(|e| e.problem.as_deref());
        match format {
            Format::Json => write_json_with(out, rep, "online", &self.result),
            Format::Human => {
                self.write_human(out, rep)?;
                report::write(out, rep, Format::Human, human)
            }
            other => {
                if let Some(problem) = env_problem {
                    eprintln!("authkit-doctor: note: {}; {}", clean(rep, problem), clean(rep, &self.went_on()));
                }
                report::write(out, rep, other, human)
            }
        }
    }

    /// What the check used when the CLI gave no env.
    fn went_on(&self) -> String {
        let which = if self.prod { "production" } else { "development" };
        match &self.fallback {
            Some(path) => format!("checked with {path} (authkit-doctor.json) as the {which} deployment's env instead"),
            None => format!("checked without the {which} deployment's env"),
        }
    }

    fn write_human(&self, out: &mut dyn Write, rep: &Report) -> std::io::Result<()> {
        let r = &self.result;
        let mark = |ok: bool| if ok { "✔" } else { "✖" };
        writeln!(out, "Online:")?;
        if let Some(e) = &r.deployment_env {
            let which = if e.prod { "production" } else { "development" };
            let what = if !e.ok {
                String::new()
            } else if e.vars.is_empty() {
                format!(": the {which} deployment sets no variable")
            } else {
                let n = e.vars.len();
                format!(": the {which} deployment's env ({n} variable{})", if n == 1 { "" } else { "s" })
            };
            writeln!(out, "  {} ran `{}` in {}{what}", mark(e.ok), clean(rep, &e.command), clean(rep, &e.dir))?;
            if let Some(p) = e.problem.as_deref().filter(|_| !e.ok) {
                writeln!(out, "      {}", clean(rep, p))?;
                if let Some(d) = &e.detail {
                    writeln!(out, "      {}", clean(rep, d))?;
                }
                writeln!(out, "      {}", clean(rep, &self.went_on()))?;
            }
        }
        for c in &r.jwks {
            writeln!(out, "  {} GET {}  ({})", mark(c.ok && c.problem.is_none()), clean(rep, &c.url), clean(rep, &c.source))?;
            if let Some(f) = &c.fetched_from {
                writeln!(out, "      fetched from {}", clean(rep, f))?;
            }
            if let Some(p) = &c.problem {
                writeln!(out, "      {}", clean(rep, p))?;
            }
        }
        for c in &r.convex {
            let url = format!("{}/version", c.url.trim_end_matches('/'));
            writeln!(out, "  {} GET {}  ({})", mark(c.ok), clean(rep, &url), clean(rep, &c.source))?;
            if let Some(p) = &c.problem {
                writeln!(out, "      {}", clean(rep, p))?;
            }
        }
        for n in &r.notes {
            writeln!(out, "  note: {}", clean(rep, n))?;
        }
        writeln!(out)
    }
}

/// A text fit for the terminal: secrets masked, control characters made visible.
fn clean(rep: &Report, text: &str) -> String {
    authkit_doctor_core::redact::sanitize(&rep.redactor.redact(text)).into_owned()
}
