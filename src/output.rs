//! What every command shares at the edge of the process: exit codes (README, ` no error
//! finding, 1 at least one error finding, 2 usage or input error, 3 internal error), the
//! `--format` and `--severity` values, colour, and error messages with secrets masked.

use authkit_doctor_core::report::Format;
use clap::ValueEnum;
use std::ffi::OsString;
use std::io::IsTerminal;

pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_INPUT: i32 = 2;
pub const EXIT_INTERNAL: i32 = 3;

#[derive(ValueEnum, Debug, Clone, Copy)]
pub enum FormatArg {
    Human,
    Json,
    Sarif,
    Github,
}

/// The report format a command's `--format` selects (human when absent).
pub fn output_format(arg: Option<FormatArg>) -> Format {
    match arg {
        Some(FormatArg::Json) => Format::Json,
        Some(FormatArg::Sarif) => Format::Sarif,
        Some(FormatArg::Github) => Format::Github,
        Some(FormatArg::Human) | None => Format::Human,
    }
}

#[derive(ValueEnum, Debug, Clone, Copy)]
pub enum SeverityArg {
    Error,
    Warning,
    Info,
}

/// Secrets among this run's arguments (whole, as typed), so no message that quotes an argument
/// shows one: a JWT pasted where a path belongs comes back in "File name too long".
static ARGUMENT_SECRETS: std::sync::OnceLock<authkit_doctor_core::redact::Redactor> = std::sync::OnceLock::new();

/// `message` with every secret masked: the secret-shaped arguments of this run, and anything
/// the redactor recognises on sight (API keys, JWT signatures, deploy keys, refresh tokens).
pub fn redact_message(message: &str) -> String {
    match ARGUMENT_SECRETS.get() {
        Some(r) => r.redact(message).into_owned(),
        None => authkit_doctor_core::redact::Redactor::new().redact(message).into_owned(),
    }
}

pub(crate) fn register_argument_secrets(args: &[OsString]) {
    let mut redactor = authkit_doctor_core::redact::Redactor::new();
    for arg in args.iter().skip(1) {
        let arg = arg.to_string_lossy();
        let value = arg.split_once('=').filter(|_| arg.starts_with("--")).map_or(arg.as_ref(), |(_, v)| v);
        if authkit_doctor_core::redact::secret_kind(value).is_some() {
            redactor.add_secret(value);
        }
    }
    let _ = ARGUMENT_SECRETS.set(redactor);
}

/// Colours only on a terminal, never with `NO_COLOR` or `--no-color` (every command).
pub fn use_color(no_color: bool) -> bool {
    !no_color && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// Prints an input error (exit code 2). Messages quote arguments and paths, so they go
/// through [`redact_message`].
pub(crate) fn input_error(message: &str) -> i32 {
    eprintln!("authkit-doctor: {}", redact_message(message));
    EXIT_INPUT
}

/// A closed pipe (`… | head -1`) is not an error: stop writing and keep the exit code.
pub(crate) fn finish_output(result: std::io::Result<()>, code: i32) -> i32 {
    match result {
        Ok(()) => code,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => code,
        Err(e) => {
            eprintln!("authkit-doctor: cannot write output: {e}");
            EXIT_INPUT
        }
    }
}
