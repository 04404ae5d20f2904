//! Property tests for the `.env` lexer in `authkit_doctor_core::env_file`.

use authkit_doctor_core::env_file::{EnvFile, EnvProblemKind, Quote, lex, lex_bytes, lex_convex_env_list};
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// Reference behaviour, written independently of the lexer
// ---------------------------------------------------------------------------

/// The documented unquoting: CRLF -> LF for every quoted kind; for double
/// quotes also `\n \r \t \" \\` (any other backslash is kept).
fn reference_unescape(content: &str, quote: Quote) -> String {
    match quote {
        Quote::None => content.to_string(),
        Quote::Single | Quote::Backtick => content.replace("\r\n", "\n"),
        Quote::Double => {
            let chars: Vec<char> = content.chars().collect();
            let mut out = String::new();
            let mut i = 0;
            while i < chars.len() {
                let next = chars.get(i + 1).copied();
                match (chars[i], next) {
                    ('\\', Some('n')) => out.push('\n'),
                    ('\\', Some('r')) => out.push('\r'),
                    ('\\', Some('t')) => out.push('\t'),
                    ('\\', Some('"')) => out.push('"'),
                    ('\\', Some('\\')) => out.push('\\'),
                    ('\r', Some('\n')) => out.push('\n'),
                    (c, _) => {
                        out.push(c);
                        i += 1;
                        continue;
                    }
                }
                i += 2;
            }
            out
        }
    }
}

fn quote_char(q: Quote) -> Option<char> {
    match q {
        Quote::None => None,
        Quote::Single => Some('\''),
        Quote::Double => Some('"'),
        Quote::Backtick => Some('`'),
    }
}

fn line_of(src: &str, offset: usize) -> usize {
    1 + src.as_bytes()[..offset].iter().filter(|&&b| b == b'\n').count()
}

/// Every structural promise the lexer makes about its output for `src`.
fn check_invariants(src: &str, f: &EnvFile) -> Result<(), TestCaseError> {
    prop_assert_eq!(f.has_bom, src.starts_with('\u{FEFF}'));
    let mut last_start = 0;
    for e in &f.entries {
        // Keys.
        prop_assert_eq!(src.get(e.key_span.clone()), Some(e.key.as_str()));
        prop_assert!(!e.key.is_empty());
        prop_assert!(!e.key.contains(['\r', '\n', ' ', '=']));
        // Value spans: in bounds, on char boundaries, nested.
        let content = src.get(e.value_span.clone());
        prop_assert!(content.is_some(), "value_span {:?} not a str range", e.value_span);
        prop_assert!(src.get(e.raw_value_span.clone()).is_some());
        prop_assert!(e.raw_value_span.start <= e.value_span.start);
        prop_assert!(e.value_span.end <= e.raw_value_span.end);
        prop_assert!(e.key_span.end <= e.raw_value_span.start);
        // The value is the documented unescaping of its span.
        prop_assert_eq!(&e.value, &reference_unescape(content.unwrap(), e.quote));
        match quote_char(e.quote) {
            Some(q) => {
                prop_assert_eq!(e.raw_value_span.start + 1, e.value_span.start);
                prop_assert_eq!(e.value_span.end + 1, e.raw_value_span.end);
                prop_assert!(src[e.raw_value_span.clone()].starts_with(q));
                prop_assert!(src[e.raw_value_span.clone()].ends_with(q));
            }
            None => {
                prop_assert_eq!(&e.raw_value_span, &e.value_span);
                prop_assert!(!e.value.contains('\n'));
                // Trimmed of the lexer's in-line whitespace.
                let ws = [' ', '\t', '\r', '\x0b', '\x0c'];
                prop_assert!(!e.value.starts_with(ws) && !e.value.ends_with(ws));
            }
        }
        // Lines and order.
        prop_assert_eq!(e.line, line_of(src, e.key_span.start));
        prop_assert!(e.key_span.start >= last_start);
        last_start = e.raw_value_span.end;
        // Last definition wins.
        let last = f.entries.iter().rev().find(|x| x.key == e.key).unwrap();
        prop_assert_eq!(f.get(&e.key), Some(last));
    }
    for p in &f.problems {
        prop_assert!(src.get(p.span.clone()).is_some(), "problem span {:?}", p.span);
        prop_assert_eq!(p.line, line_of(src, p.span.start));
        prop_assert!(!p.kind.message().is_empty());
        if let EnvProblemKind::DuplicateKey { first } = &p.kind {
            prop_assert!(first.end <= p.span.start);
            prop_assert_eq!(&src[first.clone()], &src[p.span.clone()]);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Input generators
// ---------------------------------------------------------------------------

/// Strings built from pieces that matter to the grammar, so random input
/// actually reaches quotes, escapes, comments and line endings.
fn soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("KEY".to_string()),
        Just("export ".to_string()),
        Just("=".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("`".to_string()),
        Just("\\".to_string()),
        Just("#".to_string()),
        Just(" ".to_string()),
        Just("\t".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("\u{FEFF}".to_string()),
        Just("é".to_string()),
        Just("日本".to_string()),
        Just("${X}".to_string()),
        // Openings, closings and escapes, so quoted values actually form.
        Just("\nK=\"".to_string()),
        Just("\nK='".to_string()),
        Just("\nK=`".to_string()),
        Just("\"\n".to_string()),
        Just("'\r\n".to_string()),
        Just("\\n".to_string()),
        Just("\\t".to_string()),
        Just("\\r".to_string()),
        Just("\\\"".to_string()),
        Just("\\\\".to_string()),
        "[a-zA-Z0-9_.-]{1,4}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..48).prop_map(|v| v.concat())
}

#[derive(Debug, Clone, Copy)]
enum Style {
    Unquoted,
    Single,
    Double,
    Backtick,
}

#[derive(Debug, Clone)]
struct Item {
    key: String,
    value: String,
    style: Style,
    export: bool,
    indent: String,
    around_eq: (String, String),
    /// For double quotes: write newlines/tabs as `\n`/`\t` escapes.
    escape_controls: bool,
    /// Whitespace and/or comment after the value.
    trailing: String,
}

#[derive(Debug, Clone)]
enum Line {
    Entry(Item),
    Comment(String),
    Blank(String),
}

fn ws(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[ \t]{{0,{max}}}")).unwrap()
}

fn item() -> impl Strategy<Value = Item> {
    let key = "[A-Za-z_][A-Za-z0-9_.-]{0,10}";
    // Unquoted values: no surrounding whitespace, no quote or `#` first, no
    // newline, and no whitespace before a `#` (that would start a comment).
    let unquoted = "([A-Za-z0-9_./:+=,@${}%é日-][A-Za-z0-9_./:+=,@${}%#é日 \t\"'`-]{0,20}[A-Za-z0-9_./:+=,@${}%#é日\"'`-])?"
        .prop_map(|s: String| s.replace(" #", " x").replace("\t#", "\tx"));
    let single = "[a-zA-Z0-9 \t\n\"`\\\\#=${}é日-]{0,24}";
    let backtick = "[a-zA-Z0-9 \t\n\"'\\\\#=${}é日-]{0,24}";
    let double = "[a-zA-Z0-9 \t\n\r\"'`\\\\#=${}é日-]{0,24}";
    let styled = prop_oneof![
        unquoted.prop_map(|v| (Style::Unquoted, v)),
        single.prop_map(|v| (Style::Single, v)),
        backtick.prop_map(|v| (Style::Backtick, v)),
        double.prop_map(|v| (Style::Double, v)),
    ];
    let trailing = prop_oneof![Just(String::new()), ws(3), (ws(2), "[ -~]{0,12}").prop_map(|(w, c)| format!(" {w}# {c}")),];
    (key, styled, any::<bool>(), ws(2), (ws(2), ws(2)), any::<bool>(), trailing, "[#]?").prop_map(
        |(key, (style, value), export, indent, around_eq, escape_controls, trailing, hash)| {
            // A quoted value may be followed directly by `#comment`.
            let trailing = match style {
                Style::Unquoted => trailing,
                _ if trailing.is_empty() => hash,
                _ => trailing,
            };
            Item { key, value, style, export, indent, around_eq, escape_controls, trailing }
        },
    )
}

fn line() -> impl Strategy<Value = Line> {
    prop_oneof![
        6 => item().prop_map(Line::Entry),
        1 => (ws(2), "[ -~é]{0,16}").prop_map(|(w, c)| Line::Comment(format!("{w}#{c}"))),
        1 => ws(3).prop_map(Line::Blank),
    ]
}

/// Renders a value in its quoting style; `nl` is the file's line break at
/// that point (multi-line values use it too, as an editor would).
fn render_value(it: &Item, nl: &str) -> String {
    match it.style {
        Style::Unquoted => it.value.clone(),
        Style::Single => format!("'{}'", it.value.replace('\n', nl)),
        Style::Backtick => format!("`{}`", it.value.replace('\n', nl)),
        Style::Double => {
            let mut s = String::from("\"");
            for c in it.value.chars() {
                match c {
                    '\\' => s.push_str("\\\\"),
                    '"' => s.push_str("\\\""),
                    '\r' => s.push_str("\\r"),
                    '\n' if it.escape_controls => s.push_str("\\n"),
                    '\n' => s.push_str(nl),
                    '\t' if it.escape_controls => s.push_str("\\t"),
                    c => s.push(c),
                }
            }
            s.push('"');
            s
        }
    }
}

fn expected_quote(style: Style) -> Quote {
    match style {
        Style::Unquoted => Quote::None,
        Style::Single => Quote::Single,
        Style::Double => Quote::Double,
        Style::Backtick => Quote::Backtick,
    }
}

/// A whole file: the text, plus for each entry the item and its key offset.
fn render(bom: bool, lines: &[(Line, bool)], final_newline: bool) -> (String, Vec<(Item, usize)>) {
    let mut src = String::new();
    if bom {
        src.push('\u{FEFF}');
    }
    let mut expected = Vec::new();
    for (i, (line, crlf)) in lines.iter().enumerate() {
        let nl = if *crlf { "\r\n" } else { "\n" };
        match line {
            Line::Entry(it) => {
                src.push_str(&it.indent);
                if it.export {
                    src.push_str("export ");
                }
                expected.push((it.clone(), src.len()));
                src.push_str(&it.key);
                src.push_str(&it.around_eq.0);
                src.push('=');
                src.push_str(&it.around_eq.1);
                src.push_str(&render_value(it, nl));
                src.push_str(&it.trailing);
            }
            Line::Comment(c) => src.push_str(c),
            Line::Blank(b) => src.push_str(b),
        }
        if i + 1 < lines.len() || final_newline {
            src.push_str(nl);
        }
    }
    (src, expected)
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    /// (1) Arbitrary strings never panic (and satisfy the invariants).
    #[test]
    fn arbitrary_strings_never_panic(src in any::<String>()) {
        let f = lex(&src);
        check_invariants(&src, &f)?;
        let f = lex_convex_env_list(&src);
        check_invariants(&src, &f)?;
    }

    /// (1) Arbitrary bytes never panic; the returned text is the lossy decoding.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let (text, f) = lex_bytes(&bytes);
        prop_assert_eq!(&text, &String::from_utf8_lossy(&bytes));
        check_invariants(&text, &f)?;
    }

    /// (2) Span and value invariants on grammar-heavy random text.
    #[test]
    fn spans_and_values_are_consistent(src in soup()) {
        let f = lex(&src);
        check_invariants(&src, &f)?;
    }

    /// (3) Well-formed files round-trip: every key/value comes back, in order,
    /// with its quoting, `export` flag, position and line.
    #[test]
    fn well_formed_files_round_trip(
        bom in any::<bool>(),
        lines in prop::collection::vec((line(), any::<bool>()), 0..12),
        final_newline in any::<bool>(),
    ) {
        let (src, expected) = render(bom, &lines, final_newline);
        let f = lex(&src);
        check_invariants(&src, &f)?;
        prop_assert_eq!(f.has_bom, bom);
        prop_assert!(
            f.problems.iter().all(|p| matches!(p.kind, EnvProblemKind::DuplicateKey { .. })),
            "unexpected problems in {:?}: {:?}", src, f.problems
        );
        prop_assert_eq!(f.entries.len(), expected.len(), "{:?} -> {:?}", src, f.entries);
        for (e, (it, key_start)) in f.entries.iter().zip(&expected) {
            prop_assert_eq!(&e.key, &it.key);
            prop_assert_eq!(&e.value, &it.value, "in {:?}", src);
            prop_assert_eq!(e.quote, expected_quote(it.style));
            prop_assert_eq!(e.exported, it.export);
            prop_assert_eq!(e.key_span.start, *key_start);
            prop_assert_eq!(e.line, line_of(&src, *key_start));
        }
        // Dotenv semantics: for each key the last generated value wins.
        for (it, _) in &expected {
            let last = expected.iter().rev().find(|(x, _)| x.key == it.key).unwrap();
            prop_assert_eq!(&f.get(&it.key).unwrap().value, &last.0.value);
        }
    }
}
