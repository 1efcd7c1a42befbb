//! Refuse state-changing requests that a browser sent from another site.
//!
//! Browsers mark every POST with `Origin` (and `Sec-Fetch-Site`); a request without either is
//! not a browser's cross-site request, and it still needs the SameSite=Strict session cookie.

use axum::{
    extract::Request,
    middleware::Next,
    response::{IntoResponse, Response},
};
use http::{header, Method, StatusCode};

pub async fn refuse_cross_site(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let exempt = req.uri().path().starts_with(super::HOOKS);
    if safe || exempt || same_origin(&req) {
        return next.run(req).await;
    }
    tracing::warn!(path = %req.uri().path(), "refused cross-site request");
    (StatusCode::FORBIDDEN, "Cross-site request refused.").into_response()
}

fn same_origin(req: &Request) -> bool {
    let h = req.headers();
    if h.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return false;
    }
    let Some(host) = h.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let claimed = h
        .get(header::ORIGIN)
        .or_else(|| h.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    match claimed {
        None => true,
        Some(origin) => authority(origin).is_some_and(|a| a.eq_ignore_ascii_case(host)),
    }
}

/// `https://host:port/path` → `host:port`; `null` and garbage → None.
fn authority(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some(&rest[..end]).filter(|a| !a.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{body::Body, routing::post, Router};
    use tower::ServiceExt;

    async fn status(headers: &[(&str, &str)]) -> StatusCode {
        let app = Router::new()
            .route("/api/x", post(|| async { "ok" }))
            .layer(axum::middleware::from_fn(refuse_cross_site));
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
    }
}
