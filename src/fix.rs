//! `check --fix` and `check --fix --dry-run`: apply the safe edits the findings carry.
//!
//! Edits are grouped per file and applied together. A finding's edits are taken all or none;
//! a finding whose edits overlap an edit already taken is skipped with a note. Files are
//! written atomically (a temp file in the same folder, then a rename), and every byte outside
//! the edited ranges stays as it was.

use crate::check::{CheckOptions, CheckRun};
use crate::diagnostic::{Edit, Finding};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One fixed file: its text before and after, and the fixes applied to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFix {
    /// Relative to the scanned root, `/`-separated.
    pub file: String,
    pub before: String,
    pub after: String,
}

/// What `--fix` would do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub files: Vec<FileFix>,
    /// `(rule, file, description)` of each fix taken.
    pub applied: Vec<(String, String, String)>,
    /// Why a safe fix was left out (conflict, stale offsets).
    pub skipped: Vec<String>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

fn overlaps(a: &Edit, b: &Edit) -> bool {
    if a.start == a.end && b.start == b.end {
        return a.start == b.start;
    }
    a.start < b.end && b.start < a.end
        || (a.start == a.end && b.start < a.start && a.start < b.end)
        || (b.start == b.end && a.start < b.start && b.start < a.end)
}

/// Plans the safe edits of `findings` (in their order) against the files under `root`.
pub fn plan(root: &Path, findings: &[Finding]) -> Plan {
    let mut plan = Plan::default();
    let mut texts: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut taken: BTreeMap<String, Vec<Edit>> = BTreeMap::new();
    for finding in findings {
        let Some(fix) = &finding.fix else { continue };
        if !fix.safe || fix.edits.is_empty() {
            continue;
        }
        let mut ok = true;
        let mut reason = String::new();
        let mut new_edits: Vec<&Edit> = Vec::new();
        for edit in &fix.edits {
            let text = texts
                .entry(edit.file.clone())
                .or_insert_with(|| crate::read::project_text(&root.join(&edit.file), crate::read::MAX_TEXT_BYTES));
            let Some(text) = text else {
                ok = false;
                reason = format!("cannot read {}", edit.file);
                break;
            };
            if edit.start > edit.end || edit.end > text.len() || !text.is_char_boundary(edit.start) || !text.is_char_boundary(edit.end) {
                ok = false;
                reason = format!("its edit in {} does not match the file", edit.file);
                break;
            }
            let already = taken.get(&edit.file).map(Vec::as_slice).unwrap_or_default();
            if already.contains(edit) {
                continue; // the same edit from another finding: applied once
            }
            if already.iter().chain(new_edits.iter().copied()).any(|e| e.file == edit.file && overlaps(e, edit)) {
                ok = false;
                reason = format!("its edit in {} overlaps another fix; run --fix again afterwards", edit.file);
                break;
            }
            new_edits.push(edit);
        }
        let first_file = fix.edits[0].file.clone();
        if !ok {
            plan.skipped.push(format!("{} ({}): skipped, {reason}", finding.rule, first_file));
            continue;
        }
        for edit in new_edits {
            taken.entry(edit.file.clone()).or_default().push(edit.clone());
        }
        plan.applied.push((finding.rule.to_string(), first_file, fix.description.clone()));
    }
    for (file, mut edits) in taken {
        let Some(Some(before)) = texts.get(&file) else { continue };
        edits.sort_by_key(|e| (e.start, e.end));
        let mut after = String::with_capacity(before.len());
        let mut pos = 0;
        for e in &edits {
            after.push_str(&before[pos..e.start]);
            after.push_str(&e.replacement);
            pos = e.end;
        }
        after.push_str(&before[pos..]);
        if after != *before {
            plan.files.push(FileFix { file, before: before.clone(), after });
        }
    }
    plan
}

/// Writes each file of the plan: a temp file next to it, then a rename over it. A file that is
/// a symlink is written where the link points (the link stays a link); see [`write_target`].
pub fn apply(root: &Path, plan: &Plan) -> std::io::Result<()> {
    for f in &plan.files {
        let target = write_target(root, &f.file).map_err(std::io::Error::other)?;
        write_atomic(&target, f.after.as_bytes())?;
    }
    Ok(())
}

/// Puts the files of the plan back as they were (when the fixed result does not parse).
pub fn revert(root: &Path, plan: &Plan) -> std::io::Result<()> {
    for f in &plan.files {
        let target = write_target(root, &f.file).map_err(std::io::Error::other)?;
        write_atomic(&target, f.before.as_bytes())?;
    }
    Ok(())
}

/// Where writing the project file `rel` really writes: the path with every symlink on the way
/// resolved, which must stay inside `root`. A rename over a symlink would replace the link
/// with a regular file, and writing through a link that leaves the project (`app/ ->
/// ~/elsewhere`) changes files the user did not point the tool at; both are refused or
/// avoided here. Folders that do not exist yet are fine (they are created inside the last one
/// that does). The error says which path leaves the project.
pub fn write_target(root: &Path, rel: &str) -> Result<PathBuf, String> {
    let real_root = std::fs::canonicalize(root).map_err(|e| format!("{}: {e}", root.display()))?;
    let path = root.join(rel);
    // The deepest part of the path that exists (a dangling link counts: it must not be
    // followed blindly either).
    let mut existing = path.as_path();
    let mut missing = Vec::new();
    while std::fs::symlink_metadata(existing).is_err() {
        let Some(parent) = existing.parent() else { break };
        missing.push(existing.file_name().map(|n| n.to_os_string()).unwrap_or_default());
        existing = parent;
    }
    let real = std::fs::canonicalize(existing).map_err(|_| {
        format!("{} is a symlink that points nowhere; refusing to write through it", crate::source::rel_path(root, existing))
    })?;
    if !real.starts_with(&real_root) {
        return Err(format!(
            "{} leads outside the project (to {}) through a symlink; refusing to write there",
            crate::source::rel_path(root, existing),
            real.display()
        ));
    }
    Ok(missing.iter().rev().fold(real, |acc, name| acc.join(name)))
}

pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.authkit-doctor-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// An edit deleting the object property at `span` (`key: value`) with its comma; when the
/// property has its own line, the whole line goes. `None` when the text around the span is
/// not what a property looks like.
pub fn delete_property(file: &str, text: &str, span_start: usize, span_end: usize) -> Option<Edit> {
    if span_end > text.len() || span_start >= span_end || !text.is_char_boundary(span_start) || !text.is_char_boundary(span_end) {
        return None;
    }
    let bytes = text.as_bytes();
    let skip_blanks = |mut i: usize| {
        while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
            i += 1;
        }
        i
    };
    let mut end = skip_blanks(span_end);
    let comma_after = end < bytes.len() && bytes[end] == b',';
    if comma_after {
        end = skip_blanks(end + 1);
    }
    let line_start = text[..span_start].rfind('\n').map_or(0, |i| i + 1);
    let own_line_before = text[line_start..span_start].bytes().all(|b| b == b' ' || b == b'\t');
    let own_line_after = end == bytes.len() || bytes[end] == b'\n' || text[end..].starts_with("\r\n");
    if own_line_before && own_line_after {
        let line_end = if end == bytes.len() {
            end
        } else if bytes[end] == b'\r' {
            end + 2
        } else {
            end + 1
        };
        return Some(Edit { file: file.to_string(), start: line_start, end: line_end, replacement: String::new() });
    }
    if comma_after {
        return Some(Edit { file: file.to_string(), start: span_start, end, replacement: String::new() });
    }
    // The last property on a shared line: take the comma before it.
    let before = text[..span_start].trim_end_matches([' ', '\t']);
    if before.ends_with(',') {
        let start = before.len() - 1;
        return Some(Edit { file: file.to_string(), start, end: span_end, replacement: String::new() });
    }
    None
}

/// An edit inserting ` prefetch={false}` after the element name of the opening tag that
/// starts at `start` (`<Link`, `<NextLink`, `<ui.Link`). `None` when no tag starts there.
pub fn insert_after_tag_name(file: &str, text: &str, start: usize, insert: &str) -> Option<Edit> {
    let rest = text.get(start..)?;
    let name = rest.strip_prefix('<')?;
    let len = name.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$' || c == '.')).unwrap_or(name.len());
    if len == 0 {
        return None;
    }
    let at = start + 1 + len;
    Some(Edit { file: file.to_string(), start: at, end: at, replacement: insert.to_string() })
}

/// The line break `text` uses: `\r\n` when it has one, else `\n`.
pub fn newline_of(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// The whitespace in front of `pos` when nothing else precedes it on its line.
pub fn indent_before(text: &str, pos: usize) -> Option<&str> {
    let line_start = text.get(..pos)?.rfind('\n').map_or(0, |i| i + 1);
    let indent = &text[line_start..pos];
    indent.bytes().all(|b| b == b' ' || b == b'\t').then_some(indent)
}

/// An edit appending `lines` at the end of `text`, in the file's line breaks. The file's last
/// line is ended first when it is not; `blank_line_before` separates the new lines from the old
/// ones by a blank line (unless the file already ends with one). The result ends with a line
/// break when the file did (or was empty).
pub fn append_lines(file: &str, text: &str, lines: &[&str], blank_line_before: bool) -> Edit {
    let nl = newline_of(text);
    let mut out = String::new();
    let ends_with_newline = text.is_empty() || text.ends_with('\n');
    if !text.is_empty() {
        if !ends_with_newline {
            out.push_str(nl);
        }
        // The last line, without its line break: blank when the file already ends with a blank line.
        let body =
            if ends_with_newline { text.strip_suffix('\n').map(|t| t.strip_suffix('\r').unwrap_or(t)).unwrap_or(text) } else { text };
        let last_line = body.rsplit('\n').next().unwrap_or("");
        if blank_line_before && !last_line.trim().is_empty() {
            out.push_str(nl);
        }
    }
    out.push_str(&lines.join(nl));
    if ends_with_newline {
        out.push_str(nl);
    }
    Edit { file: file.to_string(), start: text.len(), end: text.len(), replacement: out }
}

/// How an object literal is laid out, to write a sibling object in the same style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectStyle {
    /// `Some((property indent, closing-brace indent))` when each property has its own line.
    pub multiline: Option<(String, String)>,
    /// One line: the blanks after `{` and before `}`, and what separates properties (`, `).
    pub open_pad: String,
    pub close_pad: String,
    pub separator: String,
    /// A comma after the last property.
    pub trailing_comma: bool,
}

impl ObjectStyle {
    /// The style of the object literal at `span` whose properties are at `props` (in order).
    /// `None` when the object is not laid out plainly: anything but blanks and commas between
    /// the properties (comments, spreads), properties sharing lines in a multi-line object.
    pub fn of(text: &str, span: (usize, usize), props: &[(usize, usize)]) -> Option<ObjectStyle> {
        let obj = text.get(span.0..span.1)?;
        if !obj.starts_with('{') || !obj.ends_with('}') || props.is_empty() {
            return None;
        }
        if props.iter().any(|p| p.0 <= span.0 || p.1 >= span.1 || p.0 >= p.1) || props.windows(2).any(|w| w[0].1 > w[1].0) {
            return None;
        }
        let blank = |s: &str| s.chars().all(|c| c == ' ' || c == '\t' || c == '\n' || c == '\r');
        let before = text.get(span.0 + 1..props[0].0)?;
        let after = text.get(props[props.len() - 1].1..span.1 - 1)?;
        let gaps: Vec<&str> = props.windows(2).map(|w| text.get(w[0].1..w[1].0)).collect::<Option<_>>()?;
        let (trailing_comma, close) = match after.trim_start_matches([' ', '\t']).strip_prefix(',') {
            Some(rest) => (true, rest),
            None => (false, after),
        };
        if !blank(before) || !blank(close) || gaps.iter().any(|g| !g.trim_start_matches([' ', '\t']).strip_prefix(',').is_some_and(blank)) {
            return None;
        }
        if before.contains('\n') {
            if gaps.iter().any(|g| !g.contains('\n')) || !close.contains('\n') {
                return None;
            }
            let prop_indent = before.rsplit('\n').next().unwrap_or("").trim_end_matches('\r');
            let close_indent = close.rsplit('\n').next().unwrap_or("");
            let style = ObjectStyle {
                multiline: Some((prop_indent.to_string(), close_indent.to_string())),
                open_pad: String::new(),
                close_pad: String::new(),
                separator: String::new(),
                trailing_comma,
            };
            return Some(style);
        }
        if obj.contains('\n') || gaps.iter().any(|g| g.contains('\n')) || close.contains('\n') {
            return None;
        }
        Some(ObjectStyle {
            multiline: None,
            open_pad: before.to_string(),
            close_pad: close.to_string(),
            separator: gaps.first().map_or(", ", |g| g).to_string(),
            trailing_comma,
        })
    }

    /// An object literal with these properties (each `key: value` as source), in this style.
    pub fn render(&self, props: &[String], nl: &str) -> String {
        let mut out = String::from("{");
        match &self.multiline {
            Some((prop_indent, close_indent)) => {
                for (i, p) in props.iter().enumerate() {
                    out.push_str(nl);
                    out.push_str(prop_indent);
                    out.push_str(p);
                    if i + 1 < props.len() || self.trailing_comma {
                        out.push(',');
                    }
                }
                out.push_str(nl);
                out.push_str(close_indent);
            }
            None => {
                out.push_str(&self.open_pad);
                out.push_str(&props.join(&self.separator));
                if self.trailing_comma {
                    out.push(',');
                }
                out.push_str(&self.close_pad);
            }
        }
        out.push('}');
        out
    }
}

/// An edit inserting `element` into the array literal at `array`, right after (`after`) or
/// right before the element at `sibling`: on a line of its own when the sibling has one (same
/// indentation, same trailing-comma habit), else on the sibling's line after `, `. `None` when
/// the text around the sibling is not plain (a comment after it, say).
pub fn insert_array_element(
    file: &str,
    text: &str,
    array: (usize, usize),
    sibling: (usize, usize),
    element: &str,
    after: bool,
) -> Option<Edit> {
    let arr = text.get(array.0..array.1)?;
    if !arr.starts_with('[') || !arr.ends_with(']') || sibling.0 <= array.0 || sibling.1 >= array.1 || sibling.0 >= sibling.1 {
        return None;
    }
    let nl = newline_of(text);
    let edit = |at: usize, replacement: String| Some(Edit { file: file.to_string(), start: at, end: at, replacement });
    let own_line = indent_before(text, sibling.0);
    if !after {
        return match own_line {
            Some(indent) => edit(sibling.0, format!("{element},{nl}{indent}")),
            None => edit(sibling.0, format!("{element}, ")),
        };
    }
    let Some(indent) = own_line else { return edit(sibling.1, format!(", {element}")) };
    let rest = &text[sibling.1..array.1];
    let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let comma = rest[blanks..].starts_with(',');
    let line_end = if comma { sibling.1 + blanks + 1 } else { sibling.1 };
    let tail = &text[line_end..array.1];
    let tail = tail.trim_start_matches([' ', '\t']);
    // The sibling must end its line (else the new element would not be on a line of its own).
    if !(tail.starts_with('\n') || tail.starts_with("\r\n")) {
        return None;
    }
    if comma { edit(line_end, format!("{nl}{indent}{element},")) } else { edit(sibling.1, format!(",{nl}{indent}{element}")) }
}

/// The client id part of the source of a URL expression ending in `<marker><client id>`, as an
/// expression: `` `https://h/sso/jwks/${clientId}` `` gives `clientId`,
/// `'https://h/sso/jwks/' + process.env.X` gives `process.env.X`, and `"https://h/sso/jwks/client_1"`
/// gives `"client_1"`. `None` for anything else.
pub fn client_id_expression(source: &str, marker: &str) -> Option<String> {
    let source = source.trim();
    let is_path = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '.' | '!'));
    if let Some(body) = source.strip_prefix('`').and_then(|s| s.strip_suffix('`')) {
        let (before, expr) = body.rsplit_once("${")?;
        let expr = expr.strip_suffix('}')?.trim();
        return (before.ends_with(marker) && before.matches("${").count() == 0 && is_path(expr)).then(|| expr.to_string());
    }
    let quote = source.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let body = &source[1..];
    let close = body.find(quote)?;
    let (literal, rest) = (&body[..close], body[close + 1..].trim());
    if literal.contains('\\') {
        return None;
    }
    if rest.is_empty() {
        let (_, id) = literal.rsplit_once(marker)?;
        return (is_path(id) && !id.contains('.')).then(|| format!("{quote}{id}{quote}"));
    }
    let expr = rest.strip_prefix('+')?.trim();
    (literal.ends_with(marker) && is_path(expr)).then(|| expr.to_string())
}

/// Whether `text` parses as the JS/TS file `path` names (other files: always `Ok`).
pub fn parses(path: &str, text: &str) -> Result<(), String> {
    const CODE: &[&str] = &[".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"];
    if !CODE.iter().any(|ext| path.ends_with(ext)) {
        return Ok(());
    }
    let allocator = oxc_allocator::Allocator::default();
    let source_type = oxc_span::SourceType::from_path(path).unwrap_or_else(|_| oxc_span::SourceType::tsx());
    let parsed = oxc_parser::Parser::new(&allocator, text, source_type).parse();
    match parsed.diagnostics.first() {
        _ if parsed.panicked => Err(format!("{path}: the parser gave up")),
        Some(e) => Err(format!("{path}: {e}")),
        None => Ok(()),
    }
}

/// `check --fix [--dry-run]` after the first check: plans the fixes of `run`'s findings (the
/// filtered ones, sorted), then either prints the diff (`dry_run`: always `Err(exit code)`, the
/// exit code of the check) or writes
/// the files, makes sure each still parses, and returns a fresh check of the fixed project.
/// Notes go to stderr so `--format json` keeps stdout pure.
pub fn run(path: &Path, options: &CheckOptions, first: CheckRun, dry_run: bool) -> Result<CheckRun, i32> {
    use crate::cli::{EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK};
    use std::io::Write;
    let plan = plan(&first.root, &first.findings);
    for note in &plan.skipped {
        eprintln!("authkit-doctor: fix {note}");
    }
    let fixes = plan.applied.len();
    let files = plan.files.len();
    if dry_run {
        let mut out = std::io::stdout().lock();
        let mut result = Ok(());
        for f in &plan.files {
            result = result.and_then(|()| out.write_all(unified_diff(&f.file, &f.before, &f.after).as_bytes()));
        }
        let _ = result.and_then(|()| out.flush());
        if plan.is_empty() {
            eprintln!("authkit-doctor: nothing to fix (dry run)");
        } else {
            eprintln!(
                "authkit-doctor: would fix {fixes} problem{} in {files} file{} (dry run: nothing written)",
                plural(fixes),
                plural(files)
            );
        }
        let errors = first.findings.iter().any(|f| f.severity == crate::diagnostic::Severity::Error);
        return Err(if errors { EXIT_FINDINGS } else { EXIT_OK });
    }
    if plan.is_empty() {
        eprintln!("authkit-doctor: nothing to fix");
        return Ok(first);
    }
    for f in &plan.files {
        if parses(&f.file, &f.before).is_ok()
            && let Err(e) = parses(&f.file, &f.after)
        {
            eprintln!("authkit-doctor: internal error: the fix would break {e}; nothing written");
            return Err(EXIT_INTERNAL);
        }
    }
    for f in &plan.files {
        if let Err(e) = write_target(&first.root, &f.file) {
            eprintln!("authkit-doctor: cannot fix {}: {e}; nothing written", f.file);
            return Err(EXIT_INPUT);
        }
    }
    if let Err(e) = apply(&first.root, &plan) {
        let _ = revert(&first.root, &plan);
        eprintln!("authkit-doctor: cannot write the fixes: {e}; files restored");
        return Err(EXIT_INPUT);
    }
    for (rule, file, description) in &plan.applied {
        eprintln!("fixed {file} [{rule}]: {description}");
    }
    eprintln!("authkit-doctor: fixed {fixes} problem{} in {files} file{}; checking again", plural(fixes), plural(files));
    match crate::check::run(path, options) {
        Ok(after) => Ok(after),
        Err(e) => Err(crate::cli::input_error(&e.0)),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A unified diff (3 lines of context) from `before` to `after`, with `a/` and `b/` headers.
pub fn unified_diff(file: &str, before: &str, after: &str) -> String {
    let a: Vec<&str> = before.split_inclusive('\n').collect();
    let b: Vec<&str> = after.split_inclusive('\n').collect();
    let ops = diff_lines(&a, &b);
    let mut out = format!("--- a/{file}\n+++ b/{file}\n");
    const CONTEXT: usize = 3;
    // Indices into `ops` of changes; group them into hunks.
    let changes: Vec<usize> = ops.iter().enumerate().filter(|(_, op)| !matches!(op, Op::Same(..))).map(|(i, _)| i).collect();
    let mut i = 0;
    while i < changes.len() {
        let start = changes[i].saturating_sub(CONTEXT);
        let mut end = changes[i];
        let mut j = i;
        while j + 1 < changes.len() && changes[j + 1] <= end + 2 * CONTEXT + 1 {
            j += 1;
            end = changes[j];
        }
        let end = (end + CONTEXT + 1).min(ops.len());
        let (mut a_start, mut b_start) = (None, None);
        let (mut a_len, mut b_len) = (0, 0);
        let mut body = String::new();
        for op in &ops[start..end] {
            let (sign, line) = match *op {
                Op::Same(ai, bi) => {
                    a_start.get_or_insert(ai);
                    b_start.get_or_insert(bi);
                    a_len += 1;
                    b_len += 1;
                    (' ', a[ai])
                }
                Op::Del(ai, bi) => {
                    a_start.get_or_insert(ai);
                    b_start.get_or_insert(bi);
                    a_len += 1;
                    ('-', a[ai])
                }
                Op::Add(ai, bi) => {
                    a_start.get_or_insert(ai);
                    b_start.get_or_insert(bi);
                    b_len += 1;
                    ('+', b[bi])
                }
            };
            body.push(sign);
            body.push_str(line);
            if !line.ends_with('\n') {
                body.push_str("\n\\ No newline at end of file\n");
            }
        }
        // Unified diff numbers a zero-length range by the line before it.
        let a_num = if a_len == 0 { a_start.unwrap_or(0) } else { a_start.unwrap_or(0) + 1 };
        let b_num = if b_len == 0 { b_start.unwrap_or(0) } else { b_start.unwrap_or(0) + 1 };
        out.push_str(&format!("@@ -{a_num},{a_len} +{b_num},{b_len} @@\n"));
        out.push_str(&body);
        i = j + 1;
    }
    out
}

/// A line-level edit script; each op carries the (old, new) line indices at that point.
#[derive(Debug, Clone, Copy)]
enum Op {
    Same(usize, usize),
    Del(usize, usize),
    Add(usize, usize),
}

fn diff_lines(a: &[&str], b: &[&str]) -> Vec<Op> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..].iter().rev().zip(b[prefix..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (am, bm) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut ops: Vec<Op> = (0..prefix).map(|i| Op::Same(i, i)).collect();
    // LCS table over the changed middle (small in practice: fixes touch a few lines).
    let (n, m) = (am.len(), bm.len());
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * (m + 1) + j] =
                if am[i] == bm[j] { lcs[(i + 1) * (m + 1) + j + 1] + 1 } else { lcs[(i + 1) * (m + 1) + j].max(lcs[i * (m + 1) + j + 1]) };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && am[i] == bm[j] {
            ops.push(Op::Same(prefix + i, prefix + j));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1]) {
            ops.push(Op::Del(prefix + i, prefix + j));
            i += 1;
        } else {
            ops.push(Op::Add(prefix + i, prefix + j));
            j += 1;
        }
    }
    for k in 0..suffix {
        ops.push(Op::Same(a.len() - suffix + k, b.len() - suffix + k));
    }
    ops
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_of_one_changed_line() {
        let d = unified_diff("x.ts", "a\nb\nc\n", "a\nB\nc\n");
        assert_eq!(d, "--- a/x.ts\n+++ b/x.ts\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
    }

    #[test]
    fn diff_of_a_deleted_line_far_from_start() {
        let before: String = (1..=10).map(|i| format!("{i}\n")).collect();
        let after = before.replace("5\n", "");
        let d = unified_diff("f", &before, &after);
        assert_eq!(d, "--- a/f\n+++ b/f\n@@ -2,7 +2,6 @@\n 2\n 3\n 4\n-5\n 6\n 7\n 8\n");
    }

    #[test]
    fn diff_without_final_newline() {
        let d = unified_diff("f", "a", "b");
        assert_eq!(d, "--- a/f\n+++ b/f\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n");
    }

    fn apply_one(text: &str, e: Option<Edit>) -> String {
        let e = e.expect("an edit");
        format!("{}{}{}", &text[..e.start], e.replacement, &text[e.end..])
    }

    #[test]
    fn deleting_a_property() {
        let t = "{\n  a: 1,\n  applicationID: clientId,\n  b: 2,\n}\n";
        let s = t.find("applicationID").unwrap();
        assert_eq!(apply_one(t, delete_property("f", t, s, s + "applicationID: clientId".len())), "{\n  a: 1,\n  b: 2,\n}\n");
        let t = "{\r\n  a: 1,\r\n  applicationID: x\r\n}";
        let s = t.find("applicationID").unwrap();
        assert_eq!(apply_one(t, delete_property("f", t, s, s + 16)), "{\r\n  a: 1,\r\n}");
        let t = "{ a: 1, applicationID: x, b: 2 }";
        let s = t.find("applicationID").unwrap();
        assert_eq!(apply_one(t, delete_property("f", t, s, s + 16)), "{ a: 1, b: 2 }");
        let t = "{ a: 1, applicationID: x }";
        let s = t.find("applicationID").unwrap();
        assert_eq!(apply_one(t, delete_property("f", t, s, s + 16)), "{ a: 1 }");
        let t = "{ applicationID: x }";
        assert_eq!(delete_property("f", t, 2, 18), None);
    }

    #[test]
    fn inserting_after_a_tag_name() {
        let t = "x = <Link href=\"/a\">";
        assert_eq!(apply_one(t, insert_after_tag_name("f", t, 4, " prefetch={false}")), "x = <Link prefetch={false} href=\"/a\">");
        assert_eq!(insert_after_tag_name("f", t, 0, "y"), None);
    }

    #[test]
    fn appending_lines() {
        let block = ["[[redirects]]", "  status = 200"];
        let append = |t: &str, blank| apply_one(t, Some(append_lines("f", t, &block, blank)));
        assert_eq!(append("[build]\n", true), "[build]\n\n[[redirects]]\n  status = 200\n");
        assert_eq!(append("[build]\n\n", true), "[build]\n\n[[redirects]]\n  status = 200\n");
        assert_eq!(append("[build]", true), "[build]\n\n[[redirects]]\n  status = 200");
        assert_eq!(append("", true), "[[redirects]]\n  status = 200\n");
        assert_eq!(append("a\r\n", false), "a\r\n[[redirects]]\r\n  status = 200\r\n");
    }

    #[test]
    fn object_styles() {
        let spans = |t: &str, keys: &[&str]| -> Vec<(usize, usize)> {
            keys.iter()
                .map(|k| {
                    let s = t.find(k).unwrap();
                    (s, s + k.len())
                })
                .collect()
        };
        let t = "{\n    a: 1,\n    b: 2\n  }";
        let style = ObjectStyle::of(t, (0, t.len()), &spans(t, &["a: 1", "b: 2"])).unwrap();
        assert_eq!(style.render(&["x: 1".into(), "y: 2".into()], "\n"), "{\n    x: 1,\n    y: 2\n  }");
        let t = "{ a: 1, b: 2, }";
        let style = ObjectStyle::of(t, (0, t.len()), &[(2, 6), (8, 12)]).unwrap();
        assert_eq!(style.render(&["x: 1".into(), "y: 2".into(), "z: 3".into()], "\n"), "{ x: 1, y: 2, z: 3, }");
        let t = "{a: 1,b: 2}";
        assert_eq!(ObjectStyle::of(t, (0, t.len()), &[(1, 5), (6, 10)]).unwrap().render(&["x: 1".into()], "\n"), "{x: 1}");
        let t = "{ a: 1, /* b */ b: 2 }";
        assert_eq!(ObjectStyle::of(t, (0, t.len()), &[(2, 6), (16, 20)]), None, "a comment between properties");
        let t = "{\n  a: 1, b: 2\n}";
        assert_eq!(ObjectStyle::of(t, (0, t.len()), &[(4, 8), (10, 14)]), None, "properties sharing a line");
    }

    #[test]
    fn inserting_array_elements() {
        let t = "[\n  {a},\n]";
        let sib = (4, 7);
        assert_eq!(apply_one(t, insert_array_element("f", t, (0, t.len()), sib, "{b}", true)), "[\n  {a},\n  {b},\n]");
        assert_eq!(apply_one(t, insert_array_element("f", t, (0, t.len()), sib, "{b}", false)), "[\n  {b},\n  {a},\n]");
        let t = "[\n  {a}\n]";
        assert_eq!(apply_one(t, insert_array_element("f", t, (0, t.len()), sib, "{b}", true)), "[\n  {a},\n  {b}\n]");
        let t = "[{a}]";
        assert_eq!(apply_one(t, insert_array_element("f", t, (0, t.len()), (1, 4), "{b}", true)), "[{a}, {b}]");
        assert_eq!(apply_one(t, insert_array_element("f", t, (0, t.len()), (1, 4), "{b}", false)), "[{b}, {a}]");
        let t = "[\n  {a}, // keep\n]";
        assert_eq!(insert_array_element("f", t, (0, t.len()), sib, "{b}", true), None);
    }

    #[test]
    fn client_id_expressions() {
        let m = "/user_management/";
        assert_eq!(client_id_expression("`https://api.workos.com/user_management/${clientId}`", m).as_deref(), Some("clientId"));
        assert_eq!(
            client_id_expression("'https://a.example.com/user_management/' + process.env.WORKOS_CLIENT_ID", m).as_deref(),
            Some("process.env.WORKOS_CLIENT_ID")
        );
        assert_eq!(client_id_expression("\"https://api.workos.com/user_management/client_01\"", m).as_deref(), Some("\"client_01\""));
        assert_eq!(client_id_expression("`https://${host}/user_management/${clientId}`", m), None);
        assert_eq!(client_id_expression("`https://api.workos.com/user_management/client_${id}`", m), None);
        assert_eq!(client_id_expression("issuer(clientId)", m), None);
        assert_eq!(client_id_expression("'https://api.workos.com/user_management/' + id + '/'", m), None);
    }

    #[test]
    fn overlapping_edits_conflict_and_touching_ones_do_not() {
        let e = |s, t| Edit { file: "f".into(), start: s, end: t, replacement: String::new() };
        assert!(overlaps(&e(0, 5), &e(4, 6)));
        assert!(!overlaps(&e(0, 5), &e(5, 6)));
        assert!(overlaps(&e(3, 3), &e(3, 3)));
        assert!(overlaps(&e(3, 3), &e(1, 5)));
        assert!(!overlaps(&e(5, 5), &e(1, 5)));
    }
}
