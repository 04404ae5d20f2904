//! The bundled examples: the correct ones produce no finding at all, the broken ones exactly the
//! findings their README lists in its `expected-findings` block (`<rule> <file>:<line>:<col>`).

use authkit_doctor_core::check::{self, CheckOptions};
use authkit_doctor_core::report;
use std::path::Path;

fn actual(example: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(example);
    let mut run = check::run(&dir, &CheckOptions::default()).expect("example runs");
    report::sort_findings(&mut run.findings, &run.files);
    let mut out: Vec<String> = run
        .findings
        .iter()
        .map(|f| {
            let loc = f.location.as_ref().expect("located");
            let pos = report::resolve(&run.files, loc).expect("resolves");
            format!("{} {}:{}:{}", f.rule, loc.file, pos.line, pos.column)
        })
        .collect();
    out.sort();
    out
}

fn expected(example: &str) -> Vec<String> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(example).join("README.md")).unwrap();
    let block = readme.split("```expected-findings").nth(1).expect("README has an expected-findings block");
    let block = block.split("```").next().unwrap();
    let mut out: Vec<String> = block.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
    out.sort();
    out
}

#[test]
fn correct_examples_have_no_findings() {
    for example in ["nextjs-correct", "vite-correct"] {
        assert_eq!(actual(example), Vec::<String>::new(), "{example}");
        assert!(expected(example).is_empty(), "{example} README lists findings");
    }
}

#[test]
fn broken_examples_have_exactly_the_listed_findings() {
    for example in ["nextjs-broken", "vite-broken"] {
        assert_eq!(actual(example), expected(example), "{example}");
    }
}
