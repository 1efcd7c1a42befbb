//! The audit chain's canonical form and hashes (version 1), shared by appends and verification.
//!
//! An entry's `payload` (summary and detail: what may one day have to be purged) is hashed on its
//! own; the chained `row` holds that payload hash and the fields that say what happened when.
//! `hash = SHA-256("relay-audit-v1\0" ‖ prev_hash ‖ canonical(row))`, genesis `prev_hash` is 32
//! zero bytes. Chaining over the payload hash keeps the chain verifiable if a payload is ever
//! purged (GDPR, a secret logged by mistake): the row and its payload hash stay.
//!
//! Canonical JSON here: object members sorted by key (UTF-8 byte order), no whitespace, strings
//! escaped as serde_json does, integers exactly, an integral float written as that integer when it
//! fits in 64 bits, other floats in shortest round-trip form, `-0` as `0`. Ids, seq and times are
//! strings in the row, so verifiers that read numbers as doubles cannot lose digits.

use serde_json::Value;
use sha2::{Digest, Sha256};
use std::fmt::Write;

pub const ROW_DOMAIN: &[u8] = b"relay-audit-v1\0";
pub const PAYLOAD_DOMAIN: &[u8] = b"relay-audit-payload-v1\0";
/// The `prev_hash` of seq 1.
pub const GENESIS: [u8; 32] = [0; 32];

/// The fields of an entry that the chain covers, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainFields<'a> {
    pub msp_id: i64,
    pub seq: i64,
    pub at: i64,
    pub client_id: Option<i64>,
    pub kind: &'a str,
    pub outcome: &'a str,
    pub summary: &'a str,
    pub detail: &'a Value,
}

impl ChainFields<'_> {
    /// `{"detail":…,"summary":…}` in canonical form.
    pub fn canonical_payload(&self) -> String {
        let mut out = String::from("{\"detail\":");
        write_canonical(self.detail, &mut out);
        out.push_str(",\"summary\":");
        write_string(self.summary, &mut out);
        out.push('}');
        out
    }

    /// The chained row in canonical form, keys in sorted order.
    pub fn canonical_row(&self, payload_hash: &str) -> String {
        let mut out = String::from("{\"at\":");
        write_string(&self.at.to_string(), &mut out);
        out.push_str(",\"client_id\":");
        match self.client_id {
            Some(id) => write_string(&id.to_string(), &mut out),
            None => out.push_str("null"),
        }
        out.push_str(",\"kind\":");
        write_string(self.kind, &mut out);
        out.push_str(",\"msp_id\":");
        write_string(&self.msp_id.to_string(), &mut out);
        out.push_str(",\"outcome\":");
        write_string(self.outcome, &mut out);
        out.push_str(",\"payload_sha256\":");
        write_string(payload_hash, &mut out);
        out.push_str(",\"seq\":");
        write_string(&self.seq.to_string(), &mut out);
        out.push_str(",\"v\":1}");
        out
    }

    /// Payload hash, row hash (both hex) for this entry after `prev`.
    pub fn hashes(&self, prev: &[u8; 32]) -> (String, String) {
        let payload_hash = payload_hash(&self.canonical_payload());
        let hash = row_hash(prev, &self.canonical_row(&payload_hash));
        (payload_hash, hash)
    }
}

pub fn payload_hash(canonical_payload: &str) -> String {
    let mut h = Sha256::new();
    h.update(PAYLOAD_DOMAIN);
    h.update(canonical_payload.as_bytes());
    to_hex(&h.finalize())
}

pub fn row_hash(prev: &[u8; 32], canonical_row: &str) -> String {
    let mut h = Sha256::new();
    h.update(ROW_DOMAIN);
    h.update(prev);
    h.update(canonical_row.as_bytes());
    to_hex(&h.finalize())
}

pub fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(n, out),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_unstable();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write_canonical(&map[key], out);
            }
            out.push('}');
        }
    }
}

/// PostgreSQL's JSONB gives `1e16` back as `10000000000000000` and `-0.0` as `0.0`: writing
/// integral floats as integers makes both databases hash the same value the same way.
fn write_number(n: &serde_json::Number, out: &mut String) {
    if let Some(i) = n.as_i64() {
        let _ = write!(out, "{i}");
    } else if let Some(u) = n.as_u64() {
        let _ = write!(out, "{u}");
    } else if let Some(f) = n.as_f64() {
        if f == 0.0 {
            out.push('0');
        } else if f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64 {
            let _ = write!(out, "{}", f as i64);
        } else if f.fract() == 0.0 && f > 0.0 && f < u64::MAX as f64 {
            let _ = write!(out, "{}", f as u64);
        } else {
            out.push_str(&serde_json::Number::from_f64(f).map_or_else(
                // Unreachable: JSON values hold finite numbers only.
                || "null".to_string(),
                |n| n.to_string(),
            ));
        }
    }
}

fn write_string(s: &str, out: &mut String) {
    out.push_str(&serde_json::to_string(s).expect("a string always serialises"));
}

pub fn to_hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// 32 bytes from 64 hex digits; `None` for anything else.
pub fn from_hex32(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[i * 2..i * 2 + 2], 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn canonical_json_sorts_keys_and_normalises_numbers() {
        let value: Value = serde_json::from_str(
            r#"{"b":[1, 2.5, 1e16, -0.0, 1e300], "a":{"z":"\u00e9\n","y":null}}"#,
        )
        .unwrap();
        let mut out = String::new();
        write_canonical(&value, &mut out);
        assert_eq!(
            out,
            "{\"a\":{\"y\":null,\"z\":\"é\\n\"},\"b\":[1,2.5,10000000000000000,0,1e+300]}"
        );
    }

    #[test]
    fn row_form_is_fixed_and_hashes_change_with_any_field() {
        let detail = json!({"tool": "autotask:autotask-get-ticket"});
        let fields = ChainFields {
            msp_id: 7,
            seq: 1,
            at: 1_700_000_000_000,
            client_id: None,
            kind: "tool_call",
            outcome: "ran",
            summary: "Read ticket",
            detail: &detail,
        };
        assert_eq!(
            fields.canonical_row("ab"),
            "{\"at\":\"1700000000000\",\"client_id\":null,\"kind\":\"tool_call\",\"msp_id\":\"7\",\
             \"outcome\":\"ran\",\"payload_sha256\":\"ab\",\"seq\":\"1\",\"v\":1}"
        );
        let (p, h) = fields.hashes(&GENESIS);
        let altered = ChainFields {
            outcome: "failed",
            ..fields.clone()
        };
        let (p2, h2) = altered.hashes(&GENESIS);
        assert_eq!(p, p2, "the outcome is in the row, not the payload");
        assert_ne!(h, h2);
        let (_, h3) = fields.hashes(&[1; 32]);
        assert_ne!(h, h3, "the previous hash is chained");
        assert_eq!(from_hex32(&h).map(|b| to_hex(&b)), Some(h));
    }

    #[test]
    fn a_floats_text_from_postgres_hashes_like_the_value_written() {
        // What JSONB returns for what serde_json wrote.
        let written: Value = json!({"x": 1e-7, "y": 1e16, "z": 0.1});
        let read_back: Value =
            serde_json::from_str(r#"{"x": 0.0000001, "y": 10000000000000000, "z": 0.1}"#).unwrap();
        let (mut a, mut b) = (String::new(), String::new());
        write_canonical(&written, &mut a);
        write_canonical(&read_back, &mut b);
        assert_eq!(a, b);
    }
}
