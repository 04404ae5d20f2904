//! Time claims as Convex checks them (biscuit `validate` with a 5-second epsilon, in the order
//! `exp`, `nbf`, `iat`; no maximum age), the claims Convex needs to build an identity (`sub`,
//! `exp`), and what the Convex browser client needs to schedule a refresh (`iat`, lifetime).

use crate::jwt::Claims;
use serde_json::Value;

/// Convex's clock leeway, seconds.
pub const LEEWAY_SECS: i64 = 5;
/// The Convex client's default `authRefreshTokenLeewaySeconds`.
pub const CLIENT_REFRESH_LEEWAY_SECS: f64 = 10.0;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeProblem {
    /// `now - exp > 5`.
    Expired { seconds_ago: i64 },
    /// `nbf - now > 5` or `iat - now > 5`.
    NotYetValid { claim: &'static str, seconds: i64 },
}

impl TimeProblem {
    /// biscuit's error text, as Convex wraps it.
    pub fn convex_message(&self) -> String {
        match self {
            TimeProblem::Expired { seconds_ago } => format!("Could not validate token: Token expired {seconds_ago} seconds ago"),
            TimeProblem::NotYetValid { seconds, .. } => format!("Could not validate token: Token will be valid in {seconds} seconds"),
        }
    }
}

/// Every time problem, in the order biscuit meets them (Convex reports the first).
pub fn time_problems(c: &Claims, now: i64) -> Vec<TimeProblem> {
    let mut out = Vec::new();
    if let Some(exp) = c.exp
        && now.saturating_sub(exp) > LEEWAY_SECS
    {
        out.push(TimeProblem::Expired { seconds_ago: now.saturating_sub(exp) });
    }
    if let Some(nbf) = c.nbf
        && nbf.saturating_sub(now) > LEEWAY_SECS
    {
        out.push(TimeProblem::NotYetValid { claim: "nbf", seconds: nbf.saturating_sub(now) });
    }
    if let Some(iat) = c.iat
        && iat.saturating_sub(now) > LEEWAY_SECS
    {
        out.push(TimeProblem::NotYetValid { claim: "iat", seconds: iat.saturating_sub(now) });
    }
    out
}

/// Claims `UserIdentity::from_custom_jwt` needs besides `iss`.
pub fn missing_for_identity(c: &Claims) -> Vec<&'static str> {
    let mut out = Vec::new();
    if c.sub.is_none() {
        out.push("sub");
    }
    if c.exp.is_none() {
        out.push("exp");
    }
    out
}

/// What the Convex browser client makes of `iat`/`exp` (`scheduleTokenRefetch`), read from the
/// raw JSON like the client's `jwt-decode` does.
#[derive(Debug, Clone, PartialEq)]
pub enum Refresh {
    /// `!iat || !exp`: "Auth token does not have required fields, cannot refetch the token".
    MissingFields {
        iat_missing: bool,
    },
    /// Lifetime ≤ 2 s: "Auth token does not live long enough, cannot refetch the token".
    TooShort {
        lifetime: f64,
    },
    /// Lifetime ≤ the client's leeway: it refetches at once, again and again.
    Immediate {
        lifetime: f64,
    },
    Fine {
        lifetime: f64,
    },
}

impl Refresh {
    pub fn client_message(&self) -> Option<String> {
        match self {
            Refresh::MissingFields { .. } => Some("Auth token does not have required fields, cannot refetch the token".into()),
            Refresh::TooShort { .. } => Some("Auth token does not live long enough, cannot refetch the token".into()),
            Refresh::Immediate { lifetime } => Some(format!(
                "Refetching auth token immediately, configured leeway {}s is larger than the token's lifetime {}s",
                CLIENT_REFRESH_LEEWAY_SECS,
                js_number(*lifetime)
            )),
            Refresh::Fine { .. } => None,
        }
    }
}

/// A number as JavaScript prints it (`300`, `2.5`).
fn js_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { n.to_string() }
}

pub fn refresh(payload: &Value) -> Refresh {
    let num = |k: &str| payload.get(k).and_then(Value::as_f64).filter(|v| *v != 0.0 && !v.is_nan());
    let (iat, exp) = (num("iat"), num("exp"));
    let (Some(iat), Some(exp)) = (iat, exp) else { return Refresh::MissingFields { iat_missing: iat.is_none() } };
    let lifetime = exp - iat;
    if lifetime <= 2.0 {
        Refresh::TooShort { lifetime }
    } else if lifetime - CLIENT_REFRESH_LEEWAY_SECS <= 0.0 {
        Refresh::Immediate { lifetime }
    } else {
        Refresh::Fine { lifetime }
    }
}

/// `2h 3m`, `45s`, `3d 4h`: the two largest units.
pub fn human_duration(secs: u64) -> String {
    let units = [(86_400, "d"), (3_600, "h"), (60, "m"), (1, "s")];
    let mut parts = Vec::new();
    let mut rest = secs;
    for (size, name) in units {
        if rest >= size || (parts.is_empty() && size == 1) {
            parts.push(format!("{}{name}", rest / size));
            rest %= size;
        } else if !parts.is_empty() {
            break;
        }
        if parts.len() == 2 {
            break;
        }
    }
    parts.join(" ")
}

/// `2027-01-15 08:00:00 UTC` (proleptic Gregorian, no time zone database needed).
pub fn utc(ts: i64) -> String {
    let days = ts.div_euclid(86_400);
    let secs = ts.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC", secs / 3600, secs % 3600 / 60, secs % 60)
}

/// How a time claim reads relative to `now`: "expired 2h 3m ago", "expires in 4m 10s"…
pub fn relative(claim: &str, ts: i64, now: i64) -> String {
    let delta = ts.saturating_sub(now);
    let span = human_duration(delta.unsigned_abs());
    match claim {
        "exp" if delta < 0 => {
            if -delta > LEEWAY_SECS {
                format!("expired {span} ago")
            } else {
                format!(
                    "expired {span} ago (within Convex's {LEEWAY_SECS} s leeway; an open WebSocket session already treats it as expired)"
                )
            }
        }
        "exp" if delta == 0 => "expires now".into(),
        "exp" => format!("expires in {span}"),
        "nbf" if delta > LEEWAY_SECS => format!("not valid for another {span}"),
        "nbf" if delta > 0 => format!("valid in {span} (within Convex's {LEEWAY_SECS} s leeway)"),
        "nbf" => format!("valid since {span} ago"),
        _ if delta > LEEWAY_SECS => format!("issued {span} in the future"),
        _ if delta > 0 => format!("issued {span} in the future (within Convex's {LEEWAY_SECS} s leeway)"),
        _ if delta == 0 => "issued now".into(),
        _ => format!("issued {span} ago"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: Option<i64>, nbf: Option<i64>, iat: Option<i64>) -> Claims {
        Claims { exp, nbf, iat, ..Default::default() }
    }

    const NOW: i64 = 1_800_000_000;

    #[test]
    fn leeway_boundaries() {
        assert!(time_problems(&claims(Some(NOW - 3), None, None), NOW).is_empty());
        assert!(time_problems(&claims(Some(NOW - 5), None, None), NOW).is_empty());
        assert_eq!(
            time_problems(&claims(Some(NOW - 6), None, None), NOW)[0].convex_message(),
            "Could not validate token: Token expired 6 seconds ago"
        );
        assert!(time_problems(&claims(None, None, Some(NOW + 4)), NOW).is_empty());
        assert_eq!(
            time_problems(&claims(None, None, Some(NOW + 10)), NOW)[0].convex_message(),
            "Could not validate token: Token will be valid in 10 seconds"
        );
        assert_eq!(time_problems(&claims(None, Some(NOW + 10), None), NOW)[0], TimeProblem::NotYetValid { claim: "nbf", seconds: 10 });
        assert!(time_problems(&claims(None, None, Some(0)), NOW).is_empty(), "no maximum age");
    }

    #[test]
    fn refresh_rules() {
        use serde_json::json;
        assert_eq!(refresh(&json!({"exp": 10})), Refresh::MissingFields { iat_missing: true });
        assert_eq!(refresh(&json!({"exp": 10, "iat": 0})), Refresh::MissingFields { iat_missing: true });
        assert_eq!(refresh(&json!({"iat": 1, "exp": 3})), Refresh::TooShort { lifetime: 2.0 });
        assert_eq!(
            refresh(&json!({"iat": 1, "exp": 9})).client_message().unwrap(),
            "Refetching auth token immediately, configured leeway 10s is larger than the token's lifetime 8s"
        );
        assert_eq!(refresh(&json!({"iat": 1, "exp": 301})), Refresh::Fine { lifetime: 300.0 });
    }

    #[test]
    fn human_times() {
        assert_eq!(human_duration(7380), "2h 3m");
        assert_eq!(human_duration(0), "0s");
        assert_eq!(human_duration(45), "45s");
        assert_eq!(human_duration(90_061), "1d 1h");
        assert_eq!(human_duration(3600), "1h");
        assert_eq!(relative("exp", NOW - 7380, NOW), "expired 2h 3m ago");
        assert_eq!(relative("exp", NOW + 250, NOW), "expires in 4m 10s");
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(1_800_000_000), "2027-01-15 08:00:00 UTC");
        assert_eq!(utc(-1), "1969-12-31 23:59:59 UTC");
    }
}
