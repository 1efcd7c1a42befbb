//! HTTP hardening: security headers, caching, the metrics token, read deadlines, the
//! database file's mode, the site icon and the cross-site check behind a proxy.

use super::*;
use crate::support::test_app;
use http::StatusCode;
use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn header(res: &Response<Body>, name: &str) -> Option<String> {
    res.headers()
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
}

#[tokio::test]
async fn pages_carry_a_nonce_policy_that_every_inline_script_follows() {
    let app = test_app(&[]).await;
    let cookie = setup_admin(&app.router).await;
    // A signed-out page and one that loads data (its resources arrive as inline scripts).
    for (path, cookie) in [("/login", None), ("/settings", Some(cookie.as_str()))] {
        let res = send(&app.router, get(path, cookie)).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let nonce = assert_every_script_has_the_nonce(res).await;
        assert!(!nonce.is_empty());
    }
    // A new request, a new nonce.
    let first =
        assert_every_script_has_the_nonce(send(&app.router, get("/login", None)).await).await;
    let again = send(&app.router, get("/login", None)).await;
    assert!(!header(&again, "content-security-policy")
        .unwrap()
        .contains(&first));
    // Responses that are not pages get the policy without a nonce.
    let res = send(&app.router, get("/healthz", None)).await;
    let csp = header(&res, "content-security-policy").unwrap();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{csp}"
    );
}

#[tokio::test]
async fn admin_answers_are_never_stored_and_referrers_stay_on_site() {
    let app = test_app(&[]).await;
    let cookie = setup_admin(&app.router).await;
    let page = send(&app.router, get("/settings", Some(&cookie))).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(header(&page, "cache-control").as_deref(), Some("no-store"));
    assert_eq!(
        header(&page, "referrer-policy").as_deref(),
        Some("same-origin")
    );
    let api = send(&app.router, form_post("/api/auth/me", "", Some(&cookie))).await;
    assert_eq!(api.status(), StatusCode::OK);
    assert_eq!(header(&api, "cache-control").as_deref(), Some("no-store"));
    // Plain http: no HSTS.
    assert_eq!(header(&page, "strict-transport-security"), None);
}

#[tokio::test]
async fn https_public_url_turns_on_hsts() {
    let app = test_app(&[("RELAY_PUBLIC_BASE_URL", "https://relay.example.com")]).await;
    let res = send(&app.router, get("/healthz", None)).await;
    assert_eq!(
        header(&res, "strict-transport-security").as_deref(),
        Some("max-age=31536000")
    );
}

#[tokio::test]
async fn metrics_need_the_bearer_token_once_one_is_set() {
    let app = test_app(&[("RELAY_METRICS_TOKEN", "test-only-metrics-token")]).await;
    let with = |auth: Option<&str>| {
        let mut req = http::Request::get("/metrics");
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        req.body(Body::empty()).unwrap()
    };
    let res = send(&app.router, with(None)).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(header(&res, "www-authenticate")
        .unwrap()
        .starts_with("Bearer"));
    let res = send(&app.router, with(Some("Bearer test-only-metrics-tokeX"))).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = send(&app.router, with(Some("Bearer test-only-metrics-token"))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(body_text(res).await.contains("relay_http_requests_total"));
}

#[tokio::test]
async fn the_database_files_are_owner_only_in_an_existing_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let data = dir.path().display().to_string();
    let app = test_app(&[("RELAY_DATA_DIR", &data)]).await;
    setup_admin(&app.router).await;
    for name in ["relay.db", "relay.db-wal", "relay.db-shm"] {
        let path = dir.path().join(name);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{name} is {mode:o}");
    }
}

#[tokio::test]
async fn every_page_links_an_icon_that_is_served() {
    let app = test_app(&[]).await;
    let page = body_text(send(&app.router, get("/setup", None)).await).await;
    assert!(
        page.contains(r#"<link rel="icon" href="/favicon.ico""#),
        "{page}"
    );
    let res = send(&app.router, get("/favicon.ico", None)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        header(&res, "content-type").as_deref(),
        Some("image/x-icon")
    );
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 20)
        .await
        .unwrap();
    assert_eq!(&bytes[..4], &[0, 0, 1, 0], "an ICO file");
}

#[tokio::test]
async fn behind_a_host_rewriting_proxy_same_site_posts_pass_and_others_do_not() {
    let app = test_app(&[("RELAY_PUBLIC_BASE_URL", "https://relay.example.com")]).await;
    let post = |origin: &str| {
        http::Request::post("/api/auth/me")
            .header("host", "127.0.0.1:3000")
            .header("origin", origin)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::empty())
            .unwrap()
    };
    // Passes the check; answers 401 because nobody is signed in.
    let res = send(&app.router, post("https://relay.example.com")).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = send(&app.router, post("https://evil.example")).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

/// Checks the page's policy and scripts; returns the nonce.
async fn assert_every_script_has_the_nonce(res: Response<Body>) -> String {
    let csp = header(&res, "content-security-policy").expect("a policy");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("script-src names a nonce")
        .to_string();
    assert!(!csp.contains("'unsafe-inline' 'wasm") && csp.contains("frame-ancestors 'none'"));
    let page = body_text(res).await;
    let scripts: Vec<&str> = page.split("<script").skip(1).collect();
    assert!(!scripts.is_empty(), "the page has its hydration script");
    for tag in scripts {
        let open = &tag[..tag.find('>').unwrap()];
        let external = open.contains(" src=");
        assert!(
            external || open.contains(&format!("nonce=\"{nonce}\"")),
            "inline script without the nonce: <script{open}>"
        );
    }
    nonce
}

/// Sends `request` on a raw connection and returns how long the server took to answer or
/// hang up, and what it said.
async fn stall(address: std::net::SocketAddr, request: &[u8]) -> (Duration, String) {
    let mut tcp = tokio::net::TcpStream::connect(address).await.unwrap();
    tcp.write_all(request).await.unwrap();
    let started = Instant::now();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), tcp.read_to_end(&mut answer)).await;
    (
        started.elapsed(),
        String::from_utf8_lossy(&answer).into_owned(),
    )
}

#[tokio::test]
async fn slow_headers_and_slow_bodies_are_cut_off() {
    let mut app = test_app(&[("RELAY_HTTP_READ_TIMEOUT_SECS", "1")]).await;
    app.start(None);
    let (took, _) = stall(
        app.address,
        b"GET /healthz HTTP/1.1\r\nHost: relay.test\r\nX-Slow: ",
    )
    .await;
    assert!(
        took < Duration::from_secs(5),
        "headers: connection held for {took:?}"
    );
    let (took, answer) = stall(
        app.address,
        b"POST /api/auth/sign_in HTTP/1.1\r\nHost: relay.test\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nemail=",
    )
    .await;
    assert!(
        took < Duration::from_secs(5),
        "body: connection held for {took:?}"
    );
    assert!(!answer.starts_with("HTTP/1.1 200"), "{answer}");
    // A normal request still works.
    let http = reqwest::Client::new();
    let res = http
        .get(format!("{}/healthz", app.base_url()))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    app.stop().await.unwrap();
}
