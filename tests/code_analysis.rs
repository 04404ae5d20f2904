//! Cross-file code analysis: element trees followed through imports, tsconfig aliases and
//! workspace packages, and the `client/*` rules on a monorepo whose provider component lives in
//! a shared package.

use authkit_doctor_core::check::{self, CheckOptions, CheckRun};
use authkit_doctor_core::facts::react::{AppCode, Ident};
use authkit_doctor_core::report;
use std::path::Path;

fn run(rel: &str) -> CheckRun {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    check::run(&dir, &CheckOptions::default()).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// `rule file:line:col` of the findings of this work's rules (client/*, two nextjs/* rules).
fn code_findings(run: &mut CheckRun) -> Vec<String> {
    report::sort_findings(&mut run.findings, &run.files);
    run.findings
        .iter()
        .filter(|f| f.rule.starts_with("client/") || f.rule == "nextjs/components-import-path" || f.rule == "nextjs/sdk-too-old-for-convex")
        .map(|f| {
            let loc = f.location.as_ref().expect("located");
            let pos = report::resolve(&run.files, loc).expect("resolves");
            format!("{} {}:{}:{}", f.rule, loc.file, pos.line, pos.column)
        })
        .collect()
}

fn app_index(run: &CheckRun, dir: &str) -> usize {
    run.project.apps.iter().position(|a| a.dir == dir).unwrap_or_else(|| panic!("no app at {dir}"))
}

/// The package or component names around the first rendered element matching `pred`, and the
/// file it is in.
fn rendered(code: &AppCode, pred: impl Fn(&Ident) -> bool) -> Vec<(String, Vec<String>)> {
    code.rendered_where(pred)
        .into_iter()
        .map(|r| {
            let names = r
                .ancestors
                .iter()
                .map(|i| match i {
                    Ident::Package { name, .. } => name.clone(),
                    Ident::Unit { file, unit } => code.file(*file).react.units[*unit].name.clone(),
                    Ident::Intrinsic(n) | Ident::Opaque(n) => n.clone(),
                })
                .collect();
            (code.file(r.file).path.clone(), names)
        })
        .collect()
}

#[test]
fn provider_component_in_a_workspace_package() {
    let mut run = run("tests/fixtures/monorepo-ui-provider");
    let web = app_index(&run, "apps/web");
    let facts = &run.facts.apps[web];
    // `packages/ui` is parsed because apps/web depends on `@acme/ui`.
    let ws: Vec<&str> = facts.react.workspace_files.iter().map(|f| f.path.as_str()).collect();
    assert!(ws.contains(&"packages/ui/src/Providers.tsx"), "{ws:?}");
    assert_eq!(facts.react.roots.first().map(|r| r.1.as_str()), Some("apps/web/app/layout.tsx (default export)"));
    assert!(facts.react.complete);
    // layout.tsx → `Providers` from '@acme/ui' (package.json `exports` → src/index.ts → re-export)
    // → AuthKitProvider → ConvexProviderWithAuth.
    let code = AppCode::new(&run.project, web, facts);
    let convex = rendered(&code, Ident::is_convex_auth_provider);
    assert_eq!(convex, vec![("packages/ui/src/Providers.tsx".to_string(), vec!["Providers".to_string(), "AuthKitProvider".to_string()])]);
    // The routed content (`{children}` of the root layout) sits inside both providers.
    let slots: Vec<Vec<&Ident>> = facts.react.page_slots.iter().map(|s| s.iter().collect()).collect();
    assert_eq!(slots.len(), 1);
    assert!(slots[0].iter().any(|i| i.is_authkit_provider()) && slots[0].iter().any(|i| i.is_convex_auth_provider()));

    // apps/dash renders the legacy provider from the `./legacy` subpath export: Convex sits
    // outside AuthKit. Reported once, although both apps can see the package.
    assert_eq!(code_findings(&mut run), vec!["client/convex-provider-outside-authkit packages/ui/src/legacy/LegacyProviders.tsx:12:5"]);
}

#[test]
fn nextjs_template_shape_through_a_tsconfig_alias() {
    let run = run("examples/nextjs-correct");
    let facts = &run.facts.apps[0];
    let code = AppCode::new(&run.project, 0, facts);
    // app/layout.tsx imports '@/components/ConvexClientProvider' (tsconfig `paths`).
    let providers = rendered(&code, Ident::is_authkit_provider);
    assert_eq!(providers, vec![("components/ConvexClientProvider.tsx".to_string(), vec!["ConvexClientProvider".to_string()])]);
    let convex = rendered(&code, Ident::is_convex_auth_provider);
    assert_eq!(convex[0].1, vec!["ConvexClientProvider".to_string(), "AuthKitProvider".to_string()]);
    // The adapter honours forceRefreshToken, found by data flow.
    let fetchers: Vec<_> = code.files().flat_map(|(_, f)| f.react.fetchers.iter().map(|x| x.verdict.clone())).collect();
    assert_eq!(fetchers, vec![authkit_doctor_core::facts::react::Verdict::Honours]);
}

#[test]
fn vite_spa_shape() {
    let run = run("examples/vite-correct");
    let facts = &run.facts.apps[0];
    let code = AppCode::new(&run.project, 0, facts);
    assert_eq!(facts.react.roots.first().map(|r| r.1.as_str()), Some("src/main.tsx (render)"));
    let app = rendered(&code, |i| matches!(i, Ident::Unit { .. }));
    let (file, around) = &app[0];
    assert_eq!(file, "src/main.tsx");
    assert_eq!(around, &vec!["StrictMode".to_string(), "AuthKitProvider".to_string(), "ConvexProviderWithAuth".to_string()]);
}

#[test]
fn tanstack_start_router_wrappers() {
    let run = run("tests/fixtures/rules/client/convex-provider-outside-authkit/quiet");
    let facts = &run.facts.apps[0];
    let code = AppCode::new(&run.project, 0, facts);
    assert!(facts.react.roots.iter().any(|r| r.1 == "src/router.tsx (InnerWrap)"), "{:?}", facts.react.roots);
    let convex = rendered(&code, Ident::is_convex_auth_provider);
    assert_eq!(convex[0].1, vec!["AuthKitProvider".to_string()]);
}

/// Writes a small project into a temp dir and returns the findings of one rule.
fn findings_in(files: &[(&str, &str)], rule: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let options = CheckOptions { only: vec![rule.to_string()], ..Default::default() };
    let mut run = check::run(dir.path(), &options).unwrap();
    code_findings(&mut run)
}

const NEXT_PKG: &str = r#"{ "name": "n", "dependencies": { "next": "15.4.3", "@workos-inc/authkit-nextjs": "2.17.0", "convex": "1.29.0", "react": "19.1.0" } }"#;
const VITE_PKG: &str = r#"{ "name": "v", "dependencies": { "@workos-inc/authkit-react": "0.16.2", "convex": "1.29.0", "react": "19.1.0", "react-router": "7.0.0" }, "devDependencies": { "vite": "7.0.0" } }"#;

#[test]
fn provider_component_written_but_never_used() {
    let consumer = "'use client';\nimport { useAuth } from '@workos-inc/authkit-nextjs/components';\nexport function Menu() { const { user } = useAuth(); return <p>{user?.email}</p>; }\n";
    let layout = "import { Menu } from '../components/Menu';\nexport default function RootLayout({ children }) { return <html><body><Menu />{children}</body></html>; }\n";
    let providers = "'use client';\nimport { AuthKitProvider } from '@workos-inc/authkit-nextjs/components';\nexport function Providers({ children }) { return <AuthKitProvider>{children}</AuthKitProvider>; }\n";
    let files = [
        ("package.json", NEXT_PKG),
        ("app/layout.tsx", layout),
        ("components/Menu.tsx", consumer),
        ("components/Providers.tsx", providers),
    ];
    assert_eq!(findings_in(&files, "client/authkit-provider-missing"), vec!["client/authkit-provider-missing components/Menu.tsx:3:43"]);
    // Used by the layout: quiet.
    let layout_ok = "import { Menu } from '../components/Menu';\nimport { Providers } from '../components/Providers';\nexport default function RootLayout({ children }) { return <html><body><Providers><Menu />{children}</Providers></body></html>; }\n";
    let files = [
        ("package.json", NEXT_PKG),
        ("app/layout.tsx", layout_ok),
        ("components/Menu.tsx", consumer),
        ("components/Providers.tsx", providers),
    ];
    assert!(findings_in(&files, "client/authkit-provider-missing").is_empty());
    // In a nested layout, which Next renders by its path: quiet.
    let nested = "import { AuthKitProvider } from '@workos-inc/authkit-nextjs/components';\nexport default function L({ children }) { return <AuthKitProvider>{children}</AuthKitProvider>; }\n";
    let files =
        [("package.json", NEXT_PKG), ("app/layout.tsx", layout), ("components/Menu.tsx", consumer), ("app/(app)/layout.tsx", nested)];
    assert!(findings_in(&files, "client/authkit-provider-missing").is_empty());
}

#[test]
fn get_sign_in_url_in_a_next_client_component() {
    let button = "'use client';\nimport { getSignInUrl } from '@workos-inc/authkit-nextjs';\nexport function SignIn() { return <button onClick={async () => { location.href = await getSignInUrl(); }}>Sign in</button>; }\n";
    let files = [("package.json", NEXT_PKG), ("components/SignIn.tsx", button)];
    assert_eq!(
        findings_in(&files, "client/get-sign-in-url-in-client"),
        vec!["client/get-sign-in-url-in-client components/SignIn.tsx:3:88"]
    );
    // The same call in a route handler is how the templates do it.
    let route = "import { redirect } from 'next/navigation';\nimport { getSignInUrl } from '@workos-inc/authkit-nextjs';\nexport async function GET() { return redirect(await getSignInUrl()); }\n";
    let files = [("package.json", NEXT_PKG), ("app/sign-in/route.ts", route)];
    assert!(findings_in(&files, "client/get-sign-in-url-in-client").is_empty());
}

#[test]
fn callback_route_in_a_router_object() {
    let main = "import { createBrowserRouter } from 'react-router';\nimport { Callback } from './Callback';\nexport const router = createBrowserRouter([{ path: '/callback', element: <Callback /> }]);\n";
    let eager = "import { useEffect } from 'react';\nimport { useNavigate } from 'react-router';\nexport function Callback() { const navigate = useNavigate(); useEffect(() => { navigate('/'); }, []); return null; }\n";
    let env = "VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n";
    let files = [("package.json", VITE_PKG), (".env.local", env), ("src/router.tsx", main), ("src/Callback.tsx", eager)];
    assert_eq!(
        findings_in(&files, "client/callback-redirects-before-auth"),
        vec!["client/callback-redirects-before-auth src/Callback.tsx:3:80"]
    );
    // A button that navigates when clicked is not a redirect on mount.
    let button = "import { useNavigate } from 'react-router';\nexport function Callback() { const navigate = useNavigate(); return <button onClick={() => navigate('/')}>Home</button>; }\n";
    let files = [("package.json", VITE_PKG), (".env.local", env), ("src/router.tsx", main), ("src/Callback.tsx", button)];
    assert!(findings_in(&files, "client/callback-redirects-before-auth").is_empty());
}

#[test]
fn a_callback_route_under_a_root_outlet_inside_authenticated_mounts_after_sign_in() {
    let root = |outlet: &str| {
        format!(
            "import {{ createRootRoute, Outlet }} from '@tanstack/react-router';\nimport {{ Authenticated, Unauthenticated }} from 'convex/react';\nexport const Route = createRootRoute({{ component: Root }});\nfunction Root() {{\n  return (\n    <>\n      {outlet}\n      <Unauthenticated><p>Sign in</p></Unauthenticated>\n    </>\n  );\n}}\n"
        )
    };
    let callback = "import { createFileRoute, useNavigate } from '@tanstack/react-router';\nimport { useEffect } from 'react';\nexport const Route = createFileRoute('/callback')({ component: Callback });\nfunction Callback() {\n  const navigate = useNavigate();\n  useEffect(() => { navigate({ to: '/' }); }, [navigate]);\n  return null;\n}\n";
    let env = "VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback\n";
    // The outlet renders only once Convex has accepted the token: the code was exchanged.
    let gated = root("<Authenticated><main><Outlet /></main></Authenticated>");
    let files =
        [("package.json", VITE_PKG), (".env.local", env), ("src/routes/__root.tsx", gated.as_str()), ("src/routes/callback.tsx", callback)];
    assert!(findings_in(&files, "client/callback-redirects-before-auth").is_empty());
    // An outlet outside it mounts the callback at once.
    let open = root("<main><Outlet /></main>");
    let files =
        [("package.json", VITE_PKG), (".env.local", env), ("src/routes/__root.tsx", open.as_str()), ("src/routes/callback.tsx", callback)];
    assert_eq!(
        findings_in(&files, "client/callback-redirects-before-auth"),
        vec!["client/callback-redirects-before-auth src/routes/callback.tsx:6:21"]
    );
}
