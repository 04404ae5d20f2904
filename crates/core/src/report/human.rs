//! The human report: findings grouped by symptom, each with a code frame (annotate-snippets),
//! `help:`, `convex says:` and `fix:` lines, then a one-line summary.
//!
//! With `color: false` the output holds no escape sequence at all — not even one smuggled in
//! through a scanned file: control characters in messages and source lines are replaced with
//! visible stand-ins.

use super::{HumanOptions, Report, sorted};
use crate::diagnostic::{Finding, Location, Severity, Symptom};
use crate::redact::sanitize;
use crate::redact::{Redaction, Redactor};
use crate::source::{Decoding, Files, SourceFile};
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use anstyle::{AnsiColor, Style};
use std::io;

const ERROR_STYLE: Style = AnsiColor::Red.on_default().bold();
const WARNING_STYLE: Style = AnsiColor::Yellow.on_default().bold();
const INFO_STYLE: Style = AnsiColor::Blue.on_default().bold();
const HELP_STYLE: Style = AnsiColor::Cyan.on_default().bold();
const CONVEX_STYLE: Style = AnsiColor::Magenta.on_default().bold();
const FIX_STYLE: Style = AnsiColor::Green.on_default().bold();
const HEADING_STYLE: Style = Style::new().bold();
const OK_STYLE: Style = AnsiColor::Green.on_default().bold();

/// Writes the human report: the findings, then the check summary line.
pub fn write_human(out: &mut dyn io::Write, report: &Report, opts: &HumanOptions) -> io::Result<()> {
    write_findings(out, report, opts)?;
    write_summary(out, report, Painter { color: opts.color })
}

/// Writes the findings grouped by symptom, without a summary line: for commands (`token`)
/// whose last word is their own verdict, not a file count.
pub fn write_findings(out: &mut dyn io::Write, report: &Report, opts: &HumanOptions) -> io::Result<()> {
    let all = sorted(report.findings, report.files);
    let shown: Vec<&Finding> = all.iter().copied().filter(|f| !opts.quiet || f.severity == Severity::Error).collect();
    let renderer = if opts.color {
        Renderer::styled().error(ERROR_STYLE).warning(WARNING_STYLE).info(INFO_STYLE).help(HELP_STYLE)
    } else {
        Renderer::plain()
    };
    let paint = Painter { color: opts.color };

    // Groups by first symptom, in `Symptom::ALL` order; findings naming no symptom last.
    let mut groups: Vec<(&str, Vec<&Finding>)> = Vec::new();
    for symptom in Symptom::ALL {
        let members: Vec<&Finding> = shown.iter().copied().filter(|f| f.symptoms.first() == Some(&symptom)).collect();
        if !members.is_empty() {
            groups.push((symptom.headline(), members));
        }
    }
    let rest: Vec<&Finding> = shown.iter().copied().filter(|f| f.symptoms.is_empty()).collect();
    if !rest.is_empty() {
        groups.push(("Other problems", rest));
    }

    if !opts.quiet
        && let Some(project) = report.project
    {
        write_detected(out, project, paint)?;
    }
    for (headline, members) in groups {
        writeln!(out, "{}", paint.style(HEADING_STYLE, &heading(headline)))?;
        writeln!(out)?;
        for finding in members {
            write_finding(out, finding, report, &renderer, paint)?;
        }
    }
    Ok(())
}

/// What the doctor took the project to be, before anything it says about it: apps with their
/// framework, AuthKit SDK and Convex provider, Convex dirs with their providers. A user who
/// sees a wrong line here knows to distrust what follows.
fn write_detected(out: &mut dyn io::Write, project: &crate::facts::setup::ProjectSummary, paint: Painter) -> io::Result<()> {
    let detected = project.apps.iter().any(|a| a.detected.is_some()) || project.convex.iter().any(|c| c.detected.is_some());
    if !detected {
        return Ok(());
    }
    let mut setups: Vec<&str> = project
        .apps
        .iter()
        .filter_map(|a| a.detected.as_ref().map(|d| d.setup.describe()))
        .chain(
            project
                .convex
                .iter()
                .filter(|c| !project.apps.iter().any(|a| a.convex.as_deref() == Some(&c.path)))
                .filter_map(|c| c.detected.as_ref().map(|d| d.setup.describe())),
        )
        .collect();
    setups.dedup();
    writeln!(
        out,
        "{} {}",
        paint.style(HEADING_STYLE, "Detected:"),
        if setups.is_empty() { "no app and no Convex dir".to_string() } else { setups.join("; ") }
    )?;
    for app in &project.apps {
        let mut parts = vec![match app.router {
            Some(crate::discover::Router::App) => format!("{} (app router)", app.framework),
            Some(crate::discover::Router::Pages) => format!("{} (pages router)", app.framework),
            None => app.framework.to_string(),
        }];
        if let Some(sdk) = &app.authkit {
            let resolved = app.detected.as_ref().and_then(|d| d.authkit_resolved.as_ref()).filter(|r| r.source != "declared-range");
            parts.push(match resolved {
                Some(r) => format!(
                    "{} {} ({} {})",
                    sdk.package,
                    sdk.version,
                    r.version,
                    if r.source == "installed" { "installed" } else { "locked" }
                ),
                None => format!("{} {}", sdk.package, sdk.version),
            });
        }
        if let Some(provider) = app.detected.as_ref().and_then(|d| d.convex_provider.as_deref()) {
            parts.push(provider.to_string());
        }
        parts.push(match &app.convex {
            Some(c) => format!("Convex: {c}"),
            None => "no Convex dir".to_string(),
        });
        writeln!(out, "  app {}: {}", app.path, parts.join(" · "))?;
    }
    for c in &project.convex {
        let Some(d) = &c.detected else { continue };
        let file = c.auth_config.as_deref().map(|f| f.rsplit('/').next().unwrap_or(f)).unwrap_or("auth config");
        let note =
            if d.setup.is_authkit() { String::new() } else { format!(" — {}: only the checks that apply ran", d.setup.describe()) };
        if c.auth_config.is_some() {
            writeln!(out, "  convex {}: {file}: {}{note}", c.path, d.providers)?;
        } else {
            writeln!(out, "  convex {}: {}{note}", c.path, d.providers)?;
        }
    }
    writeln!(out)
}

/// `── Headline ───…` padded to 80 columns (at least two trailing rules).
fn heading(headline: &str) -> String {
    let headline = sanitize(headline);
    let used = headline.chars().count() + 4;
    format!("── {headline} {}", "─".repeat(80usize.saturating_sub(used).max(2)))
}

#[derive(Clone, Copy)]
struct Painter {
    color: bool,
}

impl Painter {
    fn style(self, style: Style, text: &str) -> String {
        if self.color { format!("{style}{text}{style:#}") } else { text.to_string() }
    }
}

fn write_finding(out: &mut dyn io::Write, f: &Finding, report: &Report, renderer: &Renderer, paint: Painter) -> io::Result<()> {
    let redactor = report.redactor;
    let level = match f.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let message = clean(redactor, &f.message);
    let title = level.primary_title(message.as_str()).id(f.rule);
    let frame = f.location.as_ref().map(|loc| Frame::build(loc, f, report.files, redactor));
    let rendered = match &frame {
        None => renderer.render(&[Group::with_title(title)]),
        Some(frame) => {
            let group = title.elements(frame.elements());
            frame.fix_columns(renderer.render(&[group]))
        }
    };
    writeln!(out, "{rendered}")?;

    if let Some(help) = &f.help {
        write_labeled(out, paint, HELP_STYLE, "help", &clean(redactor, help))?;
    }
    if let Some(convex) = &f.convex_message {
        write_labeled(out, paint, CONVEX_STYLE, "convex says", &clean(redactor, convex))?;
    }
    if let Some(fix) = &f.fix {
        write_labeled(out, paint, FIX_STYLE, "fix", &clean(redactor, &fix.description))?;
    }
    writeln!(out)
}

/// `label: text`, continuation lines indented under the text so a multi-line command stays
/// copy-pasteable.
fn write_labeled(out: &mut dyn io::Write, paint: Painter, style: Style, label: &str, text: &str) -> io::Result<()> {
    let indent = " ".repeat(label.chars().count() + 2);
    let mut lines = text.trim_end().lines();
    let first = lines.next().unwrap_or("");
    writeln!(out, "{}: {first}", paint.style(style, label))?;
    for line in lines {
        if line.trim().is_empty() { writeln!(out)? } else { writeln!(out, "{indent}{line}")? }
    }
    Ok(())
}

fn write_summary(out: &mut dyn io::Write, report: &Report, paint: Painter) -> io::Result<()> {
    let c = super::counts(report.findings);
    let files = plural(report.files_scanned, "file", "files");
    if c.total() == 0 {
        let mark = paint.style(OK_STYLE, "✔");
        return writeln!(out, "{mark} No problems found in {files} ({} ms)", report.duration_ms);
    }
    if c.errors == 0 && c.warnings == 0 {
        // Notes only: nothing breaks sign-in, so the run reads as a pass.
        let mark = paint.style(OK_STYLE, "✔");
        let infos = plural(c.infos, "info", "infos");
        return writeln!(out, "{mark} No errors or warnings in {files}, {infos} ({} ms)", report.duration_ms);
    }
    let style = if c.errors > 0 { ERROR_STYLE } else { WARNING_STYLE };
    writeln!(
        out,
        "{} {}, {}, {} in {files} ({} ms)",
        paint.style(style, "✖"),
        plural(c.errors, "error", "errors"),
        plural(c.warnings, "warning", "warnings"),
        plural(c.infos, "info", "infos"),
        report.duration_ms
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Redacts, then makes the text safe for a terminal.
fn clean(redactor: &Redactor, text: &str) -> String {
    sanitize(&redactor.redact(text)).into_owned()
}

/// A redacted, sanitized window of source lines, and the map from original offsets into it.
struct Window {
    /// 1-based number of the first line.
    first_line: usize,
    text: String,
    /// Per line: byte offset of the line in `text`, and the replacements made in it (byte
    /// ranges of the original line → new text).
    lines: Vec<(usize, Vec<Redaction>)>,
}

impl Window {
    fn new(file: &SourceFile, first_line: usize, last_line: usize, redactor: &Redactor) -> Window {
        let mut text = String::new();
        let mut lines = Vec::new();
        for n in first_line..=last_line {
            if n > first_line {
                text.push('\n');
            }
            let original = file.line_text(n);
            let mut reps = redactor.find(original);
            // C1 controls and bidi overrides: annotate-snippets shows C0 controls itself.
            let mut unsafe_chars = Vec::new();
            for (i, c) in original.char_indices() {
                if matches!(c, '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
                    && !reps.iter().any(|r| r.range.contains(&i))
                {
                    unsafe_chars.push(Redaction { range: i..i + c.len_utf8(), replacement: "\u{fffd}".into() });
                }
            }
            if !unsafe_chars.is_empty() {
                reps.extend(unsafe_chars);
                reps.sort_by_key(|r| r.range.start);
            }
            lines.push((text.len(), reps.clone()));
            text.push_str(&crate::redact::apply(original, &reps));
        }
        Window { first_line, text, lines }
    }

    /// Where the original byte `offset` of the file lands in the window. A start inside a
    /// replaced range maps to the replacement's start, an end to its end.
    fn map(&self, file: &SourceFile, offset: usize, is_end: bool) -> usize {
        let offset = file.clamp(offset);
        let (line, _) = file.line_col(offset);
        let idx = line.clamp(self.first_line, self.first_line + self.lines.len() - 1) - self.first_line;
        let n = self.first_line + idx;
        let in_line = offset.saturating_sub(file.line_start(n)).min(file.line_text(n).len());
        let (base, reps) = &self.lines[idx];
        let mut delta: isize = 0;
        for r in reps {
            if in_line <= r.range.start {
                break;
            }
            if in_line < r.range.end {
                let start = (r.range.start as isize + delta) as usize;
                return base + if is_end { start + r.replacement.len() } else { start };
            }
            delta += r.replacement.len() as isize - r.range.len() as isize;
        }
        base + (in_line as isize + delta) as usize
    }

    /// 1-based character column of a window offset on its line.
    fn char_column(&self, offset: usize) -> usize {
        let line_start = self.text[..offset].rfind('\n').map_or(0, |i| i + 1);
        self.text[line_start..offset].chars().count() + 1
    }
}

struct Mark {
    start: usize,
    end: usize,
    primary: bool,
    label: Option<String>,
}

/// The marks of one file of a code frame.
enum FramePart {
    /// A file with text: a snippet over the lines the marks touch.
    Snippet { path: String, window: Window, marks: Vec<(usize, usize, bool, Option<String>)> },
    /// A file without text (binary, too large, not read): its path, and the marks' labels.
    PathOnly { path: String, labels: Vec<String> },
}

struct Frame {
    parts: Vec<FramePart>,
    /// (path, line, column annotate-snippets computes from the redacted window, true column).
    header_fixes: Vec<(String, usize, usize, usize)>,
}

impl Frame {
    fn build<'f>(loc: &'f Location, f: &'f Finding, files: &Files, redactor: &Redactor) -> Frame {
        // Marks by file, the primary file first, other files in order of appearance.
        let mut by_file: Vec<(&str, Vec<Mark>)> = vec![(loc.file.as_str(), Vec::new())];
        let mut add = |location: &'f Location, mark: Mark| match by_file.iter_mut().find(|(p, _)| *p == location.file) {
            Some((_, marks)) => marks.push(mark),
            None => by_file.push((location.file.as_str(), vec![mark])),
        };
        add(loc, Mark { start: loc.start, end: loc.end, primary: true, label: None });
        for rel in &f.related {
            let label = clean(redactor, &rel.message);
            let label = (!label.trim().is_empty()).then_some(label);
            add(&rel.location, Mark { start: rel.location.start, end: rel.location.end, primary: false, label });
        }

        let mut frame = Frame { parts: Vec::new(), header_fixes: Vec::new() };
        for (path, marks) in by_file {
            let shown_path = sanitize(path).into_owned();
            let file = files.get(path).filter(|file| matches!(file.decoding, Decoding::Utf8 | Decoding::Lossy));
            let Some(file) = file else {
                let labels = marks.into_iter().filter_map(|m| m.label).collect();
                frame.parts.push(FramePart::PathOnly { path: shown_path, labels });
                continue;
            };
            let effective_end = |m: &Mark| {
                // A span ending just after a newline ends on the line before.
                let end = file.clamp(m.end.max(m.start));
                if end > m.start && file.text[..end].ends_with('\n') { file.clamp(end - 1) } else { end }
            };
            let first = marks.iter().map(|m| file.line_col(m.start).0).min().unwrap_or(1);
            let last = marks.iter().map(|m| file.line_col(effective_end(m)).0).max().unwrap_or(first).max(first);
            let window = Window::new(file, first, last, redactor);
            let has_primary = marks.iter().any(|m| m.primary);
            let mut mapped = Vec::new();
            let mut header_candidates = Vec::new();
            for m in &marks {
                let start = window.map(file, m.start, false);
                let end = window.map(file, effective_end(m), true).max(start);
                let (line, true_col) = file.line_col(m.start);
                // The header names the primary mark or, in another file, one on its first line.
                if m.primary || (!has_primary && line == first) {
                    header_candidates.push((line, window.char_column(start), true_col));
                }
                mapped.push((start, end, m.primary, m.label.clone()));
            }
            for &(line, shown, real) in &header_candidates {
                let ambiguous = header_candidates.iter().any(|&(l, s, r)| l == line && s == shown && r != real);
                if shown != real && !ambiguous {
                    frame.header_fixes.push((shown_path.clone(), line, shown, real));
                }
            }
            frame.parts.push(FramePart::Snippet { path: shown_path, window, marks: mapped });
        }
        frame
    }

    fn elements(&self) -> Vec<annotate_snippets::Element<'_>> {
        let mut elements: Vec<annotate_snippets::Element<'_>> = Vec::new();
        for part in &self.parts {
            match part {
                FramePart::Snippet { path, window, marks } => {
                    let annotations = marks.iter().map(|(start, end, primary, label)| {
                        let kind = if *primary { AnnotationKind::Primary } else { AnnotationKind::Context };
                        kind.span(*start..*end).label(label.as_deref())
                    });
                    let snippet = Snippet::source(window.text.as_str())
                        .line_start(window.first_line)
                        .path(path.as_str())
                        .fold(true)
                        .annotations(annotations);
                    elements.push(snippet.into());
                }
                FramePart::PathOnly { path, labels } => {
                    elements.push(Origin::path(path.as_str()).into());
                    for label in labels {
                        elements.push(Level::NOTE.message(label.as_str()).into());
                    }
                }
            }
        }
        elements
    }

    /// annotate-snippets computes the `path:line:col` header from the (redacted) window; where
    /// a secret before the span shortened the line, put the true column back.
    fn fix_columns(&self, rendered: String) -> String {
        if self.header_fixes.is_empty() {
            return rendered;
        }
        let mut out = String::with_capacity(rendered.len());
        for (i, line) in rendered.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            let is_header = line.contains("--> ") || line.contains("::: ");
            let fix = self
                .header_fixes
                .iter()
                .map(|(path, l, shown, real)| (format!("{path}:{l}:{shown}"), format!("{path}:{l}:{real}")))
                .find(|(from, _)| is_header && line.ends_with(from.as_str()));
            match fix {
                Some((from, to)) => {
                    out.push_str(&line[..line.len() - from.len()]);
                    out.push_str(&to);
                }
                None => out.push_str(line),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::{HumanOptions, Report, write_human};
    use crate::diagnostic::{Location, Related, Severity, Symptom};
    use crate::redact::Redactor;
    use crate::source::{Decoding, Files, SourceFile};
    use std::path::Path;

    fn render(files: &Files, findings: &[crate::diagnostic::Finding], redactor: &Redactor, color: bool, quiet: bool) -> String {
        let report = Report { root: Path::new("/abs/root"), project: None, findings, files, files_scanned: 42, duration_ms: 7, redactor };
        let mut out = Vec::new();
        write_human(&mut out, &report, &HumanOptions { color, quiet }).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn plain_output_layout() {
        let files = files();
        let out = render(&files, &findings(&files), &Redactor::new(), false, false);
        println!("{out}");
        assert!(!out.contains('\x1b'), "escape codes in plain output");
        // Groups in Symptom::ALL order.
        let unauth = out.find(Symptom::ConvexUnauthenticated.headline()).unwrap();
        let dev = out.find(Symptom::WorksInDevNotProd.headline()).unwrap();
        let deploy = out.find(Symptom::DeployFails.headline()).unwrap();
        let secret = out.find(Symptom::SecretExposure.headline()).unwrap();
        assert!(unauth < dev && dev < deploy && deploy < secret);
        assert!(!out.contains(Symptom::TokenRejected.headline()), "grouped by first symptom only");
        // The jwks finding: title, frame with the source line, related in another file, help, convex says.
        assert!(out.contains("error[auth-config/jwks-url]: the jwks URL uses another client id\n"));
        assert!(out.contains("--> convex/auth.config.ts:3:26\n"));
        assert!(out.contains(r#"3 |     { type: "customJwt", jwks: "https://api.workos.com/sso/jwks/client_1" },"#));
        assert!(out.contains("::: convex/.env:1:18\n"));
        assert!(out.contains("-------- the deployment sets it here"));
        assert!(out.contains("help: Use the client id the app signs in with.\n"));
        assert!(out.contains("convex says: No auth provider found matching the given token\n"));
        // A zero-width span: one caret, column counted in characters.
        assert!(out.contains("warning[convex-env/client-id-mismatch]: client ids differ\n"));
        assert!(out.contains("--> apps/web/.env.local:3:18\n"));
        // Binary file: the path only. No location: no frame.
        assert!(out.contains("info[a/binary]: a binary file\n--> bin/blob.dat\n"), "{out}");
        assert!(out.contains("info[a/no-location]: about the project\n\n"));
        // Fix lines keep newlines, continuation indented.
        assert!(out.contains("fix: Remove the key from the file:\n       sed -i '/WORKOS_API_KEY/d' apps/web/.env.local\n"));
        assert!(out.ends_with("\n✖ 2 errors, 1 warning, 2 infos in 42 files (7 ms)\n"), "{out}");
    }

    #[test]
    fn zero_width_span_shows_one_caret() {
        let files = files();
        let fs = findings(&files);
        let out = render(&files, &fs[2..3], &Redactor::new(), false, false);
        let caret_line = out.lines().find(|l| l.contains('^')).unwrap();
        assert_eq!(caret_line.matches('^').count(), 1, "{out}");
    }

    #[test]
    fn secrets_are_redacted_in_message_help_frame_and_fix() {
        let files = files();
        let fs = findings(&files);
        for color in [false, true] {
            let out = render(&files, &fs, &Redactor::new(), color, false);
            for w in 1..KEY.len() - 8 {
                assert!(!out.contains(&KEY[w..w + 8]), "{:?} of the key survives:\n{out}", &KEY[w..w + 8]);
            }
            assert!(out.contains(&crate::redact::mask(KEY)));
        }
        let out = render(&files, &fs, &Redactor::new(), false, false);
        assert!(out.contains(&format!("2 | WORKOS_API_KEY={}", crate::redact::mask(KEY))), "{out}");
        assert!(out.contains(&format!("error[secrets/api-key-in-client-env]: WORKOS_API_KEY={} is exposed", crate::redact::mask(KEY))));
    }

    #[test]
    fn registered_secret_in_frame_keeps_true_column() {
        let mut files = Files::new("/r");
        let pw = "cookie-password-that-is-long-enough-123456";
        files.insert(SourceFile::new(".env", format!("A={pw} B=1\n"), Decoding::Utf8));
        let b = 2 + pw.len() + 1;
        let f = finding("x/y", Severity::Warning, "B").at(Location::new(".env", b, b + 3));
        let mut redactor = Redactor::new();
        redactor.add_secret(pw);
        for color in [false, true] {
            let out = render(&files, std::slice::from_ref(&f), &redactor, color, false);
            assert!(!out.contains(pw));
            assert!(out.contains(&format!(".env:1:{}\n", b + 1)), "{out}");
            assert!(out.contains("^^^"), "{out}");
        }
    }

    #[test]
    fn related_after_a_secret_in_another_file_keeps_true_column() {
        let mut files = Files::new("/r");
        files.insert(SourceFile::new("a.ts", "const a = 1;\n".into(), Decoding::Utf8));
        files.insert(SourceFile::new(".env", format!("K={KEY} X=1\n"), Decoding::Utf8));
        let x = 2 + KEY.len() + 1;
        let f = finding("x/y", Severity::Error, "m").at(Location::new("a.ts", 6, 7)).related(Location::new(".env", x, x + 3), "here");
        let out = render(&files, &[f], &Redactor::new(), false, false);
        assert!(out.contains(&format!("::: .env:1:{}\n", x + 1)), "{out}");
        assert!(out.contains("--- here"), "{out}");
    }

    #[test]
    fn color_output_has_styles_and_plain_has_none() {
        let files = files();
        let fs = findings(&files);
        let colored = render(&files, &fs, &Redactor::new(), true, false);
        assert!(colored.contains("\x1b["));
        assert!(colored.contains(&format!("{}", anstyle::AnsiColor::Red.on_default().bold())));
        let mut evil = finding("x/evil", Severity::Error, "evil \x1b[2J message \u{9b}31m");
        evil.help = Some("help \x1b]0;title\x07".into());
        let mut files = Files::new("/r");
        files.insert(SourceFile::new("e.ts", "const a = \"\x1b[31m\u{9b}1m\";\n".into(), Decoding::Utf8));
        evil.location = Some(Location::new("e.ts", 6, 7));
        evil.related = vec![Related { location: Location::new("e.ts", 0, 5), message: "rel \x1b[0m".into() }];
        let plain = render(&files, &[evil], &Redactor::new(), false, false);
        assert!(!plain.contains('\x1b') && !plain.contains('\u{9b}') && !plain.contains('\x07'), "{plain:?}");
    }

    #[test]
    fn quiet_shows_errors_and_summary_only() {
        let files = files();
        let fs = findings(&files);
        let out = render(&files, &fs, &Redactor::new(), false, true);
        assert!(out.contains("error[auth-config/jwks-url]"));
        assert!(!out.contains("warning[") && !out.contains("info["));
        assert!(!out.contains(Symptom::DeployFails.headline()));
        let out = render(&files, &fs[2..], &Redactor::new(), false, true);
        assert_eq!(out, "✖ 0 errors, 1 warning, 2 infos in 42 files (7 ms)\n");
        let out = render(&files, &fs[3..], &Redactor::new(), false, true);
        assert_eq!(out, "✔ No errors or warnings in 42 files, 2 infos (7 ms)\n");
        let out = render(&files, &[], &Redactor::new(), false, false);
        assert_eq!(out, "✔ No problems found in 42 files (7 ms)\n");
    }

    #[test]
    fn multi_line_and_far_related_spans() {
        let mut files = Files::new("/r");
        let text: String = (1..=40).map(|i| format!("line {i} é\n")).collect();
        files.insert(SourceFile::new("f.ts", text.clone(), Decoding::Utf8));
        let s = text.find("line 3 ").unwrap();
        let e = text.find("line 5 ").unwrap(); // ends just after the newline of line 4
        let r = text.find("line 38").unwrap();
        let f = finding("x/multi", Severity::Error, "m")
            .at(Location::new("f.ts", s, e))
            .related(Location::new("f.ts", r, r + 7), "far away")
            .related(Location::new("missing.ts", 10, 20), "in an unread file");
        let out = render(&files, &[f], &Redactor::new(), false, false);
        println!("{out}");
        assert!(out.contains("--> f.ts:3:1"));
        assert!(out.contains("far away"));
        assert!(!out.contains("line 20 "), "unannotated lines are folded");
        assert!(!out.contains(" 5 | line 5"), "a span ending after a newline stays on its line");
        assert!(out.contains("::: missing.ts") && out.contains("note: in an unread file"));
    }

    #[test]
    fn spans_out_of_range_do_not_panic() {
        let files = files();
        let f = finding("x/y", Severity::Error, "m")
            .at(Location::new("convex/.env", 5000, 9000))
            .related(Location::new("convex/.env", 3, 2), "r");
        let out = render(&files, &[f], &Redactor::new(), false, false);
        assert!(out.contains("--> convex/.env:"));
        let mut files = Files::new("/r");
        files.insert(SourceFile::new("m.ts", "é🙂x".into(), Decoding::Utf8));
        let f = finding("x/y", Severity::Error, "m").at(Location::new("m.ts", 1, 3));
        let out = render(&files, &[f], &Redactor::new(), false, false);
        assert!(out.contains("--> m.ts:1:1"), "{out}");
    }
}
