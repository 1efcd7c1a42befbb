//! Setup, sign-in, wrong password, rate limiting, sign-out and the session cookie.

use super::*;
use crate::support::test_app;
use http::StatusCode;

async fn sign_in(router: &axum::Router, email: &str, password: &str) -> Response<Body> {
    let form = format!("email={}&password={password}", email.replace('@', "%40"));
    send(router, form_post("/api/auth/sign_in", &form, None)).await
}

#[tokio::test]
async fn setup_signs_in_with_a_strict_http_only_cookie() {
    let app = test_app(&[]).await;
    let form = format!(
        "msp_name=Harbour+IT&name=Ada&email=ada%40harbour-it.example&password={p}&password_confirm={p}",
        p = ADMIN_PASSWORD
    );
    let res = send(&app.router, form_post("/api/auth/setup", &form, None)).await;
    assert!(res.status().is_success());
    let set_cookie = res
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set_cookie.contains(attr), "{set_cookie}");
    }
    let cookie = session_cookie(&res).unwrap();
    let res = send(&app.router, get("/settings", Some(&cookie))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(body_text(res).await.contains("Harbour IT"));
}

#[tokio::test]
async fn setup_validation_names_the_field_and_creates_nothing() {
    let app = test_app(&[]).await;
    let form = "msp_name=Harbour&name=Ada&email=ada%40harbour-it.example&password=short&password_confirm=short";
    let res = send(&app.router, form_post("/api/auth/setup", form, None)).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let err: app::error::AppError = serde_json::from_str(&body_text(res).await).unwrap();
    assert_eq!(err.field.as_deref(), Some("password"));
    assert_eq!(app.state.store.count_users().await.unwrap(), 0);
}

#[tokio::test]
async fn wrong_password_and_unknown_account_are_told_apart() {
    let app = test_app(&[]).await;
    setup_admin(&app.router).await;
    let res = sign_in(&app.router, ADMIN_EMAIL, "not-the-password").await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let err: app::error::AppError = serde_json::from_str(&body_text(res).await).unwrap();
    assert_eq!(err.field.as_deref(), Some("password"));
    let res = sign_in(&app.router, "nobody@harbour-it.example", ADMIN_PASSWORD).await;
    let err: app::error::AppError = serde_json::from_str(&body_text(res).await).unwrap();
    assert_eq!(err.field.as_deref(), Some("email"));
    let res = sign_in(&app.router, "ADA@Harbour-IT.example", ADMIN_PASSWORD).await;
    assert!(res.status().is_success(), "emails are case-insensitive");
    assert!(session_cookie(&res).is_some());
}

#[tokio::test]
async fn repeated_failures_lock_the_account_for_the_window() {
    let app = test_app(&[("RELAY_SIGN_IN_MAX_FAILURES", "3")]).await;
    setup_admin(&app.router).await;
    for _ in 0..3 {
        assert_eq!(
            sign_in(&app.router, ADMIN_EMAIL, "guess").await.status(),
            StatusCode::BAD_REQUEST
        );
    }
    let res = sign_in(&app.router, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(
        res.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
    assert!(session_cookie(&res).is_none());
}

#[tokio::test]
async fn plain_form_errors_redirect_back_with_the_message_and_no_password() {
    let app = test_app(&[]).await;
    setup_admin(&app.router).await;
    let mut req = form_post(
        "/api/auth/sign_in",
        "email=ada%40harbour-it.example&password=nope",
        None,
    );
    req.headers_mut()
        .insert("accept", "text/html,application/xhtml+xml".parse().unwrap());
    req.headers_mut()
        .insert("referer", "http://relay.test/login".parse().unwrap());
    let res = send(&app.router, req).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let location = res.headers().get("location").unwrap().to_str().unwrap();
    assert!(
        location.starts_with("/login?email=ada%40harbour-it.example"),
        "{location}"
    );
    assert!(location.contains("field=password"), "{location}");
    assert!(
        !location.contains("nope"),
        "the password never goes into a URL: {location}"
    );
    let page = body_text(send(&app.router, get(location, None)).await).await;
    assert!(
        page.contains("That password is not right"),
        "the page shows the error"
    );
}

#[tokio::test]
async fn sign_out_ends_the_session() {
    let app = test_app(&[]).await;
    let cookie = setup_admin(&app.router).await;
    let res = send(
        &app.router,
        form_post("/api/auth/sign_out", "", Some(&cookie)),
    )
    .await;
    assert!(res.status().is_success());
    let res = send(&app.router, form_post("/api/auth/me", "", Some(&cookie))).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}
