//! The conversation between the runner and a brain, independent of any provider's wire format.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Who said a message. Ticket text and tool results are `Data`: the brain is told they are
/// untrusted content, never instructions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum ChatMessage {
    /// Relay's own instructions (policies, mode, what the tools are for).
    System { content: String },
    /// Untrusted content handed to the brain: the wake context, a ticket note, a reply.
    Data { label: String, content: String },
    /// What the brain answered: text, tool calls, or both.
    Assistant {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        content: Option<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        tool_calls: Vec<ToolCall>,
    },
    /// The result of one tool call, as the brain sees it (trimmed), answering `call_id`.
    Tool {
        call_id: String,
        name: String,
        content: String,
    },
}

/// One tool call the brain asked for. `arguments` is whatever the brain sent (an object, or a
/// string a lenient decoder could not parse); the gateway validates it against the tool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolCall {
    pub id: String,
    pub name: String,
    pub arguments: Value,
}

/// A tool offered to the brain: its name, what it is for, and its JSON-Schema parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolSpec {
    pub name: String,
    pub description: String,
    pub parameters: Value,
}

/// Everything a brain needs for one decision.
#[derive(Debug, Clone)]
pub struct BrainRequest {
    pub messages: Vec<ChatMessage>,
    pub tools: Vec<ToolSpec>,
    /// The most tokens the reply may use (the per-wake token budget left, capped).
    pub max_tokens: u32,
}

/// Why the brain stopped producing this reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Finish {
    /// It has nothing more to do for now.
    Stop,
    /// It wants the tool calls in the reply run.
    ToolCalls,
    /// It ran out of tokens mid-reply.
    Length,
    /// Anything else the provider said (kept verbatim, never a decode error).
    Other(String),
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
}

/// One brain reply.
#[derive(Debug, Clone, PartialEq)]
pub struct BrainReply {
    pub content: Option<String>,
    pub tool_calls: Vec<ToolCall>,
    pub finish: Finish,
    pub usage: Usage,
}
