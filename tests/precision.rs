//! Precision families (issue 11): each shape of real project that used to get false findings,
//! built as a mutation of `examples/nextjs-correct`, in a quiet form (no error or warning may
//! appear) and in a broken twin that must still fire, asserted on rule and location.
//!
//! The five families: files that are not the app (backups, bundles, unused adapters), a fresh
//! checkout without local env, the wrong auth setup assumed, unknown values treated as absent,
//! and errors about what lives outside the repo (the dashboard's JWT template, message text).

mod common;
use authkit_doctor_core::check::{self, CheckOptions};
use authkit_doctor_core::diagnostic::Severity;
use authkit_doctor_core::report;
use common::copy_dir;
use std::path::{Path, PathBuf};

fn example() -> PathBuf {
    example_named("nextjs-correct")
}

fn example_named(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name)
}

/// A project: a correct example (Next.js unless said otherwise, or nothing) with files written
/// over it and removed.
struct Case {
    base: Option<&'static str>,
    /// Where the example goes inside the project (`""`: at its root).
    base_dir: &'static str,
    write: Vec<(&'static str, String)>,
    remove: Vec<&'static str>,
}

impl Case {
    fn on_example() -> Self {
        Case { base: Some("nextjs-correct"), base_dir: "", write: Vec::new(), remove: Vec::new() }
    }
    fn on_vite_example() -> Self {
        Case { base: Some("vite-correct"), base_dir: "", write: Vec::new(), remove: Vec::new() }
    }
    /// The example as one app of a monorepo, at `dir`.
    fn example_at(dir: &'static str) -> Self {
        Case { base: Some("nextjs-correct"), base_dir: dir, write: Vec::new(), remove: Vec::new() }
    }
    fn empty() -> Self {
        Case { base: None, base_dir: "", write: Vec::new(), remove: Vec::new() }
    }
    fn with(mut self, path: &'static str, text: impl Into<String>) -> Self {
        self.write.push((path, text.into()));
        self
    }
    fn without(mut self, path: &'static str) -> Self {
        self.remove.push(path);
        self
    }

    /// `severity rule file:line` of every finding at `min` severity or above, sorted.
    fn findings(&self, min: Severity) -> (Vec<String>, check::CheckRun) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("project");
        if let Some(name) = self.base {
            copy_dir(&example_named(name), &root.join(self.base_dir));
        }
        std::fs::create_dir_all(&root).unwrap();
        for path in &self.remove {
            std::fs::remove_file(root.join(path)).unwrap();
        }
        for (path, text) in &self.write {
            let file = root.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
        let mut run = check::run(&root, &CheckOptions::default()).unwrap();
        report::sort_findings(&mut run.findings, &run.files);
        let found = run
            .findings
            .iter()
            .filter(|f| f.severity >= min)
            .map(|f| {
                let at = f.location.as_ref().map(|l| {
                    let pos = report::resolve(&run.files, l).unwrap();
                    format!("{}:{}", l.file, pos.line)
                });
                format!("{} {} {}", f.severity.as_str(), f.rule, at.unwrap_or_default())
            })
            .collect();
        (found, run)
    }

    fn assert_quiet(&self, name: &str) -> check::CheckRun {
        let (found, run) = self.findings(Severity::Warning);
        assert!(found.is_empty(), "{name}: expected no error or warning, got {found:#?}");
        run
    }

    fn assert_fires(&self, name: &str, wanted: &[&str]) {
        let (found, _) = self.findings(Severity::Warning);
        for w in wanted {
            assert!(found.iter().any(|f| f == w), "{name}: expected `{w}` among {found:#?}");
        }
    }
}

const PLAIN_PROVIDER: &str = r#"'use client';

import type { ReactNode } from 'react';
import { ConvexProvider, ConvexReactClient } from 'convex/react';
import { AuthKitProvider } from '@workos-inc/authkit-nextjs/components';

const convex = new ConvexReactClient(process.env.NEXT_PUBLIC_CONVEX_URL!);

export function ConvexClientProvider({ children }: { children: ReactNode }) {
  return (
    <AuthKitProvider>
      <ConvexProvider client={convex}>{children}</ConvexProvider>
    </AuthKitProvider>
  );
}
"#;

const UNUSED_ADAPTER: &str = r#"'use client';

// The adapter from before the move to ConvexProviderWithAuth. Nothing imports it any more.
import { useAccessToken } from '@workos-inc/authkit-nextjs/components';
import { ConvexReactClient } from 'convex/react';

export function useLegacyTokenSync(convex: ConvexReactClient) {
  const { getAccessToken } = useAccessToken();
  convex.setAuth(async ({ forceRefreshToken }) => (forceRefreshToken ? null : ((await getAccessToken()) ?? null)));
}
"#;

// ---- Family 1: files that are not the app ------------------------------------------------

#[test]
fn backups_bundles_and_unused_files_are_not_the_app() {
    let bundle = format!("var e={{}};{}\n", "function n(){return getSignInUrl()}const t=ConvexProvider,u=useAuth;".repeat(120));
    Case::on_example()
        .with("app.old/layout.tsx", PLAIN_PROVIDER.replace("export function ConvexClientProvider", "export default function RootLayout"))
        .with("docs/assets/index-B3x9QaZ1.js", bundle)
        .with("components/OldConvexProvider.tsx", PLAIN_PROVIDER)
        .with(
            "components/OldConvexProvider.test.tsx",
            "import { ConvexClientProvider } from './OldConvexProvider';\nexport const x = ConvexClientProvider;\n",
        )
        .assert_quiet("backups, a committed bundle, an unused provider and its test");
}

#[test]
fn an_unused_adapter_does_not_hide_the_plain_provider_in_use() {
    Case::on_example()
        .with("components/ConvexClientProvider.tsx", PLAIN_PROVIDER)
        .with("components/LegacyTokenSync.tsx", UNUSED_ADAPTER)
        .assert_fires("plain provider in use", &["error client/plain-convex-provider components/ConvexClientProvider.tsx:12"]);
}

// ---- Family 2: a fresh checkout ------------------------------------------------------------

#[test]
fn a_fresh_clone_without_local_env_gets_one_note() {
    let run =
        Case::on_example().without(".env.local").without("authkit-doctor.json").without("convex-env.dev.txt").assert_quiet("fresh clone");
    let notes: Vec<_> = run.findings.iter().filter(|f| f.rule == "env/local-env-not-set-up").collect();
    assert_eq!(notes.len(), 1, "{:#?}", run.findings);
    assert_eq!(notes[0].location.as_ref().unwrap().file, ".env.local.example");
}

#[test]
fn a_committed_env_file_is_not_a_working_copy() {
    Case::on_example()
        .without(".env.local")
        .without("authkit-doctor.json")
        .without("convex-env.dev.txt")
        .with(".env.development", "NEXT_PUBLIC_WORKOS_REDIRECT_URI=http://localhost:3000/callback\n")
        .assert_quiet("a committed .env.development only");
}

#[test]
fn a_working_copy_missing_the_convex_url_still_fires() {
    let env = std::fs::read_to_string(example().join(".env.local")).unwrap();
    let env: String = env.lines().filter(|l| !l.starts_with("NEXT_PUBLIC_CONVEX_URL")).map(|l| format!("{l}\n")).collect();
    Case::on_example()
        .with(".env.local", env)
        .assert_fires("no Convex URL", &["error convex-env/convex-url-missing components/ConvexClientProvider.tsx:7"]);
}

// ---- Family 3: the wrong auth setup assumed ------------------------------------------------

fn convex_auth_with_workos() -> Case {
    Case::empty()
        .with(
            "package.json",
            r#"{ "name": "ca", "dependencies": { "convex": "^1.17.0", "@convex-dev/auth": "^0.0.80", "@auth/core": "^0.37.0", "react": "^18.3.0" }, "devDependencies": { "vite": "^5.4.0" } }"#,
        )
        .with("convex/auth.config.ts", "export default {\n  providers: [{ domain: process.env.CONVEX_SITE_URL, applicationID: \"convex\" }],\n};\n")
        .with(
            "convex/auth.ts",
            "import WorkOS from \"@auth/core/providers/workos\";\nimport { convexAuth } from \"@convex-dev/auth/server\";\nexport const { auth, signIn, signOut, store, isAuthenticated } = convexAuth({ providers: [WorkOS] });\n",
        )
        .with("convex/notes.ts", "import { query } from './_generated/server';\nexport const list = query({ handler: async (ctx) => (await ctx.auth.getUserIdentity())?.subject });\n")
        .with(
            "src/main.tsx",
            "import { ConvexAuthProvider } from \"@convex-dev/auth/react\";\nimport { ConvexReactClient } from \"convex/react\";\nimport { createRoot } from \"react-dom/client\";\nconst convex = new ConvexReactClient(import.meta.env.VITE_CONVEX_URL as string);\ncreateRoot(document.getElementById(\"root\")!).render(<ConvexAuthProvider client={convex}><div /></ConvexAuthProvider>);\n",
        )
        .with(".env.local", "VITE_CONVEX_URL=https://happy-animal-123.convex.cloud\n")
        .with(".gitignore", ".env.local\n")
}

#[test]
fn convex_auth_with_workos_as_oauth_provider_is_not_authkit() {
    let run = convex_auth_with_workos().assert_quiet("Convex Auth + WorkOS OAuth");
    assert_eq!(run.facts.setup.of_convex(0), authkit_doctor_core::facts::setup::AuthSetup::ConvexAuth);
    let summary = serde_json::to_value(run.summary()).unwrap();
    assert_eq!(summary["convex"][0]["setup"], "convex-auth", "{summary}");
}

#[test]
fn convex_without_auth_is_not_told_to_add_authkit() {
    Case::empty()
        .with("package.json", r#"{ "name": "plain", "dependencies": { "convex": "^1.29.0", "react": "^19.1.0", "next": "^15.4.3" } }"#)
        .with("convex/tasks.ts", "import { query } from './_generated/server';\nexport const mine = query({ handler: async (ctx) => (await ctx.auth.getUserIdentity())?.subject });\n")
        .assert_quiet("Convex without auth");
}

#[test]
fn an_authkit_app_without_auth_config_still_fires() {
    Case::on_example()
        .without("convex/auth.config.ts")
        .assert_fires("AuthKit app, no auth config", &["error auth-config/missing convex/myFunctions.ts:7"]);
}

// ---- Family 4: unknown is not absent ---------------------------------------------------------

const HELPER_CONFIG: &str = r#"import { getClientId } from './env';

const clientId = getClientId();

export default {
  providers: [
    {
      type: 'customJwt',
      issuer: 'https://api.workos.com/',
      algorithm: 'RS256',
      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
      applicationID: clientId,
    },
    {
      type: 'customJwt',
      issuer: `https://api.workos.com/user_management/${clientId}`,
      algorithm: 'RS256',
      jwks: JWKS_URL,
    },
  ],
};
"#;

const CUSTOM_CALLBACK: &str = r#"import { NextRequest, NextResponse } from 'next/server';
import { WorkOS } from '@workos-inc/node';
import { saveSession } from '@workos-inc/authkit-nextjs';

const workos = new WorkOS(process.env.WORKOS_API_KEY);

export async function GET(request: NextRequest) {
  const code = request.nextUrl.searchParams.get('code');
  if (!code) return NextResponse.redirect(new URL('/', request.url));
  const auth = await workos.userManagement.authenticateWithCode({ clientId: process.env.WORKOS_CLIENT_ID!, code });
  await saveSession(auth, request);
  return NextResponse.redirect(new URL('/', request.url));
}
"#;

fn helper_config(jwks: &str) -> String {
    HELPER_CONFIG.replace("JWKS_URL", jwks)
}

#[test]
fn helpers_across_files_and_custom_callbacks_are_followed() {
    Case::on_example()
        .with("convex/auth.config.ts", helper_config("`https://api.workos.com/sso/jwks/${clientId}`"))
        .with(
            "convex/env.ts",
            "export function getClientId(): string {\n  const id = process.env.WORKOS_CLIENT_ID;\n  if (!id) throw new Error('Set WORKOS_CLIENT_ID (client_...) on the deployment');\n  return id;\n}\n",
        )
        .with("app/callback/route.ts", CUSTOM_CALLBACK)
        .assert_quiet("helper + custom callback");
}

#[test]
fn a_helper_nobody_can_evaluate_is_reported_as_unknown_not_missing() {
    let (found, run) = Case::on_example()
        .with("convex/auth.config.ts", helper_config("`https://api.workos.com/sso/jwks/${clientId}`"))
        .with("convex/env.ts", "export function getClientId(): string {\n  return readSecret('WORKOS_CLIENT_ID');\n}\n")
        .findings(Severity::Warning);
    assert!(found.is_empty(), "{found:#?}");
    assert!(run.findings.iter().any(|f| f.rule == "auth-config/not-statically-resolvable"), "{:#?}", run.findings);
}

#[test]
fn a_wrong_value_from_a_helper_and_a_default_export_handler_still_fire() {
    Case::on_example()
        .with("convex/auth.config.ts", helper_config("'https://api.workos.com/user_management/jwks'"))
        .with("convex/env.ts", "export const getClientId = () => process.env.WORKOS_CLIENT_ID!;\n")
        .assert_fires("wrong jwks", &["error auth-config/jwks-url convex/auth.config.ts:18"]);
    Case::on_example()
        .with("app/callback/route.ts", CUSTOM_CALLBACK.replace("export async function GET", "export default async function handler"))
        .assert_fires("default export handler", &["error nextjs/callback-route-missing .env.local:9"]);
}

// ---- Family 5: what lives outside the repo ---------------------------------------------------

fn application_id_on_user_management() -> Case {
    let config = std::fs::read_to_string(example().join("convex/auth.config.ts")).unwrap();
    let config = config.replace(
        "      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n    },\n  ],",
        "      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n      applicationID: clientId,\n    },\n  ],",
    );
    Case::on_example().with("convex/auth.config.ts", config)
}

#[test]
fn a_documented_jwt_template_turns_the_aud_finding_into_a_note() {
    let readme = "# Notes\n\n## WorkOS setup\n\nIn the WorkOS dashboard, add this JWT template (Authentication → Sessions):\n\n```json\n{ \"aud\": \"{{ client.id }}\", \"email\": \"{{ user.email }}\" }\n```\n";
    let run = application_id_on_user_management().with("README.md", readme).assert_quiet("documented JWT template");
    let note = run.findings.iter().find(|f| f.rule == "auth-config/application-id-on-user-management").expect("the note stays");
    assert_eq!(note.severity, Severity::Info);
}

#[test]
fn a_step_that_adds_the_client_id_to_the_jwt_is_a_documented_aud() {
    // The audience is the client id: a setup step can add it without saying `aud`.
    let readme = "# Setup\n\n1. Add `WorkOS Client Id` to the JWT token: https://dashboard.workos.com/environment/authentication/edit-jwt-template\n2. Set the redirect URI to `http://localhost:3000/callback`\n";
    let run = application_id_on_user_management().with("README.md", readme).assert_quiet("client id added to the JWT");
    let note = run.findings.iter().find(|f| f.rule == "auth-config/application-id-on-user-management").expect("the note stays");
    assert_eq!(note.severity, Severity::Info);
    // A doc that speaks of the JWT template and, elsewhere, of adding the client id to an env
    // file documents no audience.
    let env_step =
        "# Setup\n\nSee the JWT template docs if you need claims.\n\n1. Add `WORKOS_CLIENT_ID` to `.env.local`; Convex checks the JWT.\n";
    application_id_on_user_management().with("README.md", env_step).assert_fires(
        "client id added to an env file",
        &["warning auth-config/application-id-on-user-management convex/auth.config.ts:24"],
    );
}

#[test]
fn the_aud_finding_names_its_condition_as_a_warning() {
    application_id_on_user_management().assert_fires(
        "applicationID on user_management",
        &["warning auth-config/application-id-on-user-management convex/auth.config.ts:24"],
    );
}

#[test]
fn client_ids_in_messages_are_not_configuration_but_a_fallback_is() {
    let config = std::fs::read_to_string(example().join("convex/auth.config.ts")).unwrap();
    let with_message = config.replace(
        "const clientId = process.env.WORKOS_CLIENT_ID;",
        "const clientId = process.env.WORKOS_CLIENT_ID;\nif (!clientId) throw new Error('WORKOS_CLIENT_ID is missing: npx convex env set WORKOS_CLIENT_ID client_01ABCDEFGHJKMNPQRSTVWXYZ01');\nconsole.info('expects an id like client_01ABCDEFGHJKMNPQRSTVWXYZ01');",
    );
    Case::on_example().with("convex/auth.config.ts", with_message).assert_quiet("client id in messages");
    let with_fallback = config.replace(
        "const clientId = process.env.WORKOS_CLIENT_ID;",
        "const clientId = process.env.WORKOS_CLIENT_ID ?? 'client_01JCPX3DEJZDNW4GCA5WQCYMFS';",
    );
    Case::on_example()
        .with("convex/auth.config.ts", with_fallback)
        .assert_fires("client id fallback", &["warning auth-config/hardcoded-client-id convex/auth.config.ts:4"]);
}

#[test]
fn a_backend_without_convex_auth_does_not_need_a_token() {
    // The app signs in with AuthKit but its Convex functions never ask who the user is (they
    // take ids as arguments): the plain provider and the missing auth config break nothing.
    Case::on_example()
        .without("convex/auth.config.ts")
        .with("convex/myFunctions.ts", "import { query } from './_generated/server';\nexport const list = query({ handler: async (ctx) => ctx.db.query('notes').collect() });\n")
        .with("components/ConvexClientProvider.tsx", PLAIN_PROVIDER)
        .assert_quiet("AuthKit app, Convex without auth");
}

#[test]
fn providers_pushed_under_a_condition_are_unknown_not_missing() {
    let config = "const providers: any[] = [];\nconst issuer = process.env.WORKOS_JWT_ISSUER;\nif (issuer) {\n  providers.push({ type: 'customJwt', issuer, jwks: process.env.WORKOS_JWKS_URL, algorithm: 'RS256' });\n}\nexport default { providers };\n";
    let (found, run) = Case::on_example().with("convex/auth.config.ts", config).findings(Severity::Warning);
    assert!(found.is_empty(), "{found:#?}");
    assert!(run.findings.iter().any(|f| f.rule == "auth-config/not-statically-resolvable"), "{:#?}", run.findings);
    // The same file with nothing pushed is an empty list for sure: Convex accepts no token.
    Case::on_example()
        .with("convex/auth.config.ts", "const providers: any[] = [];\nexport default { providers };\n")
        .assert_fires("no providers at all", &["error auth-config/missing-user-management-provider convex/auth.config.ts:2"]);
}

// ---- Family 1, mount context: a component that mounts later is not in the race ------------

/// `Notes` renders `NoteStats`, which gates its queries on WorkOS's user; `{mount}` decides
/// when `NoteStats` mounts.
fn notes_with_stats(mount: &str) -> String {
    format!(
        r#"'use client';

import {{ useState }} from 'react';
import {{ useQuery }} from 'convex/react';
import {{ useAuth }} from '@workos-inc/authkit-nextjs/components';
import {{ api }} from '@/convex/_generated/api';

export function Notes() {{
  const [showStats, setShowStats] = useState(false);
  return (
    <section>
      <button onClick={{() => setShowStats(true)}}>Stats</button>
      {mount}
    </section>
  );
}}

function NoteStats() {{
  const {{ user, loading }} = useAuth();
  const count = useQuery(api.myFunctions.countNotes, loading || !user ? 'skip' : {{}});
  const latest = useQuery(api.myFunctions.latestNote, !user || !count ? 'skip' : {{ limit: count }});
  return <p>{{count}} notes, latest {{latest?.text}}</p>;
}}
"#
    )
}

#[test]
fn a_user_gated_query_in_a_component_mounted_later_is_quiet() {
    // Shown after a click: by then Convex has long accepted the token.
    Case::on_example()
        .with("components/Notes.tsx", notes_with_stats("{showStats && <NoteStats />}"))
        .assert_quiet("component mounted under a state condition");
}

#[test]
fn a_user_gated_query_mounted_with_the_page_fires_once_per_chain() {
    let case = Case::on_example().with("components/Notes.tsx", notes_with_stats("<NoteStats />"));
    // A note: whether the window exists depends on the adapter's `isAuthenticated` at run time.
    let (found, _) = case.findings(Severity::Info);
    assert!(found.iter().any(|f| f == "info client/useauth-gates-convex components/Notes.tsx:20"), "{found:#?}");
    // The second query waits for the first one's result: it is not reported on its own.
    assert!(!found.iter().any(|f| f.ends_with("components/Notes.tsx:21")), "{found:#?}");
    // Functions that never ask who the user is answer the same before and after the token.
    let functions = example_file("convex/myFunctions.ts");
    let without_auth = "import { v } from 'convex/values';\nimport { mutation, query } from './_generated/server';\nexport const listNotes = query({ args: { owner: v.string() }, handler: async (ctx, { owner }) => ctx.db.query('notes').withIndex('by_owner', (q) => q.eq('owner', owner)).take(50) });\nexport const addNote = mutation({ args: { owner: v.string(), text: v.string() }, handler: async (ctx, args) => ctx.db.insert('notes', args) });\n";
    assert!(functions.contains("getUserIdentity"), "the example's functions changed");
    let (found, _) = Case::on_example()
        .with("components/Notes.tsx", notes_with_stats("<NoteStats />"))
        .with("convex/myFunctions.ts", without_auth)
        .findings(Severity::Info);
    assert!(!found.iter().any(|f| f.contains("client/useauth-gates-convex")), "{found:#?}");
}

// ---- Family 4, identity claims backed up by another source ----------------------------------

#[test]
fn identity_reads_that_back_up_another_source_are_not_reported() {
    let upsert = |body: &str| {
        format!(
            "import {{ v }} from 'convex/values';\nimport {{ mutation }} from './_generated/server';\nexport const upsertMe = mutation({{\n  args: {{ email: v.optional(v.string()), first: v.optional(v.string()), picture: v.optional(v.string()) }},\n  handler: async (ctx, args) => {{\n    const identity = await ctx.auth.getUserIdentity();\n    if (!identity) throw new Error('Not signed in');\n{body}\n    return await ctx.db.insert('profiles', {{ owner: identity.tokenIdentifier, email, first, picture }});\n  }},\n}});\n"
        )
    };
    let backed_up = "    const email = identity.email || args.email;\n    let first = args.first;\n    if (!first) first = identity.givenName as string | undefined;\n    const picture = args.picture ?? identity.pictureUrl;";
    Case::on_example()
        .with("convex/profiles.ts", upsert(backed_up))
        .with("app/profile/page.tsx", calls("api.profiles.upsertMe"))
        .assert_quiet("claims behind other sources");
    // The claim as the only source (or with a literal default) still fires.
    let alone = "    const email = identity.email ?? 'unknown';\n    const first = identity.givenName as string | undefined;\n    const picture = identity.pictureUrl;";
    Case::on_example().with("convex/profiles.ts", upsert(alone)).with("app/profile/page.tsx", calls("api.profiles.upsertMe")).assert_fires(
        "claims as the only source",
        &[
            "warning functions/identity-claim-needs-template convex/profiles.ts:8",
            "error functions/identity-field-never-set convex/profiles.ts:9",
            "error functions/identity-field-never-set convex/profiles.ts:10",
        ],
    );
}

// ---- Family 1, Convex dir: files the Convex CLI never deploys ----------------------------

/// A client page that calls the Convex function `reference` (`api.profiles.upsertMe`): what a
/// function reads from the identity only matters once something calls it.
fn calls(reference: &str) -> String {
    format!(
        "'use client';\n\nimport {{ useQuery }} from 'convex/react';\nimport {{ api }} from '../../convex/_generated/api';\n\nexport default function Page() {{\n  const value = useQuery({reference} as never);\n  return <pre>{{JSON.stringify(value)}}</pre>;\n}}\n"
    )
}

const READS_EMAIL: &str = r#"import { query } from './_generated/server';

export const me = query({
  args: {},
  handler: async (ctx) => {
    const identity = await ctx.auth.getUserIdentity();
    return identity?.email ?? null;
  },
});
"#;

#[test]
fn convex_files_the_cli_does_not_deploy_are_not_read() {
    // A name with a space or two dots is no entry point, and nothing imports these copies.
    Case::on_example()
        .with("convex/myFunctions copy.ts", READS_EMAIL)
        .with("convex/users.backup.ts", READS_EMAIL)
        .assert_quiet("stray copies in convex/");
}

#[test]
fn a_deployed_convex_file_and_a_helper_it_imports_are_read() {
    Case::on_example()
        .with("convex/profile.ts", "export { me } from './lib/me.helpers';\n")
        .with("convex/lib/me.helpers.ts", READS_EMAIL)
        .with("app/me/page.tsx", calls("api.profile.me"))
        .assert_fires("helper imported by an entry point", &["warning functions/identity-claim-needs-template convex/lib/me.helpers.ts:7"]);
}

// ---- Session 11 families from the corpus review -------------------------------------------

fn example_file(path: &str) -> String {
    std::fs::read_to_string(example().join(path)).unwrap()
}

fn auth_config_with(from: &str, to: &str) -> Case {
    let config = example_file("convex/auth.config.ts");
    assert!(config.contains(from), "the example's auth config changed: {from}");
    Case::on_example().with("convex/auth.config.ts", config.replace(from, to))
}

const UM_JWKS: &str = "      issuer: `https://api.workos.com/user_management/${clientId}`,\n      algorithm: 'RS256',\n      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n";

#[test]
fn an_audience_of_the_projects_own_naming_is_a_note() {
    // `applicationID: "convex-workos"` only matches tokens from a JWT template someone set up.
    let case = auth_config_with(UM_JWKS, &format!("{UM_JWKS}      applicationID: 'convex-workos',\n"));
    let run = case.assert_quiet("own audience");
    let note = run.findings.iter().find(|f| f.rule == "auth-config/application-id-on-user-management").expect("a note stays");
    assert_eq!(note.severity, Severity::Info);
}

#[test]
fn the_same_provider_twice_is_redundant_but_a_different_one_fires() {
    let second = format!(
        "    {{\n      type: 'customJwt',\n{}    }},\n  ],",
        UM_JWKS.replace("${clientId}`,\n      algorithm", "${clientId}/`,\n      algorithm")
    );
    auth_config_with("    },\n  ],", &format!("    }},\n{second}")).assert_quiet("same provider twice, trailing slash");
    let other_algorithm = second.replace("'RS256'", "'ES256'");
    auth_config_with("    },\n  ],", &format!("    }},\n{other_algorithm}"))
        .assert_fires("same issuer, other algorithm", &["warning auth-config/duplicate-issuer convex/auth.config.ts:27"]);
}

#[test]
fn a_jwks_route_of_the_deployment_and_a_sentinel_are_not_mistakes() {
    auth_config_with(
        "      jwks: `https://api.workos.com/sso/jwks/${clientId}`,\n    },\n  ],",
        "      jwks: `${process.env.CONVEX_SITE_URL}/.well-known/jwks.json`,\n    },\n  ],",
    )
    .assert_quiet("JWKS served by the deployment");
    auth_config_with(
        "const clientId = process.env.WORKOS_CLIENT_ID;",
        "const clientId = process.env.WORKOS_CLIENT_ID ?? 'client_local_preview_placeholder';",
    )
    .assert_quiet("a placeholder of the project's own");
    auth_config_with(
        "const clientId = process.env.WORKOS_CLIENT_ID;",
        "const clientId = process.env.WORKOS_CLIENT_ID ?? 'client_01HXYZABCDEFGHJKMNPQRSTVWX';",
    )
    .assert_fires("a real client id as fallback", &["warning auth-config/hardcoded-client-id convex/auth.config.ts:4"]);
}

const SERVER_ROUTE_PROVIDER: &str = r#"'use client';

import { type ReactNode, useCallback, useMemo } from 'react';
import { ConvexProviderWithAuth, ConvexReactClient } from 'convex/react';

const convex = new ConvexReactClient(process.env.NEXT_PUBLIC_CONVEX_URL!);

export function ConvexClientProvider({ children }: { children: ReactNode }) {
  return (
    <ConvexProviderWithAuth client={convex} useAuth={useAuthFromServer}>
      {children}
    </ConvexProviderWithAuth>
  );
}

// The server route calls withAuth() (its session refreshes the token); nothing here is cached.
function useAuthFromServer() {
  const fetchAccessToken = useCallback(async () => {
    const response = await fetch('/api/auth/token');
    return response.ok ? ((await response.json()).accessToken ?? null) : null;
  }, []);
  return useMemo(() => ({ isLoading: false, isAuthenticated: true, fetchAccessToken }), [fetchAccessToken]);
}
"#;

#[test]
fn an_adapter_fed_by_a_server_route_needs_no_authkit_provider() {
    Case::on_example()
        .with("components/ConvexClientProvider.tsx", SERVER_ROUTE_PROVIDER)
        .with("app/api/auth/token/route.ts", "import { withAuth } from '@workos-inc/authkit-nextjs';\n\nexport async function GET() {\n  const { accessToken } = await withAuth();\n  return Response.json({ accessToken: accessToken ?? null });\n}\n")
        .assert_quiet("server-route adapter");
    // The same adapter reading a token it kept from an earlier call is still stale.
    let cached = SERVER_ROUTE_PROVIDER
        .replace("function useAuthFromServer() {\n", "let kept: string | null = null;\n\nfunction useAuthFromServer() {\n")
        .replace("    const response = await fetch('/api/auth/token');\n    return response.ok ? ((await response.json()).accessToken ?? null) : null;\n", "    return kept;\n");
    Case::on_example()
        .with("components/ConvexClientProvider.tsx", cached)
        .assert_fires("cached token", &["warning client/fetch-access-token-ignores-force-refresh components/ConvexClientProvider.tsx:20"]);
}

#[test]
fn a_hand_built_authorize_url_with_pkce_is_a_complete_flow() {
    let flow = |pkce: &str| {
        format!(
            "'use client';\n\nexport async function signInByHand(clientId: string, challenge: string) {{\n  window.location.href = `https://api.workos.com/user_management/authorize?client_id=${{clientId}}&provider=authkit&response_type=code&redirect_uri=${{encodeURIComponent(window.location.origin + '/callback')}}{pkce}`;\n}}\n"
        )
    };
    let page = |file: &str| {
        example_file("app/page.tsx").replace("import { Notes } from '@/components/Notes';", &format!("import {{ Notes }} from '@/components/Notes';\nimport {{ signInByHand }} from '@/components/{file}';\nexport const keep = signInByHand;"))
    };
    Case::on_example()
        .with("components/SignInByHand.ts", flow("&code_challenge=${challenge}&code_challenge_method=S256"))
        .with("app/page.tsx", page("SignInByHand"))
        .assert_quiet("PKCE flow");
    Case::on_example()
        .with("components/SignInByHand.ts", flow(""))
        .with("app/page.tsx", page("SignInByHand"))
        .assert_fires("no PKCE", &["warning client/manual-authorize-url components/SignInByHand.ts:4"]);
}

#[test]
fn a_declared_sdk_no_file_imports_is_not_how_the_app_signs_in() {
    // A hand-written WorkOS integration next to a leftover authkit-nextjs dependency: no
    // AuthKit middleware is needed, because nothing uses AuthKit's session.
    let mut case = Case::on_example().without("middleware.ts");
    for (path, text) in [
        ("components/ConvexClientProvider.tsx", SERVER_ROUTE_PROVIDER.to_string()),
        ("app/api/auth/token/route.ts", "import { readSession } from '@/lib/session';\n\nexport async function GET() {\n  return Response.json({ accessToken: (await readSession())?.accessToken ?? null });\n}\n".to_string()),
        ("lib/session.ts", "export async function readSession(): Promise<{ accessToken: string } | null> {\n  return null;\n}\n".to_string()),
        ("app/page.tsx", "import { Notes } from '@/components/Notes';\n\nexport default function HomePage() {\n  return <main><Notes /></main>;\n}\n".to_string()),
    ] {
        case = case.with(path, text);
    }
    for gone in ["app/callback/route.ts", "app/sign-in/route.ts", "app/sign-up/route.ts"] {
        case = case.without(gone);
    }
    let (found, _) = case.findings(Severity::Warning);
    assert!(!found.iter().any(|f| f.contains("nextjs/")), "no Next.js AuthKit rule applies: {found:#?}");
    // The example itself, without its middleware, still fires.
    Case::on_example()
        .without("middleware.ts")
        .assert_fires("AuthKit in use, no middleware", &["error nextjs/middleware-missing app/page.tsx:5"]);
}

#[test]
fn workos_providers_in_a_convex_auth_project_are_not_authkit_ones() {
    // WorkOS listed in auth.config.ts next to Convex Auth, and no AuthKit SDK anywhere.
    let config = "export default {\n  providers: [\n    { domain: process.env.CONVEX_SITE_URL, applicationID: \"convex\" },\n    { domain: \"https://api.workos.com/\", applicationID: \"workos\" },\n  ],\n};\n";
    let run = convex_auth_with_workos().with("convex/auth.config.ts", config).assert_quiet("Convex Auth with a WorkOS provider");
    assert_eq!(run.facts.setup.of_convex(0), authkit_doctor_core::facts::setup::AuthSetup::ConvexAuth);
    // The same config in a project that does use AuthKit is judged as AuthKit's.
    let with_authkit = r#"{ "name": "ca", "dependencies": { "convex": "^1.17.0", "@convex-dev/auth": "^0.0.80", "@workos-inc/authkit-react": "^0.13.0", "react": "^18.3.0" }, "devDependencies": { "vite": "^5.4.0" } }"#;
    convex_auth_with_workos()
        .with("convex/auth.config.ts", config)
        .with("package.json", with_authkit)
        .assert_fires("AuthKit present", &["error auth-config/legacy-oidc-domain convex/auth.config.ts:4"]);
}

#[test]
fn a_second_client_read_from_its_own_env_var_is_not_a_mix_up() {
    let extra = "    {\n      type: 'customJwt',\n      issuer: `https://api.workos.com/user_management/${process.env.WORKOS_OTHER_CLIENT_ID}`,\n      algorithm: 'RS256',\n      jwks: `https://api.workos.com/sso/jwks/${process.env.WORKOS_OTHER_CLIENT_ID}`,\n    },\n  ],";
    let env = format!("{}WORKOS_OTHER_CLIENT_ID=client_01JCPX3DEJZDNW4GCA5WQCYOTH\n", example_file("convex-env.dev.txt"));
    auth_config_with("    },\n  ],", &format!("    }},\n{extra}"))
        .with("convex-env.dev.txt", env.clone())
        .assert_quiet("a second WorkOS client");
    // One provider that mixes two ids is broken for the tokens it is there for.
    let mixed = extra.replace("sso/jwks/${process.env.WORKOS_OTHER_CLIENT_ID}", "sso/jwks/${clientId}");
    auth_config_with("    },\n  ],", &format!("    }},\n{mixed}"))
        .with("convex-env.dev.txt", env)
        .assert_fires("mixed ids in one provider", &["warning auth-config/client-id-inconsistent convex/auth.config.ts:27"]);
}

#[test]
fn a_declared_sdk_the_code_does_not_import_does_not_pick_the_callback_style() {
    // Declares authkit-react-router (left over) but signs in with authkit-react in the browser:
    // no redirectUri prop means `window.origin`, which follows every Vercel preview.
    let spa = |provider_props: &str| {
        Case::empty()
            .with("package.json", r#"{ "name": "spa", "dependencies": { "@workos-inc/authkit-react": "^0.13.0", "@workos-inc/authkit-react-router": "^0.5.0", "convex": "^1.29.0", "react": "^19.1.0", "react-dom": "^19.1.0" }, "devDependencies": { "vite": "^7.0.0" } }"#)
            .with("vercel.json", "{ \"rewrites\": [{ \"source\": \"/(.*)\", \"destination\": \"/index.html\" }] }\n")
            .with("index.html", "<div id=\"root\"></div><script type=\"module\" src=\"/src/main.tsx\"></script>\n")
            .with("src/main.tsx", format!("import {{ createRoot }} from 'react-dom/client';\nimport {{ AuthKitProvider }} from '@workos-inc/authkit-react';\ncreateRoot(document.getElementById('root')!).render(<AuthKitProvider clientId={{import.meta.env.VITE_WORKOS_CLIENT_ID}}{provider_props}><div /></AuthKitProvider>);\n"))
    };
    let (found, _) = spa("").findings(Severity::Warning);
    assert!(!found.iter().any(|f| f.contains("redirect/vercel-preview") || f.contains("root-auth-loader")), "{found:#?}");
    let (found, _) = spa(" redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}").findings(Severity::Warning);
    assert!(found.iter().any(|f| f.contains("redirect/vercel-preview")), "a fixed redirect URI still fires: {found:#?}");
}

// ---- Apps are the packages that run a framework ------------------------------------------

const MONOREPO_ROOT: &str = r#"{ "name": "mono", "private": true, "workspaces": ["apps/*", "packages/*"], "dependencies": { "@workos-inc/authkit-nextjs": "^2.7.1", "convex": "^1.29.0" } }"#;
const AUTH_HELPER_PACKAGE: &str = r#"{ "name": "@repo/auth", "private": true, "exports": { ".": "./src/index.ts", "./server": "./src/server.ts" }, "dependencies": { "@workos-inc/authkit-nextjs": "^2.7.1" }, "devDependencies": { "next": "^15.4.3" }, "peerDependencies": { "next": "^15.0.0" } }"#;

#[test]
fn a_hoisted_sdk_and_an_auth_helper_package_leave_the_next_app_as_the_app() {
    // The SDK is declared at the workspace root (hoisted) and the app under apps/web declares
    // only `next`; an auth helper package wraps the SDK for the apps and has no routes.
    let app_package = example_file("package.json").replace("    \"@workos-inc/authkit-nextjs\": \"^2.7.1\",\n", "");
    assert_ne!(app_package, example_file("package.json"));
    let monorepo = || {
        Case::example_at("apps/web")
            .with("package.json", MONOREPO_ROOT)
            .with("apps/web/package.json", app_package.clone())
            .with("packages/auth/package.json", AUTH_HELPER_PACKAGE)
            .with("packages/auth/src/server.ts", "export { withAuth, getSignInUrl } from '@workos-inc/authkit-nextjs';\n")
    };
    let run = monorepo().assert_quiet("hoisted SDK, helper package");
    let apps: Vec<&str> = run.project.apps.iter().map(|a| a.dir.as_str()).collect();
    assert_eq!(apps, ["apps/web"]);
    // The app itself is still judged: without its middleware it breaks.
    monorepo()
        .without("apps/web/middleware.ts")
        .assert_fires("no middleware in the app", &["error nextjs/middleware-missing apps/web/app/page.tsx:5"]);
}

#[test]
fn middleware_from_the_workspace_auth_package_is_not_missing() {
    let app_package = example_file("package.json").replace("\"convex\":", "\"@repo/auth\": \"workspace:*\",\n    \"convex\":");
    let monorepo = |middleware: &str| {
        Case::example_at("apps/web")
            .with("package.json", r#"{ "name": "mono", "private": true, "workspaces": ["apps/*", "packages/*"] }"#)
            .with("apps/web/package.json", app_package.clone())
            .with("packages/auth/package.json", AUTH_HELPER_PACKAGE)
            .with("packages/auth/src/middleware.ts", "import { authkitMiddleware as base } from '@workos-inc/authkit-nextjs';\nexport const authkitMiddleware = (options = {}) => base({ ...options });\n")
            .with("apps/web/middleware.ts", middleware.to_string())
    };
    monorepo("import { authkitMiddleware } from '@repo/auth/middleware';\n\nexport default authkitMiddleware();\n")
        .assert_quiet("the monorepo's own auth package provides the middleware");
    // A middleware that imports nothing that could run AuthKit still fires.
    monorepo("import { NextResponse } from 'next/server';\n\nexport default function middleware() {\n  return NextResponse.next();\n}\n")
        .assert_fires("a middleware without AuthKit", &["error nextjs/middleware-missing apps/web/middleware.ts:1"]);
}

#[test]
fn a_missing_auth_config_nothing_reads_yet_is_an_info() {
    // The client hands tokens to Convex, but no function asks who the user is and no component
    // waits on Convex auth: nothing breaks yet.
    let plain_functions = "import { query } from './_generated/server';\n\nexport const count = query({ args: {}, handler: async (ctx) => (await ctx.db.query('notes').collect()).length });\n";
    let unused = || {
        Case::on_example()
            .without("convex/auth.config.ts")
            .with("convex/myFunctions.ts", plain_functions)
            .with("components/Notes.tsx", "'use client';\n\nexport function Notes() {\n  return <p>No notes yet.</p>;\n}\n")
    };
    let (found, _) = unused().findings(Severity::Info);
    assert!(found.contains(&"info auth-config/missing components/ConvexClientProvider.tsx:12".to_string()), "{found:#?}");
    unused().assert_quiet("nothing reads Convex auth");
    // A component that waits on Convex auth makes it a warning: it never sees a signed-in user.
    Case::on_example()
        .without("convex/auth.config.ts")
        .with("convex/myFunctions.ts", plain_functions)
        .assert_fires("<Authenticated> never renders", &["warning auth-config/missing components/ConvexClientProvider.tsx:12"]);
}

/// The adapter the templates copy from `@convex-dev/workos`: no `forceRefreshToken`, but it calls
/// AuthKit's `getAccessToken()` every time, which renews a token about to expire by itself.
/// Only a token Convex rejects early comes back unchanged: an info, not a warning. Holding the
/// token in state instead (the `fires/` fixture) stays a warning.
#[test]
fn an_adapter_that_calls_get_access_token_each_time_is_an_info() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules/client/fetch-access-token-ignores-force-refresh");
    let rule = "client/fetch-access-token-ignores-force-refresh";
    let at = |project: &str| {
        let run = check::run(&dir.join(project), &CheckOptions { only: vec![rule.to_string()], ..Default::default() }).unwrap();
        run.findings.iter().map(|f| f.severity).collect::<Vec<_>>()
    };
    assert_eq!(at("self-renewing"), vec![Severity::Info]);
    assert_eq!(at("fires"), vec![Severity::Warning]);
}

// ---- Family 5, deployment evidence: the templates' convex.json blocks are not a deployment ---

/// The Vite example without its custom auth domain and without its Netlify config: it runs on
/// localhost, where authkit-react's devMode keeps the session without a third-party cookie.
fn vite_without_custom_domain() -> Case {
    let main = std::fs::read_to_string(example_named("vite-correct").join("src/main.tsx")).unwrap();
    let without = main.replace("      apiHostname={import.meta.env.VITE_WORKOS_API_HOSTNAME}\n", "");
    assert_ne!(main, without, "the Vite example's AuthKitProvider changed");
    Case::on_vite_example().with("src/main.tsx", without).without("netlify.toml")
}

/// What the Convex templates ship: registrations for a Vercel deployment that may never exist.
const CONVEX_JSON_BOILERPLATE: &str = r#"{
  "authKit": {
    "dev": {
      "configure": { "redirectUris": ["http://localhost:5173/callback"] }
    },
    "prod": {
      "configure": { "redirectUris": ["https://${buildEnv.VERCEL_PROJECT_PRODUCTION_URL}/callback"] }
    }
  }
}
"#;

#[test]
fn deployment_placeholders_in_convex_json_are_not_a_deployment() {
    vite_without_custom_domain().with("convex.json", CONVEX_JSON_BOILERPLATE).assert_quiet("convex.json boilerplate only");
    let wanted = ["warning client/spa-production-refresh src/main.tsx:45"];
    // A production host someone wrote down is a deployment.
    let written = CONVEX_JSON_BOILERPLATE.replace("${buildEnv.VERCEL_PROJECT_PRODUCTION_URL}", "notes.example.com");
    vite_without_custom_domain().with("convex.json", written).assert_fires("a real production host", &wanted);
    // So is a host config next to the boilerplate.
    vite_without_custom_domain()
        .with("convex.json", CONVEX_JSON_BOILERPLATE)
        .with("vercel.json", r#"{ "rewrites": [{ "source": "/(.*)", "destination": "/index.html" }] }"#)
        .assert_fires("boilerplate and vercel.json", &wanted);
}

// ---- Family 4, unknown issuers: a provider built from env may be the custom domain's --------

const ISSUER_FROM_ENV_CONFIG: &str = "const clientId = process.env.WORKOS_CLIENT_ID;
const tenantIssuer = process.env.WORKOS_ISSUER;

export default {
  providers: [
    {
      type: 'customJwt',
      issuer: 'https://api.workos.com/',
      algorithm: 'RS256',
      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
      applicationID: clientId,
    },
    {
      type: 'customJwt',
      issuer: `https://api.workos.com/user_management/${clientId}`,
      algorithm: 'RS256',
      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    },
    // TENANT
  ],
};
";

#[test]
fn an_issuer_from_env_may_be_the_runtime_custom_domains() {
    // No local env and no deployment env: the app's apiHostname is known only at run time.
    let case = |config: String| {
        Case::on_vite_example()
            .without(".env.local")
            .without("authkit-doctor.json")
            .without("convex-env.dev.txt")
            .with("convex/auth.config.ts", config)
    };
    let spread = "...(tenantIssuer\n      ? [{ type: 'customJwt', issuer: `${tenantIssuer}user_management/${clientId}`, algorithm: 'RS256', jwks: `https://api.workos.com/sso/jwks/${clientId}` }]\n      : []),";
    case(ISSUER_FROM_ENV_CONFIG.replace("// TENANT", spread)).assert_quiet("a conditional tenant issuer");
    let plain = "{ type: 'customJwt', issuer: `https://${process.env.WORKOS_API_HOSTNAME}/user_management/${clientId}`, algorithm: 'RS256', jwks: `https://api.workos.com/sso/jwks/${clientId}` },";
    case(ISSUER_FROM_ENV_CONFIG.replace("// TENANT", plain)).assert_quiet("an issuer host from env");
    // Every issuer known and on api.workos.com: the runtime domain is the condition to name.
    case(ISSUER_FROM_ENV_CONFIG.replace("    // TENANT\n", ""))
        .assert_fires("only api.workos.com issuers", &["warning auth-config/custom-domain-issuer-mismatch convex/auth.config.ts:8"]);
    // The project's docs tell developers to set WorkOS's own host: an info, not a warning. (The
    // example's README documents a custom domain for production, which keeps the warning.)
    let doc = |host: &str| format!("# Setup\n\n```sh\nVITE_WORKOS_CLIENT_ID=client_...\nVITE_WORKOS_API_HOSTNAME={host}\n```\n");
    case(ISSUER_FROM_ENV_CONFIG.replace("    // TENANT\n", ""))
        .without("README.md")
        .with("docs/setup.md", doc("api.workos.com"))
        .assert_quiet("the docs set api.workos.com");
    case(ISSUER_FROM_ENV_CONFIG.replace("    // TENANT\n", ""))
        .without("README.md")
        .with("docs/setup.md", doc("auth.example.com"))
        .assert_fires("the docs set a custom domain", &["warning auth-config/custom-domain-issuer-mismatch convex/auth.config.ts:8"]);
}

// ---- Family 5, the environment's issuer: the config shows which tokens it gets -------------

const UM_ONLY_CONFIG: &str = "const clientId = process.env.WORKOS_CLIENT_ID;

export default {
  providers: [
    {
      type: 'customJwt',
      issuer: `https://api.workos.com/user_management/${clientId}`,
      algorithm: 'RS256',
      jwks: `https://api.workos.com/sso/jwks/${clientId}`,
    },
  ],
};
";

#[test]
fn the_shared_issuer_is_only_missing_where_the_config_does_not_show_the_environment() {
    let case = |config: String| Case::on_example().with("convex/auth.config.ts", config);
    // An audience from the project's own JWT template: its tokens carry the user_management issuer.
    let own_aud = UM_ONLY_CONFIG.replace("    },\n  ],", "      applicationID: 'convex-notes',\n    },\n  ],");
    case(own_aud).assert_quiet("user_management provider with the project's own aud");
    // Tokens the deployment signs itself: not WorkOS's issuers at all.
    let self_signed =
        UM_ONLY_CONFIG.replace("`https://api.workos.com/sso/jwks/${clientId}`", "`${process.env.CONVEX_SITE_URL}/.well-known/jwks.json`");
    case(self_signed).assert_quiet("self-signed tokens");
    // The plain user_management provider: fine for new environments, not for older ones.
    let (found, run) = case(UM_ONLY_CONFIG.to_string()).findings(Severity::Warning);
    assert_eq!(found, ["warning auth-config/missing-sso-provider convex/auth.config.ts:4"]);
    let finding = run.findings.iter().find(|f| f.rule == "auth-config/missing-sso-provider").unwrap();
    assert!(finding.message.contains("created before mid-2025"), "the condition is named: {}", finding.message);
    // On a custom auth domain the missing provider is that domain's, in the message and the fix.
    let custom = UM_ONLY_CONFIG.replace("https://api.workos.com/user_management", "https://auth.example.com/user_management");
    let (_, run) = case(custom).findings(Severity::Info);
    let finding = run.findings.iter().find(|f| f.rule == "auth-config/missing-sso-provider").expect("fires on the custom domain");
    assert!(finding.message.contains("https://auth.example.com/"), "{}", finding.message);
}

// ---- Family 4, a local proxy in front of the dev server: its port is not the URI's ---------

#[test]
fn a_local_proxy_in_front_of_the_dev_server_is_not_a_port_mismatch() {
    let env = example_file_of("vite-correct", ".env.local");
    let with_uri =
        |uri: &str| env.replace("VITE_WORKOS_REDIRECT_URI=http://localhost:5173/callback", &format!("VITE_WORKOS_REDIRECT_URI={uri}"));
    // A TLS proxy on the default port (Caddy, a tunnel, portless) forwards to the dev server.
    Case::on_vite_example().with(".env.local", with_uri("https://notes.localhost/callback")).assert_quiet("https on 443");
    // `portless notes vite` picks the server's port itself.
    let package = example_file_of("vite-correct", "package.json");
    let wrapped = package.replace("\"dev\": \"vite\"", "\"dev\": \"portless notes vite\"");
    assert_ne!(package, wrapped, "the Vite example's dev script changed");
    Case::on_vite_example()
        .with("package.json", wrapped)
        .with(".env.local", with_uri("http://notes.localhost:1355/callback"))
        .assert_quiet("dev server behind portless");
    // A plain dev server on another port than the URI's still fires.
    Case::on_vite_example()
        .with(".env.local", with_uri("http://localhost:3000/callback"))
        .assert_fires("another port", &["error redirect/port-mismatch .env.local:7"]);
}

fn example_file_of(example: &str, path: &str) -> String {
    std::fs::read_to_string(example_named(example).join(path)).unwrap()
}

// ---- Family 1, Convex functions: what nothing calls cannot break sign-in (session 18) ------

#[test]
fn a_function_nothing_calls_is_not_judged_but_a_called_one_is() {
    // The example's client calls api.myFunctions.*; `me` in convex/profile.ts is called by no
    // one (a leftover, a mutation replaced by an action), and neither is the helper only it uses.
    let profile = "import { query } from './_generated/server';\n\nasync function emailOf(ctx) {\n  const identity = await ctx.auth.getUserIdentity();\n  return identity?.email ?? null;\n}\n\nexport const me = query({ args: {}, handler: async (ctx) => await emailOf(ctx) });\n";
    Case::on_example().with("convex/profile.ts", profile).assert_quiet("a query nothing calls");
    Case::on_example()
        .with("convex/profile.ts", profile)
        .with("app/me/page.tsx", calls("api.profile.me"))
        .assert_fires("the same query, called", &["warning functions/identity-claim-needs-template convex/profile.ts:5"]);
    // Called from another function (`ctx.runQuery(internal.profile.me)`) counts as called too.
    let runner = "import { action } from './_generated/server';\nimport { internal } from './_generated/api';\n\nexport const refresh = action({ args: {}, handler: async (ctx) => await ctx.runQuery(internal.profile.me, {}) });\n";
    Case::on_example()
        .with("convex/profile.ts", profile)
        .with("convex/jobs.ts", runner)
        .with("app/me/page.tsx", calls("api.jobs.refresh"))
        .assert_fires("called through an action", &["warning functions/identity-claim-needs-template convex/profile.ts:5"]);
}

// ---- Family 3, the setup: an AuthKit dependency nothing uses is not AuthKit (session 18) ---

#[test]
fn a_sub_app_that_lists_authkit_but_never_uses_it_is_not_an_authkit_app() {
    // A second app of a monorepo lists AuthKit in package.json, but its code signs in some
    // other way (a local demo login) on a plain Convex client: its Convex dir gets no WorkOS
    // tokens, so a missing auth config breaks nothing there.
    let package = r#"{ "name": "vault", "private": true, "dependencies": { "next": "15.3.0", "react": "19.1.0", "convex": "1.25.0", "@workos-inc/authkit-react": "0.14.0" } }"#;
    let layout = "import type { ReactNode } from 'react';\nimport { Providers } from './providers';\n\nexport default function RootLayout({ children }: { children: ReactNode }) {\n  return <html><body><Providers>{children}</Providers></body></html>;\n}\n";
    let providers = |import: &str| {
        format!(
            "'use client';\n\nimport type {{ ReactNode }} from 'react';\nimport {{ ConvexProvider, ConvexReactClient }} from 'convex/react';\n{import}\nconst convex = new ConvexReactClient(process.env.NEXT_PUBLIC_CONVEX_URL!);\n\nexport function Providers({{ children }}: {{ children: ReactNode }}) {{\n  return <ConvexProvider client={{convex}}>{{children}}</ConvexProvider>;\n}}\n"
        )
    };
    let functions = "import { query } from './_generated/server';\n\nexport const list = query({ args: {}, handler: async (ctx) => {\n  const identity = await ctx.auth.getUserIdentity();\n  return identity ? identity.subject : null;\n} });\n";
    let case = |import: &str| {
        Case::example_at("apps/web")
            .with("apps/vault/package.json", package)
            .with("apps/vault/app/layout.tsx", layout)
            .with("apps/vault/app/providers.tsx", providers(import))
            .with("apps/vault/convex/passwords.ts", functions)
    };
    case("").assert_quiet("AuthKit only in package.json");
    case("import { AuthKitProvider } from '@workos-inc/authkit-react';\nexport const Auth = AuthKitProvider;\n")
        .assert_fires("AuthKit imported", &["error auth-config/missing apps/vault/convex/passwords.ts:4"]);
}

// ---- Family 1, a stand-in adapter before mount is not the AuthKit adapter (session 18) -----

#[test]
fn a_stand_in_adapter_rendered_before_mount_needs_no_authkit_provider() {
    let provider = |stand_in_body: &str| {
        format!(
            "'use client';\n\nimport {{ type ReactNode, useCallback, useEffect, useState }} from 'react';\nimport {{ ConvexProviderWithAuth, ConvexReactClient }} from 'convex/react';\nimport {{ AuthKitProvider, useAccessToken, useAuth }} from '@workos-inc/authkit-nextjs/components';\n\nconst convex = new ConvexReactClient(process.env.NEXT_PUBLIC_CONVEX_URL!);\n\nexport function ConvexClientProvider({{ children }}: {{ children: ReactNode }}) {{\n  const [mounted, setMounted] = useState(false);\n  useEffect(() => setMounted(true), []);\n  if (!mounted) {{\n    return <ConvexProviderWithAuth client={{convex}} useAuth={{useLoadingAuth}}>{{children}}</ConvexProviderWithAuth>;\n  }}\n  return (\n    <AuthKitProvider>\n      <ConvexProviderWithAuth client={{convex}} useAuth={{useAuthFromAuthKit}}>{{children}}</ConvexProviderWithAuth>\n    </AuthKitProvider>\n  );\n}}\n\nfunction useLoadingAuth() {{\n{stand_in_body}\n}}\n\nfunction useAuthFromAuthKit() {{\n  const {{ user, loading }} = useAuth();\n  const {{ getAccessToken, refresh }} = useAccessToken();\n  const fetchAccessToken = useCallback(\n    async ({{ forceRefreshToken }}: {{ forceRefreshToken: boolean }}) => {{\n      if (!user) return null;\n      return forceRefreshToken ? ((await refresh()) ?? null) : ((await getAccessToken()) ?? null);\n    }},\n    [user, refresh, getAccessToken],\n  );\n  return {{ isLoading: loading, isAuthenticated: !!user, fetchAccessToken }};\n}}\n"
        )
    };
    let stand_in = "  return { isLoading: true, isAuthenticated: false, fetchAccessToken: async () => null };";
    Case::on_example().with("components/ConvexClientProvider.tsx", provider(stand_in)).assert_quiet("a loading stand-in before mount");
    // A first adapter that does read AuthKit, above AuthKitProvider: broken.
    let reads_authkit =
        "  const { user } = useAuth();\n  return { isLoading: false, isAuthenticated: !!user, fetchAccessToken: async () => null };";
    Case::on_example().with("components/ConvexClientProvider.tsx", provider(reads_authkit)).assert_fires(
        "an adapter reading AuthKit above its provider",
        &["error client/convex-provider-outside-authkit components/ConvexClientProvider.tsx:13"],
    );
}

// ---- Family 4, a Cloudflare Workers config commits the app's values (session 18) -----------

#[test]
fn wrangler_vars_say_which_auth_domain_the_app_uses() {
    let case = |host: &str| {
        Case::on_vite_example()
            .without(".env.local")
            .without("authkit-doctor.json")
            .without("convex-env.dev.txt")
            .with("convex/auth.config.ts", ISSUER_FROM_ENV_CONFIG.replace("    // TENANT\n", ""))
            .with("wrangler.jsonc", format!("{{\n  // Cloudflare Workers\n  \"name\": \"app\",\n  \"vars\": {{\n    \"VITE_WORKOS_API_HOSTNAME\": \"{host}\",\n  }},\n}}\n"))
    };
    case("api.workos.com").assert_quiet("wrangler vars name api.workos.com");
    case("auth.example.com")
        .assert_fires("wrangler vars name a custom domain", &["error auth-config/custom-domain-issuer-mismatch convex/auth.config.ts:8"]);
}

// ---- Family 2, a committed env file of placeholders is a template (session 18) -------------

#[test]
fn placeholders_in_a_committed_env_file_and_backups_are_not_the_apps_values() {
    // The example's real values live in the working copy's .env.local; a committed .env of
    // placeholders documents them, and a .env.bak is loaded by nothing.
    let placeholders = "# Placeholder values: real ones go in .env.local, which overrides these\nWORKOS_CLIENT_ID=client_your_id_here\nWORKOS_API_KEY=sk_test_your_key_here\n";
    Case::on_example().with(".env", placeholders).with(".env.bak", placeholders).assert_quiet("a committed template and a backup");
    // The same placeholder in the working copy's own file is what the app runs with.
    Case::on_example().with(".env.local", placeholders).assert_fires(
        "placeholders in .env.local",
        &["error env/malformed-client-id .env.local:2", "error env/malformed-api-key .env.local:3"],
    );
}

// ---- Family 1, built output: SvelteKit's client build is not the app (session 18) ----------

#[test]
fn a_committed_sveltekit_build_is_not_read_as_code() {
    let chunk = "const f = async () => token;\nexport function C({ client }) { client.setAuth(f); }\n";
    Case::on_example().with("www/_app/immutable/chunks/BMem1uWD.js", chunk).assert_quiet("a SvelteKit chunk");
}

// ---- Family 3, the setup: a config that trusts only the project's own tokens (session 18) --

#[test]
fn a_config_that_trusts_only_tokens_the_app_signs_is_not_a_workos_config() {
    let own = "const jwks = 'data:text/plain;charset=utf-8;base64,eyJrZXlzIjpbXX0=';\n\nexport default {\n  providers: [\n    { type: 'customJwt', issuer: 'https://app.example.com', jwks, algorithm: 'RS256', applicationID: 'app-convex' },\n  ],\n};\n";
    Case::on_example().with("convex/auth.config.ts", own).assert_quiet("the app's own tokens");
    // The same provider with a JWKS URL: nothing says WorkOS is out of the picture.
    let url = own.replace(
        "const jwks = 'data:text/plain;charset=utf-8;base64,eyJrZXlzIjpbXX0=';",
        "const jwks = 'https://app.example.com/.well-known/jwks.json';",
    );
    Case::on_example().with("convex/auth.config.ts", url).assert_fires(
        "a provider for someone else's tokens",
        &["error auth-config/missing-user-management-provider convex/auth.config.ts:4"],
    );
}

// ---- Family 4, convex.json serves every app of a deployment (session 18) ------------------

#[test]
fn a_shared_convex_json_redirect_list_covers_each_apps_port() {
    let convex_json = |second: &str| {
        format!(
            "{{\n  \"authKit\": {{\n    \"dev\": {{\n      \"configure\": {{\n        \"redirectUris\": [\n          \"http://localhost:3000/callback\",\n          \"{second}\"\n        ]\n      }}\n    }}\n  }}\n}}\n"
        )
    };
    Case::on_example().with("convex.json", convex_json("http://localhost:3002/callback")).assert_quiet("another app's port in the list");
    // No entry on the app's port at all: the app's sign-in cannot come back.
    let example_port_missing =
        convex_json("http://localhost:3002/callback").replace("http://localhost:3000/callback", "http://localhost:3001/callback");
    Case::on_example()
        .with("convex.json", example_port_missing)
        .assert_fires("no entry on the app's port", &["error redirect/port-mismatch convex.json:6"]);
}

// ---- Family 4, a claim handed to a function that never reads it (session 18) ---------------

#[test]
fn a_claim_handed_to_a_helper_that_never_reads_it_goes_nowhere() {
    // `link` only looks at `subject` and `email`: the given name it is handed is never read.
    let helper = |reads: &str| {
        format!(
            "export async function link(args: {{ ctx: unknown; identity: {{ subject: string; email: string | null; givenName: string | null }} }}) {{\n  const {{ identity }} = args;\n  return [identity.subject, identity.email{reads}];\n}}\n"
        )
    };
    let me = "import { query } from './_generated/server';\nimport { link } from './lib/link';\n\nexport const me = query({ args: {}, handler: async (ctx) => {\n  const identity = await ctx.auth.getUserIdentity();\n  if (!identity) return null;\n  return await link({ ctx, identity: { subject: identity.subject, email: identity.email ?? null, givenName: identity.givenName ?? null } });\n} });\n";
    let case = |reads: &str| {
        Case::on_example()
            .with("convex/lib/link.ts", helper(reads))
            .with("convex/profile.ts", me)
            .with("app/me/page.tsx", calls("api.profile.me"))
    };
    let (found, _) = case("").findings(Severity::Warning);
    assert!(!found.iter().any(|f| f.contains("identity-field-never-set")), "{found:#?}");
    // The helper reads the given name: the claim matters.
    case(", identity.givenName")
        .assert_fires("a helper that reads the given name", &["error functions/identity-field-never-set convex/profile.ts:7"]);
}

// ---- Family 4, a claim a query returns in a field no client reads (session 19) ------------

/// A page that reads `uses` of `api.profile.me`'s result (`me?.subject`), after testing it.
fn reads_result(uses: &str) -> String {
    format!(
        "'use client';\n\nimport {{ useQuery }} from 'convex/react';\nimport {{ api }} from '../../convex/_generated/api';\n\nexport default function Page() {{\n  const me = useQuery(api.profile.me);\n  if (me === undefined) return <p>Loading…</p>;\n  return <p>{{{uses}}}</p>;\n}}\n"
    )
}

#[test]
fn a_claim_returned_in_a_field_no_client_reads_goes_nowhere() {
    let profile = "import { query } from './_generated/server';\n\nexport const me = query({\n  args: {},\n  handler: async (ctx) => {\n    const identity = await ctx.auth.getUserIdentity();\n    if (!identity) return null;\n    return { subject: identity.subject, profile: { email: identity.email ?? null } };\n  },\n});\n";
    let case = |page: String| Case::on_example().with("convex/profile.ts", profile).with("app/me/page.tsx", page);
    // The page shows only the subject: the email the query returns is never on screen.
    case(reads_result("me?.subject")).assert_quiet("a returned email nobody reads");
    // The page reads the field that holds it, or hands the whole result on.
    let fires = ["warning functions/identity-claim-needs-template convex/profile.ts:8"];
    case(reads_result("me?.profile.email")).assert_fires("the page reads the returned email", &fires);
    case(reads_result("JSON.stringify(me)")).assert_fires("the page hands the whole result on", &fires);
    // Another caller that uses the result whole keeps it read.
    Case::on_example()
        .with("convex/profile.ts", profile)
        .with("app/me/page.tsx", reads_result("me?.subject"))
        .with("app/other/page.tsx", calls("api.profile.me"))
        .assert_fires("a second caller uses the whole result", &fires);
}

// ---- Family 4, a claim a helper reads only after another source (session 19) --------------

#[test]
fn a_claim_a_helper_reads_only_as_a_fallback_is_handled() {
    // `firstNameOf` takes the name the client sent first and the claim only when it is absent.
    let helper = |read: &str| {
        format!(
            "export async function link(args: {{ identity: {{ givenName: string | null }}; firstName?: string }}) {{\n  return firstNameOf(args.identity, args.firstName);\n}}\nfunction firstNameOf(identity: {{ givenName: string | null }}, explicit?: string) {{\n  return {read};\n}}\n"
        )
    };
    let me = "import { mutation } from './_generated/server';\nimport { v } from 'convex/values';\nimport { link } from './lib/link';\n\nexport const me = mutation({ args: { firstName: v.optional(v.string()) }, handler: async (ctx, args) => {\n  const identity = await ctx.auth.getUserIdentity();\n  if (!identity) return null;\n  return await link({ identity: { givenName: identity.givenName ?? null }, firstName: args.firstName });\n} });\n";
    let case = |read: &str| {
        Case::on_example()
            .with("convex/lib/link.ts", helper(read))
            .with("convex/profile.ts", me)
            .with("app/me/page.tsx", calls("api.profile.me"))
    };
    let (found, _) = case("explicit ?? identity.givenName ?? null").findings(Severity::Warning);
    assert!(!found.iter().any(|f| f.contains("identity-field-never-set")), "{found:#?}");
    // Read first, the claim is what the helper relies on.
    case("identity.givenName ?? explicit ?? null")
        .assert_fires("the claim comes first", &["error functions/identity-field-never-set convex/profile.ts:8"]);
}

// ---- Family 4, a claim stored where the project fills it from the client (session 20) -----

#[test]
fn a_stored_claim_the_client_backfills_is_handled() {
    // `store` writes the email claim into the user's record; the app then sends the WorkOS
    // user's email and a mutation fills the field when it is empty, or a handler falls back to
    // the email the client sent.
    let users = |store_email: &str, backfill: &str| {
        format!(
            "import {{ mutation }} from './_generated/server';\nimport {{ v }} from 'convex/values';\n\nexport const store = mutation({{\n  args: {{}},\n  handler: async (ctx) => {{\n    const identity = await ctx.auth.getUserIdentity();\n    if (!identity) throw new Error('Unauthenticated');\n    return await ctx.db.insert('users', {{ tokenIdentifier: identity.tokenIdentifier, {store_email} }});\n  }},\n}});\n\nexport const syncEmail = mutation({{\n  args: {{ email: v.string() }},\n  handler: async (ctx, args) => {{\n    const identity = await ctx.auth.getUserIdentity();\n    if (!identity) throw new Error('Unauthenticated');\n    const user = await ctx.db.query('users').withIndex('by_token', (q) => q.eq('tokenIdentifier', identity.tokenIdentifier)).unique();\n    {backfill}\n  }},\n}});\n"
        )
    };
    let case = |store_email: &str, backfill: &str| {
        Case::on_example()
            .with("convex/users.ts", users(store_email, backfill))
            .with("app/me/page.tsx", calls("api.users.store"))
            .with("app/sync/page.tsx", calls("api.users.syncEmail"))
    };
    let guarded = "if (user && !user.email) { await ctx.db.patch(user._id, { email: args.email }); }";
    let fallback = "if (user) { await ctx.db.patch(user._id, { email: identity.email ?? args.email }); }";
    let stores = "email: identity.email";
    let quiet = |store_email: &str, backfill: &str, what: &str| {
        let (found, _) = case(store_email, backfill).findings(Severity::Warning);
        assert!(!found.iter().any(|f| f.contains("identity-claim-needs-template")), "{what}: {found:#?}");
    };
    quiet(stores, guarded, "an empty email is filled from the client");
    quiet(stores, fallback, "the client's email stands in for the claim");
    quiet("email: identity.email ?? undefined", guarded, "`?? undefined` stores the same");
    let fires = ["warning functions/identity-claim-needs-template convex/users.ts:9"];
    // Nothing fills the field: every new user keeps an empty email.
    case(stores, "return user;").assert_fires("no backfill", &fires);
    // An unguarded write from the client is a profile edit, not a fill of what the token lacked.
    case(stores, "if (user) { await ctx.db.patch(user._id, { email: args.email }); }").assert_fires("an unguarded client write", &fires);
    // The claim is compared, not stored: the check fails whatever is stored later.
    case("isAdmin: identity.email === 'me@example.com'", guarded).assert_fires("a comparison", &fires);
}

// ---- Family 4, pages only signed-in requests reach (session 20) ---------------------------

#[test]
fn ensure_signed_in_behind_middleware_auth_never_writes_the_cookie() {
    let package = std::fs::read_to_string(example_named("nextjs-correct").join("package.json"))
        .unwrap()
        .replace("\"@workos-inc/authkit-nextjs\": \"^2.7.1\"", "\"@workos-inc/authkit-nextjs\": \"^3.0.1\"");
    assert!(package.contains("^3.0.1"), "the example's authkit-nextjs version moved: update this test");
    let page = "import { withAuth } from '@workos-inc/authkit-nextjs';\n\nexport default async function Dashboard() {\n  const { user } = await withAuth({ ensureSignedIn: true });\n  return <p>{user.email}</p>;\n}\n";
    let middleware = |enabled: &str, open: &str| {
        format!(
            "import {{ authkitMiddleware }} from '@workos-inc/authkit-nextjs';\n\nexport default authkitMiddleware({{\n  middlewareAuth: {{ enabled: {enabled}, unauthenticatedPaths: [{open}] }},\n}});\n\nexport const config = {{ matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] }};\n"
        )
    };
    let case = |mw: String| {
        Case::on_example().with("package.json", package.clone()).with("app/dashboard/page.tsx", page).with("middleware.ts", mw)
    };
    let rule = |found: &[String]| found.iter().any(|f| f.contains("get-sign-in-url-in-render"));
    // The middleware sends signed-out requests for /dashboard to sign-in before it renders.
    let (found, _) = case(middleware("true", "'/', '/sign-in', '/sign-up'")).findings(Severity::Warning);
    assert!(!rule(&found), "{found:#?}");
    let fires = ["error nextjs/get-sign-in-url-in-render app/dashboard/page.tsx:4"];
    // The page is open to signed-out requests, middleware auth is off, or the matcher leaves it out.
    case(middleware("true", "'/', '/dashboard'")).assert_fires("an unauthenticated path", &fires);
    case(middleware("false", "'/'")).assert_fires("middleware auth off", &fires);
    case(middleware("true", "'/'").replace("favicon.ico", "favicon.ico|dashboard")).assert_fires("the matcher skips the page", &fires);
    case(middleware("flags.auth", "'/'")).assert_fires("enabled is not a literal", &fires);
}

// ---- Family 1, a Convex function only dead client code calls (session 20) -----------------

#[test]
fn a_function_only_an_unused_hook_calls_is_never_called() {
    let hook = "import { useQuery } from 'convex/react';\nimport { api } from '../convex/_generated/api';\n\nexport function useMe() {\n  return useQuery(api.profile.me);\n}\n";
    let case = || Case::on_example().with("convex/profile.ts", READS_EMAIL).with("hooks/useMe.ts", hook);
    // Nothing imports the hook: the query never runs, whatever it reads.
    case().assert_quiet("a hook nobody imports");
    // Even when no live code calls any function: dead callers are not callers out of sight.
    case().with("components/Notes.tsx", "export function Notes() {\n  return null;\n}\n").assert_quiet("only dead code calls Convex");
    // A page that renders the hook's caller makes it live.
    let fires = ["warning functions/identity-claim-needs-template convex/profile.ts:7"];
    case()
        .with("app/me/page.tsx", "'use client';\n\nimport { useMe } from '../../hooks/useMe';\n\nexport default function Page() {\n  return <p>{String(useMe())}</p>;\n}\n")
        .assert_fires("a page uses the hook", &fires);
}

// ---- Family 4, a claim chain that always ends in a value (session 20) ---------------------

#[test]
fn a_claim_chain_ending_in_a_claim_convex_always_sets_is_handled() {
    let actor = |chain: &str| {
        format!(
            "import {{ query }} from './_generated/server';\n\nexport const actor = query({{\n  args: {{}},\n  handler: async (ctx) => {{\n    const identity = await ctx.auth.getUserIdentity();\n    if (!identity) return null;\n    return {chain};\n  }},\n}});\n"
        )
    };
    let case = |chain: &str| Case::on_example().with("convex/audit.ts", actor(chain)).with("app/audit/page.tsx", calls("api.audit.actor"));
    let template = |found: &[String]| found.iter().any(|f| f.contains("identity-claim-needs-template"));
    let (found, _) = case("identity.email ?? identity.name ?? identity.tokenIdentifier").findings(Severity::Warning);
    assert!(!template(&found), "{found:#?}");
    let (found, _) = case("identity.name ?? identity.email ?? identity.subject").findings(Severity::Warning);
    assert!(!template(&found), "{found:#?}");
    // Without the always-set claim at the end, the label is undefined for every user.
    case("identity.email ?? identity.name")
        .assert_fires("no claim that is always set", &["warning functions/identity-claim-needs-template convex/audit.ts:8"]);
}

// ---- Family 1, a TanStack Router `Wrap` renders where `<RouterProvider>` is (session 20) ---

#[test]
fn a_router_wrap_renders_inside_the_tree_around_router_provider() {
    let main = std::fs::read_to_string(example_named("vite-correct").join("src/main.tsx")).unwrap();
    // The Convex provider moves into the router's `Wrap`; main renders the router instead.
    let with_router = |around: &str| {
        let main = main
            .replace("import App from './App';", "import { RouterProvider } from '@tanstack/react-router';\nimport { createAppRouter } from './router';")
            .replace(
                "      <ConvexProviderWithAuth client={convex} useAuth={useAuthFromAuthKit}>\n        <App />\n      </ConvexProviderWithAuth>\n",
                "      <RouterProvider router={createAppRouter(convex, useAuthFromAuthKit)} />\n",
            );
        assert!(main.contains("<RouterProvider"), "the example's main.tsx moved: update this test");
        match around {
            "authkit" => main,
            _ => main.replace("    <AuthKitProvider\n", "    <div\n").replace("    </AuthKitProvider>\n", "    </div>\n"),
        }
    };
    let router = "import { createRouter, createRootRoute } from '@tanstack/react-router';\nimport { ConvexProviderWithAuth, type ConvexReactClient } from 'convex/react';\nimport App from './App';\n\nconst rootRoute = createRootRoute({ component: App });\n\nexport function createAppRouter(convex: ConvexReactClient, useAuth: never) {\n  return createRouter({\n    routeTree: rootRoute,\n    Wrap: ({ children }: { children: React.ReactNode }) => (\n      <ConvexProviderWithAuth client={convex} useAuth={useAuth}>{children}</ConvexProviderWithAuth>\n    ),\n  });\n}\n";
    let case = |around: &str| Case::on_vite_example().with("src/main.tsx", with_router(around)).with("src/router.tsx", router);
    let outside = |found: &[String]| found.iter().any(|f| f.contains("convex-provider-outside-authkit"));
    let (found, _) = case("authkit").findings(Severity::Warning);
    assert!(!outside(&found), "{found:#?}");
    // AuthKitProvider moved inside the router (in the root route's component): the Wrap's
    // Convex provider is outside it.
    let app = "import { AuthKitProvider } from '@workos-inc/authkit-react';\n\nexport default function App() {\n  return (\n    <AuthKitProvider clientId={import.meta.env.VITE_WORKOS_CLIENT_ID} redirectUri={import.meta.env.VITE_WORKOS_REDIRECT_URI}>\n      <p>Notes</p>\n    </AuthKitProvider>\n  );\n}\n";
    let (found, _) = case("none").with("src/App.tsx", app).findings(Severity::Warning);
    assert!(outside(&found), "{found:#?}");
}
