//! One logical Autotask call: auth headers, status mapping, 429 retries under the limiter,
//! tenant pauses, and the single zone re-resolve after a 401.

use std::time::{Instant, SystemTime};

// axum re-exports the `bytes` crate reqwest uses, which saves a direct dependency.
use axum::body::Bytes;
use reqwest::header::{HeaderValue, ACCEPT, CONTENT_TYPE, RETRY_AFTER};
use reqwest::Method;
use url::Url;

use super::backoff::{jittered_delay, parse_retry_after};
use super::client::TenantClient;
use super::errors::AutotaskError;
use super::status::classify;
use super::zone::{redirected, Zone};

/// Where a request goes: a path under the zone's API base, or a server-given absolute URL.
pub(crate) enum Target {
    Relative(String),
    Absolute(Url),
}

pub(crate) struct ApiRequest {
    pub(crate) method: Method,
    /// Thread-limit key: the entity the endpoint serves.
    pub(crate) entity: String,
    pub(crate) target: Target,
    pub(crate) body: Option<Bytes>,
    /// Sent on writes only; Autotask ignores it on reads.
    pub(crate) impersonate: Option<i64>,
}

impl ApiRequest {
    pub(crate) fn new(method: Method, entity: &str, path: String) -> Self {
        Self {
            method,
            entity: entity.to_owned(),
            target: Target::Relative(path),
            body: None,
            impersonate: None,
        }
    }

    pub(crate) fn json(mut self, body: &serde_json::Value) -> Self {
        // Serialising a Value cannot fail; an empty body would only surface as a server error.
        self.body = Some(Bytes::from(serde_json::to_vec(body).unwrap_or_default()));
        self
    }
}

/// A successful exchange: the body and the URL it came from (paging resolves against it).
pub(crate) struct ApiResponse {
    pub(crate) url: Url,
    pub(crate) body: Bytes,
}

impl TenantClient {
    pub(crate) async fn send(&self, request: &ApiRequest) -> Result<ApiResponse, AutotaskError> {
        let username = &self.credentials.username;
        let (zone, cached) = self.client.zone_for(username).await?;
        match self.send_on_zone(&zone, request).await {
            // Tenants move between zones; a cached zone that now says 401 gets one fresh lookup.
            Err(AutotaskError::Unauthorized { .. }) if cached => {
                tracing::info!(username = %username, "401 on cached zone; re-resolving once");
                self.client.inner.zones.invalidate(username, &zone).await;
                let (fresh, _) = self.client.zone_for(username).await?;
                self.send_on_zone(&fresh, request).await
            }
            other => other,
        }
    }

    async fn send_on_zone(
        &self,
        zone: &Zone,
        request: &ApiRequest,
    ) -> Result<ApiResponse, AutotaskError> {
        let url = match &request.target {
            Target::Relative(path) => zone.url_for(path)?,
            Target::Absolute(url) if zone.is_same_origin(url) => url.clone(),
            Target::Absolute(url) => {
                return Err(AutotaskError::UnsafeNextPage {
                    url: url.to_string(),
                })
            }
        };
        let inner = &self.client.inner;
        let policy = &inner.config.retry;
        let tracking_id = &self.credentials.tracking_id;
        let deadline = Instant::now() + self.retry_budget.unwrap_or(policy.total_budget);
        let mut retries = 0u32;
        loop {
            self.wait_out_pause(deadline).await?;
            let outcome = {
                // The slot is held until the body is read: Autotask counts the thread until then.
                let _slot = inner
                    .limiter
                    .acquire(tracking_id, &request.entity, self.lane)
                    .await;
                inner.limiter.record_request(tracking_id, self.purpose);
                if let Some(counter) = &self.counter {
                    counter.bump();
                }
                if let Some(total) = &self.purpose_total {
                    total.inc();
                }
                self.exchange(&url, request).await?
            };
            let error = match outcome {
                Ok(body) => return Ok(ApiResponse { url, body }),
                Err(error) => error,
            };
            if let AutotaskError::HourlyThreshold {
                retry_after,
                messages,
            } = &error
            {
                // Pause even when this call will not retry, so other calls stop hammering too.
                tracing::warn!(tracking_id = %tracking_id, wait_s = retry_after.as_secs(), "Autotask hourly threshold; pausing tenant");
                inner
                    .limiter
                    .pause(tracking_id, Instant::now() + *retry_after, messages.clone());
            }
            if retries >= policy.max_retries {
                return Err(error);
            }
            retries += 1;
            match &error {
                // The loop's pause check waits it out or fails fast.
                AutotaskError::HourlyThreshold { .. } => {}
                AutotaskError::ThreadLimit { retry_after, .. }
                | AutotaskError::RateLimited { retry_after, .. } => {
                    let wait = retry_after.unwrap_or_else(|| jittered_delay(policy, retries - 1));
                    if Instant::now() + wait > deadline {
                        return Err(error);
                    }
                    tracing::debug!(entity = %request.entity, wait_ms = wait.as_millis() as u64, "429; backing off");
                    tokio::time::sleep(wait).await;
                }
                _ => return Err(error),
            }
        }
    }

    /// While the tenant is paused, wait if the pause ends within the budget; otherwise fail
    /// fast so nothing hammers a suspended tenant.
    async fn wait_out_pause(&self, deadline: Instant) -> Result<(), AutotaskError> {
        let limiter = &self.client.inner.limiter;
        while let Some((left, messages)) = limiter.pause_remaining(&self.credentials.tracking_id) {
            if Instant::now() + left > deadline {
                return Err(AutotaskError::HourlyThreshold {
                    messages,
                    retry_after: left,
                });
            }
            tokio::time::sleep(left).await;
        }
        Ok(())
    }

    /// One HTTP exchange. The outer error is fatal for this attempt; the inner one is Autotask's answer.
    async fn exchange(
        &self,
        url: &Url,
        request: &ApiRequest,
    ) -> Result<Result<Bytes, AutotaskError>, AutotaskError> {
        let inner = &self.client.inner;
        let creds = &self.credentials;
        let mut secret = HeaderValue::from_str(creds.secret.expose()).map_err(|_| {
            AutotaskError::Unauthorized {
                messages: vec![
                    "the secret contains characters that cannot be sent in an HTTP header".into(),
                ],
            }
        })?;
        secret.set_sensitive(true);
        let mut builder = inner
            .http
            .request(request.method.clone(), url.clone())
            .header("ApiIntegrationCode", creds.tracking_id.as_str())
            .header("UserName", creds.username.as_str())
            .header("Secret", secret)
            .header(ACCEPT, "application/json")
            .timeout(inner.config.request_timeout);
        if let Some(resource_id) = request.impersonate {
            builder = builder.header("ImpersonationResourceId", resource_id.to_string());
        }
        if let Some(body) = &request.body {
            builder = builder
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        let started = Instant::now();
        let response = builder.send().await.map_err(AutotaskError::from_reqwest)?;
        if response.status().is_redirection() {
            return Ok(Err(redirected(&response)));
        }
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, SystemTime::now()));
        let body = response
            .bytes()
            .await
            .map_err(AutotaskError::from_reqwest)?;
        tracing::debug!(method = %request.method, path = url.path(), status, elapsed_ms = started.elapsed().as_millis() as u64, "autotask call");
        if (200..300).contains(&status) {
            return Ok(Ok(body));
        }
        Ok(Err(classify(
            status,
            retry_after,
            &body,
            inner.config.hourly_pause_default,
        )))
    }
}
