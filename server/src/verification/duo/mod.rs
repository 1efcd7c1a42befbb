//! Duo Auth API v2 adapter: `POST /auth/v2/auth` with `factor=push&async=1` starts a
//! challenge and returns a `txid`; `GET /auth/v2/auth_status?txid=` says where it stands
//! (`waiting`, `allow`, `deny`). Duo has no cancel: a withdrawn push simply times out.

pub mod signing;

use super::provider::{
    transport, ChallengeError, ChallengeRef, ChallengeRequest, ChallengeStatus, ProviderError,
    VerificationProvider,
};
use async_trait::async_trait;
use serde_json::Value;
use std::time::Duration;

/// The settings an MSP pastes from Duo's Admin Panel (an "Auth API" application).
#[derive(Clone)]
pub struct DuoConfig {
    /// `https://api-XXXXXXXX.duosecurity.com` (tests point it at the simulator).
    pub base_url: url::Url,
    pub integration_key: String,
    pub secret_key: String,
}

impl std::fmt::Debug for DuoConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The secret key never reaches a log.
        f.debug_struct("DuoConfig")
            .field("base_url", &self.base_url.as_str())
            .field("integration_key", &self.integration_key)
            .finish_non_exhaustive()
    }
}

pub struct Duo {
    config: DuoConfig,
    http: reqwest::Client,
}

impl Duo {
    pub fn new(config: DuoConfig, http: reqwest::Client) -> Self {
        Self { config, http }
    }

    /// The host as signed: lower-case, with the port when the URL names one.
    fn host(&self) -> String {
        let url = &self.config.base_url;
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host,
        }
    }

    async fn call(
        &self,
        method: &str,
        path: &str,
        params: &[(&str, &str)],
    ) -> Result<Value, ProviderError> {
        let date = signing::rfc2822_now();
        let canonical = signing::canonical(&date, method, &self.host(), path, params);
        let auth = signing::authorization(
            &self.config.integration_key,
            &self.config.secret_key,
            &canonical,
        );
        let mut url = self.config.base_url.clone();
        url.set_path(path);
        let form = signing::canonical_params(params);
        let request = if method == "GET" {
            url.set_query((!form.is_empty()).then_some(form.as_str()));
            self.http.get(url)
        } else {
            self.http
                .post(url)
                .header(
                    reqwest::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body(form)
        };
        let response = request
            .header(reqwest::header::AUTHORIZATION, auth)
            .header(reqwest::header::DATE, date)
            // auth_status long-polls; Duo answers within about a minute.
            .timeout(Duration::from_secs(75))
            .send()
            .await
            .map_err(transport)?;
        let status = response.status();
        let body: Value = response
            .json()
            .await
            .map_err(|e| ProviderError::Protocol(format!("HTTP {status}: not JSON ({e})")))?;
        if body["stat"] == "OK" {
            return Ok(body["response"].clone());
        }
        let message = body["message"].as_str().unwrap_or("no message").to_string();
        let detail = body["message_detail"]
            .as_str()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        let message = format!("{message}{detail}");
        Err(match status.as_u16() {
            401 | 403 => ProviderError::Auth(message),
            429 | 500.. => ProviderError::Unavailable(format!("HTTP {status}: {message}")),
            _ => ProviderError::Protocol(format!("HTTP {status}: {message}")),
        })
    }
}

#[async_trait]
impl VerificationProvider for Duo {
    fn label(&self) -> String {
        format!("Duo ({})", self.host())
    }

    async fn check(&self) -> Result<(), ProviderError> {
        self.call("GET", "/auth/v2/check", &[]).await.map(|_| ())
    }

    async fn start(&self, request: &ChallengeRequest) -> Result<ChallengeRef, ProviderError> {
        // Duo's push method is always Duo Push; `push_method` is for providers that front several.
        let params = [
            ("username", request.email.as_str()),
            ("factor", "push"),
            ("device", "auto"),
            ("async", "1"),
            ("type", request.reason.as_str()),
        ];
        match self.call("POST", "/auth/v2/auth", &params).await {
            Ok(body) => body["txid"]
                .as_str()
                .map(|t| ChallengeRef(t.to_string()))
                .ok_or_else(|| ProviderError::Protocol("no txid in the auth answer".into())),
            // 400 for an unknown or unenrolled user: nobody can be pushed.
            Err(ProviderError::Protocol(m)) if m.starts_with("HTTP 400") => {
                Err(ProviderError::Refused(ChallengeError::NoDevice))
            }
            Err(e) => Err(e),
        }
    }

    async fn poll(&self, challenge: &ChallengeRef) -> Result<ChallengeStatus, ProviderError> {
        let body = self
            .call("GET", "/auth/v2/auth_status", &[("txid", &challenge.0)])
            .await?;
        let status = body["status"].as_str().unwrap_or_default();
        // Branch on `result`; `status` only refines a deny (the full list is not published).
        Ok(match body["result"].as_str() {
            Some("waiting") => ChallengeStatus::Pending,
            Some("allow") => ChallengeStatus::Approved,
            Some("deny") if status == "timeout" => ChallengeStatus::Expired,
            Some("deny") => ChallengeStatus::Denied,
            other => {
                return Err(ProviderError::Protocol(format!(
                    "auth_status result {other:?}"
                )))
            }
        })
    }

    async fn cancel(&self, _challenge: &ChallengeRef) -> Result<(), ProviderError> {
        Ok(())
    }
}
