//! `authkit-doctor logs [FILE|-]`: finds every known message in pasted log text and reports one
//! finding per distinct cause, located in the pasted text.

use super::common::{CommonArgs, Extra, check_project, input_error, project_parts, report_root, write_report};
use authkit_doctor_core::check::link_static_rules;
use authkit_doctor_core::logs::{MAX_LOG_BYTES, diagnose, secrets_in};
use authkit_doctor_core::report::Report;
use authkit_doctor_core::source::{Decoding, SourceFile};
use clap::Args;
use serde_json::json;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::time::Instant;
#[derive(Args, Debug, Clone)]
pub struct LogsArgs {
    /// The log text: a file, or `-` (or nothing) for standard input
    #[arg(value_name = "FILE|-")]
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub common: CommonArgs,
}
pub fn run(args: &LogsArgs) -> i32 {
    let started = Instant::now();
    if let Err(m) = args.common.validate() {
        return input_error(&m);
    }
    let from_stdin = args.file.as_deref().is_none_or(|f| f.as_os_str() == "-");
    let (name, bytes) = if from_stdin {
        let stdin = std::io::stdin();
        if stdin.is_terminal() {
            eprintln!("authkit-doctor: paste the log text, then press Ctrl-D (or pass a file: authkit-doctor logs FILE)");
        }
        let mut bytes = Vec::new();
        if let Err(e) = stdin.lock().take(MAX_LOG_BYTES + 1).read_to_end(&mut bytes) {
            return input_error(&format!("cannot read standard input: {e}"));
        }
        ("<stdin>".to_string(), bytes)
    } else {
        let path = args.file.clone().unwrap_or_default();
        let shown = path.display().to_string();
        match authkit_doctor_core::read::argument_file(&path, MAX_LOG_BYTES) {
            Ok(b) => (shown, b),
            Err(authkit_doctor_core::read::ReadError::NotFound) => return input_error(&format!("{shown}: no such file")),
            Err(authkit_doctor_core::read::ReadError::NotRegular(_)) => {
                return input_error(&format!("{shown}: is a directory; pass a log file"));
            }
            Err(authkit_doctor_core::read::ReadError::TooLarge(n)) => {
                return input_error(&format!("{shown}: {} MiB is more than a paste; grep the relevant part first", n >> 20));
            }
            Err(e) => return input_error(&format!("{shown}: {e}")),
        }
    };
    if bytes.len() as u64 > MAX_LOG_BYTES {
        return input_error(&format!("{name}: more than {} MiB; grep the relevant part first", MAX_LOG_BYTES >> 20));
    }
    let source = SourceFile::from_bytes(name.clone(), bytes);
    if source.decoding == Decoding::Binary {
        return input_error(&format!("{name}: binary data, not log text"));
    }
    // Findings point into the text as the terminal showed it: without colour codes.
    let source = match authkit_doctor_core::rules::logs::matcher::strip_ansi(&source.text) {
        std::borrow::Cow::Borrowed(_) => source,
        std::borrow::Cow::Owned(text) => SourceFile::new(name.clone(), text, source.decoding),
    };
    let (scan, mut diagnosed) = diagnose(&source.text, &name);
    let project = match check_project(&args.common, &diagnosed) {
        Ok(p) => p,
        Err(e) => return input_error(&e),
    };
    for d in &mut diagnosed {
        link_static_rules(d, project.as_ref());
    }
    diagnosed.retain(|d| args.common.keeps(&d.finding));
    let root = report_root(project.as_ref());
    let (mut files, mut redactor, summary, files_seen) = project_parts(project, &root);
    secrets_in(&source.text, &mut redactor);
    files.insert(source);
    let findings: Vec<_> = diagnosed.into_iter().map(|d| d.finding).collect();
    let causes = findings.len();
    let extra_json = json!({ "file": name, "lines": scan.lines, "matched_lines": scan.matched_lines, "causes": causes });
    let preamble = |out: &mut dyn Write, _color: bool| {
        let what = if scan.matched_lines == 0 {
            "no known message".to_string()
        } else {
            format!(
                "{} line{} with known messages, {causes} distinct cause{}",
                scan.matched_lines,
                if scan.matched_lines == 1 { "" } else { "s" },
                if causes == 1 { "" } else { "s" }
            )
        };
        writeln!(
            out,
            "{}\n",
            authkit_doctor_core::redact::sanitize(&format!(
                "Read {} line{} from {name}: {what}",
                scan.lines,
                if scan.lines == 1 { "" } else { "s" }
            ))
        )
    };
    let report = Report {
        root: &root,
        project: summary.as_ref(),
        findings: &findings,
        files: &files,
        files_scanned: 1 + files_seen,
        duration_ms: started.elapsed().as_millis(),
        redactor: &redactor,
    };
    write_report(&args.common, &report, &Extra { json: Some(("logs", extra_json)), human_preamble: &preamble })
}
