//! What `har` and `logs` share: their options, the `check` run on `--project` that links each
//! finding to what the static rules find there, and writing the report with the standard
//! reporters plus a command-specific section.

use crate::output::{FormatArg, SeverityArg};
use authkit_doctor_core::check::{self, CheckOptions, CheckRun};
use authkit_doctor_core::diagnostic::{Diagnosed, Finding, Severity};
use authkit_doctor_core::redact::Redactor;
use authkit_doctor_core::report::{self, Format, HumanOptions, Report};
use authkit_doctor_core::source::Files;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Options common to `har` and `logs`.
#[derive(Args, Debug, Clone, Default)]
pub struct CommonArgs {
    /// The project the capture comes from: each finding then names what `check` finds there
    #[arg(long, value_name = "PATH")]
    pub project: Option<PathBuf>,
    /// With --project: output of `npx convex env list --include-values` for the dev deployment
    #[arg(long, value_name = "FILE", requires = "project")]
    pub convex_env: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Minimum severity shown
    #[arg(long, value_enum)]
    pub severity: Option<SeverityArg>,
    /// Only report these rules (repeatable)
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,
    /// Skip these rules (repeatable)
    #[arg(long = "ignore", value_name = "ID")]
    pub ignore: Vec<String>,
    /// Never colour the output (NO_COLOR is honoured too)
    #[arg(long)]
    pub no_color: bool,
    /// Only print errors and the summary
    #[arg(long, short)]
    pub quiet: bool,
}

impl CommonArgs {
    pub fn format(&self) -> Format {
        crate::output::output_format(self.format)
    }

    pub fn color(&self) -> bool {
        crate::output::use_color(self.no_color)
    }

    fn min_severity(&self) -> Option<Severity> {
        self.severity.map(|s| match s {
            SeverityArg::Error => Severity::Error,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Info => Severity::Info,
        })
    }

    /// Checks `--rule`/`--ignore` ids; the message for an unknown one.
    pub fn validate(&self) -> Result<(), String> {
        for id in self.rules.iter().chain(&self.ignore) {
            if authkit_doctor_core::rules::find(id).is_none() {
                let suggestions = authkit_doctor_core::rules::suggest(id);
                let hint = if suggestions.is_empty() {
                    "run `authkit-doctor rules` for the list".to_string()
                } else {
                    format!("did you mean {}?", suggestions.join(", "))
                };
                return Err(format!("unknown rule `{id}`; {hint}"));
            }
        }
        Ok(())
    }

    /// Whether a finding passes `--rule`, `--ignore` and `--severity`.
    pub fn keeps(&self, f: &Finding) -> bool {
        (self.rules.is_empty() || self.rules.iter().any(|r| r == f.rule))
            && !self.ignore.iter().any(|r| r == f.rule)
            && self.min_severity().is_none_or(|min| f.severity >= min)
    }
}

/// Runs `check` on `--project` with the static rules the findings point at.
pub fn check_project(args: &CommonArgs, diagnosed: &[Diagnosed]) -> Result<Option<CheckRun>, String> {
    let Some(path) = &args.project else { return Ok(None) };
    let mut only: Vec<String> = Vec::new();
    for d in diagnosed {
        for r in &d.static_rules {
            if authkit_doctor_core::rules::find(r).is_some() && !only.iter().any(|o| o == r) {
                only.push(r.to_string());
            }
        }
    }
    if only.is_empty() {
        // Nothing to run, but the path must still exist (and the scan names its files).
        only.push("-".to_string());
    }
    let options = CheckOptions { convex_env_dev: args.convex_env.clone(), only, ..CheckOptions::default() };
    let mut run = check::run(path, &options).map_err(|e| e.to_string())?;
    report::sort_findings(&mut run.findings, &run.files);
    Ok(Some(run))
}

/// What a command adds to the standard report.
pub struct Extra<'a> {
    /// JSON key (`har`, `logs`) and value, placed before `findings`.
    pub json: Option<(&'static str, serde_json::Value)>,
    /// Human text printed before the findings (unless `--quiet`).
    pub human_preamble: &'a dyn Fn(&mut dyn Write, bool) -> std::io::Result<()>,
}

/// Writes findings with the standard reporters, and the command's extra section.
pub fn write_report(args: &CommonArgs, report: &Report, extra: &Extra) -> i32 {
    let format = args.format();
    let human = HumanOptions { color: args.color(), quiet: args.quiet };
    let code =
        if report.findings.iter().any(|f| f.severity == Severity::Error) { crate::output::EXIT_FINDINGS } else { crate::output::EXIT_OK };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let result = match (format, &extra.json) {
        (Format::Json, Some((key, value))) => json_with(&mut out, report, key, value),
        (Format::Human, _) => {
            let pre = if args.quiet { Ok(()) } else { (extra.human_preamble)(&mut out, human.color) };
            pre.and_then(|()| report::write(&mut out, report, format, &human))
        }
        _ => report::write(&mut out, report, format, &human),
    };
    finish_output(result.and_then(|()| out.flush()), code)
}

/// The standard JSON document with `key: value` inserted before `findings`.
fn json_with(out: &mut dyn Write, report: &Report, key: &str, value: &serde_json::Value) -> std::io::Result<()> {
    let mut buf = Vec::new();
    report::write_json(&mut buf, report)?;
    let doc: serde_json::Value = serde_json::from_slice(&buf).map_err(std::io::Error::other)?;
    let serde_json::Value::Object(map) = doc else { return out.write_all(&buf) };
    let mut with = serde_json::Map::new();
    for (k, v) in map {
        if k == "findings" {
            with.insert(key.to_string(), value.clone());
        }
        with.insert(k, v);
    }
    let mut text = serde_json::to_string_pretty(&serde_json::Value::Object(with)).map_err(std::io::Error::other)?;
    text.push('\n');
    out.write_all(text.as_bytes())
}

/// A closed pipe is not an error.
pub fn finish_output(result: std::io::Result<()>, code: i32) -> i32 {
    match result {
        Ok(()) => code,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => code,
        Err(e) => {
            eprintln!("authkit-doctor: cannot write output: {e}");
            crate::output::EXIT_INPUT
        }
    }
}

pub fn input_error(message: &str) -> i32 {
    crate::output::input_error(message);
    crate::output::EXIT_INPUT
}

/// The report's root: the project's, or the current directory.
pub fn report_root(project: Option<&CheckRun>) -> PathBuf {
    match project {
        Some(run) => run.root.clone(),
        None => std::env::current_dir().ok().and_then(|d| std::fs::canonicalize(d).ok()).unwrap_or_else(|| PathBuf::from(".")),
    }
}

/// The files, redactor and project summary a report needs, from the project run if any.
pub fn project_parts(
    project: Option<CheckRun>,
    root: &Path,
) -> (Files, Redactor, Option<authkit_doctor_core::facts::setup::ProjectSummary>, usize) {
    match project {
        Some(run) => {
            let summary = authkit_doctor_core::facts::setup::project_summary(&run.project);
            let seen = run.project.files_seen;
            (run.files, run.redactor, Some(summary), seen)
        }
        None => (Files::new(root), Redactor::new(), None, 0),
    }
}
