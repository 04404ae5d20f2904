//! Command-line interface: the argument parser, and the drivers of `check`, `explain` and
//! `rules`; the other commands live in [`crate::commands`], [`crate::triage`] and [`crate::add`].

use crate::output::{
    EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, FormatArg, SeverityArg, finish_output, input_error, output_format, redact_message,
    register_argument_secrets, use_color,
};
use authkit_doctor_core::check::{self, CheckOptions};
use authkit_doctor_core::diagnostic::Severity;
use authkit_doctor_core::report::{self, HumanOptions, RulesFormat};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  authkit-doctor                                  check the project in the current directory
  authkit-doctor check apps/web                   check one folder (monorepos: pass the repo root)
  authkit-doctor check --convex-env dev-env.txt   also compare with the deployment's env
                                                  (npx convex env list --include-values > dev-env.txt)
  authkit-doctor check --online [--prod]          read that env with the project's Convex CLI (your login),
                                                  and fetch the JWKS URLs and the Convex URL too
  authkit-doctor check --format json              machine-readable output (stdout holds only JSON)
  authkit-doctor check --rule auth-config/jwks-url
  authkit-doctor explain auth-config/application-id-on-user-management
  authkit-doctor rules --format markdown

Exit codes: 0 no error findings, 1 error findings, 2 usage or input error, 3 internal error.";

#[derive(Parser, Debug)]
#[command(
    name = "authkit-doctor",
    version,
    about = "Finds why sign-in fails in a WorkOS AuthKit + Convex app, and says how to fix it",
    after_help = EXAMPLES,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Scan a project: Convex auth config, deployment env, app env files (the default command)
    #[command(after_help = EXAMPLES)]
    Check(CheckArgs),
    /// Show a rule's docs: symptom, cause, fix, before/after example
    Explain {
        /// A rule id, e.g. auth-config/jwks-url
        rule: String,
        #[arg(long)]
        no_color: bool,
    },
    /// List every rule
    Rules {
        #[arg(long, value_enum, default_value_t = RulesFormatArg::Human)]
        format: RulesFormatArg,
    },
    /// Judge a JWT exactly as the project's Convex deployment would (provider, signature, times)
    Token(crate::commands::token::TokenArgs),
    /// Online checks: the project's JWKS URLs and Convex deployment URL (needs --online)
    Probe(crate::commands::probe::ProbeArgs),
    /// Read a browser HAR export and report the auth failures it shows, with a timeline
    Har(crate::commands::har::HarArgs),
    /// Map Convex / host / browser-console log text to causes (a file, or - for stdin)
    Logs(crate::commands::logs::LogsArgs),
    /// Open the app in Chromium and report auth failures live, as they happen (Ctrl-C ends)
    Watch(crate::commands::watch::WatchArgs),
    /// Start from what you see (a symptom) and run just the checks that explain it
    Triage(crate::triage::TriageArgs),
    /// Write helper files into the project: `add debug-page` (an auth debug page + a Convex query)
    Add(crate::add::AddArgs),
}

#[derive(Args, Debug, Clone, Default)]
pub struct CheckArgs {
    /// Project folder to scan (a monorepo root works)
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// Minimum severity shown
    #[arg(long, value_enum)]
    pub severity: Option<SeverityArg>,
    /// Only run these rules (repeatable)
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,
    /// Skip these rules (repeatable)
    #[arg(long = "ignore", value_name = "ID")]
    pub ignore: Vec<String>,
    /// Output of `npx convex env list --include-values` for the dev deployment
    #[arg(long, value_name = "FILE")]
    pub convex_env: Option<PathBuf>,
    /// Output of `npx convex env list --prod --include-values` for the prod deployment
    #[arg(long, value_name = "FILE")]
    pub convex_env_prod: Option<PathBuf>,
    // --online, --prod, --workos-api-base: the only way `check` reaches the network.
    #[command(flatten)]
    pub online: crate::commands::check_online::OnlineArgs,
    /// Never colour the output (NO_COLOR is honoured too)
    #[arg(long)]
    pub no_color: bool,
    /// Only print errors and the summary
    #[arg(long, short)]
    pub quiet: bool,
    /// Apply the safe fixes of the findings shown, then check again
    #[arg(long)]
    pub fix: bool,
    /// With --fix: print the changes as a unified diff and change nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(ValueEnum, Debug, Clone, Copy)]
pub enum RulesFormatArg {
    Human,
    Json,
    Markdown,
}

/// Options whose value is a path (or, for `--jwks`, a path or URL): a secret there is a slip.
const PATH_OPTIONS: &[&str] = &["--convex-env", "--convex-env-prod", "--jwks", "--project"];

/// A secret where a path or command belongs (`authkit-doctor "$JWT"`, `--convex-env sk_test_…`)
/// gets a message that says what it looks like, without repeating it. The one place a secret
/// belongs is the token argument of `token`.
fn misplaced_secret(args: &[OsString]) -> Option<i32> {
    let words: Vec<String> = args.iter().skip(1).map(|a| a.to_string_lossy().into_owned()).collect();
    let command = words.iter().find(|w| !w.starts_with('-')).map(String::as_str);
    for (i, word) in words.iter().enumerate() {
        let (option, value) = match word.split_once('=') {
            Some((o, v)) if word.starts_with("--") => (Some(o), v),
            _ => (i.checked_sub(1).map(|p| words[p].as_str()).filter(|p| PATH_OPTIONS.contains(p)), word.as_str()),
        };
        let Some(kind) = authkit_doctor_core::redact::secret_kind(value) else { continue };
        if std::path::Path::new(value).exists() {
            continue;
        }
        let in_path_option = option.is_some_and(|o| PATH_OPTIONS.contains(&o));
        if command == Some("token") && !in_path_option {
            continue;
        }
        let place = match option.filter(|o| PATH_OPTIONS.contains(o)) {
            Some(o) => format!("the value of `{o}`"),
            None if i == 0 => "the first argument".to_string(),
            None => format!("argument {}", i + 1),
        };
        let hint = if kind == "a JWT" {
            "did you mean `authkit-doctor token` (pass the token there, or `-` to paste it on stdin)?"
        } else {
            "a key is not a path: pass the project folder or a file that holds the key"
        };
        return Some(input_error(&format!("{place} looks like {kind} (not repeated here), which does not belong there; {hint}")));
    }
    None
}

/// `authkit-doctor chek examples`: a first word that is no path here but is close to a
/// command gets "did you mean `check`?" instead of clap's confusing answer or "no such file".
fn mistyped_command(args: &[OsString]) -> Option<i32> {
    let first = args.get(1)?.to_str()?;
    let looks_like_a_word = (2..=16).contains(&first.len())
        && first.as_bytes()[0].is_ascii_lowercase()
        && first.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
    if !looks_like_a_word || std::path::Path::new(first).exists() {
        return None;
    }
    let command = <Cli as clap::CommandFactory>::command();
    let names: Vec<String> = command.get_subcommands().map(|c| c.get_name().to_string()).filter(|n| n != "help").collect();
    if names.iter().any(|n| n == first) || first == "help" {
        return None;
    }
    let closest = names
        .iter()
        .map(|n| (edit_distance(first, n), n))
        .filter(|(d, n)| *d <= 2.max(n.len() / 3) && *d < n.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n.clone());
    Some(match closest {
        Some(name) => input_error(&format!("`{first}` is not a command, nor a folder here; did you mean `{name}`?")),
        None => input_error(&format!("`{first}` is not a command, nor a folder here; commands: {}", names.join(", "))),
    })
}

/// Levenshtein distance (in bytes; command names are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1).min(row[j] + 1).min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Parses arguments and runs; returns the process exit code.
pub fn main() -> i32 {
    let args: Vec<OsString> = std::env::args_os().collect();
    register_argument_secrets(&args);
    if let Some(code) = misplaced_secret(&args).or_else(|| mistyped_command(&args)) {
        return code;
    }
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_INPUT } else { EXIT_OK };
            // clap quotes the offending argument; it goes through the redactor like every message.
            let text = redact_message(&e.render().ansi().to_string());
            let _ = if e.use_stderr() { write!(anstream::stderr(), "{text}") } else { write!(anstream::stdout(), "{text}") };
            return code;
        }
    };
    match cli.command {
        Some(Command::Check(args)) => run_check(&args),
        None => run_check(&cli.check),
        Some(Command::Explain { rule, no_color }) => run_explain(&rule, no_color),
        Some(Command::Token(args)) => crate::commands::token::run(&args),
        Some(Command::Probe(args)) => crate::commands::probe::run(&args),
        Some(Command::Har(args)) => crate::commands::har::run(&args),
        Some(Command::Logs(args)) => crate::commands::logs::run(&args),
        Some(Command::Watch(args)) => crate::commands::watch::run(&args),
        Some(Command::Triage(args)) => crate::triage::run(&args),
        Some(Command::Add(args)) => crate::add::run(&args),
        Some(Command::Rules { format }) => {
            let format = match format {
                RulesFormatArg::Human => RulesFormat::Human,
                RulesFormatArg::Json => RulesFormat::Json,
                RulesFormatArg::Markdown => RulesFormat::Markdown,
            };
            finish_output(report::write_rules(&mut std::io::stdout().lock(), format), EXIT_OK)
        }
    }
}

fn unknown_rule(id: &str) -> i32 {
    let suggestions = authkit_doctor_core::rules::suggest(id);
    let hint = if suggestions.is_empty() {
        "run `authkit-doctor rules` for the list".to_string()
    } else {
        format!("did you mean {}?", suggestions.join(", "))
    };
    input_error(&format!("unknown rule `{id}`; {hint}"))
}

fn run_check(args: &CheckArgs) -> i32 {
    if args.dry_run && !args.fix {
        // Checked here, not with clap's `requires`: its usage line shows a given PATH as `<PATH>`,
        // which reads as if PATH were required.
        return input_error(
            "--dry-run goes with --fix: `authkit-doctor check --fix --dry-run [PATH]` prints the safe fixes as a diff \
             and changes nothing (without --fix, check never changes a file)",
        );
    }
    if let Some(message) = args.online.usage_error(args.convex_env.is_some(), args.convex_env_prod.is_some()) {
        return input_error(&message);
    }
    for id in args.rules.iter().chain(&args.ignore) {
        if authkit_doctor_core::rules::find(id).is_none() {
            return unknown_rule(id);
        }
    }
    let mut options = CheckOptions {
        convex_env_dev: args.convex_env.clone(),
        convex_env_prod: args.convex_env_prod.clone(),
        convex_env_text: None,
        only: args.rules.clone(),
        ignore: args.ignore.clone(),
        min_severity: args.severity.map(|s| match s {
            SeverityArg::Error => Severity::Error,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Info => Severity::Info,
        }),
    };
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let discovered = match check::discover(&path) {
        Ok(discovered) => discovered,
        Err(e) => return input_error(&e.to_string()),
    };
    if let Some(message) = check::nothing_to_check(&discovered.root, &discovered.project) {
        return input_error(&message);
    }
    // --online: the Convex CLI's env is read like --convex-env before the rules run.
    let mut online = args.online.online.then(|| crate::commands::check_online::Online::start(&args.online, &discovered));
    options.convex_env_text = online.as_ref().and_then(|o| o.env_text());
    let mut run = match check::run_discovered(discovered, &options) {
        Ok(run) => run,
        Err(e) => return input_error(&e.to_string()),
    };
    if args.fix {
        report::sort_findings(&mut run.findings, &run.files);
        match crate::fix::run(&path, &options, run, args.dry_run) {
            Ok(after) => run = after,
            Err(code) => return code,
        }
    }
    if let Some(online) = online.as_mut() {
        online.fetch(&mut run, &options);
    }
    report::sort_findings(&mut run.findings, &run.files);
    let summary = run.summary();
    let report = run.report(&summary, &run.findings, &run.redactor);
    let format = output_format(args.format);
    let human = HumanOptions { color: use_color(args.no_color), quiet: args.quiet };
    let code = if run.findings.iter().any(|f| f.severity == Severity::Error) { EXIT_FINDINGS } else { EXIT_OK };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let result = match &online {
        Some(online) => online.write(&mut out, &report, format, &human),
        None => report::write(&mut out, &report, format, &human),
    };
    let result = result.and_then(|()| out.flush());
    let code = finish_output(result, code);
    // The process ends next and returns all memory at once; freeing a large tree's facts one
    // allocation at a time took milliseconds.
    std::mem::forget(run);
    code
}

fn run_explain(id: &str, no_color: bool) -> i32 {
    let Some(rule) = authkit_doctor_core::rules::find(id) else { return unknown_rule(id) };
    finish_output(report::write_explain(&mut std::io::stdout().lock(), rule, use_color(no_color)), EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("chek", "check"), 1);
        assert_eq!(edit_distance("explian", "explain"), 2);
        assert_eq!(edit_distance("", "logs"), 4);
        assert_eq!(edit_distance("token", "token"), 0);
    }
}
