//! Token data flow inside one file: whether a Convex token fetcher really asks AuthKit for a
//! fresh token on each call, returns a cached value, or ignores `forceRefreshToken`.

use super::*;

pub(super) enum Resolution<'a> {
    Fn(FnRef<'a>),
    Value(String),
    Getter(String),
    Unknown,
}

#[derive(Clone, Copy)]
pub(super) enum FnRef<'a> {
    Arrow(&'a ArrowFunctionExpression<'a>),
    Func(&'a Function<'a>),
}

impl<'a> FnRef<'a> {
    pub(super) fn params(&self) -> &'a FormalParameters<'a> {
        match self {
            FnRef::Arrow(a) => &a.params,
            FnRef::Func(f) => &f.params,
        }
    }

    /// From the start of the function to the end of its parameter list.
    pub(super) fn head(&self) -> Span {
        let (start, end) = match self {
            FnRef::Arrow(a) => (a.span.start, a.params.span.end),
            FnRef::Func(f) => (f.span.start, f.params.span.end),
        };
        Span::new(start as usize, end as usize)
    }

    pub(super) fn visit_body<V: Visit<'a>>(&self, v: &mut V) {
        match self {
            FnRef::Arrow(a) => match &a.body {
                ArrowFunctionBody::FunctionBody(b) => v.visit_function_body(b),
                other => {
                    if let Some(e) = other.as_expression() {
                        v.visit_expression(e)
                    }
                }
            },
            FnRef::Func(f) => {
                if let Some(b) = &f.body {
                    v.visit_function_body(b)
                }
            }
        }
    }

    pub(super) fn visit_returns(&self, r: &mut Returns<'a>) {
        match self {
            FnRef::Arrow(a) => match a.get_expression() {
                Some(e) => r.values.push(e),
                None => self.visit_body(r),
            },
            FnRef::Func(_) => self.visit_body(r),
        }
    }
}

/// What a fetcher's argument flows into.
#[derive(Default)]
pub(super) struct Flow {
    /// Names holding `forceRefreshToken` (or derived from it).
    pub(super) taint: HashSet<String>,
    /// The parameter when it is taken whole (`args`).
    pub(super) whole: Option<String>,
}

impl Flow {
    pub(super) fn bind_param(&mut self, pattern: &BindingPattern) {
        match pattern {
            BindingPattern::ObjectPattern(o) => {
                for p in &o.properties {
                    if p.key.static_name().as_deref() == Some("forceRefreshToken") {
                        self.taint.extend(p.value.get_binding_identifiers().iter().map(|b| b.name.to_string()));
                    }
                }
            }
            BindingPattern::BindingIdentifier(id) => self.whole = Some(id.name.to_string()),
            BindingPattern::AssignmentPattern(a) => self.bind_param(&a.left),
            BindingPattern::ArrayPattern(_) => {}
        }
    }

    /// Whether an expression reads the flag (or hands the whole argument on, with `pass_whole`).
    pub(super) fn mentions(&self, e: &Expression, pass_whole: bool) -> bool {
        let names = names_in(e);
        names.iter().any(|n| {
            self.taint.contains(n) || self.whole.as_ref().is_some_and(|w| *n == format!("{w}.forceRefreshToken") || (pass_whole && n == w))
        })
    }
}

pub(super) struct Propagate<'f> {
    pub(super) flow: &'f mut Flow,
}

impl<'a> Visit<'a> for Propagate<'_> {
    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let Some(init) = &it.init
            && self.flow.mentions(init, false)
        {
            self.flow.taint.extend(it.id.get_binding_identifiers().iter().map(|b| b.name.to_string()));
        }
        walk::walk_variable_declarator(self, it);
    }
}

pub(super) struct FlowVisitor<'f> {
    pub(super) flow: &'f Flow,
    pub(super) honours: bool,
    /// Calls other than `console.*` / `Promise.*`.
    pub(super) calls: usize,
}

pub(super) fn counted_call(call: &CallExpression) -> bool {
    let callee = call.callee.get_inner_expression();
    match callee.as_member_expression().map(|m| m.object().get_inner_expression()) {
        Some(Expression::Identifier(id)) => !matches!(id.name.as_str(), "console" | "Promise"),
        _ => true,
    }
}

#[derive(Default)]
pub(super) struct CallCount(usize);

impl<'a> Visit<'a> for CallCount {
    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if counted_call(it) {
            self.0 += 1;
        }
        walk::walk_call_expression(self, it);
    }
}

pub(super) fn has_call_stmt<'a>(s: &Statement<'a>) -> bool {
    let mut c = CallCount::default();
    c.visit_statement(s);
    c.0 > 0
}

pub(super) fn has_call_expr<'a>(e: &Expression<'a>) -> bool {
    let mut c = CallCount::default();
    c.visit_expression(e);
    c.0 > 0
}

impl<'a> Visit<'a> for FlowVisitor<'_> {
    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if counted_call(it) {
            self.calls += 1;
            if it.arguments.iter().filter_map(|a| a.as_expression()).any(|a| self.flow.mentions(a, true)) {
                self.honours = true;
            }
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_conditional_expression(&mut self, it: &ConditionalExpression<'a>) {
        if self.flow.mentions(&it.test, false) && (has_call_expr(&it.consequent) || has_call_expr(&it.alternate)) {
            self.honours = true;
        }
        walk::walk_conditional_expression(self, it);
    }

    fn visit_logical_expression(&mut self, it: &LogicalExpression<'a>) {
        if self.flow.mentions(&it.left, false) && has_call_expr(&it.right) {
            self.honours = true;
        }
        walk::walk_logical_expression(self, it);
    }

    fn visit_statements(&mut self, it: &oxc_allocator::Vec<'a, Statement<'a>>) {
        for (i, s) in it.iter().enumerate() {
            if let Statement::IfStatement(ifs) = s
                && self.flow.mentions(&ifs.test, false)
            {
                let branches = has_call_stmt(&ifs.consequent) || ifs.alternate.as_ref().is_some_and(has_call_stmt);
                if branches || it.iter().skip(i + 1).any(has_call_stmt) {
                    self.honours = true;
                }
            }
            self.visit_statement(s);
        }
    }
}

/// Names declared anywhere in a function body (or bound by its parameters).
#[derive(Default)]
pub(super) struct Locals {
    pub(super) names: HashSet<String>,
}

impl<'a> Visit<'a> for Locals {
    fn visit_binding_identifier(&mut self, it: &BindingIdentifier<'a>) {
        self.names.insert(it.name.to_string());
    }
}

/// The values a function returns (not those of nested functions).
#[derive(Default)]
pub(super) struct Returns<'a> {
    pub(super) values: Vec<&'a Expression<'a>>,
    pub(super) depth: usize,
}

impl<'a> Visit<'a> for Returns<'a> {
    fn enter_node(&mut self, kind: AstKind<'a>) {
        if matches!(kind, AstKind::Function(_) | AstKind::ArrowFunctionExpression(_)) {
            self.depth += 1;
        }
    }

    fn leave_node(&mut self, kind: AstKind<'a>) {
        if matches!(kind, AstKind::Function(_) | AstKind::ArrowFunctionExpression(_)) {
            self.depth -= 1;
        }
    }

    fn visit_return_statement(&mut self, it: &ReturnStatement<'a>) {
        if self.depth == 0
            && let Some(arg) = &it.argument
        {
            let arg = self.alloc(arg);
            self.values.push(arg);
        }
        walk::walk_return_statement(self, it);
    }
}

/// `tokenRef.current`, or a name declared outside the function: a value cached elsewhere.
pub(super) fn cached_value(e: &Expression, local: impl Fn(&str) -> bool) -> Option<oxc_span::Span> {
    let e = e.get_inner_expression();
    match e {
        Expression::AwaitExpression(a) => cached_value(&a.argument, local),
        Expression::LogicalExpression(l) => cached_value(&l.left, local),
        Expression::StaticMemberExpression(m) if m.property.name == "current" => Some(m.span),
        Expression::Identifier(id) if id.name != "undefined" && !local(id.name.as_str()) => Some(id.span),
        _ => None,
    }
}

/// The function an initializer defines: `() => …`, `function () {}`, `memo(() => …)`,
/// `forwardRef(function X() {})`.
pub(super) fn inner_function(e: &Expression) -> Option<oxc_span::Span> {
    match e.get_inner_expression() {
        Expression::ArrowFunctionExpression(a) => Some(a.span),
        Expression::FunctionExpression(f) => Some(f.span),
        Expression::CallExpression(c) if is_wrapper_call(c) => c.arguments.first().and_then(|a| a.as_expression()).and_then(inner_function),
        _ => None,
    }
}

pub(super) fn is_wrapper_call(c: &CallExpression) -> bool {
    let callee = c.callee.get_inner_expression();
    let name = match callee {
        Expression::Identifier(id) => Some(id.name.as_str()),
        _ => callee.as_member_expression().and_then(|m| m.static_property_name()),
    };
    matches!(name, Some("memo" | "forwardRef" | "observer"))
}

/// `memo(Foo)` → `Foo`.
pub(super) fn wrapped_identifier<'a>(e: &Expression<'a>) -> Option<&'a str> {
    match e.get_inner_expression() {
        Expression::CallExpression(c) if is_wrapper_call(c) => match c.arguments.first().and_then(|a| a.as_expression()) {
            Some(Expression::Identifier(id)) => Some(id.name.as_str()),
            _ => None,
        },
        _ => None,
    }
}
