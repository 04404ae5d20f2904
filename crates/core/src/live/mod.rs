//! A browser session as it happens (`authkit-doctor watch`): what the browser reports goes into
//! a [`Recorder`] as browser-neutral [`Event`]s, which keeps it as HAR entries and console text;
//! [`analyze`] runs the same `har/*` detectors as `authkit-doctor har` and the same message
//! catalog as `authkit-doctor logs` over it, as often as the caller likes; [`Fresh`] says which
//! findings are new since the last look; [`socket_auths`] pairs each token the page sent on the
//! Convex socket with Convex's answer, for the caller to judge the token with [`crate::token`].
//!
//! Nothing here knows the browser or its protocol: the binary turns DevTools events into
//! [`Event`]s. A session saved with [`sanitize::har_document`] reads back with `har` to the same
//! network findings.

pub mod record;
pub mod sanitize;

pub use record::{Body, Event, Recorder, Response};

use crate::diagnostic::Diagnosed;
use crate::facts::har::HarFacts;
use crate::facts::har::reader::HarMeta;
use serde_json::Value;
use std::collections::HashSet;

/// The name console findings are located in (a virtual file holding the console text).
pub const CONSOLE_FILE: &str = "browser console";

/// The facts of the session so far and what the detectors find in them.
pub struct Analysis {
    pub facts: HarFacts,
    pub diagnosed: Vec<Diagnosed>,
}

/// Runs the `har/*` detectors over the entries so far and the log catalog over the console.
pub fn analyze(rec: &Recorder) -> Analysis {
    let mut facts = HarFacts::new();
    for e in rec.har_entries() {
        facts.add(e);
    }
    facts.finish(HarMeta { entries: rec.settled().count(), version: Some("1.2".into()), ..HarMeta::default() });
    let mut diagnosed = Vec::new();
    for (_, detect) in crate::rules::har::detectors() {
        detect(&facts, &mut diagnosed);
    }
    if !rec.console.is_empty() {
        let network: Vec<&'static str> = diagnosed.iter().map(|d| d.finding.rule).collect();
        let console = crate::logs::diagnose(&rec.console, CONSOLE_FILE).1;
        diagnosed.extend(console.into_iter().filter(|d| !told_by_the_network(d.finding.rule, &network)));
    }
    Analysis { facts, diagnosed }
}

/// Console messages about a request the recording holds itself. The request is the better
/// witness: the `har/*` detector sees where it came from (a sign-out prefetch's redirect to
/// WorkOS fails CORS by design, and is reported as the prefetch it is), so the console's word
/// is dropped.
const SEEN_ON_THE_NETWORK: &[&str] = &["logs/cors-blocked", "logs/module-served-as-html"];

/// Console messages that repeat what a `har/*` finding already says, with that finding.
const NETWORK_TWINS: &[(&str, &str)] = &[
    ("logs/refresh-rate-limited", "har/refresh-rate-limited"),
    ("logs/refresh-token-already-exchanged", "har/refresh-invalid-grant"),
    ("logs/invalid-grant", "har/refresh-invalid-grant"),
    ("logs/redirect-uri-invalid", "har/redirect-uri-invalid"),
    ("logs/callback-error", "har/callback-error"),
    ("logs/no-auth-provider", "har/convex-auth-error"),
    ("logs/failed-to-authenticate", "har/convex-auth-error"),
];

fn told_by_the_network(console_rule: &str, network: &[&str]) -> bool {
    SEEN_ON_THE_NETWORK.contains(&console_rule)
        || NETWORK_TWINS.iter().any(|(console, har)| *console == console_rule && network.contains(har))
}

/// Remembers which findings were shown. A finding is one shown before when a shown finding of
/// the same rule shares one of its HAR entries (or, for console findings, has the same rule):
/// its message may grow ("3 times" becomes "4 times") and its first entry change as earlier
/// requests settle.
#[derive(Debug, Default)]
pub struct Fresh {
    seen: Vec<(&'static str, HashSet<usize>)>,
}

impl Fresh {
    /// The findings of `diagnosed` not returned before.
    pub fn take<'d>(&mut self, diagnosed: &'d [Diagnosed]) -> Vec<&'d Diagnosed> {
        let mut out = Vec::new();
        for d in diagnosed {
            let entries: HashSet<usize> = d.entries.iter().copied().collect();
            let known = self
                .seen
                .iter_mut()
                .find(|(rule, shown)| *rule == d.finding.rule && (entries.is_empty() && shown.is_empty() || !shown.is_disjoint(&entries)));
            match known {
                Some((_, shown)) => shown.extend(entries),
                None => {
                    self.seen.push((d.finding.rule, entries));
                    out.push(d);
                }
            }
        }
        out
    }
}

/// What Convex answered to an `Authenticate` message.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// A `Transition` came back and no `AuthError`: the deployment took the token.
    Accepted { wall_ms: i64 },
    /// `AuthError` (or an auth `FatalError`) with Convex's text.
    Rejected { wall_ms: i64, error: String },
}

/// One `Authenticate` the page sent on a Convex socket, with the token and Convex's answer when
/// it has come.
#[derive(Debug, Clone)]
pub struct SocketAuth {
    /// Index of the socket's entry in the recorder (its entry number - 1).
    pub entry: usize,
    /// The socket's request id (stable while entry numbers shift).
    pub socket: String,
    /// Index of the frame in the entry.
    pub frame: usize,
    pub sent_ms: i64,
    pub token: String,
    pub answer: Option<Answer>,
}

/// Every `Authenticate` with a token (`tokenType` `User`), in order.
pub fn socket_auths(rec: &Recorder) -> Vec<SocketAuth> {
    let mut out = Vec::new();
    for (ei, e) in rec.entries.iter().enumerate().filter(|(_, e)| e.is_settled() && e.resource_type.as_deref() == Some("websocket")) {
        let parsed: Vec<Option<Value>> = e
            .frames
            .iter()
            .map(|f| f.data.as_deref().filter(|d| d.trim_start().starts_with('{')).and_then(|d| serde_json::from_str(d).ok()))
            .collect();
        for (fi, (f, v)) in e.frames.iter().zip(&parsed).enumerate() {
            let Some(v) = v.as_ref().filter(|_| f.sent) else { continue };
            if v.get("type").and_then(Value::as_str) != Some("Authenticate") {
                continue;
            }
            let Some(token) = v.get("value").and_then(Value::as_str).filter(|t| !t.trim().is_empty()) else { continue };
            // The answer: the first AuthError, or Transition, received after it and before the
            // next Authenticate.
            let mut answer = None;
            for (g, w) in e.frames.iter().zip(&parsed).skip(fi + 1) {
                let Some(w) = w.as_ref() else { continue };
                let ty = w.get("type").and_then(Value::as_str).unwrap_or("");
                let at = g.time_ms.unwrap_or(f.time_ms.unwrap_or(0));
                if g.sent {
                    if ty == "Authenticate" {
                        break;
                    }
                    continue;
                }
                match ty {
                    "AuthError" | "FatalError" => {
                        let error = w.get("error").and_then(Value::as_str).unwrap_or("").to_string();
                        answer = Some(Answer::Rejected { wall_ms: at, error });
                        break;
                    }
                    "Transition" => {
                        answer = Some(Answer::Accepted { wall_ms: at });
                        break;
                    }
                    _ => {}
                }
            }
            out.push(SocketAuth {
                entry: ei,
                socket: e.id.clone(),
                frame: fi,
                sent_ms: f.time_ms.unwrap_or(e.started_ms),
                token: token.trim().to_string(),
                answer,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(rec: &mut Recorder, sent: bool, data: &str, t: i64) {
        rec.apply(Event::WebSocketFrame { id: "ws".into(), sent, opcode: 1, data: data.into(), wall_ms: t });
    }

    #[test]
    fn each_authenticate_is_paired_with_the_answer_that_follows_it() {
        let mut rec = Recorder::new();
        rec.apply(Event::WebSocketOpened { id: "ws".into(), url: "ws://127.0.0.1:1/api/1.0/sync".into(), wall_ms: 0 });
        frame(&mut rec, true, r#"{"type":"Connect"}"#, 1);
        frame(&mut rec, true, r#"{"type":"Authenticate","tokenType":"User","value":"a.b.c","baseVersion":0}"#, 2);
        frame(&mut rec, false, r#"{"type":"AuthError","error":"No auth provider found","baseVersion":0}"#, 5);
        frame(&mut rec, true, r#"{"type":"Authenticate","tokenType":"User","value":"d.e.f","baseVersion":0}"#, 7);
        frame(&mut rec, false, r#"{"type":"Transition"}"#, 9);
        frame(&mut rec, true, r#"{"type":"Authenticate","tokenType":"User","value":"g.h.i","baseVersion":1}"#, 10);
        let auths = socket_auths(&rec);
        assert_eq!(auths.len(), 3);
        assert_eq!(auths[0].token, "a.b.c");
        assert_eq!(auths[0].answer, Some(Answer::Rejected { wall_ms: 5, error: "No auth provider found".into() }));
        assert_eq!(auths[1].answer, Some(Answer::Accepted { wall_ms: 9 }));
        assert_eq!(auths[2].answer, None);
    }

    #[test]
    fn a_finding_is_new_once_even_when_its_message_grows() {
        let mut rec = Recorder::new();
        rec.apply(Event::Console {
            level: "error".into(),
            text: "Failed to authenticate: \"No auth provider found matching the given token\"".into(),
            wall_ms: 1,
        });
        let mut fresh = Fresh::default();
        let first = analyze(&rec);
        assert!(!fresh.take(&first.diagnosed).is_empty(), "{:?}", first.diagnosed.iter().map(|d| d.finding.rule).collect::<Vec<_>>());
        rec.apply(Event::Console {
            level: "error".into(),
            text: "Failed to authenticate: \"No auth provider found matching the given token\"".into(),
            wall_ms: 2,
        });
        let second = analyze(&rec);
        assert!(fresh.take(&second.diagnosed).is_empty());
    }
}
