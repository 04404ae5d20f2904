//! `check --fix` and `check --fix --dry-run`: apply the safe edits the findings carry.
//!
//! Edits are grouped per file and applied together. A finding's edits are taken all or none;
//! a finding whose edits overlap an edit already taken is skipped with a note. Files are
//! written atomically (a temp file in the same folder, then a rename), and every byte outside
//! the edited ranges stays as it was.

use authkit_doctor_core::check::{CheckOptions, CheckRun};
use authkit_doctor_core::diagnostic::{Edit, Finding};
use authkit_doctor_core::edit;
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
            let text = texts.entry(edit.file.clone()).or_insert_with(|| {
                authkit_doctor_core::read::project_text(&root.join(&edit.file), authkit_doctor_core::read::MAX_TEXT_BYTES)
            });
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
        format!("{} is a symlink that points nowhere; refusing to write through it", authkit_doctor_core::source::rel_path(root, existing))
    })?;
    if !real.starts_with(&real_root) {
        return Err(format!(
            "{} leads outside the project (to {}) through a symlink; refusing to write there",
            authkit_doctor_core::source::rel_path(root, existing),
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

/// `check --fix [--dry-run]` after the first check: plans the fixes of `run`'s findings (the
/// filtered ones, sorted), then either prints the diff (`dry_run`: always `Err(exit code)`, the
/// exit code of the check) or writes
/// the files, makes sure each still parses, and returns a fresh check of the fixed project.
/// Notes go to stderr so `--format json` keeps stdout pure.
pub fn run(path: &Path, options: &CheckOptions, first: CheckRun, dry_run: bool) -> Result<CheckRun, i32> {
    use crate::output::{EXIT_FINDINGS, EXIT_INPUT, EXIT_INTERNAL, EXIT_OK};
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
        let errors = first.findings.iter().any(|f| f.severity == authkit_doctor_core::diagnostic::Severity::Error);
        return Err(if errors { EXIT_FINDINGS } else { EXIT_OK });
    }
    if plan.is_empty() {
        eprintln!("authkit-doctor: nothing to fix");
        return Ok(first);
    }
    for f in &plan.files {
        if edit::parses(&f.file, &f.before).is_ok()
            && let Err(e) = edit::parses(&f.file, &f.after)
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
    match authkit_doctor_core::check::run(path, options) {
        Ok(after) => Ok(after),
        Err(e) => Err(crate::output::input_error(&e.to_string())),
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
