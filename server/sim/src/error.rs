//! Autotask-shaped error responses: `{"errors":[...]}` with the status the real API uses (500 for
//! validation, 401, 404, 405, 429).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub messages: Vec<String>,
    pub retry_after: Option<String>,
    pub allow: Option<String>,
}

impl ApiError {
    fn new(status: StatusCode, msg: impl Into<String>) -> Self {
        ApiError {
            status,
            messages: vec![msg.into()],
            retry_after: None,
            allow: None,
        }
    }

    /// Autotask reports validation and business-rule failures as HTTP 500.
    pub fn invalid(msg: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, msg)
    }

    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "Authorization has been denied for this request.",
        )
    }

    pub fn no_route(path: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            format!("No HTTP resource was found that matches the request URI '{path}'."),
        )
    }

    pub fn wrong_method(method: &str, allow: &[&str]) -> Self {
        ApiError {
            allow: Some(allow.join(", ")),
            ..Self::new(
                StatusCode::METHOD_NOT_ALLOWED,
                format!("The requested resource does not support http method '{method}'."),
            )
        }
    }

    pub fn thread_limit(limit: usize) -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "Thread Threshold Exceeded -- The Autotask API thread threshold of {limit} threads has been exceeded."
            ),
        )
    }

    pub fn hourly_limit(limit: u64, retry_after: String) -> Self {
        ApiError {
            retry_after: Some(retry_after),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "Request Threshold Exceeded -- The Autotask API request threshold of {limit} requests per 60 minutes has been exceeded."
                ),
            )
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut resp =
            (self.status, axum::Json(json!({ "errors": self.messages }))).into_response();
        let headers = resp.headers_mut();
        if let Some(v) = self
            .retry_after
            .and_then(|r| HeaderValue::from_str(&r).ok())
        {
            headers.insert(header::RETRY_AFTER, v);
        }
        if let Some(v) = self.allow.and_then(|a| HeaderValue::from_str(&a).ok()) {
            headers.insert(header::ALLOW, v);
        }
        resp
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
