//! The rule catalog as text: `authkit-doctor explain RULE` and `authkit-doctor rules`
//! (human table, JSON, or the Markdown document committed as `docs/rules.md`).

use super::SCHEMA;
use super::json::write_pretty;
use crate::diagnostic::{Severity, Symptom};
use crate::rules::Rule;
use anstyle::{AnsiColor, Style};
use serde::Serialize;
use std::io;

const BOLD: Style = Style::new().bold();
const CODE: Style = AnsiColor::Cyan.on_default();

fn severity_style(s: Severity) -> Style {
    match s {
        Severity::Error => AnsiColor::Red.on_default().bold(),
        Severity::Warning => AnsiColor::Yellow.on_default().bold(),
        Severity::Info => AnsiColor::Blue.on_default().bold(),
    }
}

fn paint(color: bool, style: Style, text: &str) -> String {
    if color { format!("{style}{text}{style:#}") } else { text.to_string() }
}

/// `authkit-doctor explain RULE`: heading, summary, symptoms, the rule's docs made readable in
/// a terminal (headings bold, code blocks indented, no fences or `#`s), and the docs link.
pub fn write_explain(out: &mut dyn io::Write, rule: &Rule, color: bool) -> io::Result<()> {
    writeln!(out, "{} ({})", paint(color, BOLD, rule.id), paint(color, severity_style(rule.severity), rule.severity.as_str()))?;
    writeln!(out, "{}", rule.summary)?;
    writeln!(out)?;
    let docs = with_symptom_groups(&rule.docs_markdown(), rule.symptoms);
    let mut in_code = false;
    let mut previous_blank = true;
    for line in docs.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            writeln!(out, "    {}", paint(color, CODE, line))?;
            previous_blank = false;
            continue;
        }
        if let Some(heading) = heading_text(line) {
            if !previous_blank {
                writeln!(out)?;
            }
            writeln!(out, "{}", paint(color, BOLD, heading))?;
            previous_blank = false;
            continue;
        }
        if line.trim().is_empty() {
            if !previous_blank {
                writeln!(out)?;
            }
            previous_blank = true;
            continue;
        }
        writeln!(out, "  {line}")?;
        previous_blank = false;
    }
    if !previous_blank {
        writeln!(out)?;
    }
    writeln!(out, "docs: {}", rule.docs_url())
}

/// The rule's docs with the symptom groups `check` files it under (`Symptom::headline`) added
/// at the end of its `### Symptom` section (which comes first when the docs have none): one
/// Symptom heading, not a "Symptoms" list above a "Symptom" section.
fn with_symptom_groups(docs: &str, symptoms: &[crate::diagnostic::Symptom]) -> String {
    if symptoms.is_empty() {
        return docs.to_string();
    }
    let mut lines: Vec<String> = docs.lines().map(str::to_string).collect();
    let mut groups = vec![String::new(), "Reported under:".to_string()];
    groups.extend(symptoms.iter().map(|s| format!("- {} ({})", s.headline(), s.as_str())));
    match lines.iter().position(|l| heading_text(l) == Some("Symptom")) {
        Some(start) => {
            let mut end = lines.iter().skip(start + 1).position(|l| heading_text(l).is_some()).map_or(lines.len(), |i| start + 1 + i);
            while end > start + 1 && lines[end - 1].trim().is_empty() {
                end -= 1;
            }
            lines.splice(end..end, groups);
        }
        None => {
            groups[0] = "### Symptom".to_string();
            groups.remove(1);
            groups.push(String::new());
            lines.splice(0..0, groups);
        }
    }
    lines.join("\n")
}

/// The text of a Markdown ATX heading (`### Fix` → `Fix`).
fn heading_text(line: &str) -> Option<&str> {
    let hashes = line.bytes().take_while(|b| *b == b'#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') { Some(line[hashes..].trim()) } else { None }
}

/// Output of `authkit-doctor rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RulesFormat {
    Human,
    Json,
    Markdown,
}

impl RulesFormat {
    pub const ALL: [RulesFormat; 3] = [RulesFormat::Human, RulesFormat::Json, RulesFormat::Markdown];

    pub fn as_str(self) -> &'static str {
        match self {
            RulesFormat::Human => "human",
            RulesFormat::Json => "json",
            RulesFormat::Markdown => "markdown",
        }
    }

    pub fn parse(s: &str) -> Option<RulesFormat> {
        match s {
            "md" => Some(RulesFormat::Markdown),
            _ => RulesFormat::ALL.into_iter().find(|f| f.as_str() == s),
        }
    }
}

/// `authkit-doctor rules`: the whole catalog ([`crate::rules::all()`]).
pub fn write_rules(out: &mut dyn io::Write, format: RulesFormat) -> io::Result<()> {
    write_rules_of(out, format, crate::rules::all())
}

/// [`write_rules`] for any list of rules (tests, subsets).
pub fn write_rules_of(out: &mut dyn io::Write, format: RulesFormat, rules: &[&Rule]) -> io::Result<()> {
    match format {
        RulesFormat::Human => rules_human(out, rules),
        RulesFormat::Json => rules_json(out, rules),
        RulesFormat::Markdown => rules_markdown(out, rules),
    }
}

fn area(id: &str) -> &str {
    id.split_once('/').map_or(id, |(a, _)| a)
}

/// Rules grouped by area, areas in order of first appearance, rules in catalog order.
fn by_area<'r>(rules: &[&'r Rule]) -> Vec<(&'r str, Vec<&'r Rule>)> {
    let mut groups: Vec<(&str, Vec<&Rule>)> = Vec::new();
    for rule in rules {
        let a = area(rule.id);
        match groups.iter_mut().find(|(g, _)| *g == a) {
            Some((_, members)) => members.push(rule),
            None => groups.push((a, vec![rule])),
        }
    }
    groups
}

fn rules_human(out: &mut dyn io::Write, rules: &[&Rule]) -> io::Result<()> {
    let id_width = rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let sev_width = "severity".len();
    for (i, (area, members)) in by_area(rules).into_iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        writeln!(out, "{area}")?;
        for r in members {
            writeln!(out, "  {:id_width$}  {:sev_width$}  {}", r.id, r.severity.as_str(), r.summary)?;
        }
    }
    if !rules.is_empty() {
        writeln!(out)?;
    }
    let n = rules.len();
    writeln!(out, "{n} rule{}. `authkit-doctor explain <rule>` shows a rule's symptom, cause and fix.", if n == 1 { "" } else { "s" })
}

#[derive(Serialize)]
struct RulesDocument {
    schema: &'static str,
    rules: Vec<RuleEntry>,
}

#[derive(Serialize)]
struct RuleEntry {
    id: &'static str,
    severity: Severity,
    symptoms: Vec<Symptom>,
    summary: &'static str,
    docs: String,
}

fn rules_json(out: &mut dyn io::Write, rules: &[&Rule]) -> io::Result<()> {
    let doc = RulesDocument {
        schema: SCHEMA,
        rules: rules
            .iter()
            .map(|r| RuleEntry { id: r.id, severity: r.severity, symptoms: r.symptoms.to_vec(), summary: r.summary, docs: r.docs_url() })
            .collect(),
    };
    write_pretty(out, &doc)
}

/// The GitHub anchor of a `### area/name` heading (as [`Rule::docs_url`] links it).
fn anchor(id: &str) -> String {
    id.chars().filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_').collect::<String>().to_lowercase()
}

fn table_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn rules_markdown(out: &mut dyn io::Write, rules: &[&Rule]) -> io::Result<()> {
    writeln!(out, "# Rule catalog")?;
    writeln!(out)?;
    writeln!(out, "<!-- Generated by `authkit-doctor rules --format markdown` from the rules' doc comments. Do not edit by hand. -->")?;
    writeln!(out)?;
    writeln!(out, "{} rules. Rule ids are stable. `authkit-doctor explain <rule>` prints a rule's section in the terminal.", rules.len())?;
    for (area, members) in by_area(rules) {
        writeln!(out)?;
        writeln!(out, "## {area}")?;
        writeln!(out)?;
        writeln!(out, "| Rule | Severity | Symptoms | Summary |")?;
        writeln!(out, "|---|---|---|---|")?;
        for r in &members {
            let symptoms: Vec<&str> = r.symptoms.iter().map(|s| s.as_str()).collect();
            writeln!(
                out,
                "| [`{}`](#{}) | {} | {} | {} |",
                r.id,
                anchor(r.id),
                r.severity.as_str(),
                symptoms.join(", "),
                table_cell(r.summary)
            )?;
        }
        for r in members {
            writeln!(out)?;
            writeln!(out, "### {}", r.id)?;
            writeln!(out)?;
            let symptoms: Vec<String> = r.symptoms.iter().map(|s| format!("{} (`{}`)", s.headline(), s.as_str())).collect();
            writeln!(out, "**Severity:** {} · **Symptoms:** {}", r.severity.as_str(), symptoms.join("; "))?;
            writeln!(out)?;
            writeln!(out, "{}", r.summary)?;
            writeln!(out)?;
            out.write_all(demote_headings(&r.docs_markdown()).as_bytes())?;
        }
    }
    Ok(())
}

/// Every heading outside code fences one level down (`###` → `####`).
fn demote_headings(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + 32);
    let mut in_code = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        } else if !in_code && heading_text(line).is_some() && !line.starts_with("######") {
            out.push('#');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Finding;
    use crate::rules::CheckContext;

    fn nop(_: &CheckContext, _: &mut Vec<Finding>) {}

    static JWKS: Rule = Rule {
        id: "auth-config/jwks-url",
        severity: Severity::Error,
        symptoms: &[Symptom::ConvexUnauthenticated, Symptom::TokenRejected],
        summary: "The jwks URL does not match | the client",
        docs: " ### What it does\n Checks the `jwks` URL.\n\n ### Why is this bad?\n Convex cannot verify.\n\n ### Fix\n Use the client's URL.\n\n ### Example\n ```ts\n # not a heading\n export default { providers: [] };\n ```\n",
        logic: crate::rules::Logic::Project(nop),
    };
    static MISMATCH: Rule = Rule {
        id: "convex-env/client-id-mismatch",
        severity: Severity::Warning,
        symptoms: &[Symptom::WorksInDevNotProd],
        summary: "Client ids differ",
        docs: " ### What it does\n Compares.\n",
        logic: crate::rules::Logic::Project(nop),
    };
    static MISSING: Rule = Rule {
        id: "auth-config/missing",
        severity: Severity::Info,
        symptoms: &[Symptom::ConvexUnauthenticated],
        summary: "No auth config",
        docs: " ### What it does\n Looks.\n",
        logic: crate::rules::Logic::Project(nop),
    };
    static RULES: [&Rule; 3] = [&JWKS, &MISMATCH, &MISSING];

    fn text(f: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        f(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn explain_plain() {
        let out = text(|o| write_explain(o, &JWKS, false));
        println!("{out}");
        assert!(out.starts_with("auth-config/jwks-url (error)\nThe jwks URL does not match | the client\n\n"));
        assert!(!out.contains("Symptoms"), "one Symptom heading: {out}");
        assert!(out.contains("\n\nSymptom\n  - WorkOS sign-in works"), "{out}");
        assert!(out.contains("(token-rejected)"));
        assert!(out.contains("\nWhat it does\n  Checks the `jwks` URL.\n"));
        assert!(out.contains("\nExample\n    # not a heading\n    export default { providers: [] };\n"));
        assert!(!out.contains("###") && !out.contains("```") && !out.contains('\x1b'));
        assert!(out.ends_with(&format!("\ndocs: {}\n", JWKS.docs_url())));
        let colored = text(|o| write_explain(o, &JWKS, true));
        assert!(colored.contains(&format!("{BOLD}What it does{BOLD:#}")));
    }

    #[test]
    fn rules_human_table() {
        let out = text(|o| write_rules_of(o, RulesFormat::Human, &RULES));
        println!("{out}");
        assert!(out.starts_with("auth-config\n  auth-config/jwks-url           error     The jwks URL"), "{out}");
        assert!(out.contains("  auth-config/missing            info      No auth config\n\nconvex-env\n"), "{out}");
        assert!(out.ends_with("3 rules. `authkit-doctor explain <rule>` shows a rule's symptom, cause and fix.\n"));
    }

    #[test]
    fn rules_json_shape() {
        let out = text(|o| write_rules_of(o, RulesFormat::Json, &RULES));
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["schema"], "authkit-doctor/v1");
        let first = v["rules"][0].as_object().unwrap();
        assert_eq!(first.keys().map(String::as_str).collect::<Vec<_>>(), ["id", "severity", "symptoms", "summary", "docs"]);
        assert_eq!(v["rules"][0]["symptoms"], serde_json::json!(["convex-unauthenticated", "token-rejected"]));
        assert_eq!(v["rules"][1]["severity"], "warning");
        assert_eq!(v["rules"][0]["docs"], JWKS.docs_url());
        assert!(out.ends_with("}\n"));
    }

    #[test]
    fn rules_markdown_document() {
        let out = text(|o| write_rules_of(o, RulesFormat::Markdown, &RULES));
        println!("{out}");
        assert!(out.starts_with("# Rule catalog\n"));
        let a = out.find("## auth-config\n").unwrap();
        let c = out.find("## convex-env\n").unwrap();
        assert!(a < c);
        assert!(out.contains("| [`auth-config/jwks-url`](#auth-configjwks-url) | error | convex-unauthenticated, token-rejected | The jwks URL does not match \\| the client |"));
        assert!(out.contains("\n### auth-config/jwks-url\n"));
        assert!(out.contains("\n#### What it does\n") && out.contains("\n#### Example\n"));
        assert!(!out.contains("\n### What it does"));
        assert!(out.contains("\n# not a heading\n"), "code blocks are untouched");
        assert!(JWKS.docs_url().ends_with(&format!("#{}", anchor(JWKS.id))));
        // The real catalog renders too.
        let all = text(|o| write_rules(o, RulesFormat::Markdown));
        assert!(all.contains(&format!("{} rules.", crate::rules::all().len())));
    }

    #[test]
    fn rules_format_names() {
        for f in RulesFormat::ALL {
            assert_eq!(RulesFormat::parse(f.as_str()), Some(f));
        }
        assert_eq!(RulesFormat::parse("md"), Some(RulesFormat::Markdown));
    }
}
