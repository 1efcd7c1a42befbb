//! The webhook card's forms as a browser without JavaScript posts them: the secrets appear in
//! the page once after creation and after a reveal, never on a plain load; the reveal and the
//! signature switch are POSTs refused cross-site.

use crate::support::test_app;
use crate::web::{body_text, get, plain_post, send, setup_admin};
use axum::body::Body;
use http::{Request, StatusCode};
use relay_sim::SimConfig;

const PAGE: &str = "/settings/integrations/autotask";

fn plain(path: &str, form: &str, cookie: &str) -> Request<Body> {
    plain_post(path, form, cookie, "{PAGE}")
}

#[tokio::test]
async fn secrets_show_once_per_post_and_the_switch_works_without_javascript() {
    let sim = relay_sim::start(SimConfig::default()).await.unwrap();
    let zone = sim.zone_lookup_url();
    let app = test_app(&[("RELAY_AUTOTASK_ZONE_LOOKUP_URL", zone.as_str())]).await;
    let cookie = setup_admin(&app.router).await;
    let c = sim.demo_credentials();
    let form = format!(
        "username={}&secret={}&tracking_id={}",
        c.username.replace('@', "%40"),
        c.secret,
        c.tracking_id
    );
    let res = send(
        &app.router,
        plain("/api/integrations/autotask/save", &form, &cookie),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FOUND);

    let msp = app
        .state
        .store
        .user_by_email("ada@harbour-it.example")
        .await
        .unwrap()
        .unwrap()
        .msp_id;
    let record = app
        .state
        .store
        .active_integration(msp)
        .await
        .unwrap()
        .unwrap();
    let cipher = &app.state.cipher;
    let token = server::integrations::secrets::open_webhook_secret(cipher, &record).unwrap();
    let key = server::integrations::secrets::open_hmac_key(cipher, &record)
        .unwrap()
        .unwrap();
    let page = || async { body_text(send(&app.router, get(PAGE, Some(&cookie))).await).await };

    let first = page().await;
    assert!(
        first.contains(&token) && first.contains(&key),
        "shown once after creation"
    );
    for _ in 0..2 {
        let later = page().await;
        assert!(!later.contains(&token), "URL token in a plain page load");
        assert!(!later.contains(&key), "HMAC key in a plain page load");
        assert!(later.contains("data-testid=\"reveal-secrets\""));
    }

    // A reveal from another site is refused and shows nothing.
    let mut cross = plain("/api/integrations/autotask/reveal", "", &cookie);
    cross
        .headers_mut()
        .insert("origin", "https://evil.example".parse().unwrap());
    assert_eq!(
        send(&app.router, cross).await.status(),
        StatusCode::FORBIDDEN
    );
    assert!(!page().await.contains(&token));

    let res = send(
        &app.router,
        plain("/api/integrations/autotask/reveal", "", &cookie),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()["location"], PAGE);
    let shown = page().await;
    assert!(shown.contains(&format!("?secret={token}")) && shown.contains(&key));
    assert!(!page().await.contains(&token), "once per reveal");

    // The switch: off shows the warning, on again hides it.
    assert!(!page().await.contains("signature-warning"));
    let off = plain(
        "/api/integrations/autotask/signatures",
        "required=false",
        &cookie,
    );
    assert_eq!(send(&app.router, off).await.status(), StatusCode::FOUND);
    let warned = page().await;
    assert!(warned.contains("signature-warning"), "a warning while off");
    assert!(warned.contains("data-required=\"false\""));
    let on = plain(
        "/api/integrations/autotask/signatures",
        "required=true",
        &cookie,
    );
    assert_eq!(send(&app.router, on).await.status(), StatusCode::FOUND);
    assert!(!page().await.contains("signature-warning"));
    let record = app
        .state
        .store
        .active_integration(msp)
        .await
        .unwrap()
        .unwrap();
    assert!(record.webhook_require_signature);
}
