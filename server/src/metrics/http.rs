//! HTTP request metrics: the axum middleware that counts and times requests by route template,
//! and the handler that serves `/metrics`.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Metrics;

pub const HTTP_REQUESTS: &str = "relay_http_requests_total";
pub const HTTP_DURATION: &str = "relay_http_request_duration_seconds";

/// Counts and times every request. Labels use the route template (`/hooks/autotask/{id}`), never
/// the raw path, and odd methods collapse to `other`, so scanners cannot grow the series without
/// bound. Install with `Router::layer(axum::middleware::from_fn_with_state(metrics, track))` so
/// that it also sees requests no route matched (labelled `unmatched`).
pub async fn track(
    State(metrics): State<Metrics>,
    matched: Option<MatchedPath>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = method_label(request.method());
    let route = matched
        .as_ref()
        .map_or("unmatched", MatchedPath::as_str)
        .to_owned();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics
        .counter(
            HTTP_REQUESTS,
            &[("method", method), ("route", &route), ("status", &status)],
        )
        .inc();
    metrics
        .histogram(HTTP_DURATION, &[("method", method), ("route", &route)])
        .observe_duration(started.elapsed());
    response
}

/// `GET /metrics`: the registry in the Prometheus text format.
pub async fn endpoint(State(metrics): State<Metrics>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        metrics.render(),
    )
        .into_response()
}

fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use axum::body::{to_bytes, Body};
    use axum::http::StatusCode;
    use axum::routing::{get, post};
    use axum::Router;
    use tower::ServiceExt;

    use super::*;

    fn app(metrics: &Metrics) -> Router {
        Router::new()
            .route("/items/{id}", get(|| async { "item" }))
            .route("/fail", post(|| async { StatusCode::UNPROCESSABLE_ENTITY }))
            .nest(
                "/api",
                Router::new().route("/things/{thing}", get(|| async { "thing" })),
            )
            .route("/metrics", get(endpoint))
            .layer(axum::middleware::from_fn_with_state(metrics.clone(), track))
            .with_state(metrics.clone())
    }

    async fn send(app: &Router, method: &str, uri: &str) -> Response {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .body(Body::empty())
            .unwrap();
        app.clone().oneshot(request).await.unwrap()
    }

    #[tokio::test]
    async fn counts_requests_by_route_template_method_and_status() {
        let metrics = Metrics::new();
        let app = app(&metrics);
        for id in ["1", "2", "3"] {
            assert_eq!(
                send(&app, "GET", &format!("/items/{id}")).await.status(),
                200
            );
        }
        send(&app, "POST", "/fail").await;
        send(&app, "GET", "/api/things/x").await;
        assert_eq!(send(&app, "GET", "/wp-admin/1").await.status(), 404);
        send(&app, "GET", "/wp-admin/2").await;
        send(&app, "BREW", "/items/4").await;

        let text = metrics.render();
        let expect = [
            r#"relay_http_requests_total{method="GET",route="/items/{id}",status="200"} 3"#,
            r#"relay_http_requests_total{method="POST",route="/fail",status="422"} 1"#,
            r#"relay_http_requests_total{method="GET",route="/api/things/{thing}",status="200"} 1"#,
            r#"relay_http_requests_total{method="GET",route="unmatched",status="404"} 2"#,
            r#"relay_http_requests_total{method="other",route="/items/{id}",status="405"} 1"#,
            r#"relay_http_request_duration_seconds_bucket{method="GET",route="/items/{id}",le="+Inf"} 3"#,
            r#"relay_http_request_duration_seconds_count{method="GET",route="/items/{id}"} 3"#,
            "# TYPE relay_http_requests_total counter",
            "# TYPE relay_http_request_duration_seconds histogram",
            "# HELP relay_http_requests_total HTTP requests",
        ];
        for line in expect {
            assert!(text.contains(line), "missing {line} in\n{text}");
        }
        assert!(
            !text.contains("/items/1"),
            "raw paths must not become labels"
        );
        assert!(
            !text.contains("wp-admin"),
            "unmatched paths must not become labels"
        );
    }

    #[tokio::test]
    async fn endpoint_serves_the_exposition_format() {
        let metrics = Metrics::new();
        let app = app(&metrics);
        send(&app, "GET", "/items/1").await;
        let response = send(&app, "GET", "/metrics").await;
        assert_eq!(response.status(), 200);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/plain; version=0.0.4; charset=utf-8"
        );
        let body = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let text = String::from_utf8(body.to_vec()).unwrap();
        assert!(
            text.contains(r#"route="/items/{id}",status="200"} 1"#),
            "{text}"
        );
        // Every line is a comment or `name{labels} value`.
        for line in text.lines() {
            let valid = line.starts_with("# HELP ")
                || line.starts_with("# TYPE ")
                || line
                    .rsplit_once(' ')
                    .is_some_and(|(_, v)| v.parse::<f64>().is_ok());
            assert!(valid, "bad line {line:?}");
        }
    }
}
