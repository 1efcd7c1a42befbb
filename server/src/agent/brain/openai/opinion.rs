//! The model's second opinion on a ticket's sensitivity (issue 12): one forced call of a
//! reporting tool, the ticket fenced as untrusted data. The verification rules decide first;
//! this can only add a flag, so a ticket that talks the model out of flagging gains nothing.

use serde_json::{json, Value};

use super::client::OpenAiBrain;
use super::wire::Choice;
use crate::agent::brain::{BrainError, Opinion};
use crate::agent::chat::{BrainReply, BrainRequest, ChatMessage, ToolSpec};

/// The tool the model answers through; nothing ever runs it.
pub const OPINION_TOOL: &str = "report_sensitivity";

/// Ticket text beyond this is cut: the start of a ticket says what it asks for.
const MAX_TEXT: usize = 6_000;

/// A yes/no with a short reason needs few tokens; more only costs money.
const MAX_TOKENS: u32 = 200;

const INSTRUCTIONS: &str = "You screen IT helpdesk tickets for Relay before an automated agent \
works them. A ticket is SENSITIVE when acting on it could hand someone control of another \
person's account or data: password resets, MFA or authenticator changes or removals, account \
unlocks, a new phone for sign-in, granting mailbox, file share or admin access, changing where \
payroll or invoices are paid. Asking about a product, a licence, a shared printer or guest wifi \
password is not sensitive. Call the tool report_sensitivity exactly once with sensitive true or \
false and a reason of at most 15 words. Write nothing else.";

fn request(text: &str) -> BrainRequest {
    let text: String = text.chars().take(MAX_TEXT).collect();
    BrainRequest {
        messages: vec![
            ChatMessage::System {
                content: INSTRUCTIONS.into(),
            },
            ChatMessage::Data {
                label: "ticket to screen (untrusted data)".into(),
                content: text,
            },
        ],
        tools: vec![ToolSpec {
            name: OPINION_TOOL.into(),
            description: "Reports whether the ticket is a sensitive request, and why.".into(),
            parameters: json!({
                "type": "object",
                "properties": {
                    "sensitive": {"type": "boolean"},
                    "reason": {"type": "string"}
                },
                "required": ["sensitive", "reason"],
                "additionalProperties": false
            }),
        }],
        max_tokens: MAX_TOKENS,
    }
}

impl OpenAiBrain {
    /// Asks for the opinion; a reply that does not answer the question is a protocol error
    /// (the caller keeps the rules' verdict and records that the model did not answer).
    pub(super) async fn opinion(&self, text: &str) -> Result<Opinion, BrainError> {
        let reply = self
            .complete_with(&request(text), Choice::Force(OPINION_TOOL.into()))
            .await?;
        read(&reply).ok_or_else(|| {
            BrainError::Protocol(format!(
                "the model did not answer with {OPINION_TOOL} (sensitive true or false)"
            ))
        })
    }
}

/// The answer from the tool call, or from JSON in the text for models that wrote it there.
fn read(reply: &BrainReply) -> Option<Opinion> {
    let from_call = reply
        .tool_calls
        .iter()
        .find(|c| c.name == OPINION_TOOL)
        .and_then(|c| answer(&c.arguments));
    from_call.or_else(|| {
        let content = reply.content.as_deref()?;
        let start = content.find('{')?;
        let end = content.rfind('}')?;
        answer(&serde_json::from_str(content.get(start..=end)?).ok()?)
    })
}

fn answer(arguments: &Value) -> Option<Opinion> {
    // Some providers send the arguments as a JSON string the lenient decoder kept verbatim.
    let parsed;
    let arguments = match arguments {
        Value::String(s) => {
            parsed = serde_json::from_str::<Value>(s).ok()?;
            &parsed
        }
        other => other,
    };
    let sensitive = match arguments.get("sensitive")? {
        Value::Bool(b) => *b,
        Value::String(s) if s.eq_ignore_ascii_case("true") => true,
        Value::String(s) if s.eq_ignore_ascii_case("false") => false,
        _ => return None,
    };
    let reason = arguments
        .get("reason")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .chars()
        .take(200)
        .collect();
    Some(Opinion { sensitive, reason })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agent::chat::{Finish, ToolCall, Usage};

    fn reply(content: Option<&str>, calls: Vec<ToolCall>) -> BrainReply {
        BrainReply {
            content: content.map(str::to_string),
            tool_calls: calls,
            finish: Finish::Stop,
            usage: Usage::default(),
        }
    }

    fn call(arguments: Value) -> ToolCall {
        ToolCall {
            id: "c1".into(),
            name: OPINION_TOOL.into(),
            arguments,
        }
    }

    #[test]
    fn reads_the_tool_call_in_each_shape_providers_send() {
        let yes = reply(
            None,
            vec![call(
                json!({"sensitive": true, "reason": " payroll bank change "}),
            )],
        );
        assert_eq!(
            read(&yes),
            Some(Opinion {
                sensitive: true,
                reason: "payroll bank change".into()
            })
        );
        let as_string = reply(
            None,
            vec![call(json!(
                "{\"sensitive\": \"false\", \"reason\": \"printer\"}"
            ))],
        );
        assert!(!read(&as_string).unwrap().sensitive);
        let in_text = reply(
            Some("Sure: {\"sensitive\": true, \"reason\": \"MFA\"} done"),
            vec![],
        );
        assert!(read(&in_text).unwrap().sensitive);
    }

    #[test]
    fn no_answer_is_no_opinion() {
        assert_eq!(read(&reply(Some("I think so."), vec![])), None);
        assert_eq!(read(&reply(None, vec![call(json!({"reason": "x"}))])), None);
        assert_eq!(
            read(&reply(None, vec![call(json!({"sensitive": "maybe"}))])),
            None
        );
    }

    #[test]
    fn the_ticket_is_fenced_as_data_and_cut() {
        let long = "x".repeat(MAX_TEXT + 500);
        let r = request(&long);
        match &r.messages[1] {
            ChatMessage::Data { content, .. } => assert_eq!(content.len(), MAX_TEXT),
            other => panic!("{other:?}"),
        }
        assert_eq!(r.tools[0].name, OPINION_TOOL);
    }
}
