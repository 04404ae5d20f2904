//! The one data type every command produces: a [`Finding`].
//!
//! `check`, `token`, `har` and `logs` all emit findings of this shape, and every reporter
//! (human, JSON, SARIF, GitHub) renders them. Locations are byte spans into a file known to
//! [`crate::source::Files`]; lines and columns are computed only when a report is rendered.

use serde::Serialize;
use std::fmt;

/// How bad a finding is. Ordered so that `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the user sees when the problem bites. A fixed vocabulary (the `symptoms` of each rule in docs/rules.md), used to group
/// the human report and by `triage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Symptom {
    SignInDoesNothing,
    ConvexUnauthenticated,
    IdentityMissingFields,
    AdminCheckFails,
    TokenRejected,
    CallbackFails,
    RandomSignOuts,
    LoadingLoop,
    WorksInDevNotProd,
    DeployFails,
    SecretExposure,
}

impl Symptom {
    pub const ALL: [Symptom; 11] = [
        Symptom::SignInDoesNothing,
        Symptom::ConvexUnauthenticated,
        Symptom::IdentityMissingFields,
        Symptom::AdminCheckFails,
        Symptom::TokenRejected,
        Symptom::CallbackFails,
        Symptom::RandomSignOuts,
        Symptom::LoadingLoop,
        Symptom::WorksInDevNotProd,
        Symptom::DeployFails,
        Symptom::SecretExposure,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Symptom::SignInDoesNothing => "sign-in-does-nothing",
            Symptom::ConvexUnauthenticated => "convex-unauthenticated",
            Symptom::IdentityMissingFields => "identity-missing-fields",
            Symptom::AdminCheckFails => "admin-check-fails",
            Symptom::TokenRejected => "token-rejected",
            Symptom::CallbackFails => "callback-fails",
            Symptom::RandomSignOuts => "random-sign-outs",
            Symptom::LoadingLoop => "loading-loop",
            Symptom::WorksInDevNotProd => "works-in-dev-not-prod",
            Symptom::DeployFails => "deploy-fails",
            Symptom::SecretExposure => "secret-exposure",
        }
    }

    /// A phrase a user would recognise, used as a group heading in the human report.
    pub fn headline(self) -> &'static str {
        match self {
            Symptom::SignInDoesNothing => "Sign-in does nothing",
            Symptom::ConvexUnauthenticated => {
                "WorkOS sign-in works, but Convex sees no user (useConvexAuth() false, getUserIdentity() null)"
            }
            Symptom::IdentityMissingFields => "The Convex identity lacks fields (email, name, ...)",
            Symptom::AdminCheckFails => "Admin / role checks fail",
            Symptom::TokenRejected => "Convex rejects the access token",
            Symptom::CallbackFails => "The sign-in callback fails",
            Symptom::RandomSignOuts => "Users are signed out at random",
            Symptom::LoadingLoop => "The app is stuck loading or loops",
            Symptom::WorksInDevNotProd => "Works in development, fails in production",
            Symptom::DeployFails => "Deploying or pushing to Convex fails",
            Symptom::SecretExposure => "A secret is exposed",
        }
    }

    pub fn parse(s: &str) -> Option<Symptom> {
        Symptom::ALL.into_iter().find(|sym| sym.as_str() == s)
    }
}

/// A byte range in one project file. `file` is relative to the scanned root, `/`-separated.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: String,
    pub start: usize,
    pub end: usize,
}

impl Location {
    pub fn new(file: impl Into<String>, start: usize, end: usize) -> Self {
        Location { file: file.into(), start, end: end.max(start) }
    }

    /// The start of a file, for findings about a file as a whole.
    pub fn file_start(file: impl Into<String>) -> Self {
        Location::new(file, 0, 0)
    }
}

/// A second place that explains a finding (cargo-deny style): "the deployment sets it here".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub location: Location,
    pub message: String,
}

/// One text replacement; offsets are bytes into `file` as it is on disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub file: String,
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

/// How to fix a finding: always a description a user can follow; `edits` when the fix is a
/// certain, mechanical text change (`safe`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub safe: bool,
    pub description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub edits: Vec<Edit>,
}

/// One problem found. Build them with [`crate::rules::Rule::finding`].
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub location: Option<Location>,
    pub related: Vec<Related>,
    pub symptoms: Vec<Symptom>,
    pub help: Option<String>,
    /// The message Convex itself prints for this problem, verbatim.
    pub convex_message: Option<String>,
    pub fix: Option<Fix>,
}

impl Finding {
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn convex_message(mut self, message: impl Into<String>) -> Self {
        self.convex_message = Some(message.into());
        self
    }

    pub fn related(mut self, location: Location, message: impl Into<String>) -> Self {
        self.related.push(Related { location, message: message.into() });
        self
    }

    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// A fix the user applies by hand (no automatic edit).
    pub fn fix(mut self, description: impl Into<String>) -> Self {
        self.fix = Some(Fix { safe: false, description: description.into(), edits: Vec::new() });
        self
    }

    /// A certain, mechanical fix.
    pub fn safe_fix(mut self, description: impl Into<String>, edits: Vec<Edit>) -> Self {
        self.fix = Some(Fix { safe: true, description: description.into(), edits });
        self
    }
}

/// A finding of `har` or `logs`, with the static rules that explain it and the HAR entries
/// it is about.
#[derive(Debug, Clone)]
pub struct Diagnosed {
    pub finding: Finding,
    /// `check` rules (ids from the catalog, docs/rules.md), most likely first.
    pub static_rules: Vec<&'static str>,
    /// 0-based HAR entry indexes (empty for `logs`).
    pub entries: Vec<usize>,
}

impl Diagnosed {
    pub fn new(finding: Finding, static_rules: &[&'static str]) -> Diagnosed {
        let mut rules: Vec<&'static str> = Vec::new();
        for r in static_rules {
            if !rules.contains(r) {
                rules.push(r);
            }
        }
        Diagnosed { finding, static_rules: rules, entries: Vec::new() }
    }

    pub fn entries(mut self, entries: impl IntoIterator<Item = usize>) -> Diagnosed {
        self.entries.extend(entries);
        self
    }
}
