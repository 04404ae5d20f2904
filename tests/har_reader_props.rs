//! Property tests for the streaming HAR reader: whatever the bytes, it returns a result (a HAR
//! or a clear error), never panics, and never calls a truncated document complete.

use authkit_doctor_core::facts::har::reader::{HarError, read};
use proptest::prelude::*;

const VALID: &str = include_str!("fixtures/har/edge/chrome-websocket-seconds.har");

fn run(bytes: &[u8]) -> Result<usize, HarError> {
    let mut n = 0;
    read(bytes, |_| n += 1).map(|meta| {
        assert_eq!(meta.entries, n);
        n
    })
}

/// JSON values of bounded size and depth.
fn json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i64>().prop_map(|n| serde_json::json!(n)),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|n| serde_json::json!(n)),
        "\\PC{0,12}".prop_map(serde_json::Value::String),
        prop_oneof![Just("request"), Just("response"), Just("url"), Just("status"), Just("_webSocketMessages"), Just("data")]
            .prop_map(|s| serde_json::json!(s)),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("request".to_string()),
                        Just("response".to_string()),
                        Just("url".to_string()),
                        Just("status".to_string()),
                        Just("headers".to_string()),
                        Just("_webSocketMessages".to_string()),
                        Just("type".to_string()),
                        Just("data".to_string()),
                        "[a-z_]{1,6}"
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|kv| serde_json::Value::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_give_a_result(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = run(&bytes);
    }

    #[test]
    fn every_proper_prefix_is_truncated_or_empty(cut in 0usize..VALID.trim_end().len()) {
        match run(&VALID.as_bytes()[..cut]) {
            Err(HarError::Truncated { .. }) | Err(HarError::Empty) => {}
            other => prop_assert!(false, "prefix of {cut} bytes: {other:?}"),
        }
    }

    #[test]
    fn one_changed_byte_never_panics(at in 0usize..VALID.len(), byte in any::<u8>()) {
        let mut bytes = VALID.as_bytes().to_vec();
        bytes[at] = byte;
        let _ = run(&bytes);
    }

    #[test]
    fn any_json_entries_are_read_leniently(entries in prop::collection::vec(json(), 0..8)) {
        let doc = serde_json::json!({ "log": { "version": "1.2", "entries": entries } }).to_string();
        let mut n = 0;
        let meta = read(doc.as_bytes(), |_| n += 1).expect("a valid JSON HAR is always read");
        prop_assert_eq!(meta.entries + meta.malformed_entries + meta.oversized_entries, entries.len());
        prop_assert_eq!(meta.entries, entries.iter().filter(|e| e.is_object()).count());
        // And analysed without panicking.
        let _ = authkit_doctor_core::har::analyze(doc.as_bytes()).expect("analysed");
    }

    #[test]
    fn non_objects_at_the_top_are_not_hars(value in json().prop_filter("not an object", |v| !v.is_object())) {
        let doc = value.to_string();
        prop_assert!(matches!(run(doc.as_bytes()), Err(HarError::NotHar(_))));
    }

    #[test]
    fn arbitrary_text_in_log_fields(text in "\\PC{0,40}") {
        let doc = serde_json::json!({ "log": { "creator": text, "entries": [{ "request": { "url": text }, "response": { "status": text } }] } }).to_string();
        prop_assert_eq!(run(doc.as_bytes()).unwrap(), 1);
    }
}
