//! Pasted log text (Convex backend, client and CLI; authkit-nextjs, authkit-js and the WorkOS
//! SDK; browser consoles; Netlify and Vercel), with or without ANSI colours and timestamps:
//! every known message found, one finding per distinct cause, located in the text.
//!
//! The messages themselves live with their rules ([`crate::rules::logs`]); [`scan`](crate::rules::logs::scan) matches
//! them.

use crate::diagnostic::{Diagnosed, Location};
use crate::redact::Redactor;
use crate::rules::logs::scan;

/// Larger pastes are refused (a log file that big is not a paste; grep it first).
pub const MAX_LOG_BYTES: u64 = 256 << 20;

/// Findings for the known messages in `text`, located in the file named `name`.
pub fn diagnose(text: &str, name: &str) -> (scan::Scan, Vec<Diagnosed>) {
    let mut result = scan::scan(text);
    let found = std::mem::take(&mut result.found);
    let diagnosed = found
        .into_iter()
        .map(|f| {
            let first = f.occurrences[0];
            let n = f.count;
            let mut message = f.cause.message.clone();
            if n > 1 {
                let lines: Vec<String> = f.occurrences.iter().take(6).map(|o| o.line.to_string()).collect();
                message.push_str(&format!(" ({n} times: lines {}{})", lines.join(", "), if n > 6 { ", …" } else { "" }));
            }
            let mut finding = f.matcher.rule.finding(message).at(Location::new(name, first.start, first.end));
            if !f.cause.help.is_empty() {
                finding = finding.help(f.cause.help.clone());
            }
            if let Some(c) = &f.cause.convex_message
                && f.matcher.family == crate::rules::logs::matcher::Family::ConvexAuth
            {
                finding = finding.convex_message(c.clone());
            }
            if let Some(tr) = f.cause.token_rule {
                let help = finding.help.take().unwrap_or_default();
                finding = finding
                    .help(format!("{help} `authkit-doctor token <jwt> --project .` reports the same failure as {tr}.").trim().to_string());
            }
            if !f.cause.fix.is_empty() {
                finding = finding.fix(f.cause.fix.clone());
            }
            Diagnosed::new(finding, &f.cause.static_rules)
        })
        .collect();
    (result, diagnosed)
}

/// Values of `NAME=value` / `NAME: value` pairs whose name holds a secret, so a pasted env
/// dump or config print never shows them in full.
pub fn secrets_in(text: &str, redactor: &mut Redactor) {
    for line in text.lines() {
        for (i, sep) in line.match_indices(['=', ':']) {
            let _ = sep;
            let name_start = line[..i]
                .char_indices()
                .rev()
                .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
                .map_or(0, |(p, c)| p + c.len_utf8());
            let name = &line[name_start..i];
            if name.is_empty() || !name.bytes().any(|b| b.is_ascii_uppercase()) || !crate::redact::is_secret_name(name) {
                continue;
            }
            let value = line[i + 1..].trim_start().split(|c: char| c.is_whitespace() || c == ',' || c == ';').next().unwrap_or("");
            redactor.add_secret(value.trim_matches(['"', '\'', '`']));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn secrets_scan_and_diagnosis_never_panic(text in "[“”’é🙂a-zA-Z_=: \"'\x1b\\[0-9;m\n]{0,120}") {
            let mut r = Redactor::new();
            secrets_in(&text, &mut r);
            let stripped = crate::rules::logs::matcher::strip_ansi(&text);
            let _ = diagnose(&stripped, "x");
            let _ = diagnose(&text, "x");
        }
    }

    #[test]
    fn secrets_in_pasted_env() {
        let mut r = Redactor::new();
        secrets_in("WORKOS_COOKIE_PASSWORD=\"correct-horse-battery-staple-42\"\nWORKOS_CLIENT_ID=client_01\n  apiKey: x", &mut r);
        assert_eq!(r.len(), 1);
        assert!(!r.redact("pw correct-horse-battery-staple-42").contains("horse"));
    }
}
