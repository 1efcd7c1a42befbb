//! `OpenAiBrain`: the `Brain` that asks an OpenAI-compatible endpoint. One attempt per call;
//! the runner decides about retries from the classified error.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use serde_json::Value;

use super::decode::{decode, Decoded};
use super::errors::{classify, redact, ProviderError};
use super::names::NameMap;
use super::wire::{ChatRequest, Choice, Shape};
use super::TokenParam;
use crate::agent::brain::{Brain, BrainError, Opinion};
use crate::agent::chat::{BrainReply, BrainRequest};

/// How long one completion may take before it counts as a transient failure. Local models on
/// a CPU can be slow; a hung endpoint must still not hold a session forever.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// Replies larger than this are refused: no real completion comes near it.
const MAX_BODY: usize = 4 * 1024 * 1024;

/// One endpoint's settings. `Debug` never shows the key.
#[derive(Clone)]
pub struct OpenAiConfig {
    /// Up to and including the version, e.g. `https://api.openai.com/v1`.
    pub base_url: String,
    pub model: String,
    /// Empty for servers without authentication (Ollama, LM Studio by default).
    pub api_key: String,
    pub token_param: TokenParam,
    /// False for endpoints that refuse the field (Ollama, vLLM without auto tool choice).
    pub tool_choice: bool,
    pub parallel_tool_calls: bool,
    pub timeout: Duration,
}

impl fmt::Debug for OpenAiConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpenAiConfig")
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .field(
                "api_key",
                &if self.api_key.is_empty() {
                    ""
                } else {
                    "[redacted]"
                },
            )
            .field("token_param", &self.token_param)
            .field("tool_choice", &self.tool_choice)
            .field("parallel_tool_calls", &self.parallel_tool_calls)
            .finish()
    }
}

#[derive(Clone, Debug)]
pub struct OpenAiBrain {
    http: reqwest::Client,
    config: Arc<OpenAiConfig>,
    url: String,
}

impl OpenAiBrain {
    /// `http` is the caller's pool; it must not follow redirects (see [`OpenAiBrain::http_client`]).
    pub fn new(http: reqwest::Client, config: OpenAiConfig) -> Self {
        let url = format!("{}/chat/completions", config.base_url.trim_end_matches('/'));
        OpenAiBrain {
            http,
            config: Arc::new(config),
            url,
        }
    }

    /// A pool for model endpoints. Redirects are not followed: a `Location` elsewhere must not
    /// receive the bearer key, and a POST that moved is a configuration error to show.
    pub fn http_client() -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("the HTTP client's TLS backend initialises")
    }

    pub fn config(&self) -> &OpenAiConfig {
        &self.config
    }

    pub(super) fn http(&self) -> reqwest::Client {
        self.http.clone()
    }

    /// One completion with an explicit `tool_choice` (the connection test forces a tool).
    pub(super) async fn complete_with(
        &self,
        request: &BrainRequest,
        choice: Choice,
    ) -> Result<BrainReply, BrainError> {
        let c = &self.config;
        let body = ChatRequest::build(
            Shape {
                model: &c.model,
                token_param: c.token_param,
                parallel_tool_calls: c.parallel_tool_calls,
                choice: if c.tool_choice { choice } else { Choice::Omit },
            },
            &request.messages,
            &request.tools,
            request.max_tokens,
        );
        let names = NameMap::new(request.tools.iter().map(|t| t.name.as_str()));
        let mut post = self.http.post(&self.url).timeout(c.timeout).json(&body);
        if !c.api_key.is_empty() {
            post = post.bearer_auth(&c.api_key);
        }
        let response = post.send().await.map_err(|e| self.transport(e))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let raw = read_capped(response).await.map_err(|e| self.transport(e))?;
        let parsed: Option<Value> = serde_json::from_slice(&raw).ok();
        if !(200..300).contains(&status) {
            let error = parsed
                .as_ref()
                .map(ProviderError::from_body)
                .unwrap_or_else(|| ProviderError {
                    message: String::from_utf8_lossy(&raw).chars().take(300).collect(),
                    ..Default::default()
                });
            let classified = classify(status, &headers, &error, &c.api_key);
            tracing::warn!(endpoint = %self.url, status, error = %classified, "model endpoint refused a completion");
            return Err(classified);
        }
        let Some(parsed) = parsed else {
            return Err(BrainError::Protocol(format!(
                "HTTP {status}: the reply is not JSON"
            )));
        };
        match decode(&parsed, &names) {
            Decoded::Reply(reply) => Ok(reply),
            Decoded::Error(error) => {
                let classified =
                    classify(200, &headers, &ProviderError::from_body(&error), &c.api_key);
                tracing::warn!(endpoint = %self.url, error = %classified, "model endpoint sent an error in a 200 reply");
                Err(classified)
            }
            Decoded::Unusable(why) => Err(BrainError::Protocol(redact(&why, &c.api_key, status))),
        }
    }

    fn transport(&self, e: reqwest::Error) -> BrainError {
        let what = if e.is_timeout() {
            "timed out".to_string()
        } else {
            e.without_url().to_string()
        };
        BrainError::Transient(format!("{}: {what}", self.url))
    }
}

/// Reads the body up to [`MAX_BODY`]; a longer one is cut, which makes it fail to parse.
async fn read_capped(mut response: reqwest::Response) -> Result<Vec<u8>, reqwest::Error> {
    let mut out = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        let room = MAX_BODY.saturating_sub(out.len());
        out.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if room <= chunk.len() {
            break;
        }
    }
    Ok(out)
}

#[async_trait]
impl Brain for OpenAiBrain {
    fn label(&self) -> String {
        format!("model {}", self.config.model)
    }

    async fn complete(&self, request: &BrainRequest) -> Result<BrainReply, BrainError> {
        self.complete_with(request, Choice::Auto).await
    }

    async fn sensitivity(&self, text: &str) -> Result<Option<Opinion>, BrainError> {
        self.opinion(text).await.map(Some)
    }
}
