//! "Test connection": one tool-calling request that tells what the endpoint supports.

use serde_json::json;

use super::client::OpenAiBrain;
use super::wire::Choice;
use crate::agent::brain::BrainError;
use crate::agent::chat::{BrainRequest, ChatMessage, ToolSpec};

/// The harmless tool the test offers; nothing ever runs it.
pub const PROBE_TOOL: &str = "relay_connection_check";

/// What the test found, each point in plain words for the settings page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeReport {
    /// An HTTP answer came back at all.
    pub reachable: bool,
    /// The endpoint did not refuse the key.
    pub auth_ok: bool,
    /// The model answered the test with a call of the offered tool.
    pub tool_calls: bool,
    /// `Some(true)` accepted, `Some(false)` refused, `None` not tried (the setting is off).
    pub tool_choice: Option<bool>,
    /// What went wrong, when something did (never holds the key).
    pub problem: Option<String>,
}

impl ProbeReport {
    pub fn ok(&self) -> bool {
        self.reachable && self.auth_ok && self.tool_calls && self.tool_choice != Some(false)
    }
}

fn probe_request() -> BrainRequest {
    BrainRequest {
        messages: vec![
            ChatMessage::System {
                content: format!(
                    "This is a connection test from Relay. Call the tool {PROBE_TOOL} once with \
                     ok set to true, and write nothing else."
                ),
            },
            ChatMessage::System {
                content: "Run the connection test now.".into(),
            },
        ],
        tools: vec![ToolSpec {
            name: PROBE_TOOL.into(),
            description: "Confirms that tool calling works. Call it with ok = true.".into(),
            parameters: json!({
                "type": "object",
                "properties": {"ok": {"type": "boolean"}},
                "required": ["ok"],
                "additionalProperties": false
            }),
        }],
        max_tokens: 64,
    }
}

impl OpenAiBrain {
    /// Forces the probe tool when `tool_choice` is on; if the endpoint refuses that request
    /// (a 400), asks once more without the field to tell "no tool_choice" from "broken".
    pub async fn probe(&self) -> ProbeReport {
        let request = probe_request();
        let uses_choice = self.config().tool_choice;
        let first = self
            .complete_with(&request, Choice::Force(PROBE_TOOL.into()))
            .await;
        let (result, tool_choice) = match first {
            Err(BrainError::Protocol(why)) if uses_choice => {
                match self.complete_with_choice_off(&request).await {
                    Ok(reply) => (Ok(reply), Some(false)),
                    Err(_) => (Err(BrainError::Protocol(why)), None),
                }
            }
            Ok(reply) => (Ok(reply), uses_choice.then_some(true)),
            Err(e) => (Err(e), None),
        };
        match result {
            Ok(reply) => {
                let called = reply.tool_calls.iter().any(|c| c.name == PROBE_TOOL);
                let problem = match (called, tool_choice) {
                    (_, Some(false)) => {
                        Some("the endpoint refused tool_choice: turn that setting off".to_string())
                    }
                    (false, _) => Some(
                        "the model answered without calling the test tool: pick a model that \
                         supports tool calling"
                            .to_string(),
                    ),
                    _ => None,
                };
                ProbeReport {
                    reachable: true,
                    auth_ok: true,
                    tool_calls: called,
                    tool_choice,
                    problem,
                }
            }
            Err(e) => ProbeReport {
                reachable: !matches!(e, BrainError::Transient(_)),
                auth_ok: !matches!(e, BrainError::Auth(_) | BrainError::Transient(_)),
                tool_calls: false,
                tool_choice: None,
                problem: Some(e.to_string()),
            },
        }
    }

    async fn complete_with_choice_off(
        &self,
        request: &BrainRequest,
    ) -> Result<crate::agent::chat::BrainReply, BrainError> {
        let mut config = self.config().clone();
        config.tool_choice = false;
        OpenAiBrain::new(self.http(), config)
            .complete_with(request, Choice::Omit)
            .await
    }
}
