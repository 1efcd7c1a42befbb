//! What the fake can be told to answer, how it behaves, and what it records.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One scripted tool call. `id: None` uses a generated `call_N` id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelCall {
    pub name: String,
    #[serde(default)]
    pub arguments: Value,
    #[serde(default)]
    pub id: Option<String>,
}

impl ModelCall {
    pub fn new(name: &str, arguments: Value) -> Self {
        ModelCall {
            name: name.to_string(),
            arguments,
            id: None,
        }
    }
}

/// Which provider's context-overflow error to imitate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum OverflowShape {
    /// OpenAI: 400 `{"error":{"code":"context_length_exceeded",…}}`.
    #[default]
    OpenAi,
    /// vLLM: 400 with a top-level `{"object":"error","message":"…maximum context length…"}`.
    Vllm,
    /// llama.cpp: 400 `{"error":{"type":"exceed_context_size_error",…}}`.
    LlamaCpp,
}

/// One scripted answer. Tool names are the wire names the request used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ModelReply {
    /// A plain answer, `finish_reason: "stop"`.
    Answer { content: String },
    /// Standard tool calls (arguments as JSON text, ids, `finish_reason: "tool_calls"`).
    ToolCalls { calls: Vec<ModelCall> },
    /// Quirk: arguments sent as a JSON object, content `""` (Ollama-native, some vLLM parsers).
    ArgumentsAsObject { calls: Vec<ModelCall> },
    /// Quirk: arguments as text that is not JSON.
    BrokenArguments { name: String, raw: String },
    /// Quirk: tool calls without `id`/`type`, a reply without `id`/`object`/`usage`.
    MissingFields { calls: Vec<ModelCall> },
    /// Quirk: a `finish_reason` outside OpenAI's set (OpenRouter's `error` is another).
    UnknownFinish {
        content: String,
        finish_reason: String,
    },
    /// OpenRouter: HTTP 200 whose body is `{"error":{"code":502,…}}`.
    #[serde(rename = "error_in_200")]
    ErrorIn200 { code: u16, message: String },
    /// 401 `invalid_api_key`, the key masked as OpenAI does.
    Unauthorized,
    /// OpenRouter: 402 out of credits.
    PaymentRequired,
    /// 429 `insufficient_quota` (waiting will not help).
    InsufficientQuota,
    /// 429 with whichever retry headers are given.
    RateLimited {
        #[serde(default)]
        retry_after_ms: Option<String>,
        #[serde(default)]
        retry_after: Option<String>,
        #[serde(default)]
        reset_requests: Option<String>,
        #[serde(default)]
        reset_tokens: Option<String>,
    },
    ContextOverflow {
        #[serde(default)]
        shape: OverflowShape,
    },
    /// 500 (or any status) with the OpenAI error shape.
    ServerError { status: u16 },
    /// Any status and body, for what the variants above do not cover.
    Raw { status: u16, body: Value },
}

/// How the fake behaves whatever the script says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelSettings {
    /// The bearer key required; `None` accepts any request (like a local server).
    pub api_key: Option<String>,
    /// Answer 400 to any request carrying `tool_choice` (Ollama, vLLM without the flag).
    pub reject_tool_choice: bool,
}

impl Default for ModelSettings {
    fn default() -> Self {
        ModelSettings {
            api_key: Some(super::FAKE_MODEL_KEY.to_string()),
            reject_tool_choice: false,
        }
    }
}

/// A request as received: the bearer token sent (if any) and the JSON body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelRequest {
    pub bearer: Option<String>,
    pub body: Value,
}
