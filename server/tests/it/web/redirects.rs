//! `next=` after sign-in: only local paths, and no value can make the redirect panic.

use super::*;
use crate::support::test_app;
use http::StatusCode;

async fn sign_in_then(
    router: &axum::Router,
    next_encoded: &str,
    plain_form: bool,
) -> Response<Body> {
    let form = format!(
        "email={}&password={ADMIN_PASSWORD}&next={next_encoded}",
        ADMIN_EMAIL.replace('@', "%40")
    );
    let mut req = form_post("/api/auth/sign_in", &form, None);
    if plain_form {
        req.headers_mut()
            .insert("accept", "text/html".parse().unwrap());
    }
    send(router, req).await
}

#[tokio::test]
async fn hostile_next_values_land_on_the_default_page() {
    let app = test_app(&[]).await;
    setup_admin(&app.router).await;
    // Form-encoded: a tab before a second slash, a newline, an encoded newline, CR LF.
    for next in [
        "%2F%09%2Fevil.example",
        "%2F%0A",
        "%2F%250A",
        "%2F%0D%0ALocation%3A+x",
    ] {
        for plain in [true, false] {
            let res = sign_in_then(&app.router, next, plain).await;
            assert!(
                res.status().is_success() || res.status() == StatusCode::FOUND,
                "{next}: {}",
                res.status()
            );
            let location = res.headers().get("location").unwrap().to_str().unwrap();
            assert_eq!(location, "/clients", "{next} (plain form: {plain})");
        }
    }
}

#[tokio::test]
async fn a_local_next_is_followed() {
    let app = test_app(&[]).await;
    setup_admin(&app.router).await;
    let res = sign_in_then(&app.router, "%2Fsettings%2Fintegrations", true).await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()["location"], "/settings/integrations");
}
