//! Response headers every answer gets: the security policy headers, `Cache-Control` for
//! anything that may show an admin's data, `Retry-After` on a 503; and the site icon.

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::{header, HeaderValue, StatusCode};
use std::sync::Arc;

/// What the headers depend on, fixed at start.
#[derive(Debug)]
pub struct HeaderPolicy {
    /// The policy for responses that are not rendered pages (pages set their own, with the
    /// request's script nonce, while rendering).
    csp: HeaderValue,
    /// Only when the public URL is https: a browser must not be told to insist on TLS for a
    /// site it reaches over plain http.
    hsts: Option<HeaderValue>,
}

impl HeaderPolicy {
    pub fn new(public_base_url: &str, dev: bool) -> Arc<Self> {
        let https = public_base_url.starts_with("https://");
        Arc::new(Self {
            csp: HeaderValue::from_str(&app::csp::policy(None, dev))
                .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'")),
            hsts: https.then(|| HeaderValue::from_static("max-age=31536000")),
        })
    }
}

/// Static assets may be cached; everything else (pages, server-function answers, probes)
/// can carry an admin's data or state and is never stored by a browser or proxy.
fn cacheable(path: &str) -> bool {
    path.starts_with("/pkg/") || path == "/favicon.ico"
}

pub async fn security_headers(
    State(policy): State<Arc<HeaderPolicy>>,
    req: Request,
    next: Next,
) -> Response {
    let cacheable = cacheable(req.uri().path());
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(header::CONTENT_SECURITY_POLICY, policy.csp.clone());
    }
    if let Some(hsts) = &policy.hsts {
        h.insert(header::STRICT_TRANSPORT_SECURITY, hsts.clone());
    }
    if !cacheable {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

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

/// Relay's icon (an arrow on indigo, 32x32), linked from every page's head.
pub async fn favicon() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/x-icon"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_bytes!("favicon.ico").as_slice(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{body::Body, routing::get, Router};
    use tower::ServiceExt;

    #[tokio::test]
    async fn a_503_says_when_to_retry() {
        let app = Router::new()
            .route("/busy", get(|| async { StatusCode::SERVICE_UNAVAILABLE }))
            .layer(axum::middleware::from_fn(retry_after_on_busy));
        let req = http::Request::get("/busy").body(Body::empty()).unwrap();
        let res = app.oneshot(req).await.unwrap();
        assert_eq!(res.headers()[header::RETRY_AFTER], "5");
    }
}
