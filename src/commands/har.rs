//! `authkit-doctor har FILE.har`: reads a browser HAR export, runs the `har/*` rules on it and
//! prints their findings after a compact timeline.
//!
//! JSON output (`--format json`) is the standard `authkit-doctor/v1` document with a `har`
//! object before `findings` (docs/har-and-logs.md describes it).

use super::common::{CommonArgs, Extra, check_project, input_error, project_parts, report_root, write_report};
use authkit_doctor_core::check::link_static_rules;
use authkit_doctor_core::har::analyze;
use authkit_doctor_core::har::timeline::{har_json, marks, notes, write_preamble};
use authkit_doctor_core::report::Report;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Args, Debug, Clone)]
pub struct HarArgs {
    /// The HAR file: DevTools → Network → Export HAR (Chrome, Edge, Firefox, Safari), or
    /// Playwright's recordHar
    #[arg(value_name = "FILE.har")]
    pub file: PathBuf,
    #[command(flatten)]
    pub common: CommonArgs,
}
/// Runs the command; returns the exit code.
pub fn run(args: &HarArgs) -> i32 {
    let started = Instant::now();
    if let Err(m) = args.common.validate() {
        return input_error(&m);
    }
    let shown = args.file.display().to_string();
    let file = match std::fs::File::open(&args.file) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return input_error(&format!("{shown}: no such file")),
        Err(e) => return input_error(&format!("{shown}: {e}")),
    };
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return input_error(&format!("{shown}: is a directory; pass the .har file"));
    }
    let (facts, mut diagnosed) = match analyze(file) {
        Ok(x) => x,
        Err(e) => return input_error(&format!("{shown}: {e}")),
    };
    let project = match check_project(&args.common, &diagnosed) {
        Ok(p) => p,
        Err(e) => return input_error(&e),
    };
    for d in &mut diagnosed {
        link_static_rules(d, project.as_ref());
    }
    diagnosed.retain(|d| args.common.keeps(&d.finding));
    let root = report_root(project.as_ref());
    // Tokens in the capture are masked by shape (JWT signatures, `sk_…` keys); cookie and
    // header values are never printed.
    let (files, redactor, summary, files_seen) = project_parts(project, &root);
    let marks = marks(&diagnosed);
    let findings: Vec<_> = diagnosed.into_iter().map(|d| d.finding).collect();
    let notes = notes(&facts);
    let timeline_json = har_json(&shown, &facts, &notes, &marks, &redactor);
    let preamble = |out: &mut dyn Write, color: bool| write_preamble(out, &shown, &facts, &notes, &marks, &redactor, color);
    let report = Report {
        root: &root,
        project: summary.as_ref(),
        findings: &findings,
        files: &files,
        files_scanned: 1 + files_seen,
        duration_ms: started.elapsed().as_millis(),
        redactor: &redactor,
    };
    write_report(&args.common, &report, &Extra { json: Some(("har", timeline_json)), human_preamble: &preamble })
}
