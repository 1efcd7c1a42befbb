//! Traceless adapter. **Traceless publishes no API reference, SDK or OpenAPI file**: all that is
//! known (from an integrator's documentation) is that a caller holds an API signing secret and an
//! organisation UUID, sends the employee's work e-mail with a push method (Microsoft
//! Authenticator or Duo Push), and polls for approved / denied / expired. Everything else, the
//! paths, the signature and the status words, is Relay's assumption, which is why the base URL and
//! every path are configuration. The simulated provider (`relay_sim::verify`) speaks exactly this
//! contract; a real tenant may need different paths.

mod signing;
mod wire;

pub use signing::signature;

use super::provider::{
    transport, ChallengeRef, ChallengeRequest, ChallengeStatus, ProviderError, VerificationProvider,
};
use app::states::PushMethod;
use async_trait::async_trait;
use std::time::Duration;

/// Paths under the base URL; `{id}` stands for the challenge id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TracelessPaths {
    pub check: String,
    pub start: String,
    pub status: String,
    pub cancel: String,
}

impl Default for TracelessPaths {
    fn default() -> Self {
        Self {
            check: "/v1/ping".into(),
            start: "/v1/verifications".into(),
            status: "/v1/verifications/{id}".into(),
            cancel: "/v1/verifications/{id}".into(),
        }
    }
}

#[derive(Clone)]
pub struct TracelessConfig {
    pub base_url: url::Url,
    pub paths: TracelessPaths,
    pub organization_id: String,
    pub signing_secret: String,
    pub default_push: PushMethod,
}

impl std::fmt::Debug for TracelessConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TracelessConfig")
            .field("base_url", &self.base_url.as_str())
            .field("paths", &self.paths)
            .field("organization_id", &self.organization_id)
            .field("default_push", &self.default_push)
            .finish_non_exhaustive()
    }
}

pub struct Traceless {
    config: TracelessConfig,
    http: reqwest::Client,
}

impl Traceless {
    pub fn new(config: TracelessConfig, http: reqwest::Client) -> Self {
        Self { config, http }
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path_template: &str,
        id: Option<&ChallengeRef>,
        body: Option<String>,
    ) -> Result<reqwest::Response, ProviderError> {
        let path = match id {
            // The id came from the provider; encode it so it stays one path segment.
            Some(id) => path_template.replace("{id}", &super::duo::signing::encode(&id.0)),
            None => path_template.to_string(),
        };
        let mut url = self.config.base_url.clone();
        let joined = format!("{}{}", url.path().trim_end_matches('/'), path);
        url.set_path(&joined);
        let timestamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default()
            .to_string();
        let body = body.unwrap_or_default();
        let signed = signature(
            &self.config.signing_secret,
            &timestamp,
            method.as_str(),
            url.path(),
            &body,
        );
        let mut request = self
            .http
            .request(method, url)
            .header("X-Traceless-Organization", &self.config.organization_id)
            .header("X-Traceless-Timestamp", timestamp)
            .header("X-Traceless-Signature", signed)
            .timeout(Duration::from_secs(20));
        if !body.is_empty() {
            request = request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body);
        }
        let response = request.send().await.map_err(transport)?;
        wire::check_status(response).await
    }
}

#[async_trait]
impl VerificationProvider for Traceless {
    fn label(&self) -> String {
        format!(
            "Traceless ({})",
            self.config.base_url.host_str().unwrap_or("?")
        )
    }

    async fn check(&self) -> Result<(), ProviderError> {
        self.send(reqwest::Method::GET, &self.config.paths.check, None, None)
            .await
            .map(|_| ())
    }

    async fn start(&self, request: &ChallengeRequest) -> Result<ChallengeRef, ProviderError> {
        let body = wire::StartBody {
            organization_id: &self.config.organization_id,
            email: &request.email,
            push_method: request.push_method.unwrap_or(self.config.default_push),
            message: &request.reason,
        };
        let body =
            serde_json::to_string(&body).map_err(|e| ProviderError::Protocol(e.to_string()))?;
        let response = self
            .send(
                reqwest::Method::POST,
                &self.config.paths.start,
                None,
                Some(body),
            )
            .await?;
        let answer: wire::Challenge = wire::json(response).await?;
        Ok(ChallengeRef(answer.id))
    }

    async fn poll(&self, challenge: &ChallengeRef) -> Result<ChallengeStatus, ProviderError> {
        let response = self
            .send(
                reqwest::Method::GET,
                &self.config.paths.status,
                Some(challenge),
                None,
            )
            .await?;
        let answer: wire::Challenge = wire::json(response).await?;
        answer.status()
    }

    async fn cancel(&self, challenge: &ChallengeRef) -> Result<(), ProviderError> {
        self.send(
            reqwest::Method::DELETE,
            &self.config.paths.cancel,
            Some(challenge),
            None,
        )
        .await
        .map(|_| ())
    }
}
