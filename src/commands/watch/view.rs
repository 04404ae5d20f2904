//! The live view of `watch` (on stderr): the auth-relevant requests as they complete, each
//! finding the moment the detectors see it, and every token the page sends to Convex with two
//! verdicts — `token`'s, from this folder's auth config, and Convex's own answer.

use super::browser::now_ms;
use crate::commands::common::CommonArgs;
use authkit_doctor_core::check::CheckRun;
use authkit_doctor_core::diagnostic::{Finding, Severity};
use authkit_doctor_core::live::{self, Answer, Recorder};
use authkit_doctor_core::redact::Redactor;
use authkit_doctor_core::rules::token::deployment_differs;
use authkit_doctor_core::token::{self, Judgement, ProjectInput, Verdict};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::io::Write;

/// One `Authenticate` the page sent, and what is known about it.
struct TokenWatch {
    socket: String,
    entry: usize,
    frame: usize,
    sent_ms: i64,
    token_shown: String,
    ours: Option<Judgement>,
    answer: Option<Answer>,
    finding: Option<Finding>,
}

pub struct View {
    quiet: bool,
    color: bool,
    redactor: Redactor,
    /// What the project says about the deployment; `None` without a project.
    input: Option<ProjectInput>,
    config_file: Option<String>,
    /// Requests shown, by request id and start (entry numbers shift while requests are in flight).
    rows_shown: HashSet<(String, i64)>,
    fresh: live::Fresh,
    tokens: Vec<TokenWatch>,
    /// Rule and milliseconds from the newest browser event to the finding on screen.
    latencies: Vec<(&'static str, i64)>,
    start_ms: Option<i64>,
}

impl View {
    pub fn new(common: &CommonArgs, project: Option<&CheckRun>) -> View {
        let mut notes = Vec::new();
        let input = project.map(|run| crate::commands::token::project_input(run, None, None, &mut notes));
        View {
            quiet: common.quiet,
            color: common.color() && std::io::IsTerminal::is_terminal(&std::io::stderr()),
            redactor: project.map(|p| p.redactor.clone()).unwrap_or_default(),
            config_file: input.as_ref().and_then(|i| i.config_file.clone()),
            input,
            rows_shown: HashSet::new(),
            fresh: live::Fresh::default(),
            tokens: Vec::new(),
            latencies: Vec::new(),
            start_ms: None,
        }
    }

    pub fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    fn line(&self, text: &str) {
        if self.quiet {
            return;
        }
        let clean = authkit_doctor_core::redact::sanitize(&self.redactor.redact(text)).into_owned();
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "{clean}");
    }

    fn paint(&self, severity: Severity, text: &str) -> String {
        if !self.color {
            return text.to_string();
        }
        let style = match severity {
            Severity::Error => anstyle::AnsiColor::Red.on_default().bold(),
            Severity::Warning => anstyle::AnsiColor::Yellow.on_default().bold(),
            Severity::Info => anstyle::AnsiColor::Blue.on_default().bold(),
        };
        format!("{style}{text}{style:#}")
    }

    pub fn banner(&self, text: &str) {
        self.line(text);
    }

    pub fn note(&self, text: &str) {
        self.line(&format!("  note: {text}"));
    }

    fn offset(&self, ms: i64) -> String {
        format!("+{:.3}s", (ms - self.start_ms.unwrap_or(ms)) as f64 / 1000.0)
    }

    /// Prints what is new since the last call.
    pub fn update(&mut self, rec: &Recorder) {
        let analysis = live::analyze(rec);
        if self.start_ms.is_none() {
            self.start_ms = analysis.facts.start_ms;
        }
        // Requests, once they have an outcome.
        for r in &analysis.facts.rows {
            let Some(e) = rec.entries.get(r.index) else { continue };
            if self.rows_shown.insert((e.id.clone(), e.started_ms)) {
                self.line(&format!("  {}", authkit_doctor_core::har::timeline::row_line(&analysis.facts, r, &self.redactor)));
            }
        }
        // Tokens on the Convex socket.
        for auth in live::socket_auths(rec) {
            let known = self.tokens.iter().position(|t| t.socket == auth.socket && t.frame == auth.frame);
            let i = match known {
                Some(i) => i,
                None => {
                    let ours = self.input.as_ref().map(|input| token::judge(&auth.token, input, &judge_options()));
                    self.redactor.add_secret(&auth.token);
                    let w = TokenWatch {
                        socket: auth.socket.clone(),
                        entry: auth.entry,
                        frame: auth.frame,
                        sent_ms: auth.sent_ms,
                        token_shown: describe_token(&auth.token),
                        ours,
                        answer: None,
                        finding: None,
                    };
                    self.line(&format!("  {:>9}  ↑ Authenticate  {}", self.offset(w.sent_ms), w.token_shown));
                    self.line(&format!("             authkit-doctor: {}", self.our_words(&w)));
                    self.tokens.push(w);
                    self.tokens.len() - 1
                }
            };
            if self.tokens[i].answer.is_none()
                && let Some(answer) = auth.answer
            {
                let text = match &answer {
                    Answer::Accepted { wall_ms } => format!("  {:>9}  ↓ Convex accepted the token", self.offset(*wall_ms)),
                    Answer::Rejected { wall_ms, error } => format!("  {:>9}  ↓ Convex: AuthError: {error}", self.offset(*wall_ms)),
                };
                self.line(&text);
                self.tokens[i].answer = Some(answer);
                if let Some(f) = self.disagreement(i) {
                    // The same disagreement again (the client retries with a new token) is the
                    // same finding.
                    let repeated = self.tokens.iter().filter_map(|t| t.finding.as_ref()).any(|g| same_finding(g, &f));
                    if !repeated {
                        let sev = f.severity;
                        self.line(&format!("  {} {}  {}", self.paint(sev, mark(sev)), f.rule, f.message));
                        self.latencies.push((f.rule, now_ms() - rec.last_event_ms.unwrap_or_else(now_ms)));
                    }
                    self.tokens[i].finding = Some(f);
                }
            }
        }
        // Findings, the moment they are known.
        for d in self.fresh.take(&analysis.diagnosed) {
            let f = &d.finding;
            let after = now_ms() - rec.last_event_ms.unwrap_or_else(now_ms);
            self.latencies.push((f.rule, after));
            self.line(&format!("  {} {}  {}", self.paint(f.severity, mark(f.severity)), f.rule, f.message));
        }
    }

    fn our_words(&self, w: &TokenWatch) -> String {
        let Some(j) = &w.ours else {
            return "no project to judge it against (run in the app's folder or pass --project)".into();
        };
        let file = self.config_file.as_deref().unwrap_or("auth.config.ts");
        match j.verdict {
            Verdict::Accepted => {
                let provider = j
                    .matched
                    .and_then(|m| j.providers.get(m))
                    .map(|p| match p.spec.index {
                        Some(i) => format!("providers[{i}] of {file}"),
                        None => "getAuthConfigProviders()".to_string(),
                    })
                    .unwrap_or_else(|| file.to_string());
                let who = j
                    .identity
                    .as_ref()
                    .map(|id| {
                        ["subject", "email"]
                            .iter()
                            .filter_map(|k| id.get(*k).and_then(Value::as_str).map(|v| format!("{k} {v}")))
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .filter(|s| !s.is_empty())
                    .map(|s| format!(" — identity: {s}"))
                    .unwrap_or_default();
                format!("accepted by {provider}{who}")
            }
            Verdict::Rejected => match &j.convex_message {
                Some(m) => format!("rejected: {m}"),
                None => format!("rejected ({})", j.findings.first().map_or("see the report", |f| f.rule)),
            },
        }
    }

    /// `token/deployment-differs` when our verdict and Convex's answer disagree.
    fn disagreement(&self, i: usize) -> Option<Finding> {
        let w = &self.tokens[i];
        let ours = w.ours.as_ref()?;
        let file = self.config_file.as_deref().unwrap_or("convex/auth.config.ts");
        match (ours.verdict, w.answer.as_ref()?) {
            (Verdict::Accepted, Answer::Rejected { error, .. }) => Some(
                deployment_differs::RULE
                    .finding(format!(
                        "Convex rejected a token that {file} accepts ({}): the deployment is not running this auth config",
                        self.our_words(w).trim_start_matches("accepted by ")
                    ))
                    .convex_message(error.clone())
                    .help("Push the config to the deployment the app uses (`npx convex dev` keeps dev in sync; `npx convex deploy` for prod), check that the app's Convex URL is that deployment, and compare `npx convex env list` with your env files (WORKOS_CLIENT_ID)."),
            ),
            (Verdict::Rejected, Answer::Accepted { .. }) => Some(
                deployment_differs::RULE
                    .finding(format!(
                        "Convex accepted a token that {file} rejects: the deployment runs another auth config or other env values than this folder"
                    ))
                    .severity(Severity::Warning)
                    .help("Sign-in works now, but the next push of this folder's auth config would break it: compare the deployment (`npx convex env list`, the dashboard's auth settings) with the folder."),
            ),
            _ => None,
        }
    }

    /// One finding per distinct disagreement, saying how many tokens showed it.
    pub fn verdict_findings(&self) -> Vec<Finding> {
        let mut out: Vec<(Finding, usize)> = Vec::new();
        for f in self.tokens.iter().filter_map(|t| t.finding.as_ref()) {
            match out.iter_mut().find(|(g, _)| same_finding(g, f)) {
                Some((_, n)) => *n += 1,
                None => out.push((f.clone(), 1)),
            }
        }
        out.into_iter()
            .map(|(mut f, n)| {
                if n > 1 {
                    f.message.push_str(&format!(" ({n} tokens)"));
                }
                f
            })
            .collect()
    }

    /// The tokens and both verdicts, for the JSON report.
    pub fn verdicts(&self) -> Vec<Value> {
        self.tokens
            .iter()
            .map(|t| {
                let ours = t.ours.as_ref().map(|j| {
                    json!({
                        "verdict": j.verdict,
                        "message": self.redactor.redact(&self.our_words(t)),
                        "convex_message": j.convex_message.as_deref().map(|m| self.redactor.redact(m).into_owned()),
                    })
                });
                let convex = t.answer.as_ref().map(|a| match a {
                    Answer::Accepted { .. } => json!({ "verdict": "accepted" }),
                    Answer::Rejected { error, .. } => json!({ "verdict": "rejected", "error": self.redactor.redact(error) }),
                });
                json!({
                    "entry": t.entry + 1,
                    "token": self.redactor.redact(&t.token_shown),
                    "authkit_doctor": ours,
                    "convex": convex,
                    "agree": t.finding.is_none(),
                })
            })
            .collect()
    }

    /// The verdicts under the timeline of the final human report.
    pub fn write_verdicts(&self, out: &mut dyn Write) -> std::io::Result<()> {
        if self.tokens.is_empty() {
            return Ok(());
        }
        writeln!(out, "Tokens sent on the Convex socket:")?;
        for t in &self.tokens {
            let convex = match &t.answer {
                Some(Answer::Accepted { .. }) => "Convex accepted it".to_string(),
                Some(Answer::Rejected { error, .. }) => format!("Convex: {error}"),
                None => "no answer from Convex seen".to_string(),
            };
            let line = format!("  #{} {}\n      authkit-doctor: {}\n      {convex}", t.entry + 1, t.token_shown, self.our_words(t));
            writeln!(out, "{}", authkit_doctor_core::redact::sanitize(&self.redactor.redact(&line)))?;
        }
        writeln!(out)
    }

    pub fn latencies_json(&self) -> Value {
        Value::Array(self.latencies.iter().map(|(rule, ms)| json!({ "rule": rule, "after_event_ms": ms })).collect())
    }
}

fn same_finding(a: &Finding, b: &Finding) -> bool {
    a.rule == b.rule && a.message == b.message && a.convex_message == b.convex_message
}

fn mark(s: Severity) -> &'static str {
    match s {
        Severity::Error => "✖ error  ",
        Severity::Warning => "⚠ warning",
        Severity::Info => "ℹ info   ",
    }
}

fn judge_options() -> token::Options {
    token::Options {
        now: now_ms() / 1000,
        jwks: None,
        online: false,
        workos_api_base: None,
        limits: authkit_doctor_core::token::http::Limits::from_env(),
    }
}

/// `token for user_01… (iss https://…, aud …)`: the claims, never the token.
fn describe_token(token: &str) -> String {
    match authkit_doctor_core::convex::no_auth_provider::decode_jwt(token) {
        Some(c) => format!("token {}", c.describe()),
        None => "a value that is not a JWT".to_string(),
    }
}
