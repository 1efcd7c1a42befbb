//! The HTTP surface end to end through the real router: the sign-in gate, setup, sessions,
//! CSRF refusal, probes, and start-up configuration errors.

mod auth_flow;
mod client_limits;
mod config_errors;
mod flood;
mod gate;
mod hardening;
mod redirects;

use axum::body::Body;
use http::{Request, Response};
use tower::ServiceExt;

pub const ADMIN_EMAIL: &str = "ada@harbour-it.example";
pub const ADMIN_PASSWORD: &str = "test-only-password-123";

pub async fn send(router: &axum::Router, req: Request<Body>) -> Response<Body> {
    router.clone().oneshot(req).await.expect("router answers")
}

pub async fn body_text(res: Response<Body>) -> String {
    let bytes = axum::body::to_bytes(res.into_body(), 4 << 20)
        .await
        .expect("body");
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A same-origin form post to a server function, as the enhanced browser sends it.
pub fn form_post(path: &str, form: &str, cookie: Option<&str>) -> Request<Body> {
    let mut req = Request::post(path)
        .header("host", "relay.test")
        .header("origin", "http://relay.test")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json");
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req.body(Body::from(form.to_string())).unwrap()
}

/// The same post from a browser without JavaScript on `page`: it takes HTML back, and the
/// server function answers with a redirect to the `Referer` (errors in its query).
pub fn plain_post(path: &str, form: &str, cookie: &str, page: &str) -> Request<Body> {
    let mut req = form_post(path, form, Some(cookie));
    let headers = req.headers_mut();
    headers.insert("accept", "text/html,application/xhtml+xml".parse().unwrap());
    let referer = format!("http://relay.test{page}");
    headers.insert("referer", referer.parse().unwrap());
    req
}

/// Where a redirect points.
pub fn location(res: &Response<Body>) -> String {
    res.headers()
        .get("location")
        .expect("a redirect")
        .to_str()
        .unwrap()
        .to_string()
}

/// Form-encodes one value.
pub fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

pub fn get(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut req = Request::get(path)
        .header("host", "relay.test")
        .header("accept", "text/html");
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    req.body(Body::empty()).unwrap()
}

/// `relay_session=…` from a response's Set-Cookie, ready to send back.
pub fn session_cookie(res: &Response<Body>) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("relay_session=") && !v.starts_with("relay_session=;"))
        .map(|v| v.split(';').next().unwrap().to_string())
}

/// Run first-admin setup and return the session cookie.
pub async fn setup_admin(router: &axum::Router) -> String {
    let form = format!(
        "msp_name=Harbour+IT&name=Ada+Admin&email={}&password={p}&password_confirm={p}",
        ADMIN_EMAIL.replace('@', "%40"),
        p = ADMIN_PASSWORD
    );
    let res = send(router, form_post("/api/auth/setup", &form, None)).await;
    assert!(res.status().is_success(), "setup answered {}", res.status());
    session_cookie(&res).expect("setup sets the session cookie")
}
