use super::{apps, push};
use crate::declare_rule;
use crate::diagnostic::{Finding, Location};
use crate::facts::react::{AUTHKIT_NEXTJS, AppCode, Binding, Ident, PROVIDER_PACKAGES};
use crate::rules::CheckContext;

declare_rule! {
    /// ### What it does
    /// Finds apps that use AuthKit on the client — `useAuth()`/`useAccessToken()` from an AuthKit
    /// React package, or a Convex provider whose adapter calls them — where no `AuthKitProvider`
    /// wraps the app. Imports are followed: the templates render `AuthKitProvider` in a client
    /// provider component (`components/ConvexClientProvider.tsx`, or a workspace package such as
    /// `packages/ui`) that the root layout imports, not in the layout itself. It reports when no
    /// file of the app (or of the workspace packages it uses) renders `AuthKitProvider`, or when
    /// the walk from the app's roots never reaches it because the component that renders it is
    /// dead code: imported, rendered and routed nowhere, and not in a file the framework renders
    /// by its path (`app/`, `pages/`, `routes/`).
    ///
    /// ### Why is this bad?
    /// The hooks read AuthKit's React context. Without the provider they throw
    /// (`useAuth must be used within an AuthKitProvider`) and no token reaches Convex.
    ///
    /// ### Symptom
    /// The app crashes on load with the error above, or sign-in appears to do nothing.
    ///
    /// ### Fix
    /// Render `AuthKitProvider` around the app: in a `'use client'` provider component that the
    /// root layout renders (Next.js), or around `<App />` in `main.tsx` (Vite).
    ///
    /// ### Example
    /// ```tsx
    /// // components/ConvexClientProvider.tsx ('use client')
    /// // before
    /// <ConvexProviderWithAuth client={convex} useAuth={useAuthFromAuthKit}>{children}</ConvexProviderWithAuth>
    /// // after
    /// <AuthKitProvider>
    ///   <ConvexProviderWithAuth client={convex} useAuth={useAuthFromAuthKit}>{children}</ConvexProviderWithAuth>
    /// </AuthKitProvider>
    /// ```
    pub static RULE = {
        id: "client/authkit-provider-missing",
        severity: Error,
        symptoms: [SignInDoesNothing, ConvexUnauthenticated],
        summary: "no AuthKitProvider wraps the app",
    };
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    for a in apps(cx) {
        // What needs the provider: AuthKit client hooks and Convex auth providers.
        let mut consumers: Vec<(Location, String)> = Vec::new();
        for (f, _) in a.files() {
            for hook in ["useAuth", "useAccessToken"] {
                for h in a.hooks_from(f, hook, PROVIDER_PACKAGES) {
                    consumers.push((a.loc(f, h.span), format!("`{hook}()`")));
                }
            }
        }
        // `ConvexProviderWithAuthKit` calls AuthKit's `useAuth` itself. A plain
        // `ConvexProviderWithAuth` needs AuthKit only through its adapter: when no AuthKit hook
        // is called anywhere, the adapter gets its token elsewhere (a server route that calls
        // `withAuth()`, a hand-written auth context) and no AuthKitProvider is needed.
        let uses_hooks = !consumers.is_empty();
        for (f, i) in a.elements_where(Ident::is_convex_auth_provider) {
            let el = &a.file(f).react.elements[i];
            let authkit_adapter = matches!(a.graph.ident(f, i), Ident::Package { name, .. } if name == "ConvexProviderWithAuthKit");
            if authkit_adapter || uses_hooks {
                consumers.push((a.loc(f, el.span), format!("`{}`", el.name)));
            }
        }
        consumers.sort();
        let Some((location, what)) = consumers.into_iter().next() else { continue };
        let providers = a.elements_where(Ident::is_authkit_provider);
        let nextjs = a.project.package_of_app(a.app).depends_on(AUTHKIT_NEXTJS);
        let fix = if nextjs {
            "Wrap the app in `<AuthKitProvider>` (from '@workos-inc/authkit-nextjs/components') inside the 'use client' provider component the root layout renders, around the Convex provider."
        } else {
            "Wrap `<App />` in `<AuthKitProvider clientId={…} redirectUri={…}>` where the app is rendered (main.tsx), around the Convex provider."
        };
        let react = a.react();
        if providers.is_empty() {
            push(out,
                RULE.finding(format!("{what} needs an `AuthKitProvider` above it, and no file of the app renders one"))
                    .at(location)
                    .help("AuthKit's hooks read its React context; without AuthKitProvider they throw `useAuth must be used within an AuthKitProvider` and Convex never gets a token.")
                    .fix(fix),
            );
        } else if !react.roots.is_empty() && a.rendered_where(Ident::is_authkit_provider).is_empty() {
            // Every AuthKitProvider sits in a component nothing uses: written, never rendered.
            let dead: Vec<(usize, usize)> = providers.iter().copied().filter(|&(pf, pi)| unused_component(&a, pf, pi)).collect();
            if dead.len() != providers.len() {
                continue;
            }
            let (pf, pi) = dead[0];
            let el = &a.file(pf).react.elements[pi];
            let unit = el.unit.map(|u| a.file(pf).react.units[u].name.clone()).unwrap_or_default();
            push(out,
                RULE.finding(format!("{what} needs an `AuthKitProvider` above it; `{unit}` renders one, but nothing in the app uses `{unit}`"))
                    .at(location)
                    .related(a.loc(pf, el.span), "this AuthKitProvider is never rendered")
                    .help("The component that renders AuthKitProvider is neither imported nor rendered anywhere, so the hooks run without the provider.")
                    .fix(fix),
            );
        }
    }
}

/// Whether the component around an element is dead code: not in a file the framework renders by
/// its path (`app/`, `pages/`, `routes/`), and neither imported, rendered, nor named as a route or
/// router wrapper anywhere in the app.
fn unused_component(a: &AppCode, file: usize, element: usize) -> bool {
    let f = a.file(file);
    let Some(unit) = f.react.elements[element].unit else { return false };
    let rel = f.path.strip_prefix(&a.app.dir).unwrap_or(&f.path).trim_start_matches('/');
    let by_path = ["app/", "src/app/", "pages/", "src/pages/", "src/routes/", "app/routes/"].iter().any(|d| rel.starts_with(d));
    if by_path || f.react.render_roots.iter().any(|&r| f.react.elements[r].unit == Some(unit)) {
        return false;
    }
    let name = &f.react.units[unit].name;
    let target = Ident::Unit { file, unit };
    for (g, other) in a.graph.files.iter().enumerate() {
        let r = &other.react;
        let named_here = g == file
            && (r.wrappers.iter().any(|(_, n)| n == name)
                || r.routes.iter().any(|x| matches!(&x.target, crate::facts::react::RouteTarget::Name(n) if n == name)));
        let rendered = (0..r.elements.len()).any(|i| a.graph.ident(g, i) == target);
        let imported = r.imports.iter().flat_map(|i| &i.names).any(|n| match a.graph.binding(g, &n.local) {
            Binding::File { path, imported } => a.graph.export_unit(&path, &imported, 0) == Some((file, unit)),
            _ => false,
        });
        if named_here || rendered || imported {
            return false;
        }
    }
    true
}
