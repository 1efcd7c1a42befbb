//! The platform's server messages (reference §3): `{"message": {"type": …, "call": {…}, …}}`,
//! parsed strictly where Relay depends on a field and leniently where platforms differ
//! (tool arguments as a JSON string or an object; the call list under `toolCallList` or
//! `toolWithToolCallList`).

use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct CallInfo {
    pub id: String,
    /// The caller's number (`call.customer.number`, else `customer.number`).
    pub caller: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ToolCallItem {
    pub id: String,
    pub name: String,
    /// The arguments object, or why it could not be read (answered as that call's error).
    pub arguments: Result<Map<String, Value>, String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    ToolCalls {
        call: CallInfo,
        calls: Vec<ToolCallItem>,
    },
    EndOfCallReport {
        call: CallInfo,
        body: Map<String, Value>,
    },
    StatusUpdate {
        call: CallInfo,
        status: String,
    },
    Transcript {
        call: CallInfo,
    },
    /// Any other type: acknowledged and counted, nothing else.
    Other {
        kind: String,
    },
}

/// Parses a raw body; the error names what is wrong.
pub fn parse(raw: &[u8]) -> Result<Message, String> {
    let root: Value = serde_json::from_slice(raw).map_err(|e| format!("invalid JSON: {e}"))?;
    let Value::Object(mut root) = root else {
        return Err("the body must be a JSON object".into());
    };
    let Some(Value::Object(message)) = root.remove("message") else {
        return Err("`message` must be an object".into());
    };
    let kind = match message.get("type") {
        Some(Value::String(kind)) if !kind.is_empty() => kind.clone(),
        _ => return Err("`message.type` must be a non-empty string".into()),
    };
    Ok(match kind.as_str() {
        "tool-calls" => Message::ToolCalls {
            call: call_info(&message)?,
            calls: tool_calls(&message)?,
        },
        "end-of-call-report" => Message::EndOfCallReport {
            call: call_info(&message)?,
            body: message,
        },
        "status-update" => Message::StatusUpdate {
            call: call_info(&message)?,
            status: match message.get("status") {
                Some(Value::String(s)) => s.clone(),
                _ => return Err("`message.status` must be a string".into()),
            },
        },
        "transcript" => Message::Transcript {
            call: call_info(&message)?,
        },
        _ => Message::Other { kind },
    })
}

fn call_info(message: &Map<String, Value>) -> Result<CallInfo, String> {
    let call = message
        .get("call")
        .and_then(Value::as_object)
        .ok_or("`message.call` must be an object")?;
    let id = call
        .get("id")
        .and_then(Value::as_str)
        .filter(|id| !id.trim().is_empty() && id.len() <= 200)
        .ok_or("`message.call.id` must be a non-empty string of at most 200 characters")?;
    let number = |v: Option<&Value>| {
        v.and_then(|c| c.get("number"))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    Ok(CallInfo {
        id: id.to_owned(),
        caller: number(call.get("customer")).or_else(|| number(message.get("customer"))),
    })
}

fn tool_calls(message: &Map<String, Value>) -> Result<Vec<ToolCallItem>, String> {
    let items: Vec<&Value> = match (
        message.get("toolCallList"),
        message.get("toolWithToolCallList"),
    ) {
        (Some(Value::Array(list)), _) => list.iter().collect(),
        (None, Some(Value::Array(list))) => list
            .iter()
            .map(|t| {
                t.get("toolCall")
                    .ok_or("a `toolWithToolCallList` item has no `toolCall`")
            })
            .collect::<Result<_, _>>()?,
        _ => return Err("`message.toolCallList` must be an array".into()),
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| tool_call(item).map_err(|e| format!("tool call {i}: {e}")))
        .collect()
}

fn tool_call(item: &Value) -> Result<ToolCallItem, String> {
    let id = item
        .get("id")
        .and_then(Value::as_str)
        .filter(|id| !id.is_empty())
        .ok_or("`id` must be a non-empty string")?;
    let function = item.get("function");
    let name = function
        .and_then(|f| f.get("name"))
        .or_else(|| item.get("name"))
        .and_then(Value::as_str)
        .ok_or("`function.name` must be a string")?;
    let raw = function
        .and_then(|f| f.get("arguments"))
        .or_else(|| item.get("arguments"))
        .or_else(|| item.get("parameters"));
    let arguments = match raw {
        None | Some(Value::Null) => Ok(Map::new()),
        Some(Value::Object(map)) => Ok(map.clone()),
        Some(Value::String(text)) if text.trim().is_empty() => Ok(Map::new()),
        Some(Value::String(text)) => match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => Ok(map),
            _ => Err("the arguments are not a JSON object".to_owned()),
        },
        Some(_) => Err("the arguments are not a JSON object".to_owned()),
    };
    Ok(ToolCallItem {
        id: id.to_owned(),
        name: name.to_owned(),
        arguments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(v: Value) -> Vec<u8> {
        serde_json::to_vec(&v).unwrap()
    }

    #[test]
    fn arguments_as_string_object_or_parameters() {
        let msg = body(
            json!({"message": {"type": "tool-calls", "call": {"id": "c1", "customer": {"number": "+15550142232"}},
            "toolCallList": [
                {"id": "a", "type": "function", "function": {"name": "find_contact", "arguments": "{\"name\":\"Jon\"}"}},
                {"id": "b", "function": {"name": "find_contact", "arguments": {"name": "Jon"}}},
                {"id": "c", "name": "find_contact", "parameters": {"name": "Jon"}},
                {"id": "d", "function": {"name": "find_contact", "arguments": "not json"}}
            ]}}),
        );
        let Message::ToolCalls { call, calls } = parse(&msg).unwrap() else {
            panic!()
        };
        assert_eq!(call.caller.as_deref(), Some("+15550142232"));
        for item in &calls[..3] {
            assert_eq!(
                item.arguments.as_ref().unwrap()["name"],
                "Jon",
                "{}",
                item.id
            );
        }
        assert!(calls[3].arguments.is_err());
    }

    #[test]
    fn refusals_name_the_field() {
        assert!(parse(b"[]").unwrap_err().contains("object"));
        assert!(parse(br#"{"message":{}}"#)
            .unwrap_err()
            .contains("message.type"));
        assert!(
            parse(br#"{"message":{"type":"tool-calls","call":{"id":"x"}}}"#)
                .unwrap_err()
                .contains("toolCallList")
        );
        assert!(parse(br#"{"message":{"type":"end-of-call-report"}}"#)
            .unwrap_err()
            .contains("message.call"));
        assert_eq!(
            parse(br#"{"message":{"type":"hang"}}"#).unwrap(),
            Message::Other {
                kind: "hang".into()
            }
        );
    }
}
