//! Edits as data: the small API rules use to build the safe fixes their findings carry
//! (delete a property, insert after a tag name, append lines, insert an array element in the
//! style of its neighbours). Every builder returns an [`Edit`] (a span and its replacement)
//! or `None` when the text around the span is not what it expects; nothing here reads or
//! writes a file. Planning, applying and re-checking the edits is `check --fix`'s job
//! (`crate::fix`).

use crate::diagnostic::Edit;

/// An edit deleting the object property at `span` (`key: value`) with its comma; when the
/// property has its own line, the whole line goes. `None` when the text around the span is
/// not what a property looks like.
pub fn delete_property(file: &str, text: &str, span_start: usize, span_end: usize) -> Option<Edit> {
    if span_end > text.len() || span_start >= span_end || !text.is_char_boundary(span_start) || !text.is_char_boundary(span_end) {
        return None;
    }
    let bytes = text.as_bytes();
    let skip_blanks = |mut i: usize| {
        while i < bytes.len() && (bytes[i] == b' ' || bytes[i] == b'\t') {
            i += 1;
        }
        i
    };
    let mut end = skip_blanks(span_end);
    let comma_after = end < bytes.len() && bytes[end] == b',';
    if comma_after {
        end = skip_blanks(end + 1);
    }
    let line_start = text[..span_start].rfind('\n').map_or(0, |i| i + 1);
    let own_line_before = text[line_start..span_start].bytes().all(|b| b == b' ' || b == b'\t');
    let own_line_after = end == bytes.len() || bytes[end] == b'\n' || text[end..].starts_with("\r\n");
    if own_line_before && own_line_after {
        let line_end = if end == bytes.len() {
            end
        } else if bytes[end] == b'\r' {
            end + 2
        } else {
            end + 1
        };
        return Some(Edit { file: file.to_string(), start: line_start, end: line_end, replacement: String::new() });
    }
    if comma_after {
        return Some(Edit { file: file.to_string(), start: span_start, end, replacement: String::new() });
    }
    // The last property on a shared line: take the comma before it.
    let before = text[..span_start].trim_end_matches([' ', '\t']);
    if before.ends_with(',') {
        let start = before.len() - 1;
        return Some(Edit { file: file.to_string(), start, end: span_end, replacement: String::new() });
    }
    None
}

/// An edit inserting ` prefetch={false}` after the element name of the opening tag that
/// starts at `start` (`<Link`, `<NextLink`, `<ui.Link`). `None` when no tag starts there.
pub fn insert_after_tag_name(file: &str, text: &str, start: usize, insert: &str) -> Option<Edit> {
    let rest = text.get(start..)?;
    let name = rest.strip_prefix('<')?;
    let len = name.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$' || c == '.')).unwrap_or(name.len());
    if len == 0 {
        return None;
    }
    let at = start + 1 + len;
    Some(Edit { file: file.to_string(), start: at, end: at, replacement: insert.to_string() })
}

/// The line break `text` uses: `\r\n` when it has one, else `\n`.
pub fn newline_of(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// The whitespace in front of `pos` when nothing else precedes it on its line.
pub fn indent_before(text: &str, pos: usize) -> Option<&str> {
    let line_start = text.get(..pos)?.rfind('\n').map_or(0, |i| i + 1);
    let indent = &text[line_start..pos];
    indent.bytes().all(|b| b == b' ' || b == b'\t').then_some(indent)
}

/// An edit appending `lines` at the end of `text`, in the file's line breaks. The file's last
/// line is ended first when it is not; `blank_line_before` separates the new lines from the old
/// ones by a blank line (unless the file already ends with one). The result ends with a line
/// break when the file did (or was empty).
pub fn append_lines(file: &str, text: &str, lines: &[&str], blank_line_before: bool) -> Edit {
    let nl = newline_of(text);
    let mut out = String::new();
    let ends_with_newline = text.is_empty() || text.ends_with('\n');
    if !text.is_empty() {
        if !ends_with_newline {
            out.push_str(nl);
        }
        // The last line, without its line break: blank when the file already ends with a blank line.
        let body =
            if ends_with_newline { text.strip_suffix('\n').map(|t| t.strip_suffix('\r').unwrap_or(t)).unwrap_or(text) } else { text };
        let last_line = body.rsplit('\n').next().unwrap_or("");
        if blank_line_before && !last_line.trim().is_empty() {
            out.push_str(nl);
        }
    }
    out.push_str(&lines.join(nl));
    if ends_with_newline {
        out.push_str(nl);
    }
    Edit { file: file.to_string(), start: text.len(), end: text.len(), replacement: out }
}

/// How an object literal is laid out, to write a sibling object in the same style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectStyle {
    /// `Some((property indent, closing-brace indent))` when each property has its own line.
    pub multiline: Option<(String, String)>,
    /// One line: the blanks after `{` and before `}`, and what separates properties (`, `).
    pub open_pad: String,
    pub close_pad: String,
    pub separator: String,
    /// A comma after the last property.
    pub trailing_comma: bool,
}

impl ObjectStyle {
    /// The style of the object literal at `span` whose properties are at `props` (in order).
    /// `None` when the object is not laid out plainly: anything but blanks and commas between
    /// the properties (comments, spreads), properties sharing lines in a multi-line object.
    pub fn of(text: &str, span: (usize, usize), props: &[(usize, usize)]) -> Option<ObjectStyle> {
        let obj = text.get(span.0..span.1)?;
        if !obj.starts_with('{') || !obj.ends_with('}') || props.is_empty() {
            return None;
        }
        if props.iter().any(|p| p.0 <= span.0 || p.1 >= span.1 || p.0 >= p.1) || props.windows(2).any(|w| w[0].1 > w[1].0) {
            return None;
        }
        let blank = |s: &str| s.chars().all(|c| c == ' ' || c == '\t' || c == '\n' || c == '\r');
        let before = text.get(span.0 + 1..props[0].0)?;
        let after = text.get(props[props.len() - 1].1..span.1 - 1)?;
        let gaps: Vec<&str> = props.windows(2).map(|w| text.get(w[0].1..w[1].0)).collect::<Option<_>>()?;
        let (trailing_comma, close) = match after.trim_start_matches([' ', '\t']).strip_prefix(',') {
            Some(rest) => (true, rest),
            None => (false, after),
        };
        if !blank(before) || !blank(close) || gaps.iter().any(|g| !g.trim_start_matches([' ', '\t']).strip_prefix(',').is_some_and(blank)) {
            return None;
        }
        if before.contains('\n') {
            if gaps.iter().any(|g| !g.contains('\n')) || !close.contains('\n') {
                return None;
            }
            let prop_indent = before.rsplit('\n').next().unwrap_or("").trim_end_matches('\r');
            let close_indent = close.rsplit('\n').next().unwrap_or("");
            let style = ObjectStyle {
                multiline: Some((prop_indent.to_string(), close_indent.to_string())),
                open_pad: String::new(),
                close_pad: String::new(),
                separator: String::new(),
                trailing_comma,
            };
            return Some(style);
        }
        if obj.contains('\n') || gaps.iter().any(|g| g.contains('\n')) || close.contains('\n') {
            return None;
        }
        Some(ObjectStyle {
            multiline: None,
            open_pad: before.to_string(),
            close_pad: close.to_string(),
            separator: gaps.first().map_or(", ", |g| g).to_string(),
            trailing_comma,
        })
    }

    /// An object literal with these properties (each `key: value` as source), in this style.
    pub fn render(&self, props: &[String], nl: &str) -> String {
        let mut out = String::from("{");
        match &self.multiline {
            Some((prop_indent, close_indent)) => {
                for (i, p) in props.iter().enumerate() {
                    out.push_str(nl);
                    out.push_str(prop_indent);
                    out.push_str(p);
                    if i + 1 < props.len() || self.trailing_comma {
                        out.push(',');
                    }
                }
                out.push_str(nl);
                out.push_str(close_indent);
            }
            None => {
                out.push_str(&self.open_pad);
                out.push_str(&props.join(&self.separator));
                if self.trailing_comma {
                    out.push(',');
                }
                out.push_str(&self.close_pad);
            }
        }
        out.push('}');
        out
    }
}

/// An edit inserting `element` into the array literal at `array`, right after (`after`) or
/// right before the element at `sibling`: on a line of its own when the sibling has one (same
/// indentation, same trailing-comma habit), else on the sibling's line after `, `. `None` when
/// the text around the sibling is not plain (a comment after it, say).
pub fn insert_array_element(
    file: &str,
    text: &str,
    array: (usize, usize),
    sibling: (usize, usize),
    element: &str,
    after: bool,
) -> Option<Edit> {
    let arr = text.get(array.0..array.1)?;
    if !arr.starts_with('[') || !arr.ends_with(']') || sibling.0 <= array.0 || sibling.1 >= array.1 || sibling.0 >= sibling.1 {
        return None;
    }
    let nl = newline_of(text);
    let edit = |at: usize, replacement: String| Some(Edit { file: file.to_string(), start: at, end: at, replacement });
    let own_line = indent_before(text, sibling.0);
    if !after {
        return match own_line {
            Some(indent) => edit(sibling.0, format!("{element},{nl}{indent}")),
            None => edit(sibling.0, format!("{element}, ")),
        };
    }
    let Some(indent) = own_line else { return edit(sibling.1, format!(", {element}")) };
    let rest = &text[sibling.1..array.1];
    let blanks = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let comma = rest[blanks..].starts_with(',');
    let line_end = if comma { sibling.1 + blanks + 1 } else { sibling.1 };
    let tail = &text[line_end..array.1];
    let tail = tail.trim_start_matches([' ', '\t']);
    // The sibling must end its line (else the new element would not be on a line of its own).
    if !(tail.starts_with('\n') || tail.starts_with("\r\n")) {
        return None;
    }
    if comma { edit(line_end, format!("{nl}{indent}{element},")) } else { edit(sibling.1, format!(",{nl}{indent}{element}")) }
}

/// The client id part of the source of a URL expression ending in `<marker><client id>`, as an
/// expression: `` `https://h/sso/jwks/${clientId}` `` gives `clientId`,
/// `'https://h/sso/jwks/' + process.env.X` gives `process.env.X`, and `"https://h/sso/jwks/client_1"`
/// gives `"client_1"`. `None` for anything else.
pub fn client_id_expression(source: &str, marker: &str) -> Option<String> {
    let source = source.trim();
    let is_path = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '.' | '!'));
    if let Some(body) = source.strip_prefix('`').and_then(|s| s.strip_suffix('`')) {
        let (before, expr) = body.rsplit_once("${")?;
        let expr = expr.strip_suffix('}')?.trim();
        return (before.ends_with(marker) && before.matches("${").count() == 0 && is_path(expr)).then(|| expr.to_string());
    }
    let quote = source.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let body = &source[1..];
    let close = body.find(quote)?;
    let (literal, rest) = (&body[..close], body[close + 1..].trim());
    if literal.contains('\\') {
        return None;
    }
    if rest.is_empty() {
        let (_, id) = literal.rsplit_once(marker)?;
        return (is_path(id) && !id.contains('.')).then(|| format!("{quote}{id}{quote}"));
    }
    let expr = rest.strip_prefix('+')?.trim();
    (literal.ends_with(marker) && is_path(expr)).then(|| expr.to_string())
}

/// Whether `text` parses as the JS/TS file `path` names (other files: always `Ok`): an edit that
/// breaks a file that parsed before is never written.
pub fn parses(path: &str, text: &str) -> Result<(), String> {
    const CODE: &[&str] = &[".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts"];
    if !CODE.iter().any(|ext| path.ends_with(ext)) {
        return Ok(());
    }
    let allocator = oxc_allocator::Allocator::default();
    let source_type = oxc_span::SourceType::from_path(path).unwrap_or_else(|_| oxc_span::SourceType::tsx());
    let parsed = oxc_parser::Parser::new(&allocator, text, source_type).parse();
    match parsed.diagnostics.first() {
        _ if parsed.panicked => Err(format!("{path}: the parser gave up")),
        Some(e) => Err(format!("{path}: {e}")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply_one(text: &str, e: Option<Edit>) -> String {
        let e = e.expect("an edit");
        format!("{}{}{}", &text[..e.start], e.replacement, &text[e.end..])
    }

    #[test]
    fn deleting_a_property() {
        let t = "{\n  a: 1,\n  applicationID: clientId,\n  b: 2,\n}\n";
        let s = t.find("applicationID").unwrap();
        assert_eq!(apply_one(t, delete_property("f", t, s, s + "applicationID: clientId".len())), "{\n  a: 1,\n  b: 2,\n}\n");
        let t = "{\r\n  a: 1,\r\n  applicationID: x\r\n}";
        let s = t.find("applicationID").unwrap();
        assert_eq!(apply_one(t, delete_property("f", t, s, s + 16)), "{\r\n  a: 1,\r\n}");
        let t = "{ a: 1, applicationID: x, b: 2 }";
        let s = t.find("applicationID").unwrap();
        assert_eq!(apply_one(t, delete_property("f", t, s, s + 16)), "{ a: 1, b: 2 }");
        let t = "{ a: 1, applicationID: x }";
        let s = t.find("applicationID").unwrap();
        assert_eq!(apply_one(t, delete_property("f", t, s, s + 16)), "{ a: 1 }");
        let t = "{ applicationID: x }";
        assert_eq!(delete_property("f", t, 2, 18), None);
    }

    #[test]
    fn inserting_after_a_tag_name() {
        let t = "x = <Link href=\"/a\">";
        assert_eq!(apply_one(t, insert_after_tag_name("f", t, 4, " prefetch={false}")), "x = <Link prefetch={false} href=\"/a\">");
        assert_eq!(insert_after_tag_name("f", t, 0, "y"), None);
    }

    #[test]
    fn appending_lines() {
        let block = ["[[redirects]]", "  status = 200"];
        let append = |t: &str, blank| apply_one(t, Some(append_lines("f", t, &block, blank)));
        assert_eq!(append("[build]\n", true), "[build]\n\n[[redirects]]\n  status = 200\n");
        assert_eq!(append("[build]\n\n", true), "[build]\n\n[[redirects]]\n  status = 200\n");
        assert_eq!(append("[build]", true), "[build]\n\n[[redirects]]\n  status = 200");
        assert_eq!(append("", true), "[[redirects]]\n  status = 200\n");
        assert_eq!(append("a\r\n", false), "a\r\n[[redirects]]\r\n  status = 200\r\n");
    }

    #[test]
    fn object_styles() {
        let spans = |t: &str, keys: &[&str]| -> Vec<(usize, usize)> {
            keys.iter()
                .map(|k| {
                    let s = t.find(k).unwrap();
                    (s, s + k.len())
                })
                .collect()
        };
        let t = "{\n    a: 1,\n    b: 2\n  }";
        let style = ObjectStyle::of(t, (0, t.len()), &spans(t, &["a: 1", "b: 2"])).unwrap();
        assert_eq!(style.render(&["x: 1".into(), "y: 2".into()], "\n"), "{\n    x: 1,\n    y: 2\n  }");
        let t = "{ a: 1, b: 2, }";
        let style = ObjectStyle::of(t, (0, t.len()), &[(2, 6), (8, 12)]).unwrap();
        assert_eq!(style.render(&["x: 1".into(), "y: 2".into(), "z: 3".into()], "\n"), "{ x: 1, y: 2, z: 3, }");
        let t = "{a: 1,b: 2}";
        assert_eq!(ObjectStyle::of(t, (0, t.len()), &[(1, 5), (6, 10)]).unwrap().render(&["x: 1".into()], "\n"), "{x: 1}");
        let t = "{ a: 1, /* b */ b: 2 }";
        assert_eq!(ObjectStyle::of(t, (0, t.len()), &[(2, 6), (16, 20)]), None, "a comment between properties");
        let t = "{\n  a: 1, b: 2\n}";
        assert_eq!(ObjectStyle::of(t, (0, t.len()), &[(4, 8), (10, 14)]), None, "properties sharing a line");
    }

    #[test]
    fn inserting_array_elements() {
        let t = "[\n  {a},\n]";
        let sib = (4, 7);
        assert_eq!(apply_one(t, insert_array_element("f", t, (0, t.len()), sib, "{b}", true)), "[\n  {a},\n  {b},\n]");
        assert_eq!(apply_one(t, insert_array_element("f", t, (0, t.len()), sib, "{b}", false)), "[\n  {b},\n  {a},\n]");
        let t = "[\n  {a}\n]";
        assert_eq!(apply_one(t, insert_array_element("f", t, (0, t.len()), sib, "{b}", true)), "[\n  {a},\n  {b}\n]");
        let t = "[{a}]";
        assert_eq!(apply_one(t, insert_array_element("f", t, (0, t.len()), (1, 4), "{b}", true)), "[{a}, {b}]");
        assert_eq!(apply_one(t, insert_array_element("f", t, (0, t.len()), (1, 4), "{b}", false)), "[{b}, {a}]");
        let t = "[\n  {a}, // keep\n]";
        assert_eq!(insert_array_element("f", t, (0, t.len()), sib, "{b}", true), None);
    }

    #[test]
    fn client_id_expressions() {
        let m = "/user_management/";
        assert_eq!(client_id_expression("`https://api.workos.com/user_management/${clientId}`", m).as_deref(), Some("clientId"));
        assert_eq!(
            client_id_expression("'https://a.example.com/user_management/' + process.env.WORKOS_CLIENT_ID", m).as_deref(),
            Some("process.env.WORKOS_CLIENT_ID")
        );
        assert_eq!(client_id_expression("\"https://api.workos.com/user_management/client_01\"", m).as_deref(), Some("\"client_01\""));
        assert_eq!(client_id_expression("`https://${host}/user_management/${clientId}`", m), None);
        assert_eq!(client_id_expression("`https://api.workos.com/user_management/client_${id}`", m), None);
        assert_eq!(client_id_expression("issuer(clientId)", m), None);
        assert_eq!(client_id_expression("'https://api.workos.com/user_management/' + id + '/'", m), None);
    }
}
