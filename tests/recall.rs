//! Recall families (issue 12): realistic single mistakes injected into the correct examples,
//! each in at least two shapes that must fire, next to the untouched example that must stay
//! quiet. Asserted on rule and location.

mod common;
use authkit_doctor_core::check::{self, CheckOptions};
use authkit_doctor_core::diagnostic::Severity;
use authkit_doctor_core::report;
use common::copy_dir;
use std::path::Path;

type Edit<'a> = (&'a str, &'a str, &'a str);

/// `example` copied to a scratch dir with `edits` applied (`(path, from, to)`: replace the
/// first `from` with `to`; an empty `from` appends, creating the file), then checked.
fn mutated_run(example: &str, edits: &[Edit]) -> check::CheckRun {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("project");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(example), &root);
    for (path, from, to) in edits {
        let file = root.join(path);
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        let text = if from.is_empty() {
            format!("{text}{to}")
        } else {
            assert!(text.contains(from), "{path} has no `{from}`");
            text.replacen(from, to, 1)
        };
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    let mut run = check::run(&root, &CheckOptions::default()).unwrap();
    report::sort_findings(&mut run.findings, &run.files);
    run
}

/// `severity rule file:line` of the findings at `min` severity or above.
fn findings_at(min: Severity, example: &str, edits: &[Edit]) -> Vec<String> {
    let run = mutated_run(example, edits);
    run.findings
        .iter()
        .filter(|f| f.severity >= min)
        .map(|f| {
            let at = f.location.as_ref().map(|l| format!("{}:{}", l.file, report::resolve(&run.files, l).unwrap().line));
            format!("{} {} {}", f.severity.as_str(), f.rule, at.unwrap_or_default())
        })
        .collect()
}

/// The error and warning findings.
fn findings(example: &str, edits: &[Edit]) -> Vec<String> {
    findings_at(Severity::Warning, example, edits)
}

fn assert_has(found: &[String], wanted: &str) {
    assert!(found.iter().any(|f| f == wanted), "expected `{wanted}` among {found:#?}");
}

#[test]
fn the_correct_examples_are_quiet() {
    for example in ["nextjs-correct", "vite-correct"] {
        assert_eq!(findings(example, &[]), Vec::<String>::new(), "{example}");
    }
}

// ---- Family 5: APIs from the wrong SDK ---------------------------------------------------

#[test]
fn names_imported_from_an_sdk_that_does_not_export_them() {
    // A server helper from the Next.js SDK in a Vite app on authkit-react.
    let found = findings(
        "vite-correct",
        &[("src/App.tsx", "", "\nimport { getSignInUrl } from '@workos-inc/authkit-react';\nexport const url = getSignInUrl;\n")],
    );
    assert_has(&found, "error client/import-not-in-sdk src/App.tsx:79");
    // The Next.js SDK's hook imported in the SPA.
    let found =
        findings("vite-correct", &[("src/main.tsx", "LoginRequiredError, useAuth }", "LoginRequiredError, useAuth, useAccessToken }")]);
    assert_has(&found, "error client/import-not-in-sdk src/main.tsx:3");
    // `signIn` is a method of authkit-react's useAuth(), exported by no SDK.
    let found = findings(
        "nextjs-correct",
        &[
            ("app/page.tsx", "import { signOut, withAuth } from", "import { signIn, signOut, withAuth } from"),
            ("app/page.tsx", "", "export const start = signIn;\n"),
        ],
    );
    assert_has(&found, "error client/import-not-in-sdk app/page.tsx:1");
}

#[test]
fn provider_props_the_provider_does_not_take() {
    // The Next.js provider with authkit-react's props: both are ignored.
    let found = findings(
        "nextjs-correct",
        &[(
            "components/ConvexClientProvider.tsx",
            "    <AuthKitProvider>",
            "    <AuthKitProvider redirectUri={process.env.NEXT_PUBLIC_WORKOS_REDIRECT_URI}>",
        )],
    );
    assert_has(&found, "warning client/provider-prop-not-in-sdk components/ConvexClientProvider.tsx:11");
    // authkit-react's provider with the server SDKs' session-expiry prop.
    let found = findings(
        "vite-correct",
        &[(
            "src/main.tsx",
            "      apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME}\n",
            "      apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME}\n      onSessionExpired={() => location.reload()}\n",
        )],
    );
    assert_has(&found, "warning client/provider-prop-not-in-sdk src/main.tsx:49");
    // The quiet twin: each provider with its own props (`onRefreshFailure` is authkit-react's).
    let found = findings(
        "vite-correct",
        &[(
            "src/main.tsx",
            "      apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME}\n",
            "      apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME}\n      onRefreshFailure={({ signIn }) => signIn()}\n",
        )],
    );
    assert!(!found.iter().any(|f| f.contains("provider-prop-not-in-sdk")), "{found:#?}");
}

// ---- Family 3: the declared version and the locked version disagree ----------------------

#[test]
fn a_lockfile_or_node_modules_behind_package_json() {
    // package.json was edited to ^2.7.1; the lockfile still pins 2.2.0. Rules about versions
    // judge ^2.7.1 (what the next install brings), so the old SDK's gaps are not reported.
    let lock = r#"{ "name": "n", "lockfileVersion": 3, "packages": { "node_modules/@workos-inc/authkit-nextjs": { "version": "2.2.0" }, "node_modules/next": { "version": "15.4.3" } } }"#;
    let found = findings("nextjs-correct", &[("package-lock.json", "", lock)]);
    assert_eq!(found, vec!["warning deploy/lockfile-out-of-sync package.json:12"]);
    // The same in node_modules, after a hand edit and before `npm install`.
    let manifest = r#"{ "name": "@workos-inc/authkit-react", "version": "0.11.0" }"#;
    let found = findings("vite-correct", &[("node_modules/@workos-inc/authkit-react/package.json", "", manifest)]);
    assert!(found.iter().any(|f| f.starts_with("warning deploy/lockfile-out-of-sync package.json:")), "{found:#?}");
    // A lockfile that matches stays quiet.
    let lock = lock.replace("2.2.0", "2.17.0");
    assert_eq!(findings("nextjs-correct", &[("package-lock.json", "", &lock)]), Vec::<String>::new());
}

// ---- Family 6: callbacks that leave before the code exchange ------------------------------

#[test]
fn callbacks_that_leave_before_the_code_is_exchanged() {
    // A Next.js callback route that sends the user home without handleAuth().
    let found = findings(
        "nextjs-correct",
        &[
            (
                "app/callback/route.ts",
                "import { handleAuth } from '@workos-inc/authkit-nextjs';",
                "import { redirect } from 'next/navigation';",
            ),
            ("app/callback/route.ts", "export const GET = handleAuth();", "export async function GET() {\n  redirect('/');\n}"),
        ],
    );
    assert_has(&found, "error nextjs/callback-route-missing .env.local:9");
    // An SPA callback component that replaces the URL as soon as it sees `?code=`.
    let eager = "\nexport function Callback() {\n  if (new URLSearchParams(window.location.search).get('code')) {\n    window.location.replace('/');\n  }\n  return null;\n}\n";
    let found = findings("vite-correct", &[("src/App.tsx", "", eager)]);
    assert_has(&found, "error client/callback-redirects-before-auth src/App.tsx:81");
}

// ---- Family 4: env precedence and public prefixes ------------------------------------------

#[test]
fn env_files_that_disagree_and_names_without_the_public_prefix() {
    // A committed .env with another client id: development uses .env.local, a CI build .env.
    let found = findings_at(Severity::Info, "nextjs-correct", &[(".env", "", "WORKOS_CLIENT_ID=client_01JCPX3DEJZDNW4GCA5WQCYABC\n")]);
    assert_has(&found, "info env/conflicting-values .env:1");
    // The same value in both files says nothing.
    let found = findings_at(Severity::Info, "nextjs-correct", &[(".env", "", "WORKOS_CLIENT_ID=client_01JCPX3DEJZDNW4GCA5WQCYMFS\n")]);
    assert!(!found.iter().any(|f| f.contains("conflicting-values")), "{found:#?}");
    // Renamed without the public prefix: the env rule that explains the prefix reports it,
    // next to the rule that notices the missing value.
    let found = findings("nextjs-correct", &[(".env.local", "NEXT_PUBLIC_CONVEX_URL=", "CONVEX_URL=")]);
    assert_has(&found, "error env/client-var-not-exposed components/ConvexClientProvider.tsx:7");
    assert_has(&found, "error convex-env/convex-url-missing components/ConvexClientProvider.tsx:7");
    let found = findings("vite-correct", &[(".env.local", "VITE_WORKOS_CLIENT_ID=", "WORKOS_CLIENT_ID=")]);
    assert!(found.iter().any(|f| f.starts_with("error env/client-var-not-exposed src/main.tsx:")), "{found:#?}");
}

// ---- Family 1: text that looks like code but is not ---------------------------------------

#[test]
fn placeholders_in_quoted_strings_are_sent_as_text() {
    let found = findings(
        "nextjs-correct",
        &[(
            "convex/auth.config.ts",
            "issuer: `https://api.workos.com/user_management/${clientId}`",
            "issuer: 'https://api.workos.com/user_management/${clientId}'",
        )],
    );
    assert_has(&found, "error auth-config/placeholder-in-plain-string convex/auth.config.ts:21");
    let found = findings("nextjs-correct", &[("convex/auth.config.ts", "applicationID: clientId", "applicationID: \"${clientId}\"")]);
    assert_has(&found, "error auth-config/placeholder-in-plain-string convex/auth.config.ts:15");
    // Redirect URIs in code: a JSX string attribute, and a middleware option in single quotes.
    let found = findings(
        "vite-correct",
        &[("src/main.tsx", "redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}", "redirectUri=\"${window.location.origin}/callback\"")],
    );
    assert_has(&found, "error redirect/placeholder-in-plain-string src/main.tsx:47");
    let found = findings(
        "nextjs-correct",
        &[("middleware.ts", "  eagerAuth: true,", "  eagerAuth: true,\n  redirectUri: 'https://${process.env.VERCEL_URL}/callback',")],
    );
    assert_has(&found, "error redirect/placeholder-in-plain-string middleware.ts:9");
    // The quiet twin: the same value as a template literal is substituted.
    let found = findings(
        "vite-correct",
        &[("src/main.tsx", "redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}", "redirectUri={`${window.location.origin}/callback`}")],
    );
    assert!(!found.iter().any(|f| f.contains("placeholder-in-plain-string")), "{found:#?}");
}

// ---- Family 2: issuers copied from the dashboard ------------------------------------------

#[test]
fn issuers_that_no_authkit_token_carries() {
    // The hosted sign-in page's domain.
    let found = findings(
        "nextjs-correct",
        &[(
            "convex/auth.config.ts",
            "issuer: `https://api.workos.com/user_management/${clientId}`",
            "issuer: `https://happy-cloud-42.authkit.app`",
        )],
    );
    assert_has(&found, "error auth-config/missing-user-management-provider convex/auth.config.ts:21");
    assert_has(&found, "error auth-config/custom-domain-issuer-mismatch convex/auth.config.ts:21");
    let run = mutated_run(
        "nextjs-correct",
        &[(
            "convex/auth.config.ts",
            "issuer: `https://api.workos.com/user_management/${clientId}`",
            "issuer: `https://happy-cloud-42.authkit.app`",
        )],
    );
    assert!(run.findings.iter().any(|f| f.message.contains("hosted AuthKit sign-in page")));
    // Each near miss is named at the issuer that was meant, with what it is instead.
    let meant = |issuer: &str, says: &str| {
        let run = mutated_run(
            "nextjs-correct",
            &[("convex/auth.config.ts", "issuer: `https://api.workos.com/user_management/${clientId}`", &format!("issuer: `{issuer}`"))],
        );
        let finding = run.findings.iter().find(|f| f.rule == "auth-config/missing-user-management-provider").expect(issuer);
        let line = report::resolve(&run.files, finding.location.as_ref().unwrap()).unwrap().line;
        assert_eq!(line, 21, "{issuer}");
        assert!(finding.message.contains(says), "{issuer}: {}", finding.message);
    };
    // The dashboard's "API URL".
    meant("https://api.workos.com", "the API's base URL");
    meant("https://api.workos.com/user_management", "missing the client id");
    meant("https://api.workos.com/sso/jwks/${clientId}", "the JWKS URL");
    meant("https://api.workos.com/user_management/${clientId}/authorize", "nothing may follow the client id");
    meant("https://dashboard.workos.com/", "the WorkOS dashboard");
    // Another identity provider's issuer is not a near miss: the plain message, at `providers`.
    let run = mutated_run(
        "nextjs-correct",
        &[(
            "convex/auth.config.ts",
            "issuer: `https://api.workos.com/user_management/${clientId}`",
            "issuer: `https://accounts.google.com`",
        )],
    );
    let finding = run.findings.iter().find(|f| f.rule == "auth-config/missing-user-management-provider").unwrap();
    assert!(finding.message.ends_with("none has the issuer https://api.workos.com/user_management/<clientId>"), "{}", finding.message);
    // A custom domain the app never configures.
    let found = findings(
        "nextjs-correct",
        &[(
            "convex/auth.config.ts",
            "issuer: `https://api.workos.com/user_management/${clientId}`",
            "issuer: `https://auth.example.com/user_management/${clientId}`",
        )],
    );
    assert_has(&found, "error auth-config/custom-domain-issuer-mismatch convex/auth.config.ts:21");
}

// ---- Family 7: sub-path deploys ------------------------------------------------------------

#[test]
fn a_base_path_the_redirect_uri_does_not_follow() {
    let found = findings("vite-correct", &[("vite.config.ts", "plugins: [react()],", "base: '/app/',\n  plugins: [react()],")]);
    assert_has(&found, "warning redirect/base-path .env.local:7");
    let found =
        findings("nextjs-correct", &[("next.config.ts", "", "const nextConfig = { basePath: '/docs' };\nexport default nextConfig;\n")]);
    assert_has(&found, "warning redirect/base-path .env.local:9");
    // The same base in the redirect URI is quiet.
    let found = findings(
        "vite-correct",
        &[
            ("vite.config.ts", "plugins: [react()],", "base: '/app/',\n  plugins: [react()],"),
            (".env.local", "http://localhost:5173/callback", "http://localhost:5173/app/callback"),
        ],
    );
    assert!(!found.iter().any(|f| f.contains("redirect/base-path")), "{found:#?}");
}
