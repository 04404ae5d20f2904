//! `authkit-doctor logs [FILE|-]`: finds every known message in pasted log text (Convex
//! backend, client and CLI; authkit-nextjs, authkit-js and the WorkOS SDK; browser consoles;
//! Netlify and Vercel), with or without ANSI colours and timestamps, and reports one finding
//! per distinct cause, located in the pasted text.
//!
//! The messages themselves live with their rules ([`crate::rules::logs`]); [`scan`] matches
//! them; [`common`] is shared with `har`.

pub mod catalog;
pub mod common;
pub mod convex;
pub mod scan;

use crate::diagnostic::Location;
use crate::redact::Redactor;
use crate::report::Report;
use crate::source::{Decoding, SourceFile};
use clap::Args;
use common::{CommonArgs, Diagnosed, Extra, check_project, input_error, link_static_rules, project_parts, report_root, write_report};
use serde_json::json;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::time::Instant;

/// Larger pastes are refused (a log file that big is not a paste; grep it first).
pub const MAX_LOG_BYTES: u64 = 256 << 20;

#[derive(Args, Debug, Clone)]
pub struct LogsArgs {
    /// The log text: a file, or `-` (or nothing) for standard input
    #[arg(value_name = "FILE|-")]
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Findings for the known messages in `text`, located in the file named `name`.
pub fn diagnose(text: &str, name: &str) -> (scan::Scan, Vec<Diagnosed>) {
    let mut result = scan::scan(text);
    let found = std::mem::take(&mut result.found);
    let diagnosed = found
        .into_iter()
        .map(|f| {
            let first = f.occurrences[0];
            let n = f.count;
            let mut message = f.cause.message.clone();
            if n > 1 {
                let lines: Vec<String> = f.occurrences.iter().take(6).map(|o| o.line.to_string()).collect();
                message.push_str(&format!(" ({n} times: lines {}{})", lines.join(", "), if n > 6 { ", …" } else { "" }));
            }
            let mut finding = f.matcher.rule.finding(message).at(Location::new(name, first.start, first.end));
            if !f.cause.help.is_empty() {
                finding = finding.help(f.cause.help.clone());
            }
            if let Some(c) = &f.cause.convex_message
                && f.matcher.family == catalog::Family::ConvexAuth
            {
                finding = finding.convex_message(c.clone());
            }
            if let Some(tr) = f.cause.token_rule {
                let help = finding.help.take().unwrap_or_default();
                finding = finding
                    .help(format!("{help} `authkit-doctor token <jwt> --project .` reports the same failure as {tr}.").trim().to_string());
            }
            if !f.cause.fix.is_empty() {
                finding = finding.fix(f.cause.fix.clone());
            }
            Diagnosed::new(finding, &f.cause.static_rules)
        })
        .collect();
    (result, diagnosed)
}

/// Values of `NAME=value` / `NAME: value` pairs whose name holds a secret, so a pasted env
/// dump or config print never shows them in full.
pub fn secrets_in(text: &str, redactor: &mut Redactor) {
    for line in text.lines() {
        for (i, sep) in line.match_indices(['=', ':']) {
            let _ = sep;
            let name_start = line[..i]
                .char_indices()
                .rev()
                .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
                .map_or(0, |(p, c)| p + c.len_utf8());
            let name = &line[name_start..i];
            if name.is_empty() || !name.bytes().any(|b| b.is_ascii_uppercase()) || !crate::redact::is_secret_name(name) {
                continue;
            }
            let value = line[i + 1..].trim_start().split(|c: char| c.is_whitespace() || c == ',' || c == ';').next().unwrap_or("");
            redactor.add_secret(value.trim_matches(['"', '\'', '`']));
        }
    }
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
        match crate::read::argument_file(&path, MAX_LOG_BYTES) {
            Ok(b) => (shown, b),
            Err(crate::read::ReadError::NotFound) => return input_error(&format!("{shown}: no such file")),
            Err(crate::read::ReadError::NotRegular(_)) => return input_error(&format!("{shown}: is a directory; pass a log file")),
            Err(crate::read::ReadError::TooLarge(n)) => {
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
    let source = match catalog::strip_ansi(&source.text) {
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
            crate::redact::sanitize(&format!("Read {} line{} from {name}: {what}", scan.lines, if scan.lines == 1 { "" } else { "s" }))
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

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn secrets_scan_and_diagnosis_never_panic(text in "[“”’é🙂a-zA-Z_=: \"'\x1b\\[0-9;m\n]{0,120}") {
            let mut r = Redactor::new();
            secrets_in(&text, &mut r);
            let stripped = catalog::strip_ansi(&text);
            let _ = diagnose(&stripped, "x");
            let _ = diagnose(&text, "x");
        }
    }

    #[test]
    fn secrets_in_pasted_env() {
        let mut r = Redactor::new();
        secrets_in("WORKOS_COOKIE_PASSWORD=\"correct-horse-battery-staple-42\"\nWORKOS_CLIENT_ID=client_01\n  apiKey: x", &mut r);
        assert_eq!(r.len(), 1);
        assert!(!r.redact("pw correct-horse-battery-staple-42").contains("horse"));
    }
}
