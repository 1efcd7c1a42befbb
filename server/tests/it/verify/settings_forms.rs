//! Settings → Identity verification as a browser without JavaScript uses it: the page is real
//! forms, a refusal comes back with the typed values but never a secret, a save and a test
//! come back to the page, and the phrase forms and the "try it" GET form work.

use super::provider;
use crate::support::test_app;
use crate::web::{body_text, encode, get, location, plain_post, send, setup_admin};
use axum::body::Body;
use http::{Request, StatusCode};
use relay_sim::verify::{FAKE_ORGANIZATION_ID, FAKE_SIGNING_SECRET};

const PAGE: &str = "/settings/verification";

fn plain(path: &str, form: &str, cookie: &str) -> Request<Body> {
    plain_post(path, form, cookie, "/settings/verification")
}

fn traceless_form(base_url: &str, secret: &str) -> String {
    format!(
        "provider=traceless&traceless_url={}&organization_id={FAKE_ORGANIZATION_ID}&traceless_secret={secret}\
         &path_check=%2Fv1%2Fping&path_start=%2Fv1%2Fverifications&path_status=%2Fv1%2Fverifications%2F%7Bid%7D\
         &path_cancel=%2Fv1%2Fverifications%2F%7Bid%7D&default_push=microsoft_authenticator&duo_host=&integration_key=\
         &duo_secret=&timeout_secs=300&without_provider=flag_for_technician",
        encode(base_url)
    )
}

#[tokio::test]
async fn plain_posts_save_refuse_test_and_change_phrases() {
    let sim = provider().await;
    let app = test_app(&[]).await;
    let cookie = setup_admin(&app.router).await;
    let page = body_text(send(&app.router, get(PAGE, Some(&cookie))).await).await;
    assert!(
        page.contains("Traceless publishes no public API reference"),
        "{page}"
    );
    assert!(
        page.contains("action=\"/api/settings/verification/save\""),
        "a real form"
    );
    assert!(
        page.contains("api-XXXXXXXX.duosecurity.com"),
        "the Duo hostname hint"
    );
    let settings = body_text(send(&app.router, get("/settings", Some(&cookie))).await).await;
    assert!(
        settings.contains("href=\"/settings/verification\""),
        "linked from Settings"
    );

    let save = "/api/settings/verification/save";
    let res = send(
        &app.router,
        plain(
            save,
            &traceless_form("http://traceless.example", FAKE_SIGNING_SECRET),
            &cookie,
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let back = location(&res);
    assert!(
        back.starts_with("/settings/verification?") && back.contains("field=traceless_url"),
        "{back}"
    );
    assert!(
        back.contains(&encode(FAKE_ORGANIZATION_ID)),
        "typed values come back: {back}"
    );
    assert!(
        !back.contains(FAKE_SIGNING_SECRET),
        "the secret never goes into a URL: {back}"
    );
    let shown = body_text(send(&app.router, get(&back, Some(&cookie))).await).await;
    assert!(shown.contains("Use an https:// URL"), "{shown}");
    assert!(
        shown.contains("value=\"http://traceless.example\""),
        "the typed URL is kept: {shown}"
    );

    let res = send(
        &app.router,
        plain(
            save,
            &traceless_form(&sim.base_url(), FAKE_SIGNING_SECRET),
            &cookie,
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FOUND, "{}", body_text(res).await);
    assert_eq!(location(&res), "/settings/verification?saved=1");
    let page = body_text(
        send(
            &app.router,
            get("/settings/verification?saved=1", Some(&cookie)),
        )
        .await,
    )
    .await;
    assert!(
        !page.contains(FAKE_SIGNING_SECRET),
        "the secret is never shown again"
    );
    assert!(
        page.contains("(stored)") && page.contains("Saved."),
        "{page}"
    );

    let res = send(
        &app.router,
        plain("/api/settings/verification/test", "", &cookie),
    )
    .await;
    assert_eq!(location(&res), PAGE);
    let page = body_text(send(&app.router, get(PAGE, Some(&cookie))).await).await;
    assert!(
        page.contains("accepted Relay&#x27;s signed check")
            || page.contains("accepted Relay's signed check"),
        "{page}"
    );

    let res = send(
        &app.router,
        plain(
            "/api/settings/verification/phrase",
            "phrase=badge+printer&change=add",
            &cookie,
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let res = send(
        &app.router,
        plain(
            "/api/settings/verification/phrase",
            "phrase=badge&change=remove",
            &cookie,
        ),
    )
    .await;
    let back = location(&res);
    assert!(
        back.contains("form=remove_term") && back.contains("remove_term=badge"),
        "{back}"
    );
    let page = body_text(
        send(
            &app.router,
            get(
                &format!("{PAGE}?title=Badge+printer+jammed&description="),
                Some(&cookie),
            ),
        )
        .await,
    )
    .await;
    assert!(
        page.contains("badge printer") && page.contains("data-sensitive=\"true\""),
        "{page}"
    );
}
