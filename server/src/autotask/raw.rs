//! Untyped calls for the agent's tools: the JSON answer exactly as Autotask sent it (the
//! activity trail keeps it whole), and a per-handle request counter so each tool call can
//! report the Autotask requests it spent.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use reqwest::Method;
use serde_json::Value;

use super::client::TenantClient;
use super::errors::AutotaskError;
use super::http::ApiRequest;
use super::query::Query;
use super::reads::decode;

/// Counts the requests sent through one handle (retries included, zone lookups not: Autotask
/// does not count those either).
#[derive(Debug, Clone, Default)]
pub struct RequestCounter(Arc<AtomicU32>);

impl RequestCounter {
    pub fn get(&self) -> u32 {
        self.0.load(Ordering::Relaxed)
    }

    pub(crate) fn bump(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

impl TenantClient {
    /// A handle sharing everything with this one whose requests are counted in the returned
    /// counter (only there: a handle made from a counted one counts afresh).
    pub fn counted(&self) -> (TenantClient, RequestCounter) {
        let counter = RequestCounter::default();
        let handle = TenantClient {
            counter: Some(counter.clone()),
            ..self.clone()
        };
        (handle, counter)
    }

    /// `method` on `path` (relative to the zone's `/V1.0/` base) with an optional JSON body;
    /// the answer's JSON. `entity` is the thread-limit key (the path's first segment).
    /// Writes carry the handle's impersonation like the typed writes do.
    pub async fn call_json(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, AutotaskError> {
        let entity = path
            .trim_start_matches('/')
            .split('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        let is_write = method != Method::GET;
        let mut request = ApiRequest::new(method, &entity, path.trim_start_matches('/').into());
        if let Some(body) = body {
            request = request.json(body);
        }
        if is_write {
            request.impersonate = self.impersonate;
        }
        let response = self.send(&request).await?;
        if response.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(Value::Null);
        }
        decode("Autotask answer", &response.body)
    }

    /// `GET /{entity}/{id}` as JSON: `None` when Autotask answers `{"item": null}` or 404.
    pub async fn get_json(&self, entity: &str, id: i64) -> Result<Option<Value>, AutotaskError> {
        match self
            .call_json(Method::GET, &format!("{entity}/{id}"), None)
            .await
        {
            Ok(mut answer) => Ok(match answer.get_mut("item").map(Value::take) {
                Some(Value::Null) | None => None,
                Some(item) => Some(item),
            }),
            Err(AutotaskError::NotFound { .. }) => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// The first page of `POST /{entity}/query` as Autotask sent it (`items` + `pageDetails`).
    pub async fn query_json(&self, entity: &str, query: &Query) -> Result<Value, AutotaskError> {
        let body = query.to_body()?;
        self.call_json(Method::POST, &format!("{entity}/query"), Some(&body))
            .await
    }
}
