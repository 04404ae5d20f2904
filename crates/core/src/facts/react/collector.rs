//! The per-file half: [`collect`] walks one parsed file and records its imports, exports,
//! units, elements, hook calls, token fetchers, sign-in calls, navigations and roots.

use super::*;

/// Parses nothing: reads the program the single parse produced.
pub fn collect<'a>(file: &SourceFile, program: &Program<'a>) -> ReactFileFacts {
    let mut c = Collector::new(&file.text);
    c.module_items(program);
    c.visit_program(program);
    c.finish()
}

#[derive(Clone, Copy)]
pub(super) enum DeclValue<'a> {
    Expr(&'a Expression<'a>),
    Func(&'a Function<'a>),
    /// A name bound by destructuring: the property it came from (`[0]` for arrays).
    Destructured(&'a str),
}

pub(super) struct Decl<'a> {
    pub(super) name: &'a str,
    /// The innermost function around the declaration; `None` at module level.
    pub(super) scope: Option<oxc_span::Span>,
    pub(super) value: DeclValue<'a>,
}

pub(super) struct Candidate<'a> {
    pub(super) kind: FetcherKind,
    pub(super) expr: &'a Expression<'a>,
    pub(super) unit: Option<usize>,
    pub(super) scopes: Vec<oxc_span::Span>,
}

pub(super) struct Collector<'a, 't> {
    pub(super) text: &'t str,
    pub(super) facts: ReactFileFacts,
    pub(super) units: Vec<usize>,
    /// Entered function nodes (span, whether it opened a unit), innermost last.
    pub(super) fns: Vec<(oxc_span::Span, bool)>,
    /// Open JSX elements.
    pub(super) open: Vec<usize>,
    pub(super) conds: Vec<Vec<String>>,
    /// Function span start → unit name, for functions whose name comes from their context.
    pub(super) named: HashMap<u32, String>,
    pub(super) decls: Vec<Decl<'a>>,
    pub(super) candidates: Vec<Candidate<'a>>,
    pub(super) discarded: HashSet<u32>,
    pub(super) rendered_calls: HashSet<u32>,
    pub(super) hooked: HashSet<u32>,
    /// Locals bound from `useNavigate()` / `useRouter()`.
    pub(super) nav_bindings: HashSet<String>,
    pub(super) pending_routes: Vec<(String, Span, u32)>,
    /// Span starts of functions passed to `useEffect` / `useLayoutEffect`.
    pub(super) effect_fns: HashSet<u32>,
}

pub(super) const ROUTE_COMPONENT_KEYS: &[&str] = &["component", "Component"];

impl<'a, 't> Collector<'a, 't> {
    pub(super) fn new(text: &'t str) -> Self {
        Collector {
            text,
            facts: ReactFileFacts::default(),
            units: Vec::new(),
            fns: Vec::new(),
            open: Vec::new(),
            conds: Vec::new(),
            named: HashMap::new(),
            decls: Vec::new(),
            candidates: Vec::new(),
            discarded: HashSet::new(),
            rendered_calls: HashSet::new(),
            hooked: HashSet::new(),
            nav_bindings: HashSet::new(),
            pending_routes: Vec::new(),
            effect_fns: HashSet::new(),
        }
    }

    pub(super) fn slice(&self, s: oxc_span::Span) -> &'t str {
        self.text.get(s.start as usize..s.end as usize).unwrap_or("")
    }

    /// A short one-line rendering of an expression for messages.
    pub(super) fn short(&self, s: oxc_span::Span) -> String {
        let t = self.slice(s).split_whitespace().collect::<Vec<_>>().join(" ");
        if t.chars().count() > 48 { t.chars().take(45).collect::<String>() + "…" } else { t }
    }

    pub(super) fn unit(&self) -> Option<usize> {
        self.units.last().copied()
    }

    pub(super) fn flat_conds(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in self.conds.iter().flatten() {
            if !out.contains(c) {
                out.push(c.clone());
            }
        }
        out
    }

    /// Imports, exports and default-export names from the module's top-level items.
    pub(super) fn module_items(&mut self, program: &Program<'a>) {
        for stmt in &program.body {
            match stmt {
                Statement::ImportDeclaration(d) => {
                    let names = d
                        .specifiers
                        .iter()
                        .flatten()
                        .map(|s| match s {
                            ImportDeclarationSpecifier::ImportSpecifier(s) => {
                                ImportedName { imported: s.imported.name().to_string(), local: s.local.name.to_string(), span: sp(s.span) }
                            }
                            ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                                ImportedName { imported: "default".into(), local: s.local.name.to_string(), span: sp(s.span) }
                            }
                            ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                                ImportedName { imported: "*".into(), local: s.local.name.to_string(), span: sp(s.span) }
                            }
                        })
                        .collect();
                    self.facts.imports.push(Import {
                        source: d.source.value.to_string(),
                        source_span: sp(d.source.span),
                        span: sp(d.span),
                        names,
                        type_only: d.import_kind.is_type(),
                    });
                }
                Statement::ExportDeclaration(d) => match &d.declaration {
                    Declaration::FunctionDeclaration(f) => {
                        if let Some(id) = &f.id {
                            self.facts.exports.push(Export { exported: id.name.to_string(), local: id.name.to_string() });
                        }
                    }
                    Declaration::VariableDeclaration(v) => {
                        for d in &v.declarations {
                            for b in d.id.get_binding_identifiers() {
                                self.facts.exports.push(Export { exported: b.name.to_string(), local: b.name.to_string() });
                            }
                        }
                    }
                    _ => {}
                },
                Statement::ExportNamedDeclaration(d) => {
                    for s in &d.specifiers {
                        self.facts.exports.push(Export { exported: s.exported.name().to_string(), local: s.local.name().to_string() });
                    }
                }
                Statement::ExportFromDeclaration(d) => {
                    let names = d.specifiers.iter().map(|s| (s.exported.name().to_string(), s.local.name().to_string())).collect();
                    self.facts.reexports.push(ReExport { source: d.source.value.to_string(), names: Some(names) });
                }
                Statement::ExportAllDeclaration(d) if d.exported.is_none() => {
                    self.facts.reexports.push(ReExport { source: d.source.value.to_string(), names: None });
                }
                Statement::ExportDefaultDeclaration(d) => match &d.declaration {
                    ExportDefaultDeclarationKind::FunctionDeclaration(f) => match &f.id {
                        Some(id) => self.facts.exports.push(Export { exported: "default".into(), local: id.name.to_string() }),
                        None => {
                            self.named.insert(f.span.start, "default".into());
                            self.facts.exports.push(Export { exported: "default".into(), local: "default".into() });
                        }
                    },
                    other => {
                        if let Some(e) = other.as_expression() {
                            match e.get_inner_expression() {
                                Expression::Identifier(id) => {
                                    self.facts.exports.push(Export { exported: "default".into(), local: id.name.to_string() })
                                }
                                inner => {
                                    if let Some(f) = inner_function(inner) {
                                        self.named.insert(f.start, "default".into());
                                        self.facts.exports.push(Export { exported: "default".into(), local: "default".into() });
                                    } else if let Some(name) = wrapped_identifier(inner) {
                                        self.facts.exports.push(Export { exported: "default".into(), local: name.to_string() });
                                    }
                                }
                            }
                        }
                    }
                },
                _ => {}
            }
        }
    }

    pub(super) fn enter_fn(&mut self, span: oxc_span::Span, name: Option<String>) {
        let opened = name.is_some();
        if let Some(name) = name {
            self.units.push(self.facts.units.len());
            self.facts.units.push(Unit { name, span: sp(span) });
        }
        self.fns.push((span, opened));
    }

    pub(super) fn leave_fn(&mut self) {
        if let Some((_, opened)) = self.fns.pop()
            && opened
        {
            self.units.pop();
        }
    }

    pub(super) fn scope(&self) -> Option<oxc_span::Span> {
        self.fns.last().map(|(s, _)| *s)
    }

    pub(super) fn push_element(
        &mut self,
        name: String,
        span: oxc_span::Span,
        parent: Option<usize>,
        attrs: Vec<Attr>,
        spread: bool,
    ) -> usize {
        let idx = self.facts.elements.len();
        let conds = self.flat_conds();
        self.facts.elements.push(Element { name, span: sp(span), parent, unit: self.unit(), attrs, spread, conds });
        idx
    }

    pub(super) fn navigation(&mut self, what: String, span: oxc_span::Span) {
        let conds = self.flat_conds();
        // Every function between the component and this call must be an effect callback.
        let from = self.fns.iter().rposition(|(_, opened)| *opened).map(|i| i + 1).unwrap_or(0);
        let on_mount = self.fns[from..].iter().all(|(s, _)| self.effect_fns.contains(&s.start));
        self.facts.navigations.push(Navigation { what, span: sp(span), unit: self.unit(), conds, on_mount });
    }

    pub(super) fn record_hook(&mut self, call: &CallExpression<'a>, name: &str, bindings: Vec<(String, String)>, whole: Option<String>) {
        if !self.hooked.insert(call.span.start) {
            return;
        }
        let mut arg_names = Vec::new();
        for arg in call.arguments.iter().skip(1) {
            if let Some(e) = arg.as_expression() {
                arg_names.extend(names_in(e));
            }
        }
        if matches!(name, "useNavigate" | "useRouter") {
            self.nav_bindings.extend(bindings.iter().map(|(_, l)| l.clone()));
            self.nav_bindings.extend(whole.clone());
        }
        let conds = self.flat_conds();
        self.facts.hooks.push(HookCall {
            callee: name.to_string(),
            span: sp(call.span),
            unit: self.unit(),
            bindings,
            whole,
            arg_names,
            conds,
        });
    }

    pub(super) fn sign_in_url_call(&mut self, callee: &str, object: Option<String>, span: oxc_span::Span, usage: Usage) {
        self.facts.sign_in_url_calls.push(SignInUrlCall { callee: callee.to_string(), object, span: sp(span), unit: self.unit(), usage });
    }

    pub(super) fn wrapper(&mut self, key: &str, value: &Expression<'a>) {
        let value = value.get_inner_expression();
        if let Some(f) = inner_function(value) {
            let name = format!("{key}@{}", f.start);
            self.named.insert(f.start, name.clone());
            self.facts.wrappers.push((key.to_string(), name));
        } else if let Expression::Identifier(id) = value {
            self.facts.wrappers.push((key.to_string(), id.name.to_string()));
        }
    }

    /// A route to `path` rendering `value` (an element, a component name, an inline component).
    pub(super) fn route_to(&mut self, path: &str, span: oxc_span::Span, value: &Expression<'a>) {
        let value = value.get_inner_expression();
        match value {
            Expression::JSXElement(el) => self.pending_routes.push((path.to_string(), sp(span), el.opening_element.span.start)),
            Expression::Identifier(id) => {
                self.facts.routes.push(RouteDecl { path: path.to_string(), span: sp(span), target: RouteTarget::Name(id.name.to_string()) })
            }
            other => {
                if let Some(f) = inner_function(other) {
                    let name = format!("route@{}", f.start);
                    self.named.insert(f.start, name.clone());
                    self.facts.routes.push(RouteDecl { path: path.to_string(), span: sp(span), target: RouteTarget::Name(name) });
                }
            }
        }
    }

    pub(super) fn route_options(&mut self, path: &str, span: oxc_span::Span, options: &Expression<'a>) {
        if let Expression::ObjectExpression(o) = options.get_inner_expression() {
            for p in o.properties.iter().filter_map(|p| p.as_property()) {
                if p.key.static_name().is_some_and(|k| ROUTE_COMPONENT_KEYS.contains(&k.as_ref())) {
                    self.route_to(path, span, &p.value);
                }
            }
        }
    }

    pub(super) fn finish(mut self) -> ReactFileFacts {
        for (path, span, start) in std::mem::take(&mut self.pending_routes) {
            if let Some(i) = self.facts.elements.iter().position(|e| e.span.start == start as usize) {
                self.facts.routes.push(RouteDecl { path, span, target: RouteTarget::Element(i) });
            }
        }
        let candidates = std::mem::take(&mut self.candidates);
        for c in candidates {
            let (span, verdict) = match self.resolve(c.expr, &c.scopes, 0) {
                Resolution::Fn(f) => (f.head(), self.analyze(f)),
                Resolution::Value(what) => (sp(c.expr.span()), Verdict::Value { what }),
                Resolution::Getter(name) => (sp(c.expr.span()), Verdict::Getter { name }),
                Resolution::Unknown => (sp(c.expr.span()), Verdict::Unknown),
            };
            self.facts.fetchers.push(TokenFetcher { kind: c.kind, span, unit: c.unit, verdict });
        }
        self.facts
    }

    // -- token fetchers ---------------------------------------------------------------------

    pub(super) fn lookup(&self, name: &str, scopes: &[oxc_span::Span]) -> Option<&Decl<'a>> {
        let chain = scopes.iter().rev().map(|s| Some(*s)).chain(std::iter::once(None));
        for scope in chain {
            if let Some(d) = self.decls.iter().rev().find(|d| d.name == name && d.scope == scope) {
                return Some(d);
            }
        }
        None
    }

    pub(super) fn resolve(&self, expr: &'a Expression<'a>, scopes: &[oxc_span::Span], depth: u8) -> Resolution<'a> {
        if depth > 6 {
            return Resolution::Unknown;
        }
        let e = expr.get_inner_expression();
        match e {
            Expression::ArrowFunctionExpression(a) => Resolution::Fn(FnRef::Arrow(a)),
            Expression::FunctionExpression(f) => Resolution::Fn(FnRef::Func(f)),
            Expression::CallExpression(call) => {
                let callee = call.callee.get_inner_expression();
                let name = match callee {
                    Expression::Identifier(id) => Some(id.name.as_str()),
                    _ => callee.as_member_expression().and_then(|m| m.static_property_name()),
                };
                match name {
                    Some("useCallback") => match call.arguments.first().and_then(|a| a.as_expression()) {
                        Some(f) => self.resolve(f, scopes, depth + 1),
                        None => Resolution::Unknown,
                    },
                    Some("useMemo") => match call.arguments.first().and_then(|a| a.as_expression()).map(|e| e.get_inner_expression()) {
                        Some(Expression::ArrowFunctionExpression(a)) => match a.get_expression() {
                            Some(body) => self.resolve(body, scopes, depth + 1),
                            None => Resolution::Unknown,
                        },
                        _ => Resolution::Unknown,
                    },
                    _ => Resolution::Unknown,
                }
            }
            Expression::Identifier(id) => match self.lookup(id.name.as_str(), scopes) {
                Some(Decl { value: DeclValue::Func(f), .. }) => Resolution::Fn(FnRef::Func(f)),
                Some(Decl { value: DeclValue::Expr(init), .. }) => self.resolve(init, scopes, depth + 1),
                Some(Decl { value: DeclValue::Destructured(prop), .. }) => {
                    if *prop == "getAccessToken" {
                        Resolution::Getter(prop.to_string())
                    } else if ["get", "fetch", "refresh"].iter().any(|p| prop.starts_with(p)) {
                        Resolution::Unknown
                    } else {
                        Resolution::Value(id.name.to_string())
                    }
                }
                None => Resolution::Unknown,
            },
            Expression::StringLiteral(_)
            | Expression::TemplateLiteral(_)
            | Expression::StaticMemberExpression(_)
            | Expression::ComputedMemberExpression(_)
            | Expression::AwaitExpression(_) => Resolution::Value(self.short(e.span())),
            _ => Resolution::Unknown,
        }
    }

    pub(super) fn analyze(&self, f: FnRef<'a>) -> Verdict {
        let mut flow = Flow::default();
        let mut no_param = false;
        match f.params().items.first().map(|p| &p.pattern) {
            None => no_param = f.params().rest.is_none(),
            Some(pattern) => flow.bind_param(pattern),
        }
        // Names computed from the argument carry it on: `const force = args.forceRefreshToken`.
        for _ in 0..4 {
            let before = flow.taint.len();
            let mut p = Propagate { flow: &mut flow };
            f.visit_body(&mut p);
            if flow.taint.len() == before {
                break;
            }
        }
        let mut v = FlowVisitor { flow: &flow, honours: false, calls: 0 };
        f.visit_body(&mut v);
        if v.honours {
            return Verdict::Honours;
        }
        let mut locals = Locals::default();
        f.visit_body(&mut locals);
        let mut params = Locals::default();
        params.visit_formal_parameters(f.params());
        let mut returns = Returns::default();
        f.visit_returns(&mut returns);
        let cached = returns
            .values
            .iter()
            .find_map(|e| cached_value(e, |name| locals.names.contains(name) || params.names.contains(name)).map(|s| self.short(s)));
        // `async () => null`: a stand-in (before mount, during SSR) that never hands over a token.
        let nullish = |e: &&Expression| match e.get_inner_expression() {
            Expression::NullLiteral(_) => true,
            Expression::Identifier(id) => id.name == "undefined",
            Expression::UnaryExpression(u) => u.operator == UnaryOperator::Void,
            _ => false,
        };
        match (v.calls, cached) {
            (0, None) if returns.values.iter().all(nullish) => Verdict::NoToken,
            (0, Some(what)) => Verdict::Captured { what },
            (_, cached) if no_param => Verdict::NoParam { returns: cached },
            (_, cached) => Verdict::Ignored { returns: cached },
        }
    }
}

/// Identifiers and one-level `a.b` paths an expression reads (nested functions included).
pub fn names_in(e: &Expression) -> Vec<String> {
    let mut n = Names::default();
    n.visit_expression(e);
    n.out
}

#[derive(Default)]
pub(super) struct Names {
    pub(super) out: Vec<String>,
}

impl<'a> Visit<'a> for Names {
    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        self.out.push(it.name.to_string());
    }

    fn visit_static_member_expression(&mut self, it: &StaticMemberExpression<'a>) {
        if let Expression::Identifier(id) = it.object.get_inner_expression() {
            self.out.push(format!("{}.{}", id.name, it.property.name));
        }
        walk::walk_static_member_expression(self, it);
    }
}

/// An element's name as written: `AuthKitProvider`, `Foo.Bar`, `svg:path`.
pub fn jsx_name(name: &JSXElementName) -> String {
    match name {
        JSXElementName::Identifier(id) => id.name.to_string(),
        JSXElementName::IdentifierReference(id) => id.name.to_string(),
        JSXElementName::NamespacedName(n) => format!("{}:{}", n.namespace.name, n.name.name),
        JSXElementName::MemberExpression(m) => jsx_member(m),
        JSXElementName::ThisExpression(_) => "this".into(),
    }
}

pub(super) fn jsx_member(m: &JSXMemberExpression) -> String {
    let object = match &m.object {
        JSXMemberExpressionObject::IdentifierReference(id) => id.name.to_string(),
        JSXMemberExpressionObject::MemberExpression(inner) => jsx_member(inner),
        JSXMemberExpressionObject::ThisExpression(_) => "this".into(),
    };
    format!("{object}.{}", m.property.name)
}

pub(super) fn is_children(e: &Expression) -> bool {
    match e.get_inner_expression() {
        Expression::Identifier(id) => id.name == "children",
        Expression::StaticMemberExpression(m) => m.property.name == "children",
        _ => false,
    }
}

/// `window.location`, `location`, `document.location`.
pub(super) fn is_location(e: &Expression) -> bool {
    match e.get_inner_expression() {
        Expression::Identifier(id) => id.name == "location",
        Expression::StaticMemberExpression(m) => {
            m.property.name == "location"
                && matches!(m.object.get_inner_expression(), Expression::Identifier(o) if o.name == "window" || o.name == "document")
        }
        _ => false,
    }
}

pub(super) fn is_history(e: &Expression) -> bool {
    match e.get_inner_expression() {
        Expression::Identifier(id) => id.name == "history",
        Expression::StaticMemberExpression(m) => {
            m.property.name == "history" && matches!(m.object.get_inner_expression(), Expression::Identifier(o) if o.name == "window")
        }
        _ => false,
    }
}

pub(super) fn is_pathname(e: &Expression) -> bool {
    match e.get_inner_expression() {
        Expression::Identifier(id) => id.name == "pathname",
        Expression::StaticMemberExpression(m) => m.property.name == "pathname",
        _ => false,
    }
}

pub(super) fn exits(s: &Statement) -> bool {
    match s {
        Statement::ReturnStatement(_) | Statement::ThrowStatement(_) => true,
        Statement::BlockStatement(b) => b.body.last().is_some_and(exits),
        _ => false,
    }
}

pub(super) fn string_value<'a>(e: &Expression<'a>) -> Option<&'a str> {
    match e.get_inner_expression() {
        Expression::StringLiteral(s) => Some(s.value.as_str()),
        Expression::TemplateLiteral(t) if t.expressions.is_empty() => t.quasis.first().map(|q| q.value.raw.as_str()),
        _ => None,
    }
}

impl<'a> Visit<'a> for Collector<'a, '_> {
    fn enter_node(&mut self, kind: AstKind<'a>) {
        match kind {
            AstKind::Function(f) => {
                let declaration = f.r#type == FunctionType::FunctionDeclaration;
                if declaration && let Some(id) = &f.id {
                    self.decls.push(Decl { name: id.name.as_str(), scope: self.scope(), value: DeclValue::Func(f) });
                }
                let top_level_named = if declaration && self.fns.is_empty() { f.id.as_ref().map(|i| i.name.to_string()) } else { None };
                let name = self.named.remove(&f.span.start).or(top_level_named);
                self.enter_fn(f.span, name);
            }
            AstKind::ArrowFunctionExpression(a) => {
                let name = self.named.remove(&a.span.start);
                self.enter_fn(a.span, name);
                if let Some(e) = a.get_expression()
                    && is_children(e)
                {
                    let parent = self.open.last().copied();
                    self.push_element(CHILDREN.into(), e.span(), parent, Vec::new(), false);
                }
            }
            AstKind::VariableDeclarator(d) => {
                let scope = self.scope();
                match &d.id {
                    BindingPattern::BindingIdentifier(id) => {
                        if let Some(init) = &d.init {
                            self.decls.push(Decl { name: id.name.as_str(), scope, value: DeclValue::Expr(init) });
                            if self.fns.is_empty() {
                                if let Some(f) = inner_function(init) {
                                    self.named.insert(f.start, id.name.to_string());
                                }
                                if let Some(s) = string_value(init) {
                                    self.facts.string_consts.push((id.name.to_string(), s.to_string()));
                                }
                            }
                        }
                    }
                    BindingPattern::ObjectPattern(o) => {
                        for p in &o.properties {
                            let Some(key) = p.key.static_name() else { continue };
                            let key: &'a str = match key {
                                std::borrow::Cow::Borrowed(k) => k,
                                std::borrow::Cow::Owned(_) => continue,
                            };
                            for b in p.value.get_binding_identifiers() {
                                self.decls.push(Decl { name: b.name.as_str(), scope, value: DeclValue::Destructured(key) });
                            }
                        }
                    }
                    BindingPattern::ArrayPattern(a) => {
                        for b in a.elements.iter().flatten().flat_map(|e| e.get_binding_identifiers()) {
                            self.decls.push(Decl { name: b.name.as_str(), scope, value: DeclValue::Destructured("[]") });
                        }
                    }
                    BindingPattern::AssignmentPattern(_) => {}
                }
            }
            _ => {}
        }
    }

    fn leave_node(&mut self, kind: AstKind<'a>) {
        if matches!(kind, AstKind::Function(_) | AstKind::ArrowFunctionExpression(_)) {
            self.leave_fn();
        }
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let Some(init) = &it.init {
            let mut e = init.get_inner_expression();
            if let Expression::AwaitExpression(a) = e {
                e = a.argument.get_inner_expression();
            }
            if let Expression::CallExpression(call) = e
                && let Expression::Identifier(callee) = call.callee.get_inner_expression()
                && HOOKS.contains(&callee.name.as_str())
            {
                let (bindings, whole) = match &it.id {
                    BindingPattern::ObjectPattern(o) => (
                        o.properties
                            .iter()
                            .filter_map(|p| {
                                let key = p.key.static_name()?.to_string();
                                let local = p.value.get_binding_identifiers().first()?.name.to_string();
                                Some((key, local))
                            })
                            .collect(),
                        None,
                    ),
                    BindingPattern::BindingIdentifier(id) => (Vec::new(), Some(id.name.to_string())),
                    _ => (Vec::new(), None),
                };
                let call = self.alloc(call.as_ref());
                self.record_hook(call, callee.name.as_str(), bindings, whole);
            }
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        let callee = it.callee.get_inner_expression();
        let arg = |i: usize| it.arguments.get(i).and_then(|a| a.as_expression());
        let before = self.facts.elements.len();
        let mut root_arg: Option<oxc_span::Span> = None;
        match callee {
            Expression::Identifier(id) => {
                let name = id.name.as_str();
                if HOOKS.contains(&name) {
                    self.record_hook(it, name, Vec::new(), None);
                }
                if matches!(name, "getSignInUrl" | "getSignUpUrl") {
                    let usage = if self.discarded.contains(&it.span.start) {
                        Usage::Discarded
                    } else if self.rendered_calls.contains(&it.span.start) {
                        Usage::Rendered
                    } else {
                        Usage::Used
                    };
                    self.sign_in_url_call(name, None, it.span, usage);
                }
                if name == "navigate" || self.nav_bindings.contains(name) {
                    self.navigation(format!("{name}()"), it.span);
                }
                if name == "hydrateRoot" {
                    root_arg = arg(1).map(|a| a.span());
                }
                if matches!(name, "useEffect" | "useLayoutEffect")
                    && let Some(f) = arg(0).and_then(inner_function)
                {
                    self.effect_fns.insert(f.start);
                }
                if matches!(name, "createRootRoute" | "createRootRouteWithContext")
                    && let Some(Expression::ObjectExpression(o)) = arg(0).map(|a| a.get_inner_expression())
                {
                    for p in o.properties.iter().filter_map(|p| p.as_property()) {
                        if let Some(key) = p.key.static_name()
                            && matches!(key.as_ref(), "component" | "shellComponent")
                        {
                            self.wrapper(&format!("root:{key}"), &p.value);
                        }
                    }
                }
            }
            Expression::CallExpression(inner) => {
                // `createFileRoute("/callback")({ component })`, `createRootRouteWithContext<T>()({ … })`.
                if let Expression::Identifier(id) = inner.callee.get_inner_expression() {
                    match id.name.as_str() {
                        "createFileRoute" => {
                            if let (Some(path), Some(options)) =
                                (inner.arguments.first().and_then(|a| a.as_expression()).and_then(string_value), arg(0))
                            {
                                self.route_options(path, it.span, options);
                            }
                        }
                        "createRootRouteWithContext" => {
                            if let Some(Expression::ObjectExpression(o)) = arg(0).map(|a| a.get_inner_expression()) {
                                for p in o.properties.iter().filter_map(|p| p.as_property()) {
                                    if let Some(key) = p.key.static_name()
                                        && matches!(key.as_ref(), "component" | "shellComponent")
                                    {
                                        self.wrapper(&format!("root:{key}"), &p.value);
                                    }
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {
                if let Some(member) = callee.as_member_expression() {
                    let object = member.object().get_inner_expression();
                    let object_name = match object {
                        Expression::Identifier(o) => Some(o.name.to_string()),
                        _ => None,
                    };
                    match member.static_property_name() {
                        Some("useEffect" | "useLayoutEffect") => {
                            if let Some(f) = arg(0).and_then(inner_function) {
                                self.effect_fns.insert(f.start);
                            }
                        }
                        Some("setAuth") => {
                            if let Some(a) = arg(0) {
                                let expr = self.alloc(a);
                                let scopes = self.fns.iter().map(|(s, _)| *s).collect();
                                self.candidates.push(Candidate { kind: FetcherKind::SetAuth, expr, unit: self.unit(), scopes });
                            }
                        }
                        Some(p @ ("getSignInUrl" | "getSignUpUrl")) => {
                            let usage = if self.discarded.contains(&it.span.start) {
                                Usage::Discarded
                            } else if self.rendered_calls.contains(&it.span.start) {
                                Usage::Rendered
                            } else {
                                Usage::Used
                            };
                            self.sign_in_url_call(p, object_name.clone(), it.span, usage);
                        }
                        Some("render") => {
                            if matches!(
                                arg(0).map(|a| a.get_inner_expression()),
                                Some(Expression::JSXElement(_) | Expression::JSXFragment(_))
                            ) {
                                root_arg = arg(0).map(|a| a.span());
                            }
                        }
                        Some(p @ ("replace" | "assign")) if is_location(object) => {
                            let what = format!("{}.{p}()", self.slice(object.span()));
                            self.navigation(what, it.span);
                        }
                        Some(p @ ("replaceState" | "pushState")) if is_history(object) => {
                            let what = format!("{}.{p}()", self.slice(object.span()));
                            self.navigation(what, it.span);
                        }
                        Some(p @ ("navigate" | "push" | "replace"))
                            if object_name.as_ref().is_some_and(|o| self.nav_bindings.contains(o) || o == "router") =>
                        {
                            let what = format!("{}.{p}()", object_name.clone().unwrap_or_default());
                            self.navigation(what, it.span);
                        }
                        Some("get") if arg(0).and_then(string_value) == Some("code") => {
                            self.facts.markers.push((self.unit(), Marker::CodeParam));
                        }
                        Some("startsWith" | "endsWith" | "includes") if is_pathname(object) => {
                            if let Some(a) = arg(0) {
                                self.path_marker(a);
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        walk::walk_call_expression(self, it);
        if let Some(span) = root_arg {
            let elements = &self.facts.elements;
            let roots: Vec<usize> = (before..elements.len())
                .filter(|&i| {
                    let e = &elements[i];
                    e.span.start >= span.start as usize && e.span.end <= span.end as usize && e.parent.is_none_or(|p| p < before)
                })
                .collect();
            self.facts.render_roots.extend(roots);
        }
    }

    fn visit_expression_statement(&mut self, it: &ExpressionStatement<'a>) {
        let mut e = it.expression.get_inner_expression();
        loop {
            e = match e {
                Expression::AwaitExpression(a) => a.argument.get_inner_expression(),
                Expression::UnaryExpression(u) if u.operator == UnaryOperator::Void => u.argument.get_inner_expression(),
                _ => break,
            };
        }
        if let Expression::CallExpression(c) = e {
            self.discarded.insert(c.span.start);
        }
        walk::walk_expression_statement(self, it);
    }

    fn visit_jsx_attribute(&mut self, it: &JSXAttribute<'a>) {
        let name = match &it.name {
            JSXAttributeName::Identifier(id) => id.name.to_string(),
            JSXAttributeName::NamespacedName(n) => format!("{}:{}", n.namespace.name, n.name.name),
        };
        if let Some(JSXAttributeValue::ExpressionContainer(c)) = &it.value
            && let Some(e) = c.expression.as_expression()
        {
            let e = e.get_inner_expression();
            if name.starts_with("on") {
                match e {
                    Expression::Identifier(id) if matches!(id.name.as_str(), "getSignInUrl" | "getSignUpUrl") => {
                        self.sign_in_url_call(id.name.as_str(), None, id.span, Usage::Discarded);
                    }
                    Expression::ArrowFunctionExpression(a) => {
                        if let Some(Expression::CallExpression(call)) = a.get_expression().map(|b| b.get_inner_expression()) {
                            self.discarded.insert(call.span.start);
                        }
                    }
                    _ => {}
                }
            } else if let Expression::CallExpression(call) = e {
                self.rendered_calls.insert(call.span.start);
            }
        }
        walk::walk_jsx_attribute(self, it);
    }

    fn visit_jsx_element(&mut self, it: &JSXElement<'a>) {
        let opening = &it.opening_element;
        let name = jsx_name(&opening.name);
        let mut attrs = Vec::new();
        let mut spread = false;
        let mut element_attrs: Vec<(usize, u32)> = Vec::new();
        for item in &opening.attributes {
            match item {
                JSXAttributeItem::SpreadAttribute(_) => spread = true,
                JSXAttributeItem::Attribute(a) => {
                    let attr_name = match &a.name {
                        JSXAttributeName::Identifier(id) => id.name.to_string(),
                        JSXAttributeName::NamespacedName(n) => format!("{}:{}", n.namespace.name, n.name.name),
                    };
                    let value = match &a.value {
                        None => AttrValue::Flag,
                        Some(JSXAttributeValue::StringLiteral(s)) => AttrValue::Str(s.value.to_string()),
                        Some(JSXAttributeValue::ExpressionContainer(c)) => {
                            match c.expression.as_expression().map(|e| e.get_inner_expression()) {
                                Some(Expression::BooleanLiteral(b)) => AttrValue::Bool(b.value),
                                Some(Expression::Identifier(id)) => AttrValue::Ident(id.name.to_string()),
                                Some(e) => match string_value(e) {
                                    Some(s) => AttrValue::Str(s.to_string()),
                                    None => {
                                        if let Expression::JSXElement(el) = e {
                                            element_attrs.push((attrs.len(), el.opening_element.span.start));
                                        }
                                        AttrValue::Expr
                                    }
                                },
                                None => AttrValue::Expr,
                            }
                        }
                        Some(JSXAttributeValue::Element(el)) => {
                            element_attrs.push((attrs.len(), el.opening_element.span.start));
                            AttrValue::Expr
                        }
                        Some(JSXAttributeValue::Fragment(_)) => AttrValue::Expr,
                    };
                    attrs.push(Attr { name: attr_name, span: sp(a.span), value });
                }
            }
        }
        let parent = self.open.last().copied();
        let idx = self.push_element(name.clone(), opening.span, parent, attrs, spread);
        if name == "Navigate" {
            self.navigation("<Navigate>".into(), opening.span);
        }
        self.open.push(idx);
        walk::walk_jsx_element(self, it);
        self.open.pop();
        for (attr, start) in element_attrs {
            // Nested elements are recorded after this one.
            if let Some(i) = self.facts.elements.iter().skip(idx + 1).position(|e| e.span.start == start as usize).map(|i| i + idx + 1) {
                self.facts.elements[idx].attrs[attr].value = AttrValue::Element(i);
            }
        }
        if name == "Route" {
            let el = &self.facts.elements[idx];
            let path = match el.attr("path").map(|a| &a.value) {
                Some(AttrValue::Str(p)) => Some(p.clone()),
                _ => None,
            };
            let target = el.attrs.iter().find_map(|a| match (&a.name[..], &a.value) {
                ("element", AttrValue::Element(i)) => Some(RouteTarget::Element(*i)),
                ("Component" | "component", AttrValue::Ident(n)) => Some(RouteTarget::Name(n.clone())),
                _ => None,
            });
            if let (Some(path), Some(target)) = (path, target) {
                self.facts.routes.push(RouteDecl { path, span: sp(opening.span), target });
            }
        }
    }

    fn visit_jsx_child(&mut self, it: &JSXChild<'a>) {
        if let JSXChild::ExpressionContainer(c) = it
            && let Some(e) = c.expression.as_expression()
            && is_children(e)
        {
            let parent = self.open.last().copied();
            self.push_element(CHILDREN.into(), c.span, parent, Vec::new(), false);
        }
        walk::walk_jsx_child(self, it);
    }

    fn visit_return_statement(&mut self, it: &ReturnStatement<'a>) {
        if let Some(arg) = &it.argument
            && is_children(arg)
        {
            let parent = self.open.last().copied();
            self.push_element(CHILDREN.into(), arg.span(), parent, Vec::new(), false);
        }
        walk::walk_return_statement(self, it);
    }

    fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
        if let Some(key) = it.key.static_name() {
            match key.as_ref() {
                "fetchAccessToken" => {
                    let expr = self.alloc(&it.value);
                    let scopes = self.fns.iter().map(|(s, _)| *s).collect();
                    self.candidates.push(Candidate { kind: FetcherKind::Adapter, expr, unit: self.unit(), scopes });
                }
                "Wrap" | "InnerWrap" => self.wrapper(&key, &it.value),
                _ => {}
            }
        }
        walk::walk_object_property(self, it);
    }

    fn visit_object_expression(&mut self, it: &ObjectExpression<'a>) {
        let props: Vec<&ObjectProperty<'a>> = it.properties.iter().filter_map(|p| p.as_property()).collect();
        let path = props.iter().find(|p| p.key.static_name().as_deref() == Some("path")).and_then(|p| string_value(&p.value));
        if let Some(path) = path {
            for p in &props {
                if let Some(key) = p.key.static_name()
                    && matches!(key.as_ref(), "element" | "component" | "Component")
                {
                    self.route_to(path, it.span, &p.value);
                }
            }
        }
        walk::walk_object_expression(self, it);
    }

    fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
        if let Some(m) = it.left.as_member_expression() {
            let object = m.object().get_inner_expression();
            let is_nav = match m.static_property_name() {
                Some("href") => is_location(object),
                Some("location") => matches!(object, Expression::Identifier(o) if o.name == "window" || o.name == "document"),
                _ => false,
            };
            if is_nav {
                let what = format!("{} = …", self.slice(m.span()));
                self.navigation(what, it.span);
            }
        }
        walk::walk_assignment_expression(self, it);
    }

    fn visit_binary_expression(&mut self, it: &BinaryExpression<'a>) {
        if it.operator.is_equality() {
            if is_pathname(&it.left) {
                self.path_marker(&it.right);
            } else if is_pathname(&it.right) {
                self.path_marker(&it.left);
            }
        }
        walk::walk_binary_expression(self, it);
    }

    // A URL being built carries its query (`…/authorize?client_id=…`) or interpolates into it;
    // the bare path is how code *recognises* such URLs (`url.endsWith(…)`) or proxies them.
    fn visit_string_literal(&mut self, it: &StringLiteral<'a>) {
        if it.value.contains("user_management/authorize?") {
            self.facts.authorize_urls.push(sp(it.span));
        }
    }

    fn visit_template_literal(&mut self, it: &TemplateLiteral<'a>) {
        let builds = it.quasis.iter().any(|q| q.value.raw.contains("user_management/authorize?"))
            || (!it.expressions.is_empty() && it.quasis.iter().any(|q| q.value.raw.contains("user_management/authorize")));
        if builds {
            self.facts.authorize_urls.push(sp(it.span));
        }
        walk::walk_template_literal(self, it);
    }

    fn visit_if_statement(&mut self, it: &IfStatement<'a>) {
        self.visit_expression(&it.test);
        self.conds.push(names_in(&it.test));
        self.visit_statement(&it.consequent);
        if let Some(alt) = &it.alternate {
            self.visit_statement(alt);
        }
        self.conds.pop();
    }

    fn visit_conditional_expression(&mut self, it: &ConditionalExpression<'a>) {
        self.visit_expression(&it.test);
        self.conds.push(names_in(&it.test));
        self.visit_expression(&it.consequent);
        self.visit_expression(&it.alternate);
        self.conds.pop();
    }

    fn visit_logical_expression(&mut self, it: &LogicalExpression<'a>) {
        self.visit_expression(&it.left);
        self.conds.push(names_in(&it.left));
        self.visit_expression(&it.right);
        self.conds.pop();
    }

    fn visit_statements(&mut self, it: &oxc_allocator::Vec<'a, Statement<'a>>) {
        let depth = self.conds.len();
        for s in it {
            self.visit_statement(s);
            // `if (cond) return …;`: everything after it runs only when `cond` is false.
            if let Statement::IfStatement(i) = s
                && i.alternate.is_none()
                && exits(&i.consequent)
            {
                self.conds.push(names_in(&i.test));
            }
        }
        self.conds.truncate(depth);
    }
}

impl<'a> Collector<'a, '_> {
    pub(super) fn path_marker(&mut self, e: &Expression<'a>) {
        let marker = match e.get_inner_expression() {
            Expression::Identifier(id) => Marker::PathConst(id.name.to_string()),
            other => match string_value(other) {
                Some(s) => Marker::Path(s.to_string()),
                None => return,
            },
        };
        self.facts.markers.push((self.unit(), marker));
    }
}
