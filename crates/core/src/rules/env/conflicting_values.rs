use super::{apps, effective_entries, value_location};
use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::facts::EnvMode;
use crate::facts::env::{EnvFileFacts, Mode, is_auth_var, references_other_vars};
use crate::rules::CheckContext;
use std::collections::BTreeSet;

declare_rule! {
    /// ### What it does
    /// Finds WorkOS and Convex variables whose value never takes effect where you would expect
    /// it to, and says which file wins:
    /// - a machine-specific override that a committed file beats in development: Vite (and
    ///   SvelteKit, TanStack Start, React Router) load `.env.development` *after* `.env.local`,
    ///   so a different value in `.env.development` silently wins over your `.env.local`
    ///   (Next.js, Expo and Create React App rank `.env.local` higher);
    /// - a variable defined twice in one file with different values (the last one wins).
    ///
    /// Overrides that do what their file names promise are not warnings: `.env.local` over
    /// `.env`, a mode file over `.env`, `.env.[mode].local` over anything, and production
    /// builds using `.env.production` (Vite) or `.env.local` on the machine that has one
    /// (Next.js). Those are how shared defaults, per-mode values and local overrides are meant
    /// to combine. One of them is an info: a `.env.local` value that differs from the committed
    /// `.env`, because a build without the local file (CI, the host) uses the other value.
    ///
    /// ### Why is this bad?
    /// You edit the value that is not used: the app keeps signing in with the other client id,
    /// or talks to the other Convex deployment.
    ///
    /// ### Symptom
    /// A change to `.env.local` has no effect in `vite dev`.
    ///
    /// ### Fix
    /// Keep the variable in one of the files: delete it from `.env.development` (so your
    /// `.env.local` applies), or move your override to `.env.development.local`, which wins over
    /// both.
    ///
    /// ### Example
    /// ```sh
    /// # Vite app
    /// # .env.development  VITE_WORKOS_CLIENT_ID=client_01TEAM...
    /// # .env.local        VITE_WORKOS_CLIENT_ID=client_01MINE...   ← never used by `vite dev`
    /// ```
    pub static RULE = {
        id: "env/conflicting-values",
        severity: Warning,
        symptoms: [ConvexUnauthenticated, SignInDoesNothing],
        summary: "two env definitions of one var disagree and the expected one loses; says which wins",
    };
}

/// Whether `loser` losing to `winner` while developing defeats what the file names promise: a
/// `.local` override, made for this machine, beaten by a committed file.
fn surprising(loser: &EnvFileFacts, winner: &EnvFileFacts) -> bool {
    loser.local && !winner.local
}

fn check(cx: &CheckContext, out: &mut Vec<Finding>) {
    let mode = Mode::Development;
    for a in apps(cx) {
        let real: Vec<&EnvFileFacts> = a.files().iter().filter(|f| f.mode.is_loaded()).collect();
        let keys: BTreeSet<&str> =
            real.iter().flat_map(|f| f.env.entries.iter()).map(|e| e.key.as_str()).filter(|k| is_auth_var(k)).collect();
        for key in keys {
            let definitions = a.bundler.definitions(a.files(), key, mode);
            let Some(&(winner, winning)) = definitions.first() else { continue };
            for &(loser, lost) in &definitions[1..] {
                let value = lost.value.trim();
                // Values built from other variables may well be equal once expanded.
                let expanded = references_other_vars(value) || references_other_vars(&winning.value);
                if value.is_empty() || value == winning.value.trim() || expanded {
                    continue;
                }
                if !surprising(loser, winner) {
                    // The intended override: `.env.local` over a committed `.env`. A build on a
                    // machine without the local file (CI, the host) takes `.env`'s value, so
                    // production signs in with another value than development: worth knowing.
                    // What a build without local files reads: the first non-local definition.
                    let production = a.bundler.definitions(a.files(), key, Mode::Production);
                    let production_winner = production.iter().find(|(f, _)| !f.local).map(|(f, _)| f.name.as_str());
                    if winner.local && !loser.local && loser.mode == EnvMode::All && production_winner == Some(loser.name.as_str()) {
                        out.push(
                            RULE.finding(format!(
                                "{key}: development uses {}'s value; a build without {} (CI, your host) uses the different one in {}",
                                winner.name, winner.name, loser.name
                            ))
                            .severity(crate::diagnostic::Severity::Info)
                            .at(value_location(loser, lost))
                            .related(value_location(winner, winning), "this value wins in development")
                            .help(format!("Load order, highest first — {}. Only the machine that has the local file sees its value.", a.bundler.order_description(mode)))
                            .fix(format!("If production should use another value, set {key} in the host's environment or .env.production; otherwise make the two files agree.")),
                        );
                    }
                    continue;
                }
                out.push(
                    RULE.finding(format!(
                        "{key} in {} is not used in development: {} sets a different value and {} loads it later",
                        loser.name,
                        winner.name,
                        a.bundler.name()
                    ))
                    .at(value_location(loser, lost))
                    .related(value_location(winner, winning), "this value wins in development")
                    .help(format!(
                        "Load order, highest first — {}. Next.js ranks .env.local above .env.development; Vite does not.",
                        a.bundler.order_description(mode)
                    ))
                    .fix(format!(
                        "Delete {key} from {}, or put your override in .env.{}.local, which wins over both.",
                        winner.name,
                        mode.as_str()
                    )),
                );
            }
        }
        for file in real {
            report_duplicates(file, out);
        }
    }
}

/// A variable defined twice in one file: dotenv keeps the last definition.
fn report_duplicates(file: &EnvFileFacts, out: &mut Vec<Finding>) {
    for last in effective_entries(file).filter(|e| is_auth_var(&e.key)) {
        for earlier in file.env.entries.iter().filter(|e| e.key == last.key && e.line < last.line) {
            if earlier.value.trim().is_empty() || earlier.value.trim() == last.value.trim() {
                continue;
            }
            out.push(
                RULE.finding(format!(
                    "{} is defined again on line {} of {} with a different value; the later definition wins",
                    last.key, last.line, file.name
                ))
                .at(value_location(file, earlier))
                .related(value_location(file, last), "this definition wins")
                .help("dotenv reads the file top to bottom and keeps the last value of each variable.")
                .fix(format!("Delete one of the two {} lines.", last.key)),
            );
        }
    }
}
