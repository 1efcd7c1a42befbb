//! What the fake answers when nothing is scripted.

use serde_json::{json, Value};

use super::reply::{render, Rendered};
use super::script::{ModelCall, ModelReply};

/// With nothing scripted the fake behaves like a model with nothing to do, except that a
/// forced `tool_choice` (a named function, or `required`) is obeyed with empty arguments, as a
/// real model would answer the connection test.
pub(super) fn answer(request: &Value, model: &str, serial: usize) -> Rendered {
    let forced = match request.get("tool_choice") {
        Some(Value::Object(choice)) => choice
            .get("function")
            .and_then(|f| f.get("name"))
            .and_then(Value::as_str)
            .map(str::to_string),
        Some(Value::String(s)) if s == "required" => request
            .pointer("/tools/0/function/name")
            .and_then(Value::as_str)
            .map(str::to_string),
        _ => None,
    };
    match forced {
        Some(name) => render(
            &ModelReply::ToolCalls {
                calls: vec![ModelCall::new(&name, json!({}))],
            },
            model,
            serial,
        ),
        None => render(
            &ModelReply::Answer {
                content: "Nothing to do.".into(),
            },
            model,
            serial,
        ),
    }
}
