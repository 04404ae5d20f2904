//! The drivers of the commands that read one input each: `token`, `probe`, `har`, `logs`, `watch`
//! (`check` is in [`crate::cli`], `--fix` in [`crate::fix`], `triage` and `add` in their own
//! modules). Each parses its arguments, calls the core, writes the report and returns the exit
//! code.

pub mod check_online;
pub mod common;
pub mod har;
pub mod logs;
pub mod probe;
pub mod token;
pub mod watch;
