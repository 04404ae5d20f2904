//! `authkit-doctor triage`: start from what the developer sees (a [`Symptom`]) and run just
//! the checks that explain it. The decision tree of the debugging playbooks is data ([`TREE`]):
//! symptom → questions that narrow it down → the rules to run and the next commands to try.
//!
//! `--symptom NAME` runs every check of that symptom (for scripts and agents). On a terminal,
//! without `--symptom`, a menu asks for the symptom and then the question that fits. It is an
//! arrow-key menu: crossterm puts the terminal in raw mode so that single keys arrive without
//! Enter (`std` cannot), and number keys still pick an entry as in the numbered menu it
//! replaced. It is drawn on stderr, so `triage > report.txt` keeps only the report in the file.
//! Where raw mode is not available (TERM=dumb, raw mode refused, stderr not a terminal), the
//! numbered menu remains, read line by line from stdin.

use crate::output::{EXIT_FINDINGS, EXIT_OK, finish_output, input_error};
use authkit_doctor_core::check::{self, CheckOptions};
use authkit_doctor_core::diagnostic::{Severity, Symptom};
use authkit_doctor_core::report::{self, Format, HumanOptions};
use clap::Args;
use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::style::{Attribute, Print, SetAttribute};
use crossterm::terminal::{self, ClearType};
use crossterm::{cursor, queue};
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Args, Debug, Clone, Default)]
pub struct TriageArgs {
    /// Project folder to scan (a monorepo root works)
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,
    /// What you see, e.g. convex-unauthenticated (run `authkit-doctor triage --symptom list`)
    #[arg(long, value_name = "NAME")]
    pub symptom: Option<String>,
    /// The JSON report of `authkit-doctor watch --format json`: what the browser showed picks
    /// the symptom (unless --symptom) and the branch to check
    #[arg(long, value_name = "FILE.json")]
    pub from_watch: Option<PathBuf>,
    /// Watch the browser first (`authkit-doctor watch`) and let what it sees pick the symptom
    /// and the branch; everything after --watch goes to watch (a URL, --headless, --for, …)
    #[arg(long, num_args = 0.., allow_hyphen_values = true, value_name = "WATCH ARGS", conflicts_with = "from_watch")]
    pub watch: Option<Vec<String>>,
    /// Never colour the output (NO_COLOR is honoured too)
    #[arg(long)]
    pub no_color: bool,
}

/// One branch of a symptom: a question the developer can answer by looking, and what then
/// explains it.
#[derive(Debug)]
pub struct Question {
    pub ask: &'static str,
    /// `check` rules that explain this branch.
    pub rules: &'static [&'static str],
    /// Commands and manual checks to try next.
    pub next: &'static [&'static str],
}

#[derive(Debug)]
pub struct Node {
    pub symptom: Symptom,
    pub questions: &'static [Question],
    /// Next steps whatever the answer.
    pub next: &'static [&'static str],
}

const TOKEN: &str = "paste a token: authkit-doctor token - --project . (copy it from getAccessToken() or the Authenticate WebSocket frame)";
const HAR: &str = "save the browser's network log (DevTools → Network → Save all as HAR): authkit-doctor har FILE.har --project .";
const LOGS: &str = "paste the Convex dashboard logs or the browser console: authkit-doctor logs -";
const CONVEX_ENV: &str =
    "compare with the deployment: npx convex env list --include-values > dev-env.txt; authkit-doctor check --convex-env dev-env.txt";
const PROBE: &str = "check the JWKS URL and the deployment online: authkit-doctor probe --online";
/// The first step for what happens at run time: see it happen.
const WATCH: &str = "reproduce it while authkit-doctor watches the browser: authkit-doctor watch --save session.har --format json > watch.json, then authkit-doctor triage --from-watch watch.json (what it sees picks the branch)";
/// Symptoms seen in the browser, for which `watch` comes first.
const RUNTIME: [Symptom; 3] = [Symptom::SignInDoesNothing, Symptom::ConvexUnauthenticated, Symptom::RandomSignOuts];

/// The playbooks' decision tree: every symptom of [`Symptom::ALL`], in that order.
pub static TREE: &[Node] = &[
    Node {
        symptom: Symptom::SignInDoesNothing,
        questions: &[
            Question {
                ask: "Clicking \"Sign in\" never leaves the app (no redirect to WorkOS)",
                rules: &[
                    "client/get-sign-in-url-in-client",
                    "client/manual-authorize-url",
                    "client/authkit-provider-missing",
                    "client/convex-provider-outside-authkit",
                    "client/mixed-authkit-packages",
                    "nextjs/get-sign-in-url-in-render",
                    "nextjs/auth-link-prefetch",
                    "nextjs/components-import-path",
                    "nextjs/unauthenticated-path-unknown",
                ],
                next: &["use signIn() from useAuth() (React) or a link to getSignInUrl() computed on the server (Next.js)"],
            },
            Question {
                ask: "WorkOS shows an error page (invalid client id or redirect URI)",
                rules: &[
                    "env/missing-client-id",
                    "env/malformed-client-id",
                    "env/redirect-uri-missing",
                    "env/next-redirect-uri-unprefixed",
                    "env/client-var-not-exposed",
                    "env/value-whitespace",
                    "env/conflicting-values",
                    "client/cors-origins",
                ],
                next: &[HAR, "WorkOS dashboard → Redirects: the redirect URI must be listed exactly"],
            },
            Question {
                ask: "The browser console shows an error",
                rules: &["env/cookie-password", "env/example-incomplete", "client/callback-redirects-before-auth"],
                next: &[LOGS],
            },
        ],
        next: &[],
    },
    Node {
        symptom: Symptom::ConvexUnauthenticated,
        questions: &[
            Question {
                ask: "Convex logs say \"No auth provider found matching the given token\"",
                rules: &[
                    "auth-config/missing-user-management-provider",
                    "auth-config/application-id-on-user-management",
                    "auth-config/application-id-not-client-id",
                    "auth-config/jwks-url",
                    "auth-config/legacy-oidc-domain",
                    "auth-config/custom-domain-issuer-mismatch",
                    "convex-env/client-id-mismatch",
                ],
                next: &[TOKEN, CONVEX_ENV],
            },
            Question {
                ask: "No token reaches Convex (no Authenticate message on the WebSocket)",
                rules: &[
                    "client/plain-convex-provider",
                    "client/static-set-auth",
                    "client/convex-dev-workos-adapter",
                    "client/convex-provider-outside-authkit",
                    "client/authkit-provider-missing",
                    "client/useauth-gates-convex",
                    "nextjs/middleware-missing",
                    "nextjs/middleware-wrong-location",
                    "nextjs/matcher-gaps",
                    "nextjs/sdk-too-old-for-convex",
                    "framework/tanstack-middleware-missing",
                    "framework/root-auth-loader-missing",
                ],
                next: &[HAR],
            },
            Question {
                ask: "The auth config may never have reached the deployment (push errors, env var unset)",
                rules: &[
                    "auth-config/missing",
                    "auth-config/parse-error",
                    "auth-config/env-var-unset",
                    "auth-config/not-statically-resolvable",
                    "convex-env/convex-url-missing",
                ],
                next: &["run npx convex dev and wait for \"Convex functions ready!\"", CONVEX_ENV],
            },
        ],
        next: &[TOKEN],
    },
    Node {
        symptom: Symptom::IdentityMissingFields,
        questions: &[Question {
            ask: "identity.email / identity.name is undefined in getUserIdentity()",
            rules: &["functions/identity-field-never-set", "functions/identity-claim-needs-template"],
            next: &["add the claims to the WorkOS JWT template (Authentication → JWT Templates), then sign in again"],
        }],
        next: &[TOKEN],
    },
    Node {
        symptom: Symptom::AdminCheckFails,
        questions: &[Question {
            ask: "A role / admin check is false for a user who should pass",
            rules: &["functions/identity-claim-needs-template", "functions/identity-field-never-set"],
            next: &["compare the claim your code reads with the token's claims (a custom claim needs the JWT template)"],
        }],
        next: &[TOKEN],
    },
    Node {
        symptom: Symptom::TokenRejected,
        questions: &[
            Question {
                ask: "Convex says the token's issuer or audience does not match a provider",
                rules: &[
                    "auth-config/missing-user-management-provider",
                    "auth-config/missing-sso-provider",
                    "auth-config/application-id-on-user-management",
                    "auth-config/application-id-not-client-id",
                    "auth-config/client-id-inconsistent",
                    "auth-config/nonstandard-issuer",
                    "auth-config/duplicate-issuer",
                    "auth-config/legacy-oidc-domain",
                    "auth-config/custom-domain-issuer-mismatch",
                    "convex-env/client-id-mismatch",
                ],
                next: &[TOKEN, CONVEX_ENV],
            },
            Question {
                ask: "Convex cannot verify the signature (JWKS, kid, algorithm)",
                rules: &["auth-config/jwks-url", "auth-config/unsupported-algorithm"],
                next: &[PROBE, TOKEN],
            },
        ],
        next: &[TOKEN],
    },
    Node {
        symptom: Symptom::CallbackFails,
        questions: &[
            Question {
                ask: "The callback URL shows a 404 or lands on the wrong port or path",
                rules: &[
                    "redirect/port-mismatch",
                    "redirect/no-callback-route",
                    "redirect/base-path",
                    "nextjs/callback-route-missing",
                    "framework/callback-handler-missing",
                    "deploy/netlify-spa-fallback",
                    "deploy/vercel-spa-rewrite",
                    "deploy/vite-base",
                ],
                next: &[HAR],
            },
            Question {
                ask: "The callback errors (code exchange, state, PKCE cookie, API key)",
                rules: &[
                    "env/missing-api-key",
                    "env/malformed-api-key",
                    "env/cookie-password",
                    "env/redirect-uri-missing",
                    "env/next-redirect-uri-unprefixed",
                    "client/manual-authorize-url",
                    "client/callback-redirects-before-auth",
                ],
                next: &[LOGS, HAR],
            },
            Question {
                ask: "It only fails on the deployed site",
                rules: &["redirect/production-localhost", "redirect/vercel-preview"],
                next: &["WorkOS dashboard → Redirects: add the production callback URL"],
            },
        ],
        next: &[],
    },
    Node {
        symptom: Symptom::RandomSignOuts,
        questions: &[
            Question {
                ask: "Signed out after navigating or on page load (Next.js)",
                rules: &[
                    "nextjs/sign-out-link-prefetch",
                    "nextjs/sign-out-get-handler",
                    "nextjs/middleware-missing",
                    "nextjs/middleware-wrong-location",
                    "nextjs/force-refresh-loop",
                ],
                next: &[HAR],
            },
            Question {
                ask: "Signed out (or Convex unauthenticated) after a few minutes, when the token expires",
                rules: &[
                    "client/static-set-auth",
                    "client/fetch-access-token-ignores-force-refresh",
                    "client/convex-dev-workos-adapter",
                    "client/spa-production-refresh",
                    "framework/tanstack-middleware-missing",
                ],
                next: &[TOKEN, LOGS],
            },
        ],
        next: &[],
    },
    Node {
        symptom: Symptom::LoadingLoop,
        questions: &[Question {
            ask: "The page keeps loading, reloading or refreshing the token",
            rules: &["convex-env/convex-url-missing", "nextjs/force-refresh-loop"],
            next: &[HAR, LOGS],
        }],
        next: &[],
    },
    Node {
        symptom: Symptom::WorksInDevNotProd,
        questions: &[
            Question {
                ask: "Production uses other WorkOS or Convex settings than development",
                rules: &[
                    "auth-config/client-id-inconsistent",
                    "auth-config/custom-domain-issuer-mismatch",
                    "auth-config/hardcoded-client-id",
                    "convex-env/prod-uses-dev-deployment",
                    "env/mixed-environment",
                    "env/same-workos-env-dev-prod",
                ],
                next: &["npx convex env list --prod --include-values > prod-env.txt; authkit-doctor check --convex-env-prod prod-env.txt"],
            },
            Question {
                ask: "The deployed site's sign-in or callback fails (redirects, CORS, routing)",
                rules: &[
                    "redirect/production-localhost",
                    "redirect/vercel-preview",
                    "client/spa-production-refresh",
                    "client/cors-origins",
                    "deploy/netlify-spa-fallback",
                    "deploy/vercel-spa-rewrite",
                    "deploy/vite-base",
                ],
                next: &[HAR],
            },
        ],
        next: &[],
    },
    Node {
        symptom: Symptom::DeployFails,
        questions: &[
            Question {
                ask: "npx convex dev / deploy rejects the auth config",
                rules: &[
                    "auth-config/both-ts-and-js",
                    "auth-config/parse-error",
                    "auth-config/missing-default-export",
                    "auth-config/application-id-spelling",
                    "auth-config/unknown-provider-type",
                    "auth-config/invalid-provider-shape",
                    "auth-config/unsupported-algorithm",
                    "auth-config/invalid-issuer-url",
                    "auth-config/insecure-shared-issuer",
                    "auth-config/env-var-unset",
                    "convex-env/component-env-missing",
                ],
                next: &[LOGS, "apply the safe fixes: authkit-doctor check --fix --dry-run, then --fix"],
            },
            Question {
                ask: "The app's build or host deploy fails",
                rules: &["nextjs/middleware-and-proxy", "nextjs/deprecated-authkit-middleware", "deploy/removed-convex-command"],
                next: &[LOGS],
            },
        ],
        next: &[],
    },
    Node {
        symptom: Symptom::SecretExposure,
        questions: &[Question {
            ask: "An API key or cookie password may be public",
            rules: &["env/api-key-exposed-to-client", "env/secret-in-source", "env/env-file-committed"],
            next: &["rotate the key in the WorkOS dashboard (API Keys) after removing it"],
        }],
        next: &[],
    },
];

pub fn node(symptom: Symptom) -> &'static Node {
    TREE.iter().find(|n| n.symptom == symptom).expect("TREE covers Symptom::ALL")
}

/// The `check` rules for a symptom: those its questions name, then every other `check` rule
/// that declares the symptom (the catalog is the source of truth; the tree only orders it).
pub fn rules_for(symptom: Symptom) -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = Vec::new();
    for q in node(symptom).questions {
        for id in q.rules {
            if !ids.contains(id) {
                ids.push(id);
            }
        }
    }
    for rule in authkit_doctor_core::rules::all() {
        if is_check_rule(rule.id) && rule.symptoms.contains(&symptom) && !ids.contains(&rule.id) {
            ids.push(rule.id);
        }
    }
    ids
}

/// `token/`, `har/` and `logs/` rules fire from their own commands, not from `check`.
pub fn is_check_rule(id: &str) -> bool {
    !(id.starts_with("token/") || id.starts_with("har/") || id.starts_with("logs/"))
}

pub fn run(args: &TriageArgs) -> i32 {
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    if let Some(file) = &args.from_watch {
        return match read_watch_causes(file) {
            Ok(causes) => triage_watched(&path, causes, args.symptom.as_deref(), args.no_color),
            Err(e) => input_error(&e),
        };
    }
    if let Some(watch_args) = &args.watch {
        return watch_then_triage(&path, watch_args, args.symptom.as_deref(), args.no_color);
    }
    match args.symptom.as_deref() {
        Some("list") => {
            let mut out = std::io::stdout().lock();
            let result = Symptom::ALL.iter().try_for_each(|s| writeln!(out, "{:<24} {}", s.as_str(), s.headline()));
            finish_output(result, EXIT_OK)
        }
        Some(name) => match Symptom::parse(name) {
            Some(symptom) => run_symptom(&path, symptom, None, args.no_color),
            None => input_error(&format!(
                "unknown symptom `{name}`; one of: {}",
                Symptom::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            )),
        },
        None if std::io::stdin().is_terminal() => interactive(&path, args.no_color),
        None => input_error(&format!(
            "stdin is not a terminal: pass --symptom NAME, one of: {}",
            Symptom::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
        )),
    }
}

/// The last entry of the question menu: no question, every check of the symptom.
const NOT_SURE: &str = "Not sure: run every check for this symptom";
/// The entry of a runtime symptom's question menu that watches the browser instead of asking.
const WATCH_ENTRY: &str = "See it happen: watch the browser (authkit-doctor watch), and let what it sees pick";
/// Its number key.
const WATCH_KEY: usize = 9;

/// What the menus chose.
enum Choice {
    Run(Symptom, Option<&'static Question>),
    Watch(Symptom),
}

fn run_choice(path: &Path, choice: Choice, no_color: bool) -> i32 {
    match choice {
        Choice::Run(symptom, question) => run_symptom(path, symptom, question, no_color),
        Choice::Watch(symptom) => watch_then_triage(path, &[], Some(symptom.as_str()), no_color),
    }
}

fn interactive(path: &Path, no_color: bool) -> i32 {
    let dumb = std::env::var_os("TERM").is_some_and(|term| term == "dumb");
    if !dumb
        && std::io::stderr().is_terminal()
        && let Ok(raw_mode) = RawMode::enable()
    {
        let color = !no_color && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let choice = arrow_menus(color);
        drop(raw_mode);
        return match choice {
            Ok(Some(choice)) => {
                eprintln!();
                run_choice(path, choice, no_color)
            }
            Ok(None) => cancelled(),
            Err(e) => input_error(&format!("cannot read the terminal: {e}")),
        };
    }
    numbered_menus(path, no_color)
}

/// No answer is an input error (exit 2), as end of input always was.
fn cancelled() -> i32 {
    input_error("cancelled: nothing was run (pass --symptom NAME to skip the menu)")
}

/// The symptom, then the question when the symptom has more than one; `None` when cancelled.
fn arrow_menus(color: bool) -> std::io::Result<Option<Choice>> {
    let symptoms: Vec<(usize, &str)> = Symptom::ALL.iter().enumerate().map(|(i, s)| (i + 1, s.headline())).collect();
    let Some(picked) = pick("What do you see?", &symptoms, color)? else { return Ok(None) };
    let symptom = Symptom::ALL[picked];
    let node = node(symptom);
    if node.questions.len() < 2 && !RUNTIME.contains(&symptom) {
        return Ok(Some(Choice::Run(symptom, None)));
    }
    let mut questions: Vec<(usize, &str)> = node.questions.iter().enumerate().map(|(i, q)| (i + 1, q.ask)).collect();
    questions.push((0, NOT_SURE));
    if RUNTIME.contains(&symptom) {
        questions.push((WATCH_KEY, WATCH_ENTRY));
    }
    let Some(picked) = pick("Which fits best?", &questions, color)? else { return Ok(None) };
    if questions[picked].0 == WATCH_KEY {
        return Ok(Some(Choice::Watch(symptom)));
    }
    // NOT_SURE, past the last question, runs the whole symptom.
    Ok(Some(Choice::Run(symptom, node.questions.get(picked))))
}

/// Raw mode (keys arrive one by one, without echo) and a hidden cursor while a menu is on
/// screen. Dropping it, on every return, `?` and a panic's unwinding, gives the shell back a
/// terminal with line editing, echo and a cursor.
struct RawMode;

impl RawMode {
    fn enable() -> std::io::Result<RawMode> {
        terminal::enable_raw_mode()?;
        let raw_mode = RawMode;
        crossterm::execute!(std::io::stderr(), cursor::Hide)?;
        Ok(raw_mode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = crossterm::execute!(std::io::stderr(), cursor::Show);
        let _ = terminal::disable_raw_mode();
    }
}

/// Shows the `(number, text)` entries under `title` on stderr until a key picks one, and returns
/// its index (`None`: cancelled). Up/Down (k/j, Tab) move, Enter picks, a digit picks the entry
/// of that number, Esc/q/Ctrl-C/Ctrl-D cancel. The menu lines are then replaced by one line:
/// the title and the chosen text.
fn pick(title: &str, entries: &[(usize, &str)], color: bool) -> std::io::Result<Option<usize>> {
    let mut selected: usize = 0;
    let mut first_shown = 0;
    let mut lines_drawn = 0;
    let picked = loop {
        let (width, height) = terminal::size().unwrap_or((80, 24));
        // A terminal shorter than the menu shows a window of it that follows the selection
        // (moving up over lines that scrolled away is impossible).
        let rows = usize::from(height).saturating_sub(2).clamp(1, entries.len());
        first_shown = first_shown.min(selected).max((selected + 1).saturating_sub(rows));
        let view = MenuView { title, entries, selected, first_shown, rows, width: usize::from(width.max(20)), color };
        lines_drawn = view.draw(lines_drawn)?;

        let Event::Key(key) = event::read()? else { continue };
        if key.kind == KeyEventKind::Release {
            continue;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('c' | 'd') if ctrl => break None,
            KeyCode::Esc | KeyCode::Char('q') => break None,
            KeyCode::Up | KeyCode::Char('k') | KeyCode::BackTab => selected = (selected + entries.len() - 1) % entries.len(),
            KeyCode::Down | KeyCode::Char('j') | KeyCode::Tab => selected = (selected + 1) % entries.len(),
            KeyCode::Home => selected = 0,
            KeyCode::End => selected = entries.len() - 1,
            KeyCode::Enter => break Some(selected),
            KeyCode::Char(c) => {
                let numbered = c.to_digit(10).and_then(|digit| entries.iter().position(|&(n, _)| n == digit as usize));
                if numbered.is_some() {
                    break numbered;
                }
            }
            _ => {}
        }
    };
    let summary: Vec<Line> = picked.map(|i| Line { text: format!("{title} {}", entries[i].1), highlighted: false }).into_iter().collect();
    replace_lines(lines_drawn, &summary)?;
    Ok(picked)
}

/// One line of a menu on screen.
struct Line {
    text: String,
    highlighted: bool,
}

struct MenuView<'a> {
    title: &'a str,
    entries: &'a [(usize, &'a str)],
    selected: usize,
    first_shown: usize,
    rows: usize,
    width: usize,
    color: bool,
}

impl MenuView<'_> {
    /// Draws over the `lines_drawn` lines of the previous frame; returns how many lines this
    /// frame drew. Lines are cut to the terminal's width: a wrapped line would make the count,
    /// and so the next redraw, wrong.
    fn draw(&self, lines_drawn: u16) -> std::io::Result<u16> {
        let fit = |line: String| line.chars().take(self.width - 1).collect::<String>();
        let title =
            Line { text: fit(format!("{} (↑/↓ to move, Enter or a number to choose, Esc to quit)", self.title)), highlighted: false };
        let entries = self.entries.iter().enumerate().skip(self.first_shown).take(self.rows).map(|(i, (number, text))| {
            let marker = if i == self.selected { '›' } else { ' ' };
            Line { text: fit(format!("{marker} {number:>2}. {text}")), highlighted: i == self.selected && self.color }
        });
        let lines: Vec<Line> = std::iter::once(title).chain(entries).collect();
        replace_lines(lines_drawn, &lines)
    }
}

/// Writes `lines` over the `lines_drawn` lines written last (the cursor is on the line below
/// them), blanks what is left of those, and returns how many lines are now drawn. Each line is
/// overwritten and cleared to its end rather than the screen cleared below the menu: tmux moves
/// the whole screen to its history when told to clear it from the top-left corner.
fn replace_lines(lines_drawn: u16, lines: &[Line]) -> std::io::Result<u16> {
    let mut out = std::io::BufWriter::new(std::io::stderr().lock());
    if lines_drawn > 0 {
        // Only when there is something to go back over: `MoveToPreviousLine(0)` still moves a line.
        queue!(out, cursor::MoveToPreviousLine(lines_drawn))?;
    }
    for line in lines {
        if line.highlighted {
            queue!(out, SetAttribute(Attribute::Reverse), Print(&line.text), SetAttribute(Attribute::Reset))?;
        } else {
            queue!(out, Print(&line.text))?;
        }
        queue!(out, terminal::Clear(ClearType::UntilNewLine), Print("\r\n"))?;
    }
    let now_drawn = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let left_over = lines_drawn.saturating_sub(now_drawn);
    for _ in 0..left_over {
        queue!(out, terminal::Clear(ClearType::CurrentLine), Print("\n"))?;
    }
    if left_over > 0 {
        queue!(out, cursor::MoveToPreviousLine(left_over))?;
    }
    out.flush()?;
    Ok(now_drawn)
}

/// Reads a number in `0..=max` (`allow_zero`) or `1..=max`; `None` on end of input or `q`.
fn ask_number(input: &mut impl BufRead, prompt: &str, max: usize, allow_zero: bool) -> Option<usize> {
    loop {
        print!("{prompt}");
        let _ = std::io::stdout().flush();
        let mut line = String::new();
        if input.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim();
        if line.eq_ignore_ascii_case("q") {
            return None;
        }
        match line.parse::<usize>() {
            Ok(n) if n <= max && (allow_zero || n >= 1) => return Some(n),
            _ => println!("Type a number from {} to {max} (q to quit).", if allow_zero { 0 } else { 1 }),
        }
    }
}

/// The menus for a terminal without raw mode (TERM=dumb, or raw mode refused): numbered, one
/// answer per line.
fn numbered_menus(path: &Path, no_color: bool) -> i32 {
    let mut input = std::io::stdin().lock();
    println!("What do you see? (type the number, then Enter)");
    for (i, s) in Symptom::ALL.iter().enumerate() {
        println!("  {:>2}. {}", i + 1, s.headline());
    }
    let Some(n) = ask_number(&mut input, "> ", Symptom::ALL.len(), false) else { return cancelled() };
    let symptom = Symptom::ALL[n - 1];
    let node = node(symptom);
    let runtime = RUNTIME.contains(&symptom);
    let question = if node.questions.len() > 1 || runtime {
        println!();
        println!("{}: which fits best?", symptom.headline());
        for (i, q) in node.questions.iter().enumerate() {
            println!("  {:>2}. {}", i + 1, q.ask);
        }
        println!("   0. {NOT_SURE}");
        if runtime {
            println!("   {WATCH_KEY}. {WATCH_ENTRY}");
        }
        let max = if runtime { WATCH_KEY } else { node.questions.len() };
        let n = loop {
            let Some(n) = ask_number(&mut input, "> ", max, true) else { return cancelled() };
            if n <= node.questions.len() || n == WATCH_KEY {
                break n;
            }
            println!("Type a number from 0 to {}, or {WATCH_KEY} (q to quit).", node.questions.len());
        };
        if runtime && n == WATCH_KEY {
            drop(input);
            println!();
            return run_choice(path, Choice::Watch(symptom), no_color);
        }
        if n == 0 { None } else { Some(&node.questions[n - 1]) }
    } else {
        None
    };
    drop(input);
    println!();
    run_symptom(path, symptom, question, no_color)
}

/// Runs the checks of `symptom` (or of one `question` of it) on `path` and prints the findings
/// and the next steps.
pub fn run_symptom(path: &Path, symptom: Symptom, question: Option<&Question>, no_color: bool) -> i32 {
    let node = node(symptom);
    let rules: Vec<String> = match question {
        Some(q) => q.rules.iter().map(|s| s.to_string()).collect(),
        None => rules_for(symptom).into_iter().map(str::to_string).collect(),
    };
    let options = CheckOptions { only: rules.clone(), ..Default::default() };
    let mut run = match check::run(path, &options) {
        Ok(run) => run,
        Err(e) => return input_error(&e.to_string()),
    };
    if let Some(message) = check::nothing_to_check(&run.root, &run.project) {
        return input_error(&message);
    }
    report::sort_findings(&mut run.findings, &run.files);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut result = writeln!(out, "triage: {} [{}]", symptom.headline(), symptom.as_str());
    if let Some(q) = question {
        result = result.and_then(|()| writeln!(out, "branch: {}", q.ask));
    }
    result = result
        .and_then(|()| writeln!(out, "running {} check{}: {}\n", rules.len(), if rules.len() == 1 { "" } else { "s" }, rules.join(", ")));
    if run.findings.is_empty() {
        result = result.and_then(|()| writeln!(out, "No finding: the project's files do not explain this symptom.\n"));
    } else {
        let summary = run.summary();
        let report = run.report(&summary, &run.findings, &run.redactor);
        let color = crate::output::use_color(no_color);
        let human = HumanOptions { color, quiet: false };
        result = result.and_then(|()| report::write(&mut out, &report, Format::Human, &human)).and_then(|()| writeln!(out));
    }
    let mut next: Vec<&str> = Vec::new();
    if RUNTIME.contains(&symptom) {
        next.push(WATCH);
    }
    let branches: Vec<&Question> = match question {
        Some(q) => vec![q],
        None => node.questions.iter().collect(),
    };
    for step in branches.iter().flat_map(|q| q.next.iter()).chain(node.next.iter()) {
        if !next.contains(step) {
            next.push(step);
        }
    }
    if question.is_none() && node.questions.len() > 1 {
        result = result.and_then(|()| writeln!(out, "Questions that narrow it down:"));
        for q in node.questions {
            result = result.and_then(|()| writeln!(out, "  - {} ({} checks)", q.ask, q.rules.len()));
        }
        result = result.and_then(|()| writeln!(out));
    }
    result = result.and_then(|()| writeln!(out, "Next steps:"));
    let project = format!("--project {}", path.display());
    for step in next {
        result = result.and_then(|()| writeln!(out, "  - {}", step.replace("--project .", &project)));
    }
    result = result.and_then(|()| out.flush());
    let code = if run.findings.iter().any(|f| f.severity == Severity::Error) { EXIT_FINDINGS } else { EXIT_OK };
    finish_output(result, code)
}

use crate::commands::watch::Cause as WatchCause;

fn read_watch_causes(file: &Path) -> Result<Vec<WatchCause>, String> {
    let shown = file.display();
    let bytes = authkit_doctor_core::read::argument_file(file, 64 << 20).map_err(|e| match e {
        authkit_doctor_core::read::ReadError::NotFound => format!("{shown}: no such file"),
        other => format!("{shown}: {other}"),
    })?;
    let doc: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| format!("{shown}: not JSON ({e}); pass the output of `authkit-doctor watch --format json`"))?;
    let causes = doc
        .pointer("/watch/causes")
        .and_then(serde_json::Value::as_array)
        .ok_or_else(|| format!("{shown}: not a `watch --format json` report (no watch.causes)"))?;
    let strings = |v: &serde_json::Value, key: &str| -> Vec<String> {
        v.get(key)
            .and_then(serde_json::Value::as_array)
            .map_or_else(Vec::new, |a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
    };
    Ok(causes
        .iter()
        .filter_map(|c| {
            Some(WatchCause {
                rule: c.get("rule")?.as_str()?.to_string(),
                symptoms: strings(c, "symptoms").iter().filter_map(|s| Symptom::parse(s)).collect(),
                static_rules: strings(c, "static_rules"),
            })
        })
        .collect())
}

/// `triage --watch [URL] [watch flags]`: watches the app (the project at `path`), then triages
/// what it saw.
fn watch_then_triage(path: &Path, watch_args: &[String], symptom: Option<&str>, no_color: bool) -> i32 {
    use clap::Parser;
    /// `watch`'s own arguments, parsed as `authkit-doctor watch` parses them.
    #[derive(Parser)]
    #[command(name = "authkit-doctor watch")]
    struct WatchCommand {
        #[command(flatten)]
        args: crate::commands::watch::WatchArgs,
    }
    let argv = std::iter::once("authkit-doctor watch".to_string()).chain(watch_args.iter().cloned());
    let mut args = match WatchCommand::try_parse_from(argv) {
        Ok(w) => w.args,
        Err(e) => return input_error(&format!("--watch: {}", e.to_string().lines().next().unwrap_or("bad arguments"))),
    };
    if args.common.project.is_none() {
        args.common.project = Some(path.to_path_buf());
    }
    eprintln!("triage: watching the browser first; reproduce the problem, then press Ctrl-C or close the browser");
    let session = match crate::commands::watch::session(&args) {
        Ok(s) => s,
        Err(code) => return code,
    };
    triage_watched(path, session.causes(), symptom, no_color)
}

/// The symptom the browser showed (or `--symptom`), and the branch whose checks the watch's
/// findings point at.
fn triage_watched(path: &Path, causes: Vec<WatchCause>, symptom: Option<&str>, no_color: bool) -> i32 {
    let symptom = match symptom {
        Some(name) => match Symptom::parse(name) {
            Some(s) => s,
            None => return input_error(&format!("unknown symptom `{name}`")),
        },
        // The first symptom (in the catalog's order) any finding shows.
        None => match Symptom::ALL.iter().find(|s| causes.iter().any(|c| c.symptoms.contains(s))) {
            Some(s) => *s,
            None => {
                println!(
                    "The watch saw no auth failure{}: reproduce the problem while it runs, or pick the symptom: authkit-doctor triage --symptom NAME",
                    if causes.is_empty() { String::new() } else { format!(" with a symptom ({} finding(s) without one)", causes.len()) }
                );
                return EXIT_OK;
            }
        },
    };
    let pointed: Vec<&str> = causes.iter().flat_map(|c| c.static_rules.iter().map(String::as_str)).collect();
    let best = node(symptom)
        .questions
        .iter()
        .map(|q| (q, q.rules.iter().filter(|r| pointed.contains(r)).count()))
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(_, n)| *n)
        .map(|(q, _)| q);
    let seen: Vec<&str> = causes.iter().filter(|c| c.symptoms.contains(&symptom)).map(|c| c.rule.as_str()).collect();
    println!("watch saw: {}", if seen.is_empty() { "no finding for this symptom".to_string() } else { seen.join(", ") });
    run_symptom(path, symptom, best, no_color)
}
