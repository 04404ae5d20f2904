//! The `authkit-doctor` command line: argument parsing ([`cli`]), the command drivers
//! ([`commands`], [`fix`], [`triage`], [`add`]), terminal handling and exit codes. Everything
//! that knows about AuthKit and Convex is in the `authkit_doctor_core` crate; this crate turns
//! its results into output and exit codes.

pub mod add;
pub mod cli;
pub mod commands;
pub mod fix;
pub mod output;
pub mod triage;
