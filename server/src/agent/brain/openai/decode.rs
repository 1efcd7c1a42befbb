//! Lenient decoding of a chat-completions reply. Providers differ (content null or "", a
//! missing `id`/`type`/`object`/`usage`, arguments as an object, open-ended `finish_reason`), so
//! the body is read as JSON and picked apart field by field; only a reply with no usable choice
//! is an error.

use serde_json::Value;

use super::names::NameMap;
use crate::agent::chat::{BrainReply, Finish, ToolCall, Usage};

/// What a 200 body held: a reply, or an error the provider sent inside it (OpenRouter does so
/// once generation has started).
#[derive(Debug)]
pub(super) enum Decoded {
    Reply(BrainReply),
    /// The error object, classified by the caller like an HTTP error.
    Error(Value),
    Unusable(String),
}

pub(super) fn decode(body: &Value, names: &NameMap) -> Decoded {
    if let Some(error) = body.get("error").filter(|e| !e.is_null()) {
        return Decoded::Error(error.clone());
    }
    // vLLM's top-level error shape can arrive with a 200 from some proxies.
    if body.get("object").and_then(Value::as_str) == Some("error") {
        return Decoded::Error(body.clone());
    }
    let Some(choice) = body
        .get("choices")
        .and_then(Value::as_array)
        .and_then(|c| c.first())
    else {
        return Decoded::Unusable("the reply has no choices".into());
    };
    if let Some(error) = choice.get("error").filter(|e| !e.is_null()) {
        return Decoded::Error(error.clone());
    }
    let message = choice.get("message").unwrap_or(&Value::Null);
    let content = text_content(message.get("content"));
    let tool_calls: Vec<ToolCall> = message
        .get("tool_calls")
        .and_then(Value::as_array)
        .map(|calls| calls.iter().filter_map(|c| tool_call(c, names)).collect())
        .unwrap_or_default();
    let finish = finish(
        choice.get("finish_reason").and_then(Value::as_str),
        !tool_calls.is_empty(),
    );
    if content.is_none() && tool_calls.is_empty() && finish == Finish::Stop {
        if let Some(refusal) = message.get("refusal").and_then(Value::as_str) {
            return Decoded::Reply(BrainReply {
                content: Some(refusal.to_string()),
                tool_calls,
                finish: Finish::Other("refusal".into()),
                usage: usage(body.get("usage")),
            });
        }
    }
    Decoded::Reply(BrainReply {
        content,
        tool_calls,
        finish,
        usage: usage(body.get("usage")),
    })
}

/// A string, or an array of `{type:"text", text}` parts; empty text counts as none.
fn text_content(content: Option<&Value>) -> Option<String> {
    let text = match content? {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts
            .iter()
            .filter_map(|p| p.get("text").and_then(Value::as_str).or_else(|| p.as_str()))
            .collect::<Vec<_>>()
            .join(""),
        _ => return None,
    };
    (!text.trim().is_empty()).then_some(text)
}

fn tool_call(call: &Value, names: &NameMap) -> Option<ToolCall> {
    // Some servers put name/arguments at the top level of the call instead of in `function`.
    let function = call.get("function").unwrap_or(call);
    let name = function.get("name").and_then(Value::as_str)?;
    let id = call
        .get("id")
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty())
        .map(str::to_string)
        // The id is echoed back with the result; one the provider left out is made up here.
        .unwrap_or_else(|| format!("call_relay_{}", uuid::Uuid::new_v4().simple()));
    Some(ToolCall {
        id,
        name: names.original(name),
        arguments: arguments(function.get("arguments")),
    })
}

/// JSON text is parsed; text that is not JSON stays a string so the gateway can report it to
/// the model; an object is kept as is; nothing (or "") means no arguments.
fn arguments(raw: Option<&Value>) -> Value {
    match raw {
        None | Some(Value::Null) => Value::Object(Default::default()),
        Some(Value::String(s)) if s.trim().is_empty() => Value::Object(Default::default()),
        Some(Value::String(s)) => {
            serde_json::from_str(s).unwrap_or_else(|_| Value::String(s.clone()))
        }
        Some(other) => other.clone(),
    }
}

/// `stop` with tool calls (some local servers) means the calls are wanted; a missing reason is
/// read from the reply; anything unknown is kept verbatim.
fn finish(reason: Option<&str>, has_calls: bool) -> Finish {
    match reason {
        Some("tool_calls") | Some("function_call") => Finish::ToolCalls,
        Some("stop") | None if has_calls => Finish::ToolCalls,
        Some("stop") | None => Finish::Stop,
        Some("length") => Finish::Length,
        Some(other) => Finish::Other(other.to_string()),
    }
}

fn usage(raw: Option<&Value>) -> Usage {
    let count = |field: &str| {
        raw.and_then(|u| u.get(field))
            .and_then(Value::as_f64)
            .filter(|n| n.is_finite() && *n >= 0.0)
            .map(|n| n.min(u32::MAX as f64) as u32)
            .unwrap_or(0)
    };
    Usage {
        prompt_tokens: count("prompt_tokens"),
        completion_tokens: count("completion_tokens"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn reply(body: Value) -> BrainReply {
        match decode(&body, &NameMap::new(["autotask:autotask-get-ticket"])) {
            Decoded::Reply(r) => r,
            other => panic!("expected a reply, got {other:?}"),
        }
    }

    #[test]
    fn quirks_decode() {
        let r = reply(
            json!({"choices": [{"message": {"content": "", "tool_calls": [
            {"function": {"name": "autotask_autotask-get-ticket", "arguments": {"id": 5}}},
            {"id": "c2", "function": {"name": "x", "arguments": "{not json"}}
        ]}, "finish_reason": "stop"}]}),
        );
        assert_eq!(r.content, None);
        assert_eq!(r.finish, Finish::ToolCalls);
        assert_eq!(r.tool_calls[0].name, "autotask:autotask-get-ticket");
        assert_eq!(r.tool_calls[0].arguments, json!({"id": 5}));
        assert!(r.tool_calls[0].id.starts_with("call_relay_"));
        assert_eq!(r.tool_calls[1].arguments, json!("{not json"));
        assert_eq!(r.usage, Usage::default());
        let r = reply(
            json!({"choices": [{"message": {"content": "hm"}, "finish_reason": "eos"}],
            "usage": {"prompt_tokens": 3, "completion_tokens": 4.0}}),
        );
        assert_eq!(r.finish, Finish::Other("eos".into()));
        assert_eq!(r.usage.completion_tokens, 4);
    }

    #[test]
    fn errors_in_a_200_and_empty_replies() {
        let names = NameMap::default();
        assert!(matches!(
            decode(&json!({"error": {"code": 502, "message": "x"}}), &names),
            Decoded::Error(_)
        ));
        assert!(matches!(
            decode(
                &json!({"choices": [{"finish_reason": "error", "error": {"message": "y"}}]}),
                &names
            ),
            Decoded::Error(_)
        ));
        assert!(matches!(
            decode(&json!({"choices": []}), &names),
            Decoded::Unusable(_)
        ));
    }
}
