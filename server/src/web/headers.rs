//! Response headers every answer gets: `Retry-After` on a 503.

use axum::{extract::Request, middleware::Next, response::Response};
use http::{header, HeaderValue, StatusCode};

/// A 503 (busy password checks, an unhealthy probe) tells clients when to come back.
pub async fn retry_after_on_busy(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    if res.status() == StatusCode::SERVICE_UNAVAILABLE
        && !res.headers().contains_key(header::RETRY_AFTER)
    {
        res.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from(crate::auth::RETRY_AFTER_SECS),
        );
    }
    res
}
