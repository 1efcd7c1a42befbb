//! The Outgoing mail page as a browser without JavaScript uses it: real forms, errors back in
//! the redirect (never the password), save, test mail reported on the page, remove.

use crate::support::test_app;
use crate::web::{body_text, get, location, plain_post, send, setup_admin};
use axum::body::Body;
use http::{Request, StatusCode};
use relay_sim::smtp::SmtpSink;
use std::time::Duration;

const PASSWORD: &str = "fake-form-smtp-password";

fn plain(path: &str, form: &str, cookie: &str) -> Request<Body> {
    plain_post(path, form, cookie, "/settings/outgoing-mail")
}

#[tokio::test]
async fn plain_posts_save_refuse_test_and_remove() {
    let sink = SmtpSink::start().await.unwrap();
    let app = test_app(&[]).await;
    let cookie = setup_admin(&app.router).await;
    let page_url = "/settings/outgoing-mail";
    let page = body_text(send(&app.router, get(page_url, Some(&cookie))).await).await;
    assert!(
        page.contains("action=\"/api/settings/outgoing_mail/save\"")
            && page.contains("action=\"/api/settings/outgoing_mail/test\""),
        "real forms: {page}"
    );
    let settings = body_text(send(&app.router, get("/settings", Some(&cookie))).await).await;
    assert!(
        settings.contains("href=\"/settings/outgoing-mail\""),
        "linked from Settings"
    );

    let save = "/api/settings/outgoing_mail/save";
    let fields = |host: &str, tls: &str| {
        format!(
            "host={host}&port={}&tls={tls}&username=relay&password={PASSWORD}\
             &from_address=relay%40harbour-it.example&from_name=Harbour+Relay&alert_to=",
            sink.port()
        )
    };
    let res = send(
        &app.router,
        plain(save, &fields("smtp.example.com", "none"), &cookie),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    let back = location(&res);
    assert!(
        back.starts_with("/settings/outgoing-mail?") && back.contains("field=tls"),
        "{back}"
    );
    assert!(
        back.contains("host=smtp.example.com"),
        "typed values come back: {back}"
    );
    assert!(
        !back.contains(PASSWORD),
        "the password never goes into a URL: {back}"
    );
    let shown = body_text(send(&app.router, get(&back, Some(&cookie))).await).await;
    assert!(
        shown.contains("only to a server on this machine"),
        "{shown}"
    );

    let res = send(
        &app.router,
        plain(save, &fields("127.0.0.1", "none"), &cookie),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FOUND, "{}", body_text(res).await);
    assert_eq!(location(&res), "/settings/outgoing-mail?saved=1");
    let page = body_text(
        send(
            &app.router,
            get("/settings/outgoing-mail?saved=1", Some(&cookie)),
        )
        .await,
    )
    .await;
    assert!(
        page.contains("Saved.") && page.contains("(stored)"),
        "{page}"
    );
    assert!(!page.contains(PASSWORD), "the password is never shown");

    let res = send(
        &app.router,
        plain(
            "/api/settings/outgoing_mail/test",
            "to=ada%40harbour-it.example",
            &cookie,
        ),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(location(&res), page_url);
    let page = body_text(send(&app.router, get(page_url, Some(&cookie))).await).await;
    assert!(page.contains("Sent to ada@harbour-it.example"), "{page}");
    assert_eq!(
        sink.wait_for(1, Duration::from_secs(5))
            .await
            .unwrap()
            .len(),
        1
    );

    let res = send(
        &app.router,
        plain("/api/settings/outgoing_mail/remove", "", &cookie),
    )
    .await;
    assert_eq!(location(&res), "/settings/outgoing-mail?removed=1");
    let page = body_text(
        send(
            &app.router,
            get("/settings/outgoing-mail?removed=1", Some(&cookie)),
        )
        .await,
    )
    .await;
    assert!(page.contains("Removed"), "{page}");
}
