//! The `check` pipeline: discover → extract facts → rules → filter. Reporting is the caller's.

use crate::diagnostic::{Finding, Severity};
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
}

impl CheckRun {
    /// The project as discovered, with the auth setup detected for each app and Convex dir.
    pub fn summary(&self) -> crate::discover::ProjectSummary {
        crate::facts::setup::summary(&self.project, &self.facts)
    }
}

/// Problems with the input itself: exit code 2.
#[derive(Debug)]
pub struct InputError(pub String);

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub fn run(path: &Path, options: &CheckOptions) -> Result<CheckRun, InputError> {
    let started = Instant::now();
    let root = std::fs::canonicalize(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => InputError(format!("{}: no such file or directory", path.display())),
        _ => InputError(format!("{}: {e}", path.display())),
    })?;
    let config = project_config::load(&root).map_err(InputError)?;
    let mut files = Files::new(&root);
    let project = discover::discover(&root, &mut files).map_err(|e| InputError(e.to_string()))?;
    let extract = ExtractOptions {
        convex_env_dev: options.convex_env_dev.clone().or(config.convex_env_dev),
        convex_env_prod: options.convex_env_prod.clone().or(config.convex_env_prod),
    };
    let facts = facts::extract(&project, &mut files, &extract).map_err(|e| InputError(e.0))?;
    let mut findings = rules::run_all(&CheckContext { project: &project, facts: &facts, files: &files });

    let ignored: Vec<&str> = options.ignore.iter().chain(&config.ignore).map(String::as_str).collect();
    // Whether each file mentions the marker at all, searched once per file, not once per
    // finding: a thousand findings in a file with a multi-megabyte line made this quadratic.
    let mut has_marker: std::collections::HashMap<String, bool> = std::collections::HashMap::new();
    findings.retain(|f| {
        (options.only.is_empty() || options.only.iter().any(|r| r == f.rule))
            && !ignored.contains(&f.rule)
            && options.min_severity.is_none_or(|min| f.severity >= min)
            && !suppressed_inline(f, &files, &mut has_marker)
    });
    let redactor = redactor_for(&facts);
    Ok(CheckRun { root, project, facts, files, findings, redactor, duration: started.elapsed() })
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
