//! authkit-doctor: finds why sign-in fails in a WorkOS AuthKit + Convex app.
//!
//! Data flows one way: [`discover`] (walk once) → [`facts`] (parse each file once into typed
//! facts with spans) → [`rules`] (pure functions over facts → [`diagnostic::Finding`]s) →
//! [`report`] (human, JSON; redaction). [`check`] wires the pipeline; [`cli`] is the binary.

pub mod add;
pub mod check;
pub mod cli;
pub mod convex;
pub mod diagnostic;
pub mod discover;
pub mod edit;
pub mod env_file;
pub mod facts;
pub mod fix;
pub mod har;
pub mod logs;
pub mod probe;
pub mod project_config;
pub mod read;
pub mod redact;
pub mod report;
pub mod rules;
pub mod sdk;
pub mod source;
pub mod token;
pub mod triage;
pub mod url;
pub mod workos;
