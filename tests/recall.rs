//! Recall families (issue 12): realistic single mistakes injected into the correct examples,
//! each in at least two shapes that must fire, next to the untouched example that must stay
//! quiet. Asserted on rule and location.

mod common;
use authkit_doctor::check::{self, CheckOptions};
use authkit_doctor::diagnostic::Severity;
use authkit_doctor::report;
use common::copy_dir;
use std::path::Path;

/// `severity rule file:line` of the error and warning findings of `example` with `edits`
/// applied (`(path, from, to)`: replace the first `from` with `to`; an empty `from` appends).
fn findings(example: &str, edits: &[(&str, &str, &str)]) -> Vec<String> {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("project");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(example), &root);
    for (path, from, to) in edits {
        let file = root.join(path);
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let text = if from.is_empty() {
            format!("{text}{to}")
        } else {
            assert!(text.contains(from), "{path} has no `{from}`");
            text.replacen(from, to, 1)
        };
        std::fs::write(file, text).unwrap();
    }
    let mut run = check::run(&root, &CheckOptions::default()).unwrap();
    report::sort_findings(&mut run.findings, &run.files);
    run.findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        .map(|f| {
            let at = f.location.as_ref().map(|l| format!("{}:{}", l.file, report::resolve(&run.files, l).unwrap().line));
            format!("{} {} {}", f.severity.as_str(), f.rule, at.unwrap_or_default())
        })
        .collect()
}

fn assert_has(found: &[String], wanted: &str) {
    assert!(found.iter().any(|f| f == wanted), "expected `{wanted}` among {found:#?}");
}

#[test]
fn the_correct_examples_are_quiet() {
    for example in ["nextjs-correct", "vite-correct"] {
        assert_eq!(findings(example, &[]), Vec::<String>::new(), "{example}");
    }
}

// ---- Family 5: APIs from the wrong SDK ---------------------------------------------------

#[test]
fn names_imported_from_an_sdk_that_does_not_export_them() {
    // A server helper from the Next.js SDK in a Vite app on authkit-react.
    let found = findings("vite-correct", &[("src/App.tsx", "", "\nimport { getSignInUrl } from '@workos-inc/authkit-react';\nexport const url = getSignInUrl;\n")]);
    assert_has(&found, "error client/import-not-in-sdk src/App.tsx:79");
    // The Next.js SDK's hook imported in the SPA.
    let found = findings(
        "vite-correct",
        &[("src/main.tsx", "LoginRequiredError, useAuth }", "LoginRequiredError, useAuth, useAccessToken }")],
    );
    assert_has(&found, "error client/import-not-in-sdk src/main.tsx:3");
    // `signIn` is a method of authkit-react's useAuth(), exported by no SDK.
    let found = findings(
        "nextjs-correct",
        &[("app/page.tsx", "import { signOut, withAuth } from", "import { signIn, signOut, withAuth } from"), ("app/page.tsx", "", "export const start = signIn;\n")],
    );
    assert_has(&found, "error client/import-not-in-sdk app/page.tsx:1");
}
