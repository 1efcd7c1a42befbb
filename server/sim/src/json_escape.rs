//! Compact JSON writer that reproduces the bytes Autotask signs: keys in insertion order and string
//! contents escaped the way .NET's default encoder does (`&<>'"`, backtick, `+` and all non-ASCII
//! as upper-case `\uXXXX`).

use serde_json::Value;
use std::fmt::Write as _;

/// A JSON value whose object keys keep the order they were pushed in; serde_json's map (without
/// `preserve_order`) sorts keys, which would change the signed bytes.
#[derive(Debug, Clone, PartialEq)]
pub enum Ordered {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Ordered>),
    Object(Vec<(String, Ordered)>),
}

impl From<&Value> for Ordered {
    fn from(v: &Value) -> Self {
        match v {
            Value::Null => Ordered::Null,
            Value::Bool(b) => Ordered::Bool(*b),
            Value::Number(n) => Ordered::Number(n.clone()),
            Value::String(s) => Ordered::String(s.clone()),
            Value::Array(a) => Ordered::Array(a.iter().map(Ordered::from).collect()),
            Value::Object(m) => {
                Ordered::Object(m.iter().map(|(k, v)| (k.clone(), v.into())).collect())
            }
        }
    }
}

impl From<&str> for Ordered {
    fn from(s: &str) -> Self {
        Ordered::String(s.to_owned())
    }
}

impl From<i64> for Ordered {
    fn from(n: i64) -> Self {
        Ordered::Number(n.into())
    }
}

/// Serialises without any whitespace, exactly as the webhook body goes on the wire.
pub fn to_compact(v: &Ordered) -> String {
    let mut out = String::with_capacity(256);
    write_value(&mut out, v);
    out
}

fn write_value(out: &mut String, v: &Ordered) {
    match v {
        Ordered::Null => out.push_str("null"),
        Ordered::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Ordered::Number(n) => out.push_str(&n.to_string()),
        Ordered::String(s) => write_string(out, s),
        Ordered::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Ordered::Object(entries) => {
            out.push('{');
            for (i, (k, val)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, k);
                out.push(':');
                write_value(out, val);
            }
            out.push('}');
        }
    }
}

/// Writes a quoted JSON string with .NET-default escaping.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '"' | '&' | '<' | '>' | '\'' | '`' | '+' => push_unit(out, c as u16),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    push_unit(out, *unit);
                }
            }
        }
    }
    out.push('"');
}

fn push_unit(out: &mut String, unit: u16) {
    let _ = write!(out, "\\u{unit:04X}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn esc(s: &str) -> String {
        let mut out = String::new();
        write_string(&mut out, s);
        out
    }

    #[test]
    fn escapes_like_dotnet() {
        assert_eq!(esc("a&b"), r#""a\u0026b""#);
        assert_eq!(esc("<'\"`+>"), r#""\u003C\u0027\u0022\u0060\u002B\u003E""#);
        assert_eq!(esc("x – y"), r#""x \u2013 y""#);
        assert_eq!(esc("é"), r#""\u00E9""#);
        assert_eq!(esc("😀"), r#""\uD83D\uDE00""#);
        assert_eq!(esc("a\\b\n\u{1}\u{7f}"), r#""a\\b\n\u0001\u007F""#);
        assert_eq!(esc("plain / text"), r#""plain / text""#);
    }

    #[test]
    fn keeps_key_order() {
        let v = Ordered::Object(vec![
            ("b".into(), 1.into()),
            (
                "a".into(),
                Ordered::Array(vec![Ordered::Null, Ordered::Bool(true)]),
            ),
        ]);
        assert_eq!(to_compact(&v), r#"{"b":1,"a":[null,true]}"#);
    }
}
