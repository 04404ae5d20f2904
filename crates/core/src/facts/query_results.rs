//! What a client does with a query's result. `const me = useQuery(api.users.me)` followed by
//! `me?.subject` and `me === undefined` reads one field and tests for the rest; a claim the
//! query returns under another key (`{ subject, email: identity.email }`) is fetched and
//! dropped, so an absent `email` claim changes nothing the user sees.
//!
//! A byte scan around each function reference, like the reference scan itself: the reference
//! must be the first argument of `useQuery(` assigned to a `const`/`let` name (or destructured
//! with plain keys), and every later mention of that name must be a field read
//! (`me.email`, `me?.email`, `me!.email`) or a test (`me === undefined`, `!me`, `me ? … : …`,
//! `me && …`, `if (me)`, `typeof me`). Anything else — the result handed to a component, spread,
//! returned, compared with a value, indexed by a computed key — uses it whole. A mention
//! inside a comment or a string counts as one of these too; that only ever reads more.

use std::collections::BTreeSet;

/// How the code around one function reference uses the function's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResultUse {
    /// Only these top-level fields are read (empty: the result is only tested).
    Fields(BTreeSet<String>),
    /// Used whole, or not a `useQuery` result the scan can follow.
    Whole,
}

/// The use of the result of the function referenced at byte `at` (the start of `api.x.y`).
pub fn result_use(bytes: &[u8], at: usize) -> ResultUse {
    follow(bytes, at).map_or(ResultUse::Whole, ResultUse::Fields)
}

fn follow(bytes: &[u8], at: usize) -> Option<BTreeSet<String>> {
    let before = trim_end(bytes.get(..at)?).strip_suffix(b"(")?;
    let before = trim_end(strip_word_suffix(trim_end(before), b"useQuery")?).strip_suffix(b"=")?;
    // `==`, `!=`, `<=`, `>=`, `=>`: not an assignment.
    if before.last().is_some_and(|b| matches!(b, b'=' | b'!' | b'<' | b'>')) {
        return None;
    }
    let before = trim_end(before);
    if let Some(pattern) = before.strip_suffix(b"}") {
        // `const { metrics, accounts: a } = useQuery(…)`.
        let open = pattern.iter().rposition(|b| *b == b'{')?;
        declares(&pattern[..open])?;
        return destructured_keys(&pattern[open + 1..]);
    }
    let name_len = before.iter().rev().take_while(|b| is_ident_byte(**b)).count();
    if name_len == 0 {
        return None;
    }
    let name_start = before.len() - name_len;
    declares(&before[..name_start])?;
    mentions(bytes, &before[name_start..], name_start)
}

/// The text before a binding ends with `const`, `let` or `var`.
fn declares(before: &[u8]) -> Option<()> {
    let before = trim_end(before);
    [&b"const"[..], b"let", b"var"].iter().any(|k| strip_word_suffix(before, k).is_some()).then_some(())
}

/// `metrics, accounts: a, incidents = []`: the keys, or `None` for a rest element or a nested
/// pattern (which could read anything).
fn destructured_keys(pattern: &[u8]) -> Option<BTreeSet<String>> {
    let text = std::str::from_utf8(pattern).ok()?;
    let mut keys = BTreeSet::new();
    for part in text.split(',') {
        let key = part.split([':', '=']).next().unwrap_or_default().trim();
        if key.is_empty() {
            continue;
        }
        if !key.bytes().all(is_ident_byte) {
            return None;
        }
        keys.insert(key.to_string());
    }
    Some(keys)
}

/// The fields read through every mention of `name` after its declaration at `declared_at`, or
/// `None` when one mention uses the value whole.
fn mentions(bytes: &[u8], name: &[u8], declared_at: usize) -> Option<BTreeSet<String>> {
    let mut fields = BTreeSet::new();
    for start in memchr::memmem::find_iter(bytes, name) {
        let end = start + name.len();
        // `...me`: spread whole.
        if bytes[..start].ends_with(b"...") {
            return None;
        }
        if start == declared_at
            || (start > 0 && is_ident_byte(bytes[start - 1]))
            || bytes.get(end).is_some_and(|b| is_ident_byte(*b))
            // `other.me`: a property of something else, not this name.
            || (start > 0 && bytes[start - 1] == b'.')
        {
            continue;
        }
        let after = &bytes[end..];
        if let Some(field) = field_read(after) {
            fields.insert(field);
            continue;
        }
        if !is_test(trim_end(&bytes[..start]), trim_start(after)) {
            return None;
        }
    }
    Some(fields)
}

/// `.email`, `?.email`, `!.email` (and the same across a line break): the field read.
fn field_read(after: &[u8]) -> Option<String> {
    let after = after.strip_prefix(b"!").unwrap_or(after);
    let after = trim_start(after);
    let rest = after.strip_prefix(b"?.").or_else(|| after.strip_prefix(b".").filter(|r| !r.starts_with(b".")))?;
    let rest = trim_start(rest);
    let len = rest.iter().take_while(|b| is_ident_byte(**b)).count();
    (len > 0 && !rest[0].is_ascii_digit()).then(|| String::from_utf8_lossy(&rest[..len]).into_owned())
}

/// The mention only tests the value: for presence, or against `undefined`/`null`.
fn is_test(before: &[u8], after: &[u8]) -> bool {
    let nullish = |b: &[u8]| strip_word_prefix(b, b"undefined").or_else(|| strip_word_prefix(b, b"null")).is_some();
    let nullish_end = |b: &[u8]| strip_word_suffix(b, b"undefined").or_else(|| strip_word_suffix(b, b"null")).is_some();
    for op in [&b"==="[..], b"!==", b"==", b"!="] {
        if let Some(rest) = after.strip_prefix(op)
            && nullish(trim_start(rest))
        {
            return true;
        }
        if let Some(rest) = before.strip_suffix(op)
            && nullish_end(trim_end(rest))
        {
            return true;
        }
    }
    // `!me`, `!!me`, `typeof me`.
    if (before.ends_with(b"!") && !before.ends_with(b"!=")) || strip_word_suffix(before, b"typeof").is_some() {
        return true;
    }
    // `me ? a : b` (not `me?.x`, `me ?? x`), `me && …`.
    if (after.starts_with(b"?") && !after.starts_with(b"?.") && !after.starts_with(b"??")) || after.starts_with(b"&&") {
        return true;
    }
    // `if (me)`, `while (me)`.
    if after.starts_with(b")")
        && let Some(open) = before.strip_suffix(b"(")
    {
        let open = trim_end(open);
        return strip_word_suffix(open, b"if").is_some() || strip_word_suffix(open, b"while").is_some();
    }
    false
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

fn trim_end(b: &[u8]) -> &[u8] {
    b.trim_ascii_end()
}

fn trim_start(b: &[u8]) -> &[u8] {
    b.trim_ascii_start()
}

/// `b` without a trailing `word` that starts at an identifier boundary.
fn strip_word_suffix<'b>(b: &'b [u8], word: &[u8]) -> Option<&'b [u8]> {
    let rest = b.strip_suffix(word)?;
    (!rest.last().is_some_and(|c| is_ident_byte(*c) || *c == b'.')).then_some(rest)
}

/// `b` without a leading `word` that ends at an identifier boundary.
fn strip_word_prefix<'b>(b: &'b [u8], word: &[u8]) -> Option<&'b [u8]> {
    let rest = b.strip_prefix(word)?;
    (!rest.first().is_some_and(|c| is_ident_byte(*c))).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn use_of(text: &str) -> ResultUse {
        result_use(text.as_bytes(), text.find("api.").expect("a reference"))
    }

    fn fields(names: &[&str]) -> ResultUse {
        ResultUse::Fields(names.iter().map(|n| n.to_string()).collect())
    }

    #[test]
    fn field_reads_and_tests_are_followed() {
        assert_eq!(
            use_of("const me = useQuery(api.auth.me);\nif (me === undefined) return <Spinner />;\nreturn <p>{me?.subject} {me!.plan}</p>;"),
            fields(&["subject", "plan"])
        );
        assert_eq!(
            use_of(
                "const overview = useQuery(api.dashboard.overview, {}) as Overview | undefined;\nconst m = overview?.metrics ?? [];\nconst label = overview === undefined ? 'Syncing' : 'Live';\nif (!overview) {}\nconst a = overview\n  ?.accounts;"
            ),
            fields(&["metrics", "accounts"])
        );
        assert_eq!(use_of("const me = useQuery(api.a.me); return me ? 'in' : 'out'; if (me) {} me && go(); typeof me;"), fields(&[]));
        assert_eq!(
            use_of("const { metrics, accounts: a, incidents = [] } = useQuery(api.d.o) ?? {};"),
            fields(&["accounts", "incidents", "metrics"])
        );
        // Another object's property of the same name is not a mention.
        assert_eq!(use_of("const me = useQuery(api.a.me); props.me.email; me?.id"), fields(&["id"]));
    }

    #[test]
    fn anything_else_uses_the_result_whole() {
        for text in [
            "const me = useQuery(api.a.me); return <Profile user={me} />;",
            "const me = useQuery(api.a.me); return me;",
            "const me = useQuery(api.a.me); const copy = { ...me };",
            "const me = useQuery(api.a.me); me[key];",
            "const me = useQuery(api.a.me); me ?? fallback;",
            "const { ...rest } = useQuery(api.a.me);",
            "const { user: { email } } = useQuery(api.a.me);",
            "const me: User = useQuery(api.a.me);",
            "useQuery(api.a.me);",
            "const me = useCachedQuery(api.a.me);",
            "const me = useQuery(convexQuery(api.a.me));",
            "const me = await ctx.runQuery(api.a.me);",
            "const me = useQuery(api.a.me); if (me === other) {}",
        ] {
            assert_eq!(use_of(text), ResultUse::Whole, "{text}");
        }
    }

    #[test]
    fn odd_bytes_do_not_panic() {
        for text in [
            "api.",
            "= useQuery(api.",
            "const = useQuery(api.x",
            "const {= useQuery(api.x",
            "const x = useQuery(api.x); x",
            "x = useQuery(api.x);",
        ] {
            let _ = use_of(text);
        }
        assert_eq!(result_use(b"", 0), ResultUse::Whole);
        assert_eq!(result_use(b"abc", 99), ResultUse::Whole);
    }
}
