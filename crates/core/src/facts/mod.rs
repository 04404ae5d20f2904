//! Facts: each file parsed once into typed, span-carrying data the rules read.
//!
//! `extract` is the only place that reads TypeScript, env files or deployment env dumps.

pub mod auth_config;
pub mod code;
pub mod convex_calls;
pub mod convex_env;
pub mod convex_push;
pub mod deploy;
pub mod entries;
pub mod env;
pub mod functions_code;
pub mod git;
pub mod har;
pub mod nextjs_code;
pub mod query_results;
pub mod react;
pub mod routes;
pub mod sdk_exports;
pub mod setup;
pub mod versions;

use crate::discover::Project;
use crate::source::Files;

pub use convex_env::{DeploymentEnv, DeploymentEnvText, DeploymentEnvs};
pub use env::{EnvFileFacts, EnvMode};

/// Facts about one Convex functions dir (same index as [`Project::convex_dirs`]).
#[derive(Debug, Default)]
pub struct ConvexFacts {
    pub auth_config: Option<auth_config::AuthConfigFacts>,
    /// `ctx.auth.getUserIdentity()` call sites in the functions dir, in code something calls
    /// ([`convex_calls`]).
    pub identity_calls: Vec<crate::diagnostic::Location>,
    /// Fields read from `getUserIdentity()` results in the functions dir (`identity.email`, ...),
    /// in code something calls.
    pub identity_reads: Vec<functions_code::IdentityRead>,
    /// Where the `@convex-dev/workos-authkit` component is wired in (`convex.config.ts` `app.use`,
    /// or an `import` of the package), when it is.
    pub authkit_component: Option<crate::diagnostic::Location>,
    /// WorkOS Actions are enabled (`authKit.actions(...)` or an exported `authKitAction`).
    pub authkit_actions: Option<crate::diagnostic::Location>,
    /// Env files of the package that owns the functions dir.
    pub env_files: Vec<EnvFileFacts>,
    /// JWT-template claims documented next to the functions dir (its package, the project root
    /// and their `docs/`): the word of a backend package or a template no app of the project uses.
    pub documented_template_claims: Vec<(String, crate::diagnostic::Location)>,
    /// `WORKOS_API_HOSTNAME=…` (and its framework-prefixed names) as the docs next to the
    /// functions dir tell developers to set it: (name, value, where).
    pub documented_api_hostnames: Vec<(String, String, crate::diagnostic::Location)>,
}

/// Facts about one app (same index as [`Project::apps`]).
#[derive(Debug, Default)]
pub struct AppFacts {
    pub env_files: Vec<EnvFileFacts>,
    pub code: code::CodeFacts,
    pub deploy: deploy::DeployFacts,
    pub routes: routes::RouteFacts,
    pub versions: versions::Versions,
    /// React wiring joined across the app's files and the workspace packages it uses.
    pub react: react::AppReact,
}

impl AppFacts {
    /// Whether the app's code (its reachable files and the workspace files it uses) imports
    /// `package` or a sub-path of it. Type-only imports do not count: they run nothing.
    pub fn imports_package(&self, package: &str) -> bool {
        self.imports_where(|source| react::base_package(source) == package)
    }

    /// Whether the app's code has a (not type-only) import whose source passes `wanted`.
    pub fn imports_where(&self, wanted: impl Fn(&str) -> bool) -> bool {
        let files = self.code.files.iter().chain(&self.react.workspace_files);
        files
            .enumerate()
            .filter(|(i, _)| self.react.used.get(*i).copied().unwrap_or(true))
            .any(|(_, f)| f.react.imports.iter().any(|i| !i.type_only && wanted(&i.source)))
    }

    /// Whether the app signs in with `package`: its package.json declares it and its code
    /// imports it. A dependency nothing imports (left over from a migration, or a hand-written
    /// WorkOS integration next to it) says nothing about how the app signs in.
    pub fn uses_sdk(&self, declared_by: &crate::discover::PackageJson, package: &str) -> bool {
        declared_by.depends_on(package) && self.imports_package(package)
    }

    /// Whether the app's code shows WorkOS sign-in at work: it imports an AuthKit SDK,
    /// `@convex-dev/workos` or the WorkOS node SDK (a hand-written integration), or it hands
    /// tokens to Convex. An AuthKit dependency nothing imports (a half-built sub-app, a
    /// leftover) is not evidence. With no code read, the dependency is all there is: yes.
    pub fn shows_workos_sign_in(&self) -> bool {
        self.code.files.is_empty()
            || !self.code.convex_auth_uses.is_empty()
            || self.imports_where(|s| {
                nextjs_code::is_authkit_package(s)
                    || s.starts_with(crate::sdk::CONVEX_DEV_WORKOS)
                    || react::base_package(s) == "@workos-inc/node"
            })
    }
}

#[derive(Debug, Default)]
pub struct ProjectFacts {
    pub convex: Vec<ConvexFacts>,
    pub apps: Vec<AppFacts>,
    pub deployment: DeploymentEnvs,
    pub git: git::GitFacts,
    /// `sk_test_…`/`sk_live_…` literals in any source file.
    pub secret_literals: Vec<code::SecretLiteral>,
    pub files_parsed: usize,
    /// The auth setup of each Convex dir and app (same indices), decided before rules run.
    pub setup: setup::Detected,
}

/// Options that change what the facts say (deployment env sources).
#[derive(Debug, Default, Clone)]
pub struct ExtractOptions {
    pub convex_env_dev: Option<std::path::PathBuf>,
    pub convex_env_prod: Option<std::path::PathBuf>,
    /// A deployment env already read (the Convex CLI's output); it replaces that deployment's file.
    pub convex_env_text: Option<convex_env::DeploymentEnvText>,
}

pub use crate::error::InputError;

pub fn extract(project: &Project, files: &mut Files, options: &ExtractOptions) -> Result<ProjectFacts, InputError> {
    let deployment = DeploymentEnvs::load(options, files)?;
    // Git runs as two child processes; they answer while the source files are read.
    let (git, code_index) = std::thread::scope(|scope| {
        let git = scope.spawn(|| git::GitFacts::load(project));
        let code_index = code::CodeIndex::build(project, files);
        (git.join().unwrap_or_default(), code_index)
    });
    let mut facts = ProjectFacts { deployment, git, ..Default::default() };
    facts.files_parsed = code_index.files_parsed;
    facts.secret_literals = code_index.secret_literals.clone();

    // What each app's entries reach: a Convex function only an unreachable file of an app calls
    // (an unused hook) is never called either.
    let app_reachable: Vec<Option<std::collections::HashSet<String>>> =
        project.apps.iter().map(|app| react::app_reachable_files(project, app, &code_index, files)).collect();
    for dir in &project.convex_dirs {
        let auth_config = dir
            .auth_config()
            .and_then(|path| files.load(path))
            .map(|file| auth_config::analyze_with_modules(&file, facts.deployment.dev.as_ref(), &mut |path| files.load(path)));
        // A file no entry point reaches (`myfunctions copy.ts`, a `users.old.ts`) is never
        // deployed: what it reads from the identity does not matter.
        let deployed = react::convex_deployed_files(project, &dir.dir, &code_index, files);
        let mut functions: Vec<_> =
            code_index.under(&dir.dir).into_iter().filter(|f| deployed.as_ref().is_none_or(|d| d.contains(&f.path))).collect();
        functions.retain(|f| !f.path.contains("/_generated/"));
        let index = facts.convex.len();
        let uncalled = uncalled_functions(project, index, &functions, &code_index, &app_reachable);
        // A claim handed to a function of the project that never reads that property (nor
        // anything it calls) goes nowhere: `link({ identity: { givenName: identity.givenName } })`
        // where `link` only reads `subject` and `email`.
        let declarations: Vec<&convex_calls::FileDeclarations> = functions.iter().filter_map(|f| f.definitions.as_ref()).collect();
        let handed_read = |r: &functions_code::IdentityRead| {
            r.passed_to.as_ref().and_then(|(callee, key)| convex_calls::may_read_property(&declarations, callee, key))
        };
        // A claim a query returns under a field its callers never read (they test the result
        // or read other fields) reaches no one: `return { subject, email: identity.email }`
        // where every `useQuery` of it reads only `.subject`.
        let barrels = declarations.iter().any(|d| !d.reexports_all.is_empty());
        let returned_to_no_reader = |f: &code::CodeFileFacts, r: &functions_code::IdentityRead| {
            let Some(key) = r.returned_under.as_ref().filter(|_| !barrels) else { return false };
            let Some(function) = f.definitions.as_ref().and_then(|d| {
                d.definitions.iter().find(|d| d.registered && (d.start as usize..d.end as usize).contains(&r.location.start))
            }) else {
                return false;
            };
            let path = format!("{}.{}", convex_calls::module_path(&dir.dir, &f.path), function.name);
            convex_calls::result_fields_read(code_index.function_refs.values().flatten(), &path).is_some_and(|read| !read.contains(key))
        };
        // A claim the project fills from the client when the token lacks it
        // (`identity.email ?? args.email`, `if (!user.email) patch(…, { email: args.email })`):
        // writing the claim to a record elsewhere only leaves that field empty until then.
        let backfilled: std::collections::BTreeSet<&str> =
            functions.iter().flat_map(|f| f.functions.backfilled_claims.iter().map(String::as_str)).collect();
        let stored_and_backfilled = |r: &functions_code::IdentityRead| r.stored && backfilled.contains(r.field.as_str());
        let called = |l: &crate::diagnostic::Location| {
            !uncalled.get(&l.file).is_some_and(|spans| spans.iter().any(|&(s, e)| (s as usize..e as usize).contains(&l.start)))
        };
        facts.convex.push(ConvexFacts {
            auth_config,
            identity_calls: functions.iter().flat_map(|f| f.identity_calls.iter().filter(|l| called(l)).cloned()).collect(),
            identity_reads: functions
                .iter()
                .flat_map(|f| {
                    f.functions.identity_reads.iter().filter(|r| called(&r.location) && !returned_to_no_reader(f, r)).filter_map(|r| {
                        if stored_and_backfilled(r) {
                            return Some(functions_code::IdentityRead { absence_handled: true, ..r.clone() });
                        }
                        match handed_read(r) {
                            Some(convex_calls::PropertyRead::Never) => None,
                            // The helper tries another source first: it copes with an absent claim.
                            Some(convex_calls::PropertyRead::AsFallback) => {
                                Some(functions_code::IdentityRead { absence_handled: true, ..r.clone() })
                            }
                            _ => Some(r.clone()),
                        }
                    })
                })
                .collect(),
            authkit_component: functions.iter().find_map(|f| f.authkit_component.clone()).or_else(|| {
                let pkg = dir.package.map(|p| &project.packages[p])?;
                pkg.depends_on(crate::sdk::CONVEX_WORKOS_AUTHKIT).then(|| crate::diagnostic::Location::file_start(&pkg.path))
            }),
            authkit_actions: functions.iter().find_map(|f| f.authkit_actions.clone()),
            env_files: env::load_all(&dir.env_files, files, &facts.git),
            documented_template_claims: deploy::template_claims_near(project, &dir.package_dir, files),
            documented_api_hostnames: deploy::documented_env_near(project, &dir.package_dir, files, crate::workos::HOSTNAME_VARS),
        });
    }
    let mut version_cache = versions::VersionCache::default();
    for (app, reachable) in project.apps.iter().zip(&app_reachable) {
        let own_convex = app.convex.map(|c| project.convex_dirs[c].dir.as_str());
        // The app's client code, not the Convex functions that may live inside it.
        let candidates =
            code_index.under(&app.dir).into_iter().filter(|f| own_convex.is_none_or(|c| !crate::discover::is_under(&f.path, c))).collect();
        let (code, react) = react::AppReact::build(project, app, candidates, reachable.as_ref(), &code_index, files);
        facts.apps.push(AppFacts {
            env_files: env::load_all(&app.env_files, files, &facts.git),
            code,
            deploy: deploy::DeployFacts::load(project, app, files),
            routes: routes::RouteFacts::load(project, app, files),
            versions: versions::Versions::load(project, app, &mut version_cache),
            react,
        });
    }
    // Freeing the index (every parsed file's facts, the module graph) takes a few milliseconds
    // on a large tree; nothing waits for it.
    std::thread::spawn(move || drop(code_index));
    facts.setup = setup::detect(project, &facts);
    Ok(facts)
}

/// The declarations of a Convex dir's deployed files that nothing calls, by file
/// ([`convex_calls::uncalled`]). Empty (everything called) when that cannot be known: no app of
/// the project talks to this dir (its clients live elsewhere), or a deployed file was not parsed.
fn uncalled_functions(
    project: &Project,
    index: usize,
    functions: &[&code::CodeFileFacts],
    code_index: &code::CodeIndex,
    app_reachable: &[Option<std::collections::HashSet<String>>],
) -> std::collections::HashMap<String, Vec<(u32, u32)>> {
    let dir = &project.convex_dirs[index].dir;
    if !project.apps.iter().any(|a| a.convex == Some(index)) || functions.iter().any(|f| f.definitions.is_none()) {
        return Default::default();
    }
    let no_refs: &[convex_calls::FunctionRef] = &[];
    let modules: Vec<convex_calls::ModuleFile> = functions
        .iter()
        .filter_map(|f| {
            Some(convex_calls::ModuleFile {
                path: &f.path,
                module: convex_calls::module_path(dir, &f.path),
                declarations: f.definitions.as_ref()?,
                refs: code_index.function_refs.get(&f.path).map_or(no_refs, Vec::as_slice),
            })
        })
        .collect();
    let outside_files: Vec<&String> = code_index.function_refs.keys().filter(|path| !functions.iter().any(|f| &f.path == *path)).collect();
    let live_files: Vec<&String> = outside_files
        .iter()
        .copied()
        // A file of an app that its entries never reach (an unused hook, a test) calls nothing.
        .filter(|path| {
            if project.convex_dirs.iter().any(|c| crate::discover::is_under(path, &c.dir)) {
                return true;
            }
            // The innermost app holding the file decides (a root app holds nested ones too).
            let owner = project
                .apps
                .iter()
                .zip(app_reachable)
                .filter(|(app, _)| crate::discover::is_under(path, &app.dir))
                .max_by_key(|(app, _)| app.dir.len());
            match owner {
                Some((_, reachable)) => !react::is_test_or_story(path) && reachable.as_ref().is_none_or(|r| r.contains(path.as_str())),
                None => true,
            }
        })
        .collect();
    let outside: Vec<&str> = live_files.iter().flat_map(|path| code_index.function_refs[*path].iter().map(|r| r.path.as_str())).collect();
    let dead_callers = live_files.len() < outside_files.len();
    convex_calls::uncalled(&modules, &outside, dead_callers)
}
