//! `authkit-doctor token [JWT|-]`: reads the token, scans the project for its auth config and
//! env, judges the token ([`super::judge`]) and reports. Exit codes: 0 Convex accepts the token,
//! 1 Convex rejects it (an error finding), 2 the input is not a JWT at all or cannot be read.

use crate::output::{EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, FormatArg};
use authkit_doctor_core::check::{self, CheckOptions};
use authkit_doctor_core::diagnostic::Severity;
use authkit_doctor_core::facts::DeploymentEnv;
use authkit_doctor_core::facts::auth_config::{self, FileProblem, Unknown};
use authkit_doctor_core::facts::env::{self as env_facts, EnvMode, Mode};
use authkit_doctor_core::jwt;
use authkit_doctor_core::report::{self, Format, HumanOptions};
use authkit_doctor_core::token::providers::{Env, EnvSource};
use authkit_doctor_core::token::{Options, ProjectInput, http};
use clap::Args;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  authkit-doctor token eyJhbGciOi…                     judge a token against ./convex/auth.config.ts
  pbpaste | authkit-doctor token -                    read it from stdin
  authkit-doctor token \"$T\" --convex-env dev-env.txt  resolve env vars as the deployment has them
  authkit-doctor token \"$T\" --online                  also fetch the JWKS and check the signature
  authkit-doctor token \"$T\" --jwks jwks.json --now 1800000000

Exit codes: 0 Convex accepts the token, 1 Convex rejects it, 2 not a JWT / unreadable input.";

#[derive(Args, Debug, Clone, Default)]
#[command(after_help = EXAMPLES)]
pub struct TokenArgs {
    /// The JWT (a leading `Bearer ` is ignored), or `-` to read it from stdin (the default when
    /// stdin is not a terminal)
    #[arg(value_name = "JWT|-")]
    pub token: Option<String>,
    /// Project whose convex/auth.config.ts judges the token (default: the current directory)
    #[arg(long, value_name = "PATH")]
    pub project: Option<PathBuf>,
    /// Key set for the signature check: a JWKS file or URL (instead of the provider's jwks)
    #[arg(long, value_name = "FILE|URL")]
    pub jwks: Option<String>,
    /// Judge as of this Unix time (seconds) instead of now
    #[arg(long, value_name = "UNIX", allow_negative_numbers = true)]
    pub now: Option<i64>,
    /// Allow network access: fetch the provider's JWKS URL
    #[arg(long)]
    pub online: bool,
    /// The deployment's WORKOS_CLIENT_ID (resolves process.env.WORKOS_CLIENT_ID in auth.config.ts)
    #[arg(long, value_name = "ID")]
    pub client_id: Option<String>,
    #[command(flatten)]
    pub shared: SharedArgs,
}

/// Options common to `token` and `probe` (`probe` flattens this struct too).
#[derive(Args, Debug, Clone, Default)]
pub struct SharedArgs {
    /// Output of `npx convex env list --include-values` for the deployment
    #[arg(long, value_name = "FILE")]
    pub convex_env: Option<PathBuf>,
    /// Fetch https://api.workos.com URLs from this base instead (also AUTHKIT_DOCTOR_WORKOS_API_BASE)
    #[arg(long, value_name = "URL")]
    pub workos_api_base: Option<String>,
    /// Output format
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Never colour the output
    #[arg(long)]
    pub no_color: bool,
}

impl SharedArgs {
    /// What `check::run` needs: the deployment env file, if given.
    pub fn check_options(&self) -> CheckOptions {
        CheckOptions { convex_env_dev: self.convex_env.clone(), ..Default::default() }
    }

    /// Where to fetch https://api.workos.com URLs from: `--workos-api-base`, else
    /// AUTHKIT_DOCTOR_WORKOS_API_BASE, else `None` (the real origin).
    pub fn workos_api_base(&self) -> Option<String> {
        http::workos_api_base(self.workos_api_base.as_deref())
    }

    pub fn format(&self) -> Format {
        crate::output::output_format(self.format)
    }

    pub fn color(&self) -> bool {
        crate::output::use_color(self.no_color)
    }
}

fn input_error(message: &str) -> i32 {
    crate::output::input_error(message);
    EXIT_INPUT
}

/// Reads the token text: the argument, or stdin for `-`/no argument. At most
/// [`jwt::MAX_TOKEN_BYTES`]; must be UTF-8.
fn read_token(arg: Option<&str>) -> Result<String, String> {
    let raw = match arg {
        Some(t) if t != "-" => t.as_bytes().to_vec(),
        _ => {
            let stdin = std::io::stdin();
            if arg.is_none() && stdin.is_terminal() {
                return Err("no token given: pass it as an argument, or pipe it in with `-`".into());
            }
            let mut buf = Vec::new();
            stdin.lock().take(jwt::MAX_TOKEN_BYTES as u64 + 1).read_to_end(&mut buf).map_err(|e| format!("cannot read stdin: {e}"))?;
            buf
        }
    };
    if raw.len() > jwt::MAX_TOKEN_BYTES {
        return Err(format!("the input is larger than {} KiB: that is not a JWT", jwt::MAX_TOKEN_BYTES / 1024));
    }
    let text = String::from_utf8(raw).map_err(|_| "the input is not text (not UTF-8): that is not a JWT".to_string())?;
    let token = jwt::clean_input(&text);
    if token.is_empty() {
        return Err("the token is empty".into());
    }
    if token.chars().any(|c| c.is_control()) {
        return Err("the input holds control characters or several lines: paste one JWT".into());
    }
    Ok(token.to_string())
}

fn now_secs() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

/// Env var names auth.config.ts providers read, for the component helper too.
fn names_needed(input: &ProjectInput) -> Vec<String> {
    let mut names = authkit_doctor_core::token::env_names(&input.providers);
    if input.component_providers && !names.iter().any(|n| n == "WORKOS_CLIENT_ID") {
        names.push("WORKOS_CLIENT_ID".into());
    }
    names
}

/// The prefixed names a frontend uses for the same value (`VITE_WORKOS_CLIENT_ID`…).
pub const PUBLIC_PREFIXES: [&str; 6] = ["", "VITE_", "NEXT_PUBLIC_", "EXPO_PUBLIC_", "PUBLIC_", "REACT_APP_"];

/// Builds what the judge needs from a project scan. `deployment` overrides the scan's dev
/// deployment env (`probe --convex-cli` reads it from the Convex CLI).
pub fn project_input(
    run: &check::CheckRun,
    client_id: Option<&str>,
    deployment: Option<&DeploymentEnv>,
    notes: &mut Vec<String>,
) -> ProjectInput {
    let project = &run.project;
    // The Convex dir: the first one with an auth config, else the first.
    let chosen = (0..project.convex_dirs.len())
        .find(|&i| project.convex_dirs[i].auth_config().is_some())
        .or(if project.convex_dirs.is_empty() { None } else { Some(0) });
    let with_config = project.convex_dirs.iter().filter(|d| d.auth_config().is_some()).count();
    if with_config > 1 {
        notes.push(format!("{with_config} Convex functions dirs have an auth config; judging with the first"));
    }
    project_input_for(run, chosen, client_id, deployment)
}

/// [`project_input`] for the Convex functions dir `convex_dir` (an index into
/// `run.project.convex_dirs`; `None`: no config, no providers).
pub fn project_input_for(
    run: &check::CheckRun,
    convex_dir: Option<usize>,
    client_id: Option<&str>,
    deployment: Option<&DeploymentEnv>,
) -> ProjectInput {
    let mut input = ProjectInput::default();
    let project = &run.project;
    let facts = &run.facts;
    let Some(ci) = convex_dir else { return input };
    let dir = &project.convex_dirs[ci];
    let convex_facts = &facts.convex[ci];
    if let Some(path) = dir.auth_config() {
        input.config_file = Some(path.to_string());
        if let Some(file) = run.files.get(path) {
            // Evaluate without env: placeholders stay, and every source of values is ours.
            let a = auth_config::analyze(file, None);
            match &a.problem {
                Some(FileProblem::Parse { message, .. }) => input.config_problem = Some(format!("does not parse ({message})")),
                Some(FileProblem::Binary) => input.config_problem = Some("is not a text file".into()),
                Some(FileProblem::TooLarge(n)) => input.config_problem = Some(format!("is too large ({n} bytes)")),
                Some(FileProblem::TooDeep(depth)) => {
                    input.config_problem = Some(format!("is nested {depth} levels deep, too deep to analyse"))
                }
                None => {}
            }
            if let Some(p) = &a.providers {
                input.providers = p.items.clone();
                for (_, why) in &p.unknown {
                    match why {
                        Unknown::ComponentProviders => input.component_providers = true,
                        Unknown::Other(w) => input.unknown_providers.push(w.clone()),
                    }
                }
            }
            input.push_errors = a.push_errors.iter().map(|e| e.message.clone()).collect();
        }
    }
    input.code_reads = convex_facts.identity_reads.iter().map(|r| (r.field.clone(), r.location.clone())).collect();

    // Env values: --client-id, then the deployment dump, then the project's env files.
    let mut env = Env::default();
    if let Some(id) = client_id {
        env.set("WORKOS_CLIENT_ID", id.trim(), EnvSource::Flag);
    }
    let names = names_needed(&input);
    if let Some(dep) = deployment.or(facts.deployment.dev.as_ref()) {
        for name in &names {
            match dep.get(name) {
                Some(e) => env.set(name, &e.value, EnvSource::Deployment(dep.path.clone())),
                None if env.get(name).is_none() => {
                    input.push_errors.push(format!("Environment variable {name} is used in auth config file but its value was not set."))
                }
                None => {}
            }
        }
    }
    // The app in the Convex dir's own package first, then the others that talk to it: in a
    // monorepo another app's client id says little about this deployment.
    let closeness = |i: usize| {
        let app = &project.apps[i];
        if app.dir == dir.package_dir {
            0
        } else if app.convex == Some(ci) {
            1
        } else {
            2
        }
    };
    let mut apps_by_closeness: Vec<usize> = (0..facts.apps.len()).collect();
    apps_by_closeness.sort_by_key(|&i| closeness(i));
    for name in &names {
        if env.get(name).is_some() {
            continue;
        }
        if let Some((file, entry)) = env_facts::lookup(&convex_facts.env_files, name, Mode::Development) {
            env.set(name, &entry.value, EnvSource::EnvFile(format!("{} ({name})", file.path)));
            continue;
        }
        'apps: for app in apps_by_closeness.iter().map(|&i| &facts.apps[i]) {
            for prefix in PUBLIC_PREFIXES {
                let key = format!("{prefix}{name}");
                if let Some((file, entry)) = env_facts::lookup(&app.env_files, &key, Mode::Development) {
                    env.set(name, &entry.value, EnvSource::EnvFile(format!("{} ({key})", file.path)));
                    break 'apps;
                }
            }
        }
    }
    input.env = env;

    // Where each client id appears, to name a dev/prod mix-up.
    let env_files = facts.apps.iter().flat_map(|a| a.env_files.iter()).chain(convex_facts.env_files.iter());
    for f in env_files.filter(|f| f.mode != EnvMode::Example) {
        for e in &f.env.entries {
            let v = e.value.trim();
            if v.starts_with("client_") {
                input.client_id_places.push((v.to_string(), format!("{} ({})", f.path, e.key)));
            }
        }
    }
    for (which, dep) in facts.deployment.iter() {
        for e in &dep.env.entries {
            if e.value.trim().starts_with("client_") {
                input.client_id_places.push((e.value.trim().to_string(), format!("the {which} deployment's {} ({})", e.key, dep.path)));
            }
        }
    }
    input
}

/// Runs `authkit-doctor token`; returns the exit code.
pub fn run(args: &TokenArgs) -> i32 {
    let token = match read_token(args.token.as_deref()) {
        Ok(t) => t,
        Err(e) => return input_error(&e),
    };
    if let Some(j) = &args.jwks
        && matches!(authkit_doctor_core::token::jwks::Source::parse(j), authkit_doctor_core::token::jwks::Source::File(_))
        && let Err(e) = std::fs::metadata(j)
    {
        return input_error(&format!("cannot read the JWKS file {j}: {e}"));
    }
    let path = args.project.clone().unwrap_or_else(|| PathBuf::from("."));
    let options = args.shared.check_options();
    let run = match check::run(&path, &options) {
        Ok(run) => run,
        Err(e) => return input_error(&e.to_string()),
    };
    if run.project.convex_dirs.is_empty() {
        return input_error(&format!(
            "no Convex functions dir under {}: the token is judged against convex/auth.config.ts; run this in the project or pass --project PATH",
            path.display()
        ));
    }
    let mut notes = Vec::new();
    let opts = Options {
        now: args.now.unwrap_or_else(now_secs),
        jwks: args.jwks.clone(),
        online: args.online,
        workos_api_base: args.shared.workos_api_base(),
        limits: http::Limits::from_env(),
    };
    let convex_dir = match choose_convex_dir(&run, &path, &token, args.client_id.as_deref(), &opts) {
        Ok((dir, note)) => {
            notes.extend(note);
            dir
        }
        Err(message) => return input_error(&message),
    };
    let input = project_input_for(&run, convex_dir, args.client_id.as_deref(), None);
    let mut judgement = authkit_doctor_core::token::judge(&token, &input, &opts);
    judgement.notes.extend(notes);

    let mut redactor = run.redactor.clone();
    if let Some(sig) = &judgement.decoded.signature_b64 {
        redactor.add_secret(sig);
    }
    let mut findings = judgement.findings.clone();
    report::sort_findings(&mut findings, &run.files);
    let summary = authkit_doctor_core::facts::setup::project_summary(&run.project);
    let report = run.report(&summary, &findings, &redactor);
    let format = args.shared.format();
    let color = args.shared.color();
    let human = HumanOptions { color, quiet: false };
    let code = if judgement.not_a_jwt {
        EXIT_INPUT
    } else if judgement.findings.iter().any(|f| f.severity == Severity::Error) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let result = authkit_doctor_core::token::report::write(&mut out, &judgement, &report, format, &human).and_then(|()| out.flush());
    match result {
        Ok(()) => code,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => code,
        Err(e) => input_error(&format!("cannot write output: {e}")),
    }
}

/// How many candidates a message lists before "and N more" (a screenful).
const LISTED: usize = 20;

/// Which Convex functions dir judges the token when the scan found several: the one auth
/// config whose providers match the token's issuer (and audience), said so in a note; when
/// several fit, or none does, the user picks with `--project` (an error listing them, one per
/// line). With one auth config there is nothing to choose and nothing to say.
fn choose_convex_dir(
    run: &check::CheckRun,
    path: &std::path::Path,
    token: &str,
    client_id: Option<&str>,
    opts: &Options,
) -> Result<(Option<usize>, Option<String>), String> {
    let dirs = &run.project.convex_dirs;
    let with_config: Vec<usize> = (0..dirs.len()).filter(|&i| dirs[i].auth_config().is_some()).collect();
    match with_config.as_slice() {
        [] => return Ok((if dirs.is_empty() { None } else { Some(0) }, None)),
        [only] => return Ok((Some(*only), None)),
        _ => {}
    }
    let config = |i: usize| dirs[i].auth_config().unwrap_or_default().to_string();
    // Offline and without --jwks: only whether a provider matches counts here, not the signature.
    let matching = Options { jwks: None, online: false, ..opts.clone() };
    let judgements: Vec<(usize, authkit_doctor_core::token::Judgement)> = with_config
        .iter()
        .map(|&i| (i, authkit_doctor_core::token::judge(token, &project_input_for(run, Some(i), client_id, None), &matching)))
        .collect();
    let issuer = judgements.first().and_then(|(_, j)| j.decoded.claims.as_ref().ok()).and_then(|c| c.iss.clone());
    let Some(issuer) = issuer else {
        // Convex stops before choosing a provider (not a JWT, no `iss`): any config gives the verdict.
        let first = with_config[0];
        let note = format!(
            "{} auth configs here; judged with {}: the token names no issuer, so which one does not change the verdict",
            with_config.len(),
            config(first)
        );
        return Ok((Some(first), Some(note)));
    };
    let fitting: Vec<usize> = judgements.iter().filter(|(_, j)| j.matched.is_some()).map(|(i, _)| *i).collect();
    if let [only] = fitting.as_slice() {
        return Ok((
            Some(*only),
            Some(format!(
                "judged with {}: of the {} auth configs here, only its providers match the token's issuer {issuer}",
                config(*only),
                with_config.len()
            )),
        ));
    }
    let (listed, why) = if fitting.is_empty() {
        (with_config.clone(), format!("none of them has a provider matching the token's issuer {issuer}"))
    } else {
        (fitting.clone(), format!("{} of them match the token's issuer {issuer}", fitting.len()))
    };
    let mut message = format!(
        "{} Convex auth configs under {}, and {why}: pass --project with the folder of the one your Convex deployment uses:",
        with_config.len(),
        path.display()
    );
    for &i in listed.iter().take(LISTED) {
        let folder = if path == std::path::Path::new(".") {
            dirs[i].package_dir.clone()
        } else {
            path.join(&dirs[i].package_dir).display().to_string()
        };
        let folder = if folder.is_empty() { ".".to_string() } else { folder };
        message.push_str(&format!("\n  --project {folder}   ({})", config(i)));
    }
    if listed.len() > LISTED {
        message.push_str(&format!("\n  and {} more", listed.len() - LISTED));
    }
    Err(message)
}
