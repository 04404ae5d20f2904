//! The core of authkit-doctor: everything that knows about WorkOS AuthKit and Convex, and none
//! of the command line (no argument parsing, no exit codes, no terminal handling).
//!
//! Data flows one way: [`discover`] (walk once) → [`facts`] (parse each file once into typed
//! facts with spans) → [`rules`] (pure functions over facts → [`diagnostic::Finding`]s) →
//! [`report`] (human, JSON, SARIF, GitHub; redaction). [`check`] wires that pipeline. A HAR
//! ([`har`]), log text ([`logs`]) and a token ([`token`]) produce findings of the same type,
//! judged by rules from the same registry. The `authkit-doctor` binary crate drives all of it.

pub mod check;
pub mod convex;
pub mod diagnostic;
pub mod discover;
pub mod edit;
pub mod env_file;
pub mod error;
pub mod facts;
pub mod har;
pub mod jwt;
pub mod live;
pub mod logs;
pub mod path_pattern;
pub mod probe;
pub mod project_config;
pub mod read;
pub mod redact;
pub mod report;
pub mod rules;
pub mod sdk;
pub mod source;
pub mod token;
pub mod url;
pub mod workos;
