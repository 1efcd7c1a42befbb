//! Admin pages and server functions refuse requests without a session and change nothing.

use super::*;
use crate::support::test_app;
use http::StatusCode;

fn location(res: &Response<Body>) -> String {
    res.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn fresh_install_sends_every_admin_page_to_setup() {
    let app = test_app(&[]).await;
    for path in [
        "/",
        "/clients",
        "/activity",
        "/settings",
        "/settings/integrations",
        "/login",
    ] {
        let res = send(&app.router, get(path, None)).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{path}");
        assert_eq!(location(&res), "/setup", "{path}");
    }
    let res = send(&app.router, get("/setup", None)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(body_text(res).await.contains("Set up Relay"));
}

#[tokio::test]
async fn signed_out_admin_pages_redirect_to_sign_in_with_next() {
    let app = test_app(&[]).await;
    setup_admin(&app.router).await;
    let res = send(&app.router, get("/settings/integrations", None)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/login?next=%2Fsettings%2Fintegrations");
    let res = send(&app.router, get("/setup", None)).await;
    assert_eq!(
        location(&res),
        "/login",
        "setup closes once an admin exists"
    );
    let res = send(
        &app.router,
        get("/clients", Some("relay_session=forged-token")),
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "an unknown token is no session"
    );
}

#[tokio::test]
async fn server_functions_without_a_session_are_401_and_change_nothing() {
    let app = test_app(&[]).await;
    setup_admin(&app.router).await;
    for (path, form) in [
        ("/api/admin/clients", "search=&page=1"),
        ("/api/admin/autotask_card", ""),
        ("/api/admin/msp_settings", ""),
        ("/api/admin/activity", "page=1"),
        ("/api/auth/me", ""),
    ] {
        let res = send(&app.router, form_post(path, form, None)).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
        let err: app::error::AppError = serde_json::from_str(&body_text(res).await).unwrap();
        assert_eq!(err.code, app::error::ErrorCode::Unauthenticated);
    }
    // A second setup attempt, even well-formed, cannot add an admin.
    let form = "msp_name=Other&name=Mallory&email=mallory%40evil.example&password=another-long-password&password_confirm=another-long-password";
    let res = send(&app.router, form_post("/api/auth/setup", form, None)).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(app.state.store.count_users().await.unwrap(), 1);
}

#[tokio::test]
async fn cross_origin_posts_are_refused_before_they_act() {
    let app = test_app(&[]).await;
    let form = format!(
        "msp_name=Evil&name=Mallory&email=mallory%40evil.example&password={p}&password_confirm={p}",
        p = "another-long-password"
    );
    let mut req = form_post("/api/auth/setup", &form, None);
    req.headers_mut()
        .insert("origin", "https://evil.example".parse().unwrap());
    let res = send(&app.router, req).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.state.store.count_users().await.unwrap(),
        0,
        "nothing was created"
    );

    let cookie = setup_admin(&app.router).await;
    let mut req = form_post("/api/auth/sign_out", "", Some(&cookie));
    req.headers_mut()
        .insert("origin", "https://evil.example".parse().unwrap());
    assert_eq!(send(&app.router, req).await.status(), StatusCode::FORBIDDEN);
    let res = send(&app.router, get("/clients", Some(&cookie))).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "the session survived the forged sign-out"
    );
}

#[tokio::test]
async fn health_and_metrics_answer() {
    let app = test_app(&[]).await;
    let res = send(&app.router, get("/healthz", None)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        body_text(res).await,
        r#"{"database":"sqlite","status":"ok"}"#
    );
    let res = send(&app.router, get("/metrics", None)).await;
    let text = body_text(res).await;
    assert!(text.contains("relay_http_requests_total{"), "{text}");
    assert!(text.contains(r#"route="/healthz""#), "{text}");
    let res = send(&app.router, get("/healthz", None)).await;
    assert!(res.headers().contains_key("x-request-id"));
}
