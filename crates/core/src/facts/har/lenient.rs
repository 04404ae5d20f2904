//! The fast path of entry parsing: serde structs whose every field accepts any JSON type
//! (a wrong type reads as absent), so that an entry is decoded straight into what the
//! detectors need, without building a `serde_json::Value` map per object. Where even these
//! structs fail (duplicate keys, a syntax error), [`super::entry::Entry::from_value`] reads the
//! entry the slow way; both give the same [`Entry`].

use super::entry::{Entry, WsFrame, parse_datetime_ms};
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// Any JSON value read as text: strings as they are, numbers and booleans printed, anything
/// else absent.
#[derive(Debug, Default)]
struct Text(Option<String>);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(Some(v.to_string())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text(Some(v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(Some(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(Some(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(Some(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(Some(serde_json::Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string()))))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
                Ok(Text(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<Text, E> {
                Ok(Text(None))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Text, A::Error> {
                while a.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Text(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Text, A::Error> {
                while a.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Text(None))
            }
        }
        d.deserialize_any(V)
    }
}

/// A number, or a string holding one.
#[derive(Debug, Default)]
struct Num(Option<f64>);

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let Text(t) = Text::deserialize(d)?;
        Ok(Num(t.and_then(|t| t.trim().parse().ok())))
    }
}

/// An object read as `T`, anything else as absent.
#[derive(Debug)]
struct Obj<T>(Option<T>);

impl<T> Default for Obj<T> {
    fn default() -> Self {
        Obj(None)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Obj<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_map<A: MapAccess<'de>>(self, a: A) -> Result<Obj<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(a)).map(|t| Obj(Some(t)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Obj<T>, A::Error> {
                while a.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Obj(None))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Obj<T>, E> {
                Ok(Obj(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Obj<T>, E> {
                Ok(Obj(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Obj<T>, E> {
                Ok(Obj(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Obj<T>, E> {
                Ok(Obj(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Obj<T>, E> {
                Ok(Obj(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Obj<T>, E> {
                Ok(Obj(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<Obj<T>, E> {
                Ok(Obj(None))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// A list of objects read as `T` (other elements skipped); anything else as empty.
#[derive(Debug)]
struct List<T>(Vec<T>);

impl<T> Default for List<T> {
    fn default() -> Self {
        List(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = List<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<List<T>, A::Error> {
                let mut out = Vec::new();
                while let Some(Obj(item)) = a.next_element::<Obj<T>>()? {
                    out.extend(item);
                }
                Ok(List(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<List<T>, A::Error> {
                while a.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(List(Vec::new()))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<List<T>, E> {
                Ok(List(Vec::new()))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<List<T>, E> {
                Ok(List(Vec::new()))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<List<T>, E> {
                Ok(List(Vec::new()))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<List<T>, E> {
                Ok(List(Vec::new()))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<List<T>, E> {
                Ok(List(Vec::new()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<List<T>, E> {
                Ok(List(Vec::new()))
            }
            fn visit_none<E: de::Error>(self) -> Result<List<T>, E> {
                Ok(List(Vec::new()))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NameValue {
    name: Text,
    value: Text,
    expires: Text,
}

/// Headers as HAR writes them (`[{name, value}]`) or as a map; names lowercased.
#[derive(Default)]
struct Headers(Vec<(String, String)>);

impl<'de> Deserialize<'de> for Headers {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Headers;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Headers, A::Error> {
                let mut out = Vec::new();
                while let Some(Obj(h)) = a.next_element::<Obj<NameValue>>()? {
                    if let Some(NameValue { name: Text(Some(name)), value, .. }) = h {
                        out.push((name.to_ascii_lowercase(), value.0.unwrap_or_default()));
                    }
                }
                Ok(Headers(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Headers, A::Error> {
                let mut out = Vec::new();
                while let Some((k, Text(v))) = a.next_entry::<String, Text>()? {
                    if let Some(v) = v {
                        out.push((k.to_ascii_lowercase(), v));
                    }
                }
                Ok(Headers(out))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Headers, E> {
                Ok(Headers::default())
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Headers, E> {
                Ok(Headers::default())
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Headers, E> {
                Ok(Headers::default())
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Headers, E> {
                Ok(Headers::default())
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Headers, E> {
                Ok(Headers::default())
            }
            fn visit_unit<E: de::Error>(self) -> Result<Headers, E> {
                Ok(Headers::default())
            }
            fn visit_none<E: de::Error>(self) -> Result<Headers, E> {
                Ok(Headers::default())
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawInitiator {
    #[serde(rename = "type")]
    kind: Text,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawPost {
    text: Text,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawRequest {
    method: Text,
    url: Text,
    headers: Headers,
    cookies: List<NameValue>,
    #[serde(rename = "postData")]
    post_data: Obj<RawPost>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawContent {
    #[serde(rename = "mimeType")]
    mime_type: Text,
    text: Text,
    encoding: Text,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawResponse {
    status: Num,
    #[serde(rename = "statusText")]
    status_text: Text,
    headers: Headers,
    cookies: List<NameValue>,
    content: Obj<RawContent>,
    #[serde(rename = "redirectURL")]
    redirect_url: Text,
    #[serde(rename = "_error")]
    error: Text,
    #[serde(rename = "_failureText")]
    failure_text: Text,
    #[serde(rename = "_errorText")]
    error_text: Text,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawEntry {
    #[serde(rename = "startedDateTime")]
    started: Text,
    time: Num,
    #[serde(rename = "_resourceType")]
    resource_type: Text,
    #[serde(rename = "_initiator")]
    initiator: Obj<RawInitiator>,
    request: Obj<RawRequest>,
    response: Obj<RawResponse>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawFrame {
    #[serde(rename = "type")]
    kind: Text,
    time: Num,
    opcode: Num,
    data: Text,
}

/// Reads one entry (its JSON with long strings already dropped): the typed path, or the
/// `Value` path when the typed one cannot.
pub fn entry(index: usize, json: &[u8], frames: Vec<WsFrame>, frames_seen: usize) -> Option<Entry> {
    match serde_json::from_slice::<Obj<RawEntry>>(json) {
        Ok(Obj(Some(raw))) => Some(from_raw(index, raw, frames, frames_seen)),
        Ok(Obj(None)) => None,
        Err(_) => {
            let v: serde_json::Value = serde_json::from_slice(json).ok()?;
            v.is_object().then(|| Entry::from_value(index, v, frames, frames_seen))
        }
    }
}

/// Reads one WebSocket message.
pub fn frame(json: &[u8]) -> Option<WsFrame> {
    match serde_json::from_slice::<Obj<RawFrame>>(json) {
        Ok(Obj(Some(raw))) => {
            let sent = match raw.kind.0.as_deref() {
                Some("send" | "sent" | "outgoing") => true,
                Some("receive" | "received" | "incoming") => false,
                _ => return None,
            };
            let time_ms = raw.time.0.filter(|t| *t > 0.0).map(|t| if t > 1e11 { t as i64 } else { (t * 1000.0).round() as i64 });
            Some(WsFrame { sent, time_ms, opcode: raw.opcode.0.map_or(1, |o| o as i64), data: raw.data.0.filter(|d| !d.is_empty()) })
        }
        Ok(Obj(None)) => None,
        Err(_) => serde_json::from_slice::<serde_json::Value>(json).ok().and_then(|v| WsFrame::from_value(&v)),
    }
}

fn from_raw(index: usize, raw: RawEntry, frames: Vec<WsFrame>, frames_seen: usize) -> Entry {
    let started = raw.started.0;
    let mut e = Entry {
        index,
        t_ms: started.as_deref().and_then(parse_datetime_ms),
        started,
        duration_ms: raw.time.0.filter(|t| *t >= 0.0),
        resource_type: raw.resource_type.0.map(|s| s.to_ascii_lowercase()),
        initiator: raw.initiator.0.and_then(|i| i.kind.0),
        frames,
        frames_seen,
        ..Entry::default()
    };
    if let Some(r) = raw.request.0 {
        e.method = r.method.0.unwrap_or_default().to_ascii_uppercase();
        e.url = r.url.0.unwrap_or_default();
        e.request_headers = r.headers.0;
        e.request_cookies = r.cookies.0.into_iter().filter_map(|c| c.name.0).collect();
        e.post_data = r.post_data.0.and_then(|p| p.text.0).filter(|t| !t.is_empty());
    }
    if let Some(r) = raw.response.0 {
        e.status = r.status.0.filter(|s| (0.0..1000.0).contains(s)).map_or(0, |s| s as u16);
        e.status_text = r.status_text.0.unwrap_or_default();
        e.response_headers = r.headers.0;
        e.response_cookies =
            r.cookies.0.into_iter().filter_map(|c| Some((c.name.0?, c.value.0.unwrap_or_default(), c.expires.0))).collect();
        e.redirect_url = r.redirect_url.0.unwrap_or_default();
        e.error = [r.error.0, r.failure_text.0, r.error_text.0].into_iter().flatten().find(|s| !s.is_empty());
        if let Some(c) = r.content.0 {
            e.mime_type = c.mime_type.0.unwrap_or_default();
            e.body_base64 = c.encoding.0.is_some_and(|enc| enc.eq_ignore_ascii_case("base64"));
            e.body = c.text.0.filter(|t| !t.is_empty());
        }
    }
    if e.mime_type.is_empty()
        && let Some(ct) = e.response_header("content-type")
    {
        e.mime_type = ct.to_string();
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The typed path and the `Value` path read every entry alike.
    #[test]
    fn both_paths_agree() {
        let samples = [
            r#"{"startedDateTime":"2025-11-17T10:00:00.5Z","time":"12.5","_resourceType":"Fetch","_initiator":{"type":"script"},
                "request":{"method":"post","url":"https://a.test/x?y=1","headers":[{"name":"Origin","value":"https://b.test"},{"name":5},7],"cookies":[{"name":"wos-session","value":"v"},null],"postData":{"text":"{\"grant_type\":\"refresh_token\"}"}},
                "response":{"status":"429","statusText":"Too Many","headers":{"Retry-After":60,"X":null},"cookies":[{"name":"a","value":"","expires":"1970-01-01T00:00:00Z"}],
                  "content":{"mimeType":null,"text":"aGk=","encoding":"base64"},"redirectURL":"/n","_error":"","_failureText":"net::ERR_FAILED"}}"#,
            r#"{"request":"nope","response":[1,2],"time":null,"_initiator":"x"}"#,
            r#"{"request":{"url":5,"headers":"h","cookies":{"a":1}},"response":{"status":-1,"content":[],"headers":[]}}"#,
            r#"{"response":{"status":1e3,"content":{"text":""},"headers":[{"name":"Content-Type","value":"text/html"}]}}"#,
        ];
        for s in samples {
            let typed = entry(3, s.as_bytes(), Vec::new(), 0).unwrap();
            let value = Entry::from_value(3, serde_json::from_str(s).unwrap(), Vec::new(), 0);
            assert_eq!(format!("{typed:?}"), format!("{value:?}"), "{s}");
        }
        // Duplicate keys make the typed path fail; the Value path takes over (last one wins).
        let e = entry(0, br#"{"request":{"url":"a","url":"b"}}"#, Vec::new(), 0).unwrap();
        assert_eq!(e.url, "b");
        assert!(entry(0, b"[1]", Vec::new(), 0).is_none());
    }

    #[test]
    fn frames_alike() {
        for s in [
            r#"{"type":"send","time":1700000000.5,"opcode":1,"data":"x"}"#,
            r#"{"type":"receive","time":"1700000000000","data":""}"#,
            r#"{"type":"other"}"#,
            "[]",
            "3",
        ] {
            let a = frame(s.as_bytes());
            let b = serde_json::from_str::<serde_json::Value>(s).ok().and_then(|v| WsFrame::from_value(&v));
            assert_eq!(a, b, "{s}");
        }
    }
}
