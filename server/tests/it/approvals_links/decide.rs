//! POST without mail: only where the admin allowed link-only decisions, once; cross-site and
//! forged posts are refused.

use super::links;
use app::states::{ApprovalState, DecisionChannel};
use http::StatusCode;

#[tokio::test]
async fn without_mail_or_link_only_a_post_decides_nothing() {
    let l = links(false).await;
    let (_, page) = l.get(&l.path("approve")).await;
    assert!(
        !page.contains("decision-form"),
        "no button to press: {page}"
    );
    // Even a post with a valid page value (as an older page had) decides nothing.
    let now = server::clock::now_ms();
    let mac = server::approvals::links::guard::form_mac(
        &l.app.state.cipher,
        &l.world.plan.token_hash,
        now,
    );
    let now = now.to_string();
    let fields = [("ts", now.as_str()), ("mac", mac.as_str())];
    let (res, page) = l.post(&l.path("approve"), &fields).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(page.contains("reply-only"), "{page}");
    assert!(
        page.contains(&format!("approve {}", l.world.plan.code)),
        "{page}"
    );
    let plan = l.plan().await;
    assert_eq!(plan.state, ApprovalState::Pending);
}

#[tokio::test]
async fn link_only_decides_once_and_a_second_post_shows_the_decision() {
    let l = links(false).await;
    l.allow_link_only().await;
    let (_, page) = l.get(&l.path("approve")).await;
    let (ts, mac) = super::guard(&page);
    let fields = [("ts", ts.as_str()), ("mac", mac.as_str())];
    let (res, page) = l.post(&l.path("approve"), &fields).await;
    assert_eq!(res.status(), StatusCode::OK, "{page}");
    assert!(page.contains("data-state=\"approved\""), "{page}");
    let first = l.plan().await;
    assert_eq!(first.state, ApprovalState::Approved);
    assert_eq!(first.decision_channel, Some(DecisionChannel::Link));

    // The same form again, and the deny form of the same page: both show the decision.
    let (res, again) = l.post(&l.path("approve"), &fields).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(again.contains("data-state=\"approved\""), "{again}");
    let (_, deny) = l.post(&l.path("deny"), &fields).await;
    assert!(deny.contains("data-state=\"approved\""), "{deny}");
    let after = l.plan().await;
    assert_eq!(after.state, ApprovalState::Approved);
    assert_eq!(after.decided_at, first.decided_at, "decided once");
}

#[tokio::test]
async fn link_only_deny_keeps_the_reason() {
    let l = links(false).await;
    l.allow_link_only().await;
    let (_, page) = l
        .submit("deny", &[("reason", "Wait for the <b>backup</b>")])
        .await;
    assert!(page.contains("data-state=\"denied\""), "{page}");
    assert!(
        page.contains("Wait for the &lt;b&gt;backup&lt;/b&gt;"),
        "escaped: {page}"
    );
    let plan = l.plan().await;
    assert_eq!(plan.state, ApprovalState::Denied);
    assert_eq!(
        plan.decision_reason.as_deref(),
        Some("Wait for the <b>backup</b>")
    );
}

#[tokio::test]
async fn cross_site_and_forged_posts_are_refused() {
    let l = links(false).await;
    l.allow_link_only().await;
    let (_, page) = l.get(&l.path("approve")).await;
    let (ts, mac) = super::guard(&page);
    let good = [("ts", ts.as_str()), ("mac", mac.as_str())];

    let (res, _) = l
        .post_from(&l.path("approve"), &good, Some("https://evil.example"))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "another origin");
    let mut req = http::Request::post(l.path("approve"))
        .header("host", "relay.test")
        .header("sec-fetch-site", "cross-site")
        .header("content-type", "application/x-www-form-urlencoded");
    req = req.header("accept", "text/html");
    let body = app::api::form_encode(&good);
    let (res, _) = super::send(&l.router, req.body(axum::body::Body::from(body)).unwrap()).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "a cross-site fetch");

    // A same-origin post without the page's value, with a made-up one, or an old one.
    let stale = (server::clock::now_ms() - 2 * 60 * 60 * 1000).to_string();
    for fields in [
        vec![],
        vec![("ts", ts.as_str()), ("mac", "0000")],
        vec![("ts", stale.as_str()), ("mac", mac.as_str())],
    ] {
        let (res, page) = l.post(&l.path("approve"), &fields).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{fields:?}");
        assert!(page.contains("stale-form"), "{page}");
    }
    // Another plan's page value does not work here either.
    let other = server::approvals::links::guard::form_mac(
        &l.app.state.cipher,
        &"f".repeat(64),
        ts.parse().unwrap(),
    );
    let (res, _) = l
        .post(
            &l.path("approve"),
            &[("ts", ts.as_str()), ("mac", other.as_str())],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(l.plan().await.state, ApprovalState::Pending);
}
