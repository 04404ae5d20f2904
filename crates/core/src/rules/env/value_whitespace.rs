use super::{effective_entries, real_env_files, value_location};
use crate::declare_rule;
use crate::diagnostic::{Finding, Location};
use crate::env_file::{EnvProblemKind, Quote};
use crate::facts::env::{EnvFileFacts, is_auth_var};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Checks WorkOS and Convex values (names containing `WORKOS` or `CONVEX`) in the real env
    /// files for characters the app receives without anyone seeing them:
    /// - whitespace inside the quotes (`"client_… "`);
    /// - a carriage return (a file saved with old Mac line endings, or a stray CR);
    /// - invisible characters (zero-width space, word joiner, byte order mark);
    /// - a quote that is never closed, which makes dotenv read on to the next matching quote
    ///   and swallow the lines in between (reported for any variable when a WorkOS or Convex
    ///   variable follows it);
    /// - a stray closing quote (`KEY=value"`), or a value quoted twice (`'"value"'`).
    ///
    /// Spaces around an unquoted value are not reported: every dotenv loader trims them. A
    /// client id quoted twice is reported by `env/malformed-client-id`.
    ///
    /// ### Why is this bad?
    /// The SDK and Convex compare these values exactly: a client id with a trailing space makes
    /// a different issuer, a URL with a CR is not the URL, and a swallowed line is a variable
    /// that silently does not exist.
    ///
    /// ### Symptom
    /// Sign-in or Convex auth fails although the values "look right".
    ///
    /// ### Fix
    /// Remove the extra characters, close the quote, and save the file with LF line endings.
    ///
    /// ### Example
    /// ```sh
    /// # before
    /// WORKOS_CLIENT_ID="client_01HXRMBQ9BJ3E7QSTQ9X2PHVB7 "
    /// VITE_CONVEX_URL="https://happy-animal-123.convex.cloud
    /// # after
    /// WORKOS_CLIENT_ID=client_01HXRMBQ9BJ3E7QSTQ9X2PHVB7
    /// VITE_CONVEX_URL=https://happy-animal-123.convex.cloud
    /// ```
    pub static RULE = {
        id: "env/value-whitespace",
        severity: Warning,
        symptoms: [ConvexUnauthenticated, SignInDoesNothing],
        summary: "a WorkOS/Convex value with hidden whitespace, a CR or unbalanced quotes",
    };
}

const QUOTES: [char; 3] = ['"', '\'', '`'];

/// Characters nobody sees in an editor and no loader trims.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for file in real_env_files(cx) {
        check_values(file, out);
        check_unterminated_quotes(file, out);
    }
}

fn check_values(file: &EnvFileFacts, out: &mut Vec<Finding>) {
    for entry in effective_entries(file).filter(|e| is_auth_var(&e.key)) {
        let raw = file.file.text.get(entry.value_span.clone()).unwrap_or("");
        let value = entry.value.as_str();
        let problem = if raw.contains('\r') {
            "contains a carriage return (CR): the file has old Mac line endings or a stray CR, and the value keeps it"
        } else if value.chars().any(invisible) {
            "contains an invisible character (zero-width space or byte order mark), probably pasted along with it"
        } else if entry.quote != Quote::None && value != value.trim() {
            "has whitespace inside its quotes, and the app receives it"
        } else if entry.quote == Quote::None && value.ends_with(QUOTES) {
            "ends with a quote that was never opened: the quote becomes part of the value"
        } else if !entry.key.ends_with("WORKOS_CLIENT_ID")
            && value.len() >= 2
            && QUOTES.iter().any(|q| value.starts_with(*q) && value.ends_with(*q))
        {
            "is quoted twice: the inner quotes become part of the value"
        } else {
            continue;
        };
        out.push(
            RULE.finding(format!("{} in {} {problem}", entry.key, file.name))
                .at(value_location(file, entry))
                .help("SDKs and Convex compare these values exactly; an invisible extra character makes a different client id, URL or key.")
                .fix("Retype the value without the extra characters (no quotes are needed), and save the file with LF line endings."),
        );
    }
}

/// An unterminated quote: our lexer drops that line, dotenv reads on to the next matching quote.
fn check_unterminated_quotes(file: &EnvFileFacts, out: &mut Vec<Finding>) {
    for problem in file.env.problems.iter().filter(|p| p.kind == EnvProblemKind::UnterminatedQuote) {
        let line = file.file.line_text(problem.line).trim_start();
        let line = line.strip_prefix("export ").map(str::trim_start).unwrap_or(line);
        let key: String = line.chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')).collect();
        let swallowed: Vec<&str> =
            file.env.entries.iter().filter(|e| e.line > problem.line && is_auth_var(&e.key)).map(|e| e.key.as_str()).take(3).collect();
        if !is_auth_var(&key) && swallowed.is_empty() {
            continue;
        }
        let after = if swallowed.is_empty() { String::new() } else { format!(", possibly swallowing {}", swallowed.join(", ")) };
        out.push(
            RULE.finding(format!("the quote opening {key}'s value in {} is never closed: dotenv reads on to the next matching quote{after}", file.name))
                .at(Location::new(file.path.clone(), problem.span.start, problem.span.end))
                .help("dotenv lets quoted values span lines, so everything up to the next quote of the same kind becomes this value and the variables in between disappear.")
                .fix("Close the quote at the end of the value, or remove it (values need no quotes)."),
        );
    }
}
