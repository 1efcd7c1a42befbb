//! GET: the page shows the plan with the headers a link page needs and decides nothing;
//! unknown, used and expired links all get one neutral page.

use super::{links, PEER};
use app::states::ApprovalState;
use http::StatusCode;

fn assert_link_headers(res: &http::Response<axum::body::Body>) {
    let h = res.headers();
    assert_eq!(h["cache-control"], "no-store");
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert_eq!(h["x-robots-tag"], "noindex");
    assert!(h["content-type"].to_str().unwrap().starts_with("text/html"));
}

#[tokio::test]
async fn three_gets_of_each_link_show_the_plan_and_decide_nothing() {
    let l = links(false).await;
    for _ in 0..3 {
        for decision in ["approve", "deny"] {
            let (res, page) = l.get(&l.path(decision)).await;
            assert_eq!(res.status(), StatusCode::OK, "{page}");
            assert_link_headers(&res);
            for shown in [
                l.world.plan.code.as_str(),
                "T20261130.0077",
                "Printer offline",
                "Contoso Dental",
                "Tom Tech",
                "status: <s>New</s> → <strong>Complete</strong>",
                "pending",
            ] {
                assert!(page.contains(shown), "{shown} missing from {page}");
            }
            assert!(
                page.contains("reply-only"),
                "no mail, no link-only: the page says to reply"
            );
            assert!(!page.contains("<script"), "a link page needs no script");
        }
    }
    let plan = l.plan().await;
    assert_eq!(plan.state, ApprovalState::Pending);
    assert!(plan.decided_at.is_none());
}

#[tokio::test]
async fn a_get_with_mail_configured_sends_no_code() {
    let l = links(true).await;
    for _ in 0..3 {
        let (res, page) = l.get(&l.path("approve")).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(
            page.contains("t***h@n***.example"),
            "masked address: {page}"
        );
        assert!(!page.contains("tom.tech@"), "never the whole address");
    }
    assert!(l.outbox.as_ref().unwrap().mails().is_empty());
    assert_eq!(l.plan().await.state, ApprovalState::Pending);
}

#[tokio::test]
async fn unknown_used_and_expired_links_get_the_same_neutral_page() {
    let l = links(false).await;
    l.allow_link_only().await;
    let (unknown_res, unknown) = l
        .get(&format!("/approve/{}", server::crypto::random_token(32)))
        .await;
    let (garbage_res, garbage) = l.get("/approve/not-a-token").await;

    // Used: decided through this link.
    let (res, decided) = l.submit("approve", &[]).await;
    assert_eq!(res.status(), StatusCode::OK, "{decided}");
    let plan = l.plan().await;
    assert_eq!(plan.state, ApprovalState::Approved);
    assert_eq!(
        plan.decision_address.as_deref(),
        Some(&PEER[..PEER.find(':').unwrap()])
    );
    let (used_res, used) = l.get(&l.path("approve")).await;
    let (_, used_deny) = l.get(&l.path("deny")).await;

    // Expired: a second plan past its expiry (not yet swept).
    let token = server::crypto::random_token(32);
    let w = &l.world;
    crate::store::approval_links::add_plan(
        &l.app.state.store,
        w.msp,
        w.client,
        w.integration,
        78,
        &server::crypto::sha256_hex(&token),
        server::clock::now_ms() - 1,
    )
    .await;
    let (expired_res, expired) = l.get(&format!("/approve/{token}")).await;

    for (res, page) in [
        (&garbage_res, &garbage),
        (&used_res, &used),
        (&used_res, &used_deny),
        (&expired_res, &expired),
    ] {
        assert_eq!(res.status(), unknown_res.status());
        assert_eq!(page, &unknown, "the neutral page is one page");
        assert_link_headers(res);
    }
    assert_eq!(unknown_res.status(), StatusCode::NOT_FOUND);
    assert!(unknown.contains("approval-neutral"));
    assert!(!unknown.contains("Printer"), "no detail");
}

#[tokio::test]
async fn a_plan_decided_by_reply_says_what_by_whom_and_when() {
    let l = links(false).await;
    let decider = server::store::Decider {
        resource_id: l.world.plan.approver_resource_id,
        name: Some("Tom Tech".into()),
        email: None,
    };
    let request = server::approvals::DecisionRequest {
        decision: server::store::PlanDecision::Deny,
        channel: app::states::DecisionChannel::Reply,
        decider,
        reason: Some("not before the backup".into()),
        address: Some("note:991".into()),
    };
    server::approvals::decide(&l.app.state.store, l.world.plan.id, request)
        .await
        .unwrap();
    let (res, page) = l.get(&l.path("approve")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(page.contains("data-state=\"denied\""), "{page}");
    assert!(page.contains("by Tom Tech"), "{page}");
    assert!(page.contains("(by reply)"), "{page}");
    assert!(page.contains("not before the backup"), "{page}");
    assert!(!page.contains("decision-form"), "no form on a decided plan");
}
