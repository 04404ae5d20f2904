//! The `check` pipeline: discover → extract facts → rules → filter. Reporting is the caller's.

use crate::diagnostic::{Diagnosed, Finding, Severity};
use crate::discover::{self, Project};
use crate::facts::{self, ExtractOptions, ProjectFacts};
use crate::project_config;
use crate::redact::Redactor;
use crate::rules::{self, CheckContext};
use crate::source::Files;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, Default, Clone)]
pub struct CheckOptions {
    /// `--convex-env` / `--convex-env-prod`; they override `authkit-doctor.json`.
    pub convex_env_dev: Option<PathBuf>,
    pub convex_env_prod: Option<PathBuf>,
    /// A deployment env already read (`check --online`: the Convex CLI's output); it replaces
    /// the file of the same deployment.
    pub convex_env_text: Option<crate::facts::DeploymentEnvText>,
    /// Only these rules (`--rule`); empty = all.
    pub only: Vec<String>,
    /// Never these rules (`--ignore`, plus the project config's `ignore`).
    pub ignore: Vec<String>,
    pub min_severity: Option<Severity>,
}

pub struct CheckRun {
    pub root: PathBuf,
    pub project: Project,
    pub facts: ProjectFacts,
    pub files: Files,
    pub findings: Vec<Finding>,
    pub redactor: Redactor,
    pub duration: Duration,
    /// The rules `authkit-doctor.json` ignores (with `--ignore`, they filter [`CheckRun::add_findings`]).
    config_ignore: Vec<String>,
}

impl CheckRun {
    /// The project as discovered, with the auth setup detected for each app and Convex dir.
    pub fn summary(&self) -> crate::facts::setup::ProjectSummary {
        crate::facts::setup::summary(&self.project, &self.facts)
    }

    /// What the reporters need to print `findings` (this run's, or those of an analysis over the
    /// same project, like `token`'s) against this project's files, masked by `redactor`.
    pub fn report<'a>(
        &'a self,
        summary: &'a crate::facts::setup::ProjectSummary,
        findings: &'a [Finding],
        redactor: &'a crate::redact::Redactor,
    ) -> crate::report::Report<'a> {
        crate::report::Report {
            root: &self.root,
            project: Some(summary),
            findings,
            files: &self.files,
            files_scanned: self.project.files_seen,
            duration_ms: self.duration.as_millis(),
            redactor,
        }
    }

    /// Adds findings made outside the rules (`check --online`'s JWKS checks), filtered as the
    /// rules' are: `--rule`, `--ignore`, the project config's `ignore`, `--severity`, inline
    /// suppressions.
    pub fn add_findings(&mut self, extra: Vec<Finding>, options: &CheckOptions) {
        let mut has_marker = std::collections::HashMap::new();
        for f in extra {
            if selected(&f, options, &self.config_ignore) && !suppressed_inline(&f, &self.files, &mut has_marker) {
                self.findings.push(f);
            }
        }
    }
}

pub use crate::error::InputError;

/// A project walked but not read yet: [`discover`] then [`run_discovered`] is [`run`], with room
/// between them for work that needs the project's layout (`check --online` runs the Convex CLI
/// in the Convex package dir before the deployment env is read).
pub struct Discovered {
    pub root: PathBuf,
    pub project: Project,
    config: project_config::ProjectConfig,
    files: Files,
    started: Instant,
}

pub fn run(path: &Path, options: &CheckOptions) -> Result<CheckRun, InputError> {
    run_discovered(discover(path)?, options)
}

/// The walk: the project's apps, Convex dirs and files, and its `authkit-doctor.json`.
pub fn discover(path: &Path) -> Result<Discovered, InputError> {
    let started = Instant::now();
    let root = std::fs::canonicalize(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => InputError::new(format!("{}: no such file or directory", path.display())),
        _ => InputError::new(format!("{}: {e}", path.display())),
    })?;
    let config = project_config::load(&root).map_err(InputError::new)?;
    let mut files = Files::new(&root);
    let project = discover::discover(&root, &mut files).map_err(|e| InputError::new(e.to_string()))?;
    Ok(Discovered { root, project, config, files, started })
}

/// Facts, rules and filters over a walked project.
pub fn run_discovered(discovered: Discovered, options: &CheckOptions) -> Result<CheckRun, InputError> {
    let Discovered { root, project, config, mut files, started } = discovered;
    let extract = ExtractOptions {
        convex_env_dev: options.convex_env_dev.clone().or(config.convex_env_dev),
        convex_env_prod: options.convex_env_prod.clone().or(config.convex_env_prod),
        convex_env_text: options.convex_env_text.clone(),
    };
    let facts = facts::extract(&project, &mut files, &extract)?;
    let mut findings = rules::run_all(&CheckContext { project: &project, facts: &facts, files: &files });

    // Whether each file mentions the marker at all, searched once per file, not once per
    // finding: a thousand findings in a file with a multi-megabyte line made this quadratic.
    let mut has_marker: std::collections::HashMap<String, bool> = std::collections::HashMap::new();
    findings.retain(|f| selected(f, options, &config.ignore) && !suppressed_inline(f, &files, &mut has_marker));
    let redactor = redactor_for(&facts);
    Ok(CheckRun { root, project, facts, files, findings, redactor, duration: started.elapsed(), config_ignore: config.ignore })
}

/// Whether `--rule`, `--ignore`, the config's `ignore` and `--severity` keep the finding.
fn selected(f: &Finding, options: &CheckOptions, config_ignore: &[String]) -> bool {
    (options.only.is_empty() || options.only.iter().any(|r| r == f.rule))
        && !options.ignore.iter().chain(config_ignore).any(|r| r == f.rule)
        && options.min_severity.is_none_or(|min| f.severity >= min)
}

/// `// authkit-doctor-ignore <rule-id> <reason>` (or `# …` in env files) on the finding's line
/// or the line above suppresses it.
fn suppressed_inline(finding: &Finding, files: &Files, has_marker: &mut std::collections::HashMap<String, bool>) -> bool {
    let Some(loc) = &finding.location else { return false };
    let Some(file) = files.get(&loc.file) else { return false };
    if !*has_marker.entry(loc.file.clone()).or_insert_with(|| file.text.contains("authkit-doctor-ignore")) {
        return false;
    }
    let (line, _) = file.line_col(loc.start);
    [line, line.saturating_sub(1)].iter().filter(|l| **l > 0).any(|l| {
        let text = file.line_text(*l);
        text.split("authkit-doctor-ignore").nth(1).and_then(|rest| rest.split_whitespace().next()) == Some(finding.rule)
    })
}

/// Every secret value the run has seen, so no reporter prints one in full.
fn redactor_for(facts: &ProjectFacts) -> Redactor {
    let mut r = Redactor::new();
    let env_files = facts
        .apps
        .iter()
        .flat_map(|a| a.env_files.iter())
        .chain(facts.convex.iter().flat_map(|c| c.env_files.iter()))
        .map(|f| (f.env.as_ref(), f.file.text.as_str()));
    let deployment = facts.deployment.iter().map(|(_, d)| (d.env.as_ref(), d.file.text.as_str()));
    for (env, text) in env_files.chain(deployment) {
        for entry in &env.entries {
            r.add_env_entry(entry, text);
        }
    }
    r
}

/// `Some(message)` when the scan found neither an app that uses AuthKit nor a Convex functions
/// dir: nothing was checked, so "no problems" would be a false green (a CI job pointed at the
/// wrong folder must fail). The message says where the scan looked, what it saw that came
/// close, and what to pass instead.
pub fn nothing_to_check(root: &Path, project: &Project) -> Option<String> {
    if !project.apps.is_empty() || !project.convex_dirs.is_empty() {
        return None;
    }
    let files = match project.files_seen {
        1 => "1 file".to_string(),
        n => format!("{n} files"),
    };
    let mut message = format!(
        "no AuthKit or Convex project found in {}\n\
         looked in it and every subfolder ({files}; node_modules, build output and what .gitignore lists are skipped) for\n  \
         - a package.json that depends on an AuthKit package ({}, …)\n  \
         - a Convex functions dir: convex/ next to a package.json that depends on `convex` (or the dir convex.json names)",
        root.display(),
        discover::AUTHKIT_PACKAGES[..2].join(", ")
    );
    // What came close: package.jsons without AuthKit, and `convex` dependents whose dir is missing.
    const SHOWN: usize = 5;
    let packages = &project.packages;
    if !packages.is_empty() {
        let count = if packages.len() == 1 { "1 package.json".to_string() } else { format!("{} package.json files", packages.len()) };
        message.push_str(&format!("\nfound {count}, none an AuthKit app or a Convex project:"));
        for package in packages.iter().take(SHOWN) {
            let why = if package.depends_on("convex") { " (depends on `convex`, but no functions dir is next to it)" } else { "" };
            message.push_str(&format!("\n  {}{why}", package.path));
        }
        if packages.len() > SHOWN {
            message.push_str(&format!("\n  and {} more", packages.len() - SHOWN));
        }
    }
    message.push_str(
        "\nhint: wrong folder? pass the folder that holds the app's package.json or convex/ (authkit-doctor check path/to/app)\n      \
         in a monorepo, pass the repo root: every app and Convex dir below it is found",
    );
    Some(message)
}

/// Adds to each finding's help the static rules that explain it, and with a project run what
/// `check` found there (as related locations too).
pub fn link_static_rules(d: &mut Diagnosed, project: Option<&CheckRun>) {
    if d.static_rules.is_empty() {
        return;
    }
    let known: Vec<&str> = d.static_rules.iter().copied().filter(|r| crate::rules::find(r).is_some()).collect();
    let mut text = format!("Static checks that find the cause: {}.", d.static_rules.join(", "));
    match project {
        None if !known.is_empty() => {
            let flags: Vec<String> = known.iter().map(|r| format!("--rule {r}")).collect();
            text.push_str(&format!("\nRun `authkit-doctor check {}` in the project, or pass `--project PATH`.", flags.join(" ")));
        }
        None => text.push_str("\nRun `authkit-doctor check` in the project."),
        Some(run) => {
            let hits: Vec<&Finding> = run.findings.iter().filter(|f| d.static_rules.contains(&f.rule)).collect();
            if hits.is_empty() {
                text.push_str(&format!(
                    "\n`check` finds none of these in {}{}.",
                    run.root.display(),
                    if known.len() < d.static_rules.len() { " (some are not automated yet: review them by hand)" } else { "" }
                ));
            } else {
                text.push_str(&format!("\nIn {}, `check` reports:", run.root.display()));
                for f in hits.iter().take(4) {
                    let at = f.location.as_ref().map(|l| {
                        let pos = crate::report::resolve(&run.files, l).map(|p| format!(":{}:{}", p.line, p.column)).unwrap_or_default();
                        format!(" ({}{pos})", l.file)
                    });
                    text.push_str(&format!("\n  - {}: {}{}", f.rule, f.message, at.unwrap_or_default()));
                    if let Some(loc) = &f.location
                        && d.finding.related.len() < 4
                    {
                        d.finding
                            .related
                            .push(crate::diagnostic::Related { location: loc.clone(), message: format!("{}: {}", f.rule, f.message) });
                    }
                }
            }
        }
    }
    d.finding.help = Some(match d.finding.help.take() {
        Some(h) if !h.trim().is_empty() => format!("{h}\n{text}"),
        _ => text,
    });
}
