//! Refuse state-changing requests that a browser sent from another site.
//!
//! Browsers mark every POST with `Origin` (and `Sec-Fetch-Site`); a request without either is
//! not a browser's cross-site request, and it still needs the SameSite=Strict session cookie.

//!
//! The claimed origin must be the origin of `public_base_url` (what the admin browses to,
//! through any proxy, which may rewrite `Host` as nginx does by default). Only while
//! `public_base_url` is the default derived from `bind` (not configured), the request's own
//! `Host` is accepted too, so a fresh install browsed by LAN address or name still works; a
//! configured URL is then the only accepted origin, which also shuts out DNS-rebinding pages.

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::{header, HeaderMap, Method, StatusCode};
use std::sync::Arc;

/// Which origins may send state-changing requests.
#[derive(Clone, Debug)]
pub struct SameSite {
    /// `scheme://host[:port]` of `public_base_url`, as browsers write `Origin`.
    public_origin: Option<String>,
    /// Also accept an origin whose authority is the request's `Host` (unconfigured installs).
    allow_host: bool,
}

impl SameSite {
    pub fn new(public_base_url: &str, configured: bool) -> Arc<Self> {
        Arc::new(Self {
            public_origin: origin_of(public_base_url),
            allow_host: !configured,
        })
    }

    fn allows(&self, headers: &HeaderMap) -> bool {
        let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
        if fetch_site == Some("cross-site") {
            return false;
        }
        let claimed = headers
            .get(header::ORIGIN)
            .or_else(|| headers.get(header::REFERER))
            .and_then(|v| v.to_str().ok());
        // No Origin or Referer: not a browser's cross-site request (and without the
        // SameSite=Strict cookie it acts as nobody).
        let Some(claimed) = claimed else {
            return true;
        };
        // A page served with `Referrer-Policy: no-referrer` (the approval links) makes the
        // browser write `Origin: null` on its own form posts; the browser's own Sec-Fetch-Site
        // still tells a same-origin post from a sandboxed or cross-site one.
        if claimed == "null" {
            return fetch_site == Some("same-origin");
        }
        let Some(origin) = origin_of(claimed) else {
            return false;
        };
        if self.public_origin.as_deref() == Some(origin.as_str()) {
            return true;
        }
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
        self.allow_host
            && host.is_some_and(|h| authority(&origin).is_some_and(|a| a.eq_ignore_ascii_case(h)))
    }
}

pub async fn refuse_cross_site(
    State(policy): State<Arc<SameSite>>,
    req: Request,
    next: Next,
) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let exempt = req.uri().path().starts_with(super::HOOKS);
    if safe || exempt || policy.allows(req.headers()) {
        return next.run(req).await;
    }
    tracing::warn!(path = %req.uri().path(), "refused cross-site request");
    (StatusCode::FORBIDDEN, "Cross-site request refused.").into_response()
}

/// `https://Host:443/path` → `https://host`; `null` and garbage → None.
fn origin_of(url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    let origin = url.origin();
    origin.is_tuple().then(|| origin.ascii_serialization())
}

/// `https://host:port` → `host:port`.
fn authority(origin: &str) -> Option<&str> {
    Some(origin.split_once("://")?.1).filter(|a| !a.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{body::Body, routing::post, Router};
    use tower::ServiceExt;

    async fn status(headers: &[(&str, &str)]) -> StatusCode {
        status_with(SameSite::new("http://127.0.0.1:3000", false), headers).await
    }

    async fn status_with(policy: Arc<SameSite>, headers: &[(&str, &str)]) -> StatusCode {
        let app = Router::new()
            .route("/api/x", post(|| async { "ok" }))
            .layer(axum::middleware::from_fn_with_state(
                policy,
                refuse_cross_site,
            ));
        let mut req = http::Request::post("/api/x");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        app.oneshot(req.body(Body::empty()).unwrap())
            .await
            .unwrap()
            .status()
    }

    #[tokio::test]
    async fn cross_origin_posts_are_refused() {
        assert_eq!(
            status(&[("host", "relay.test"), ("origin", "https://evil.example")]).await,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            status(&[("host", "relay.test"), ("origin", "null")]).await,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            status(&[("host", "relay.test"), ("sec-fetch-site", "cross-site")]).await,
            StatusCode::FORBIDDEN
        );
        // An opaque origin (sandboxed frame, data: URL) is never same-origin.
        for site in ["cross-site", "same-site", "none"] {
            assert_eq!(
                status(&[
                    ("host", "relay.test"),
                    ("origin", "null"),
                    ("sec-fetch-site", site)
                ])
                .await,
                StatusCode::FORBIDDEN
            );
        }
        assert_eq!(
            status(&[
                ("host", "relay.test"),
                ("referer", "https://evil.example/a")
            ])
            .await,
            StatusCode::FORBIDDEN
        );
    }

    #[tokio::test]
    async fn same_origin_and_non_browser_posts_pass() {
        assert_eq!(
            status(&[
                ("host", "relay.test:3000"),
                ("origin", "http://relay.test:3000")
            ])
            .await,
            StatusCode::OK
        );
        assert_eq!(status(&[("host", "relay.test")]).await, StatusCode::OK);
        // A no-referrer page's own form post: Chromium sends `Origin: null`.
        assert_eq!(
            status(&[
                ("host", "relay.test"),
                ("origin", "null"),
                ("sec-fetch-site", "same-origin")
            ])
            .await,
            StatusCode::OK
        );
    }

    #[tokio::test]
    async fn behind_a_proxy_the_public_origin_counts_not_the_rewritten_host() {
        let policy = SameSite::new("https://relay.example.com", true);
        // nginx's default: Host rewritten to the upstream address.
        let through_proxy = [
            ("host", "127.0.0.1:3000"),
            ("origin", "https://relay.example.com"),
        ];
        assert_eq!(
            status_with(policy.clone(), &through_proxy).await,
            StatusCode::OK
        );
        let default_port = [("host", "x"), ("origin", "https://relay.example.com:443")];
        assert_eq!(
            status_with(policy.clone(), &default_port).await,
            StatusCode::OK
        );
        // A configured URL is the only origin: a page whose host matches Host (a DNS
        // rebinding page) or another scheme is refused.
        let rebinding = [("host", "evil.example"), ("origin", "http://evil.example")];
        assert_eq!(
            status_with(policy.clone(), &rebinding).await,
            StatusCode::FORBIDDEN
        );
        let plain = [
            ("host", "relay.example.com"),
            ("origin", "http://relay.example.com"),
        ];
        assert_eq!(status_with(policy, &plain).await, StatusCode::FORBIDDEN);
    }
}
