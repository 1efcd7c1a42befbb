//! Turns a scripted reply into the status, headers and body a provider would send.

use serde_json::{json, Value};

use super::script::{ModelCall, ModelReply, OverflowShape};

pub(super) struct Rendered {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Value,
}

fn ok(body: Value) -> Rendered {
    Rendered {
        status: 200,
        headers: Vec::new(),
        body,
    }
}

fn error(status: u16, kind: &str, code: Value, message: &str) -> Rendered {
    Rendered {
        status,
        headers: Vec::new(),
        body: json!({"error": {"message": message, "type": kind, "param": null, "code": code}}),
    }
}

fn completion(model: &str, message: Value, finish: &str) -> Value {
    json!({
        "id": "chatcmpl-relay-fake",
        "object": "chat.completion",
        "created": 1_764_500_000,
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}
    })
}

fn arguments_text(arguments: &Value) -> String {
    match arguments {
        Value::Null => "{}".into(),
        other => other.to_string(),
    }
}

fn calls(calls: &[ModelCall], serial: usize, as_object: bool) -> Vec<Value> {
    calls
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let arguments = if as_object {
                c.arguments.clone()
            } else {
                Value::String(arguments_text(&c.arguments))
            };
            json!({
                "id": c.id.clone().unwrap_or_else(|| format!("call_{serial}_{i}")),
                "type": "function",
                "function": {"name": c.name, "arguments": arguments}
            })
        })
        .collect()
}

/// `serial` numbers the request, so generated call ids differ between turns.
pub(super) fn render(reply: &ModelReply, model: &str, serial: usize) -> Rendered {
    match reply {
        ModelReply::Answer { content } => ok(completion(
            model,
            json!({"role": "assistant", "content": content}),
            "stop",
        )),
        ModelReply::ToolCalls { calls: c } => ok(completion(
            model,
            json!({"role": "assistant", "content": null, "tool_calls": calls(c, serial, false)}),
            "tool_calls",
        )),
        ModelReply::ArgumentsAsObject { calls: c } => ok(completion(
            model,
            json!({"role": "assistant", "content": "", "tool_calls": calls(c, serial, true)}),
            "tool_calls",
        )),
        ModelReply::BrokenArguments { name, raw } => ok(completion(
            model,
            json!({"role": "assistant", "content": null, "tool_calls": [{
                "id": format!("call_{serial}_0"), "type": "function",
                "function": {"name": name, "arguments": raw}}]}),
            "tool_calls",
        )),
        ModelReply::MissingFields { calls: c } => {
            let bare: Vec<Value> = c
                .iter()
                .map(|c| json!({"function": {"name": c.name, "arguments": arguments_text(&c.arguments)}}))
                .collect();
            ok(json!({"choices": [{"message": {"role": "assistant", "tool_calls": bare}}]}))
        }
        ModelReply::UnknownFinish {
            content,
            finish_reason,
        } => ok(completion(
            model,
            json!({"role": "assistant", "content": content}),
            finish_reason,
        )),
        ModelReply::ErrorIn200 { code, message } => {
            ok(json!({"error": {"code": code, "message": message}}))
        }
        ModelReply::Unauthorized => error(
            401,
            "invalid_request_error",
            json!("invalid_api_key"),
            "Incorrect API key provided: sk-fake-****-key. You can find your API key in your settings.",
        ),
        ModelReply::PaymentRequired => Rendered {
            status: 402,
            headers: Vec::new(),
            body: json!({"error": {"code": 402, "message": "Insufficient credits. Add more using the billing page."}}),
        },
        ModelReply::InsufficientQuota => error(
            429,
            "insufficient_quota",
            json!("insufficient_quota"),
            "You exceeded your current quota, please check your plan and billing details.",
        ),
        ModelReply::RateLimited {
            retry_after_ms,
            retry_after,
            reset_requests,
            reset_tokens,
        } => {
            let mut r = error(
                429,
                "requests",
                json!("rate_limit_exceeded"),
                "Rate limit reached for requests. Please try again later.",
            );
            let headers = [
                ("retry-after-ms", retry_after_ms),
                ("retry-after", retry_after),
                ("x-ratelimit-reset-requests", reset_requests),
                ("x-ratelimit-reset-tokens", reset_tokens),
            ];
            r.headers = headers
                .into_iter()
                .filter_map(|(h, v)| v.clone().map(|v| (h, v)))
                .collect();
            r
        }
        ModelReply::ContextOverflow { shape } => overflow(*shape),
        ModelReply::ServerError { status } => error(
            *status,
            "server_error",
            Value::Null,
            "The server had an error while processing your request.",
        ),
        ModelReply::Raw { status, body } => Rendered {
            status: *status,
            headers: Vec::new(),
            body: body.clone(),
        },
    }
}

fn overflow(shape: OverflowShape) -> Rendered {
    match shape {
        OverflowShape::OpenAi => error(
            400,
            "invalid_request_error",
            json!("context_length_exceeded"),
            "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens.",
        ),
        OverflowShape::Vllm => Rendered {
            status: 400,
            headers: Vec::new(),
            body: json!({"object": "error", "message": "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens.", "type": "BadRequestError", "param": null, "code": 400}),
        },
        OverflowShape::LlamaCpp => error(
            400,
            "exceed_context_size_error",
            json!(400),
            "request (9000 tokens) exceeds the available context size (4096 tokens), try increasing it",
        ),
    }
}
