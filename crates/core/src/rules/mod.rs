//! The rule catalog. One file per rule (`rules/<area>/<name>.rs`): its docs, its metadata and its
//! logic side by side, declared with [`declare_rule!`]. Ids are a public contract: never rename
//! or reuse one. To add a rule: `scripts/new-rule <area>/<name>` creates the file, adds it to its
//! area's `mod.rs` and `RULES`, and makes its `fires` and `quiet` fixtures under
//! `tests/fixtures/rules/<id>/` (see CONTRIBUTING.md).

use crate::diagnostic::{Finding, Severity, Symptom};
use crate::discover::Project;
use crate::facts::ProjectFacts;

pub mod auth_config;
pub mod client;
pub mod convex_env;
pub mod deploy;
pub mod env;
pub mod framework;
pub mod functions;
pub mod har;
pub mod logs;
pub mod nextjs;
pub mod redirect;
pub mod token;

/// Everything a rule may look at. Rules are pure: facts in, findings out (no file I/O; the
/// text of files the facts stage read is in `files`, for rules that build edits).
pub struct CheckContext<'a> {
    pub project: &'a Project,
    pub facts: &'a ProjectFacts,
    pub files: &'a crate::source::Files,
}

impl CheckContext<'_> {
    /// The text of a file the facts stage read (`None` for unread, binary or oversized files).
    pub fn text(&self, file: &str) -> Option<&str> {
        let f = self.files.get(file)?;
        matches!(f.decoding, crate::source::Decoding::Utf8 | crate::source::Decoding::Lossy).then_some(f.text.as_str())
    }
}

pub type CheckFn = fn(&CheckContext, &mut Vec<Finding>);

/// A HAR detector: reads what the browser recorded, pushes what it finds.
pub type DetectFn = fn(&crate::facts::har::HarFacts, &mut Vec<crate::diagnostic::Diagnosed>);

/// What a rule runs on, with its logic. Each rule has exactly one; the commands pick the rules
/// of their input from the one registry ([`all`]).
pub enum Logic {
    /// A project scan (`check`): project facts in, findings out.
    Project(CheckFn),
    /// A browser recording (`har`): HAR facts in, findings with the entries that show them out.
    Har(DetectFn),
    /// Log text (`logs`): the message in every wording it is printed in, and what it means.
    LogMessage(&'static crate::rules::logs::matcher::Matcher),
    /// A token's verdict (`token`, and `probe` for the JWKS steps): raised by the engine in
    /// [`crate::token`] at the step of Convex's validation where the token fails, so the order
    /// of the findings is Convex's order.
    TokenVerdict,
}

/// Whether a plain string holds a `${…}` its author meant a template literal to substitute. The
/// `${env:…}` markers the auth-config evaluator writes for env values it could not resolve do not
/// count.
pub fn has_template_placeholder(text: &str) -> bool {
    text.match_indices("${").any(|(at, _)| !text[at..].starts_with("${env:") && text[at..].contains('}'))
}

/// A rule's identity, documentation and logic.
pub struct Rule {
    /// `area/kebab-name`, stable forever.
    pub id: &'static str,
    /// Default severity; a rule may lower it for a particular finding (e.g. when a fact is unknown).
    pub severity: Severity,
    pub symptoms: &'static [Symptom],
    /// One line: what the rule catches.
    pub summary: &'static str,
    /// Markdown from the rule's doc comment: what, why, symptom, fix, before/after example.
    pub docs: &'static str,
    /// What the rule runs on, and its logic.
    pub logic: Logic,
}

impl Rule {
    /// Starts a finding of this rule with its default severity and symptoms.
    pub fn finding(&'static self, message: impl Into<String>) -> Finding {
        Finding {
            rule: self.id,
            severity: self.severity,
            message: message.into(),
            location: None,
            related: Vec::new(),
            symptoms: self.symptoms.to_vec(),
            help: None,
            convex_message: None,
            fix: None,
        }
    }

    /// The docs with the one leading space of each `///` line removed.
    pub fn docs_markdown(&self) -> String {
        let mut out = String::new();
        for line in self.docs.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out.trim().to_string() + "\n"
    }

    /// Link to the rule's page in the project's docs.
    pub fn docs_url(&self) -> String {
        format!("https://github.com/authkit-doctor/authkit-doctor/blob/main/docs/rules.md#{}", self.id.replace('/', ""))
    }
}

/// Declares a rule in its own file: the doc comment becomes `authkit-doctor explain` output.
/// Without `runs_on`, the rule runs on the project and the file's `fn check` is its logic;
/// otherwise `runs_on` names the [`Logic`] (`Har(detect)`, `LogMessage(&MATCHER)`,
/// `TokenVerdict`).
///
/// ```ignore
/// declare_rule! {
///     /// ### What it does
///     /// ...
///     pub static RULE = {
///         id: "auth-config/missing",
///         severity: Error,
///         symptoms: [ConvexUnauthenticated],
///         summary: "Convex auth is used but there is no auth.config.ts",
///     };
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub static $name:ident = {
            id: $id:literal,
            severity: $sev:ident,
            symptoms: [$($sym:ident),* $(,)?],
            summary: $summary:literal $(,)?
        };
    ) => {
        $crate::declare_rule! {
            $(#[doc = $doc])*
            pub static $name = {
                id: $id,
                severity: $sev,
                symptoms: [$($sym),*],
                summary: $summary,
                runs_on: Project(check),
            };
        }
    };
    (
        $(#[doc = $doc:literal])*
        pub static $name:ident = {
            id: $id:literal,
            severity: $sev:ident,
            symptoms: [$($sym:ident),* $(,)?],
            summary: $summary:literal,
            runs_on: $kind:ident $(($logic:expr))? $(,)?
        };
    ) => {
        $(#[doc = $doc])*
        pub static $name: $crate::rules::Rule = $crate::rules::Rule {
            id: $id,
            severity: $crate::diagnostic::Severity::$sev,
            symptoms: &[$($crate::diagnostic::Symptom::$sym),*],
            summary: $summary,
            docs: concat!($($doc, "\n"),*),
            logic: $crate::rules::Logic::$kind $(($logic))?,
        };
    };
}

/// Every rule `check` runs, in catalog order: each area lists its own rules in `RULES`.
pub fn all() -> &'static [&'static Rule] {
    static ALL: std::sync::LazyLock<Vec<&'static Rule>> = std::sync::LazyLock::new(|| {
        [
            auth_config::RULES,
            convex_env::RULES,
            env::RULES,
            redirect::RULES,
            client::RULES,
            nextjs::RULES,
            framework::RULES,
            deploy::RULES,
            functions::RULES,
            token::RULES,
            har::RULES,
            logs::RULES,
        ]
        .concat()
    });
    &ALL
}

pub fn find(id: &str) -> Option<&'static Rule> {
    all().iter().copied().find(|r| r.id == id)
}

/// Rule ids close to `id`, for "did you mean" on a typo.
pub fn suggest(id: &str) -> Vec<&'static str> {
    let tail = id.rsplit('/').next().unwrap_or(id);
    all().iter().map(|r| r.id).filter(|r| r.contains(tail) || id.contains(r.rsplit('/').next().unwrap_or(r))).collect()
}

/// Runs every project rule over the facts.
pub fn run_all(cx: &CheckContext) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in all() {
        if let Logic::Project(check) = rule.logic {
            check(cx, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_well_formed() {
        let mut seen = std::collections::BTreeSet::new();
        for r in all() {
            assert!(seen.insert(r.id), "duplicate rule id {}", r.id);
            let (area, name) = r.id.split_once('/').expect("area/name");
            assert!(!area.is_empty() && !name.is_empty());
            assert!(r.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '/'), "{}", r.id);
            assert!(!r.symptoms.is_empty(), "{} names no symptom", r.id);
        }
    }

    #[test]
    fn every_rule_has_docs_with_the_standard_sections() {
        for r in all() {
            let md = r.docs_markdown();
            for section in ["### What it does", "### Why", "### Fix", "### Example"] {
                assert!(md.contains(section), "{} docs lack '{section}'", r.id);
            }
        }
    }
}
