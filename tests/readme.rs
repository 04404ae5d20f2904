//! The README's sample output is an excerpt of a real run of `authkit-doctor check
//! examples/vite-broken` (its first finding and its summary line), kept current the way
//! docs/rules.md is: this test fails when they differ, and `UPDATE_README=1 cargo test --test
//! readme` rewrites the sample from the run.

use std::path::{Path, PathBuf};

const COMMAND: &str = "authkit-doctor check examples/vite-broken";

fn readme_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")
}

/// The README's excerpt of a run: the command, everything up to the end of the first finding
/// (what the report opens with, the first symptom heading, the finding), `...`, and the summary
/// line.
fn sample_from_a_real_run() -> String {
    let out = assert_cmd::Command::cargo_bin("authkit-doctor")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "examples/vite-broken"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "the example has errors:\n{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    let first_finding = lines
        .iter()
        .position(|l| ["error[", "warning[", "info["].iter().any(|level| l.starts_with(level)))
        .unwrap_or_else(|| panic!("no finding in the run:\n{stdout}"));
    // The first finding ends at the first blank line after it.
    let first_finding_end =
        first_finding + lines[first_finding..].iter().position(|l| l.is_empty()).expect("a blank line after the first finding");
    let summary = lines.last().expect("a summary line");
    format!("$ {COMMAND}\n{}\n...\n{summary}\n", lines[..first_finding_end].join("\n"))
}

/// The sample block in `readme`: the byte range of its lines between "```console" and "```".
fn sample_block(readme: &str) -> std::ops::Range<usize> {
    let opening = "```console\n";
    let start = readme
        .match_indices(opening)
        .map(|(i, _)| i + opening.len())
        .find(|&i| readme[i..].starts_with(&format!("$ {COMMAND}\n")))
        .unwrap_or_else(|| panic!("README.md has no ```console block starting with `$ {COMMAND}`"));
    let end = start + readme[start..].find("\n```\n").expect("the sample block is closed") + 1;
    start..end
}

/// The duration in the summary line (`(4 ms)`) differs from run to run.
fn without_duration(sample: &str) -> String {
    sample
        .lines()
        .map(|line| match line.rfind(" (") {
            Some(i) if line.ends_with(" ms)") && line[i + 2..line.len() - 4].bytes().all(|b| b.is_ascii_digit()) => {
                format!("{} (… ms)", &line[..i])
            }
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn readme_sample_output_matches_a_real_run() {
    let readme = std::fs::read_to_string(readme_path()).unwrap();
    let block = sample_block(&readme);
    let fresh = sample_from_a_real_run();
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{fresh}{}", &readme[..block.start], &readme[block.end..]);
        std::fs::write(readme_path(), updated).unwrap();
        return;
    }
    let committed = &readme[block];
    assert!(
        without_duration(committed) == without_duration(&fresh),
        "README.md's sample output is stale: run `UPDATE_README=1 cargo test --test readme`.\n\
         --- README.md\n{committed}\n--- a run today\n{fresh}"
    );
}

#[test]
fn only_the_duration_is_ignored() {
    assert_eq!(without_duration("✖ 6 errors, 1 warning, 0 infos in 16 files (4 ms)"), "✖ 6 errors, 1 warning, 0 infos in 16 files (… ms)");
    assert_eq!(without_duration("✖ 6 errors in 16 files (4 ms)"), without_duration("✖ 6 errors in 16 files (17 ms)"));
    assert_ne!(without_duration("✖ 6 errors in 16 files (4 ms)"), without_duration("✖ 5 errors in 16 files (4 ms)"));
    let readme = "intro\n```console\n$ authkit-doctor check examples/vite-broken\nout\n```\nafter\n";
    assert_eq!(&readme[sample_block(readme)], "$ authkit-doctor check examples/vite-broken\nout\n");
}
