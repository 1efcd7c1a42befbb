//! The message bodies a Vapi-style platform sends, built from a scripted call.

use super::scripts::{ScriptedCall, Turn};
use serde_json::{json, Map, Value};

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or_default()
}

fn call_object(call: &ScriptedCall) -> Value {
    json!({
        "id": call.call_id,
        "type": "inboundPhoneCall",
        "customer": { "number": call.caller },
        "phoneCallProviderId": format!("CA{}", call.call_id.replace('-', "")),
    })
}

pub fn status(call: &ScriptedCall, status: &str) -> Value {
    json!({"message": {
        "type": "status-update", "status": status, "timestamp": now_ms(),
        "call": call_object(call), "customer": { "number": call.caller },
    }})
}

pub fn transcript(call: &ScriptedCall, turn: &Turn) -> Value {
    json!({"message": {
        "type": "transcript", "role": if turn.caller { "user" } else { "assistant" },
        "transcriptType": "final", "transcript": turn.text, "timestamp": now_ms(),
        "call": call_object(call),
    }})
}

/// A `tool-calls` message with one call, its arguments as an object or (like Vapi's current
/// OpenAPI) a JSON string, listed in both `toolCallList` and `toolWithToolCallList`.
pub fn tool_call(
    call: &ScriptedCall,
    name: &str,
    args: Map<String, Value>,
    as_string: bool,
) -> Value {
    let id = format!("call_{}_{name}", &call.call_id[..8.min(call.call_id.len())]);
    let arguments = if as_string {
        Value::String(Value::Object(args).to_string())
    } else {
        Value::Object(args)
    };
    let item =
        json!({"id": id, "type": "function", "function": {"name": name, "arguments": arguments}});
    json!({"message": {
        "type": "tool-calls", "timestamp": now_ms(), "call": call_object(call),
        "customer": { "number": call.caller },
        "toolCallList": [item.clone()],
        "toolWithToolCallList": [{"type": "function", "function": {"name": name, "parameters": {"type": "object"}}, "toolCall": item}],
    }})
}

pub fn end_of_call(call: &ScriptedCall) -> Value {
    let start = now_ms().saturating_sub(60_000 + 8_000 * call.turns.len() as u64);
    let mut at = start;
    let messages: Vec<Value> = call
        .turns
        .iter()
        .map(|turn| {
            at += 8_000;
            json!({
                "role": if turn.caller { "user" } else { "bot" },
                "message": turn.text, "time": at, "endTime": at + 6_000,
                "secondsFromStart": (at - start) as f64 / 1000.0,
            })
        })
        .collect();
    let text: Vec<String> = call
        .turns
        .iter()
        .map(|t| format!("{}: {}", if t.caller { "User" } else { "AI" }, t.text))
        .collect();
    json!({"message": {
        "type": "end-of-call-report", "endedReason": "customer-ended-call", "timestamp": now_ms(),
        "startedAt": iso(start), "endedAt": iso(at + 6_000), "cost": 0.21,
        "call": call_object(call), "customer": { "number": call.caller },
        "artifact": {
            "transcript": text.join("\n"), "messages": messages,
            "recording": { "stereoUrl": format!("https://recordings.voice-sim.example/{}-stereo.wav", call.call_id) },
        },
        "analysis": {
            "summary": call.summary,
            "structuredData": call.structured,
            "successEvaluation": "true",
        },
    }})
}

/// The text of the first result in a `tool-calls` reply (`result` or `error`).
pub fn result_text(reply: &Value) -> Option<String> {
    let first = reply.get("results")?.get(0)?;
    first
        .get("result")
        .or_else(|| first.get("error"))
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// Unix milliseconds as `2026-11-30T10:01:02.120Z`.
fn iso(ms: u64) -> String {
    let secs = ms / 1000;
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        ms % 1000
    )
}
