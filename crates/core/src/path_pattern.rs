//! Next.js middleware matchers and AuthKit's `unauthenticatedPaths`, evaluated the way the
//! frameworks do it: `path-to-regexp` 6 (the version Next vendors, also used by
//! authkit-nextjs) turns the pattern into a JavaScript regular expression, which is then run
//! against the request path. JavaScript regexes (lookahead included) are not what the `regex`
//! crate speaks, so this module has a small backtracking matcher for the subset path patterns
//! use: literals, `.`, classes, groups, `(?:…)`, `(?=…)`, `(?!…)`, alternation, the usual
//! quantifiers (greedy and lazy) and anchors.

use std::cell::Cell;

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct PathRegex {
    node: Node,
}

impl PathRegex {
    /// Parses a JavaScript regular expression (no flags). `None` for syntax we do not handle.
    pub fn parse(source: &str) -> Option<PathRegex> {
        let chars: Vec<char> = source.chars().collect();
        let mut p = Parser { chars: &chars, pos: 0 };
        let node = p.alternation()?;
        (p.pos == chars.len()).then_some(PathRegex { node })
    }

    /// Whether the regex matches somewhere in `text` (as `RegExp.prototype.exec` does), or `None`
    /// if the search gave up (pathological backtracking).
    pub fn find(&self, text: &str) -> Option<bool> {
        let chars: Vec<char> = text.chars().collect();
        let m = Matcher { text: &chars, budget: Cell::new(200_000) };
        for start in 0..=chars.len() {
            if m.run(&self.node, start, &mut |_| true) {
                return Some(true);
            }
            if m.budget.get() == 0 {
                return None;
            }
        }
        Some(false)
    }
}

/// A Next.js `config.matcher` source, compiled as Next compiles it (`getMiddlewareMatchers`:
/// an optional `/_next/data/<build>` prefix and `.json` suffix, no i18n, no basePath).
pub fn next_matcher(source: &str) -> Option<PathRegex> {
    if !source.starts_with('/') {
        return None;
    }
    // Next 13.4+ wraps the suffix in `{…}` so it cannot become a named parameter's pattern.
    let suffix = if source == "/" { "(/?index|/?index\\.json)?" } else { "{(\\.json)}?" };
    let full = format!("/:nextData(_next/data/[^/]{{1,}})?{source}{suffix}");
    PathRegex::parse(&path_to_regexp(&full)?)
}

/// An `unauthenticatedPaths` entry, compiled as authkit-nextjs does (`parse` + `tokensToRegexp`).
pub fn authkit_path(pattern: &str) -> Option<PathRegex> {
    if pattern.contains(['?', '#']) || !pattern.starts_with('/') {
        return None;
    }
    PathRegex::parse(&path_to_regexp(pattern)?)
}

/// Whether a pattern is a plain path (no parameters, groups or modifiers).
pub fn is_literal_path(pattern: &str) -> bool {
    !pattern.contains([':', '*', '+', '?', '(', ')', '{', '}', '\\'])
}

// ---------------------------------------------------------------------------------------------
// path-to-regexp 6: lexer, parser, tokensToRegexp (default options: delimiter "/#?",
// prefixes "./", strict false, start and end anchored).

#[derive(Debug, Clone, PartialEq)]
enum Lex {
    Modifier(char),
    Escaped(char),
    Open,
    Close,
    Name(String),
    Pattern(String),
    Char(char),
}

fn lex(s: &str) -> Option<Vec<Lex>> {
    let c: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < c.len() {
        match c[i] {
            '*' | '+' | '?' => {
                out.push(Lex::Modifier(c[i]));
                i += 1;
            }
            '\\' => {
                out.push(Lex::Escaped(*c.get(i + 1)?));
                i += 2;
            }
            '{' => {
                out.push(Lex::Open);
                i += 1;
            }
            '}' => {
                out.push(Lex::Close);
                i += 1;
            }
            ':' => {
                let mut j = i + 1;
                let mut name = String::new();
                while j < c.len() && (c[j].is_ascii_alphanumeric() || c[j] == '_') {
                    name.push(c[j]);
                    j += 1;
                }
                if name.is_empty() {
                    return None;
                }
                out.push(Lex::Name(name));
                i = j;
            }
            '(' => {
                let mut count = 1;
                let mut pattern = String::new();
                let mut j = i + 1;
                if c.get(j) == Some(&'?') {
                    return None;
                }
                while j < c.len() {
                    if c[j] == '\\' {
                        pattern.push(c[j]);
                        pattern.push(*c.get(j + 1)?);
                        j += 2;
                        continue;
                    }
                    if c[j] == ')' {
                        count -= 1;
                        if count == 0 {
                            j += 1;
                            break;
                        }
                    } else if c[j] == '(' {
                        count += 1;
                        if c.get(j + 1) != Some(&'?') {
                            return None;
                        }
                    }
                    pattern.push(c[j]);
                    j += 1;
                }
                if count != 0 || pattern.is_empty() {
                    return None;
                }
                out.push(Lex::Pattern(pattern));
                i = j;
            }
            ch => {
                out.push(Lex::Char(ch));
                i += 1;
            }
        }
    }
    Some(out)
}

#[derive(Debug)]
enum Token {
    Text(String),
    Param { prefix: String, suffix: String, pattern: String, modifier: Option<char> },
}

const DEFAULT_PATTERN: &str = "[^\\/#\\?]+?";

fn parse_tokens(lexed: &[Lex]) -> Option<Vec<Token>> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut path = String::new();
    let take_char = |i: &mut usize| match lexed.get(*i) {
        Some(Lex::Char(c)) => {
            *i += 1;
            Some(*c)
        }
        _ => None,
    };
    let take_name = |i: &mut usize| match lexed.get(*i) {
        Some(Lex::Name(n)) => {
            *i += 1;
            Some(n.clone())
        }
        _ => None,
    };
    let take_pattern = |i: &mut usize| match lexed.get(*i) {
        Some(Lex::Pattern(p)) => {
            *i += 1;
            Some(p.clone())
        }
        _ => None,
    };
    let take_modifier = |i: &mut usize| match lexed.get(*i) {
        Some(Lex::Modifier(m)) => {
            *i += 1;
            Some(*m)
        }
        _ => None,
    };
    let take_text = |i: &mut usize| {
        let mut text = String::new();
        loop {
            match lexed.get(*i) {
                Some(Lex::Char(c)) | Some(Lex::Escaped(c)) => {
                    text.push(*c);
                    *i += 1;
                }
                _ => return text,
            }
        }
    };
    while i < lexed.len() {
        let ch = take_char(&mut i);
        let name = take_name(&mut i);
        let pattern = take_pattern(&mut i);
        if name.is_some() || pattern.is_some() {
            let mut prefix = ch.map(String::from).unwrap_or_default();
            if prefix != "." && prefix != "/" {
                path.push_str(&prefix);
                prefix.clear();
            }
            if !path.is_empty() {
                out.push(Token::Text(std::mem::take(&mut path)));
            }
            let pattern = pattern.unwrap_or_else(|| DEFAULT_PATTERN.to_string());
            out.push(Token::Param { prefix, suffix: String::new(), pattern, modifier: take_modifier(&mut i) });
            continue;
        }
        let value = ch.or_else(|| match lexed.get(i) {
            Some(Lex::Escaped(c)) => {
                i += 1;
                Some(*c)
            }
            _ => None,
        });
        if let Some(v) = value {
            path.push(v);
            continue;
        }
        if !path.is_empty() {
            out.push(Token::Text(std::mem::take(&mut path)));
        }
        if lexed.get(i) == Some(&Lex::Open) {
            i += 1;
            let prefix = take_text(&mut i);
            let name = take_name(&mut i);
            let pattern = take_pattern(&mut i);
            let suffix = take_text(&mut i);
            if lexed.get(i) != Some(&Lex::Close) {
                return None;
            }
            i += 1;
            let pattern = match (name, pattern) {
                (_, Some(p)) => p,
                (Some(_), None) => DEFAULT_PATTERN.to_string(),
                (None, None) => String::new(),
            };
            out.push(Token::Param { prefix, suffix, pattern, modifier: take_modifier(&mut i) });
            continue;
        }
        // path-to-regexp: "Unexpected MODIFIER at …, expected END".
        return None;
    }
    if !path.is_empty() {
        out.push(Token::Text(path));
    }
    Some(out)
}

fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if ".+*?=^!:${}()[]|/\\".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `pathToRegexp(pattern)` with path-to-regexp 6's defaults: the regex source.
pub fn path_to_regexp(pattern: &str) -> Option<String> {
    let tokens = parse_tokens(&lex(pattern)?)?;
    let mut route = String::from("^");
    for token in tokens {
        match token {
            Token::Text(t) => route.push_str(&escape(&t)),
            Token::Param { prefix, suffix, pattern, modifier } => {
                let (prefix, suffix) = (escape(&prefix), escape(&suffix));
                let modifier_str = modifier.map(String::from).unwrap_or_default();
                if pattern.is_empty() {
                    route.push_str(&format!("(?:{prefix}{suffix}){modifier_str}"));
                } else if !prefix.is_empty() || !suffix.is_empty() {
                    if matches!(modifier, Some('+' | '*')) {
                        let m = if modifier == Some('*') { "?" } else { "" };
                        route.push_str(&format!("(?:{prefix}((?:{pattern})(?:{suffix}{prefix}(?:{pattern}))*){suffix}){m}"));
                    } else {
                        route.push_str(&format!("(?:{prefix}({pattern}){suffix}){modifier_str}"));
                    }
                } else if matches!(modifier, Some('+' | '*')) {
                    route.push_str(&format!("((?:{pattern}){modifier_str})"));
                } else {
                    route.push_str(&format!("({pattern}){modifier_str}"));
                }
            }
        }
    }
    route.push_str("[\\/#\\?]?$");
    Some(route)
}

// ---------------------------------------------------------------------------------------------
// A small backtracking regex engine.

#[derive(Debug, Clone)]
enum ClassItem {
    Range(char, char),
    Digit(bool),
    Word(bool),
    Space(bool),
}

impl ClassItem {
    fn matches(&self, c: char) -> bool {
        match *self {
            ClassItem::Range(a, b) => a <= c && c <= b,
            ClassItem::Digit(neg) => c.is_ascii_digit() != neg,
            ClassItem::Word(neg) => (c.is_ascii_alphanumeric() || c == '_') != neg,
            ClassItem::Space(neg) => c.is_whitespace() != neg,
        }
    }
}

#[derive(Debug, Clone)]
enum Node {
    Literal(char),
    Any,
    Class { items: Vec<ClassItem>, negated: bool },
    Start,
    End,
    Look { negated: bool, node: Box<Node> },
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat { node: Box<Node>, min: usize, max: Option<usize>, greedy: bool },
}

struct Parser<'c> {
    chars: &'c [char],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn alternation(&mut self) -> Option<Node> {
        let mut alts = vec![self.concat()?];
        while self.eat('|') {
            alts.push(self.concat()?);
        }
        Some(if alts.len() == 1 { alts.pop()? } else { Node::Alt(alts) })
    }

    fn concat(&mut self) -> Option<Node> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            items.push(self.quantified(atom)?);
        }
        Some(Node::Concat(items))
    }

    fn number(&mut self) -> Option<usize> {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        self.chars[start..self.pos].iter().collect::<String>().parse().ok()
    }

    fn quantified(&mut self, atom: Node) -> Option<Node> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                let save = self.pos;
                self.pos += 1;
                let Some(min) = self.number() else {
                    self.pos = save;
                    return Some(atom);
                };
                let max = if self.eat(',') { if self.peek() == Some('}') { None } else { Some(self.number()?) } } else { Some(min) };
                if !self.eat('}') {
                    self.pos = save;
                    return Some(atom);
                }
                self.pos -= 1;
                (min, max)
            }
            _ => return Some(atom),
        };
        self.pos += 1;
        if matches!(atom, Node::Start | Node::End | Node::Look { .. }) {
            return None;
        }
        let greedy = !self.eat('?');
        Some(Node::Repeat { node: Box::new(atom), min, max, greedy })
    }

    fn escape_class(c: char) -> Option<ClassItem> {
        Some(match c {
            'd' => ClassItem::Digit(false),
            'D' => ClassItem::Digit(true),
            'w' => ClassItem::Word(false),
            'W' => ClassItem::Word(true),
            's' => ClassItem::Space(false),
            'S' => ClassItem::Space(true),
            _ => return None,
        })
    }

    fn escaped_char(c: char) -> Option<char> {
        Some(match c {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            'f' => '\u{c}',
            'v' => '\u{b}',
            '0' => '\0',
            'b' | 'B' | 'u' | 'x' | 'c' | 'k' | 'p' | 'P' => return None,
            c if c.is_ascii_digit() => return None,
            c => c,
        })
    }

    fn atom(&mut self) -> Option<Node> {
        let c = self.peek()?;
        self.pos += 1;
        Some(match c {
            '.' => Node::Any,
            '^' => Node::Start,
            '$' => Node::End,
            '(' => {
                let mut look = None;
                if self.eat('?') {
                    match self.peek()? {
                        ':' => {}
                        '=' => look = Some(false),
                        '!' => look = Some(true),
                        _ => return None,
                    }
                    self.pos += 1;
                }
                let inner = self.alternation()?;
                if !self.eat(')') {
                    return None;
                }
                match look {
                    Some(negated) => Node::Look { negated, node: Box::new(inner) },
                    None => inner,
                }
            }
            '[' => self.class()?,
            '\\' => {
                let e = self.peek()?;
                self.pos += 1;
                match Self::escape_class(e) {
                    Some(item) => Node::Class { items: vec![item], negated: false },
                    None => Node::Literal(Self::escaped_char(e)?),
                }
            }
            ')' | '*' | '+' | '?' => return None,
            c => Node::Literal(c),
        })
    }

    fn class(&mut self) -> Option<Node> {
        let negated = self.eat('^');
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let c = self.peek()?;
            if c == ']' && !first {
                self.pos += 1;
                break;
            }
            first = false;
            self.pos += 1;
            let lo = if c == '\\' {
                let e = self.peek()?;
                self.pos += 1;
                if let Some(item) = Self::escape_class(e) {
                    items.push(item);
                    continue;
                }
                Self::escaped_char(e)?
            } else {
                c
            };
            if self.peek() == Some('-') && self.chars.get(self.pos + 1).is_some_and(|n| *n != ']') {
                self.pos += 1;
                let mut hi = self.peek()?;
                self.pos += 1;
                if hi == '\\' {
                    hi = Self::escaped_char(self.peek()?)?;
                    self.pos += 1;
                }
                items.push(ClassItem::Range(lo, hi));
            } else {
                items.push(ClassItem::Range(lo, lo));
            }
        }
        Some(Node::Class { items, negated })
    }
}

struct Matcher<'t> {
    text: &'t [char],
    budget: Cell<usize>,
}

impl Matcher<'_> {
    fn run(&self, node: &Node, i: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
        let left = self.budget.get();
        if left == 0 {
            return false;
        }
        self.budget.set(left - 1);
        match node {
            Node::Literal(c) => self.text.get(i) == Some(c) && k(i + 1),
            Node::Any => self.text.get(i).is_some_and(|c| *c != '\n' && *c != '\r') && k(i + 1),
            Node::Class { items, negated } => {
                self.text.get(i).is_some_and(|c| items.iter().any(|it| it.matches(*c)) != *negated) && k(i + 1)
            }
            Node::Start => i == 0 && k(i),
            Node::End => i == self.text.len() && k(i),
            Node::Look { negated, node } => {
                let found = self.run(node, i, &mut |_| true);
                found != *negated && k(i)
            }
            Node::Concat(items) => self.seq(items, i, k),
            Node::Alt(alts) => alts.iter().any(|a| self.run(a, i, k)),
            Node::Repeat { node, min, max, greedy } => self.repeat(node, *min, *max, *greedy, 0, i, k),
        }
    }

    fn seq(&self, items: &[Node], i: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
        match items.split_first() {
            None => k(i),
            Some((first, rest)) => self.run(first, i, &mut |j| self.seq(rest, j, k)),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn repeat(
        &self,
        node: &Node,
        min: usize,
        max: Option<usize>,
        greedy: bool,
        count: usize,
        i: usize,
        k: &mut dyn FnMut(usize) -> bool,
    ) -> bool {
        if count < min {
            return self.run(node, i, &mut |j| self.repeat(node, min, max, greedy, count + 1, j, k));
        }
        let can_more = max.is_none_or(|m| count < m);
        let more = |k: &mut dyn FnMut(usize) -> bool| {
            can_more && self.run(node, i, &mut |j| j != i && self.repeat(node, min, max, greedy, count + 1, j, k))
        };
        // Greedy: one more repetition first, then stop; lazy: the reverse.
        let order: [bool; 2] = if greedy { [true, false] } else { [false, true] };
        order.into_iter().any(|again| if again { more(&mut *k) } else { k(i) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(matcher: &str, path: &str) -> bool {
        next_matcher(matcher).unwrap_or_else(|| panic!("compiles: {matcher}")).find(path).unwrap()
    }

    #[test]
    fn path_to_regexp_output() {
        assert_eq!(
            path_to_regexp("/dashboard/:path*").unwrap(),
            "^\\/dashboard(?:\\/((?:[^\\/#\\?]+?)(?:\\/(?:[^\\/#\\?]+?))*))?[\\/#\\?]?$"
        );
        assert_eq!(path_to_regexp("/(api|trpc)(.*)").unwrap(), "^(?:\\/(api|trpc))(.*)[\\/#\\?]?$");
        assert!(path_to_regexp("/about/*").is_none());
        assert!(path_to_regexp("/((?!a)(b))").is_none());
    }

    #[test]
    fn negative_lookahead_matchers() {
        let m = "/((?!_next/static|_next/image|favicon.ico).*)";
        assert!(matches(m, "/"));
        assert!(matches(m, "/dashboard"));
        assert!(!matches(m, "/_next/static/chunk.js"));
        assert!(!matches(m, "/favicon.ico"));
        let clerk = "/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)";
        assert!(matches(clerk, "/"));
        assert!(matches(clerk, "/server"));
        assert!(matches(clerk, "/api/data.json"));
        assert!(!matches(clerk, "/logo.png"));
        assert!(!matches(clerk, "/_next/data"));
        assert!(matches("/(api|trpc)(.*)", "/api/user"));
        assert!(!matches("/(api|trpc)(.*)", "/dashboard"));
        let no_api = "/((?!api|_next/static|_next/image|favicon.ico).*)";
        assert!(!matches(no_api, "/api/user"));
        assert!(matches(no_api, "/account"));
    }

    #[test]
    fn named_params_and_root() {
        assert!(matches("/dashboard/:path*", "/dashboard"));
        assert!(matches("/dashboard/:path*", "/dashboard/a/b"));
        assert!(!matches("/dashboard/:path*", "/"));
        assert!(!matches("/dashboard/:path*", "/settings"));
        assert!(matches("/", "/"));
        assert!(!matches("/", "/about"));
        assert!(matches("/about", "/about"));
        assert!(matches("/about", "/about/"));
        assert!(!matches("/about", "/about/team"));
        assert!(matches("/blog/:slug", "/blog/hello"));
        assert!(matches("/blog{/:slug}?", "/blog"));
    }

    #[test]
    fn authkit_paths() {
        assert!(authkit_path("/").unwrap().find("/").unwrap());
        assert!(authkit_path("/public/:path*").unwrap().find("/public/a").unwrap());
        assert!(!authkit_path("/sign-in").unwrap().find("/sign-in-x").unwrap());
        assert!(is_literal_path("/sign-in"));
        assert!(!is_literal_path("/docs/:path*"));
    }

    #[test]
    fn regex_engine() {
        let re = PathRegex::parse("^a(?:b|c)+?d{1,2}$").unwrap();
        assert!(re.find("abcbdd").unwrap());
        assert!(!re.find("ad").unwrap());
        assert!(PathRegex::parse("[a-z\\d_-]+").unwrap().find("x-1").unwrap());
        assert!(PathRegex::parse("(?<=a)b").is_none());
    }
}
