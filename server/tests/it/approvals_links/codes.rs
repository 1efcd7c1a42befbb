//! With outgoing mail configured: pressing a button mails a one-time code to the approver's
//! Autotask address; only that code, for that plan and that decision, decides, once; wrong
//! codes and re-sends are limited.

use super::{guard, links, Links};
use app::states::{ApprovalState, DecisionChannel};
use http::StatusCode;

/// Press the button: the page with the code form.
async fn press(l: &Links, decision: &str) -> (StatusCode, String) {
    let (res, page) = l.submit(decision, &[]).await;
    (res.status(), page)
}

/// Type `code` into the code form of `page`.
async fn type_code(l: &Links, decision: &str, page: &str, code: &str) -> (StatusCode, String) {
    let (ts, mac) = guard(page);
    let fields = [("ts", ts.as_str()), ("mac", mac.as_str()), ("code", code)];
    let (res, page) = l.post(&l.path(decision), &fields).await;
    (res.status(), page)
}

fn wrong(code: &str) -> String {
    format!("{:06}", (code.parse::<u32>().unwrap() + 1) % 1_000_000)
}

#[tokio::test]
async fn the_code_is_mailed_to_the_approver_and_the_right_code_decides_once() {
    let l = links(true).await;
    let outbox = l.outbox.clone().unwrap();
    let (status, page) = press(&l, "approve").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("code-form"), "{page}");
    assert!(page.contains("t***h@n***.example"), "{page}");
    let mails = outbox.mails();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, "tom.tech@northwind.example");
    assert!(
        mails[0].subject.contains(&l.world.plan.code),
        "{:?}",
        mails[0]
    );
    assert_eq!(
        l.plan().await.state,
        ApprovalState::Pending,
        "pressing decides nothing"
    );

    let code = outbox.last_code();
    let (status, done) = type_code(&l, "approve", &page, &code).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert!(done.contains("data-state=\"approved\""), "{done}");
    let plan = l.plan().await;
    assert_eq!(plan.state, ApprovalState::Approved);
    assert_eq!(plan.decision_channel, Some(DecisionChannel::Link));
    assert_eq!(plan.decider_name.as_deref(), Some("Tom Tech"));
    assert_eq!(
        plan.decider_email.as_deref(),
        Some("tom.tech@northwind.example")
    );
    assert_eq!(plan.decision_address.as_deref(), Some("198.51.100.23"));

    // The same code again: the recorded decision, nothing changes.
    let (_, again) = type_code(&l, "approve", &page, &code).await;
    assert!(again.contains("data-state=\"approved\""), "{again}");
    assert_eq!(l.plan().await.decided_at, plan.decided_at);
}

#[tokio::test]
async fn a_code_answers_only_its_own_decision() {
    let l = links(true).await;
    let (_, page) = press(&l, "approve").await;
    let code = l.outbox.as_ref().unwrap().last_code();
    let (status, refused) = type_code(&l, "deny", &page, &code).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
    assert!(refused.contains("not right"), "{refused}");
    assert_eq!(l.plan().await.state, ApprovalState::Pending);
}

#[tokio::test]
async fn wrong_codes_are_refused_and_the_fifth_locks_the_link() {
    let l = links(true).await;
    let (_, page) = press(&l, "approve").await;
    let code = l.outbox.as_ref().unwrap().last_code();
    for left in (1..=4).rev() {
        let (status, refused) = type_code(&l, "approve", &page, &wrong(&code)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{refused}");
        assert!(
            refused.contains(&format!("{left} attempts left")),
            "{refused}"
        );
    }
    let (status, locked) = type_code(&l, "approve", &page, &wrong(&code)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{locked}");
    assert!(locked.contains("code-locked"), "{locked}");
    // Locked: the right code does not decide now, and no new code is sent.
    let (status, still) = type_code(&l, "approve", &page, &code).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{still}");
    let (status, _) = press(&l, "approve").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(l.outbox.as_ref().unwrap().mails().len(), 1);
    assert_eq!(l.plan().await.state, ApprovalState::Pending);
    assert!(
        locked.contains(&format!("approve {}", l.world.plan.code)),
        "says how to reply"
    );
}

#[tokio::test]
async fn a_new_code_replaces_the_old_and_sending_is_limited() {
    let l = links(true).await;
    let outbox = l.outbox.clone().unwrap();
    let (_, first_page) = press(&l, "approve").await;
    let first = outbox.last_code();
    let (_, _) = press(&l, "approve").await;
    let (status, third_page) = press(&l, "approve").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(outbox.mails().len(), 3);
    let (status, limited) = press(&l, "approve").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{limited}");
    assert_eq!(outbox.mails().len(), 3, "no fourth mail within the hour");
    let latest = outbox.last_code();
    if first != latest {
        let (status, _) = type_code(&l, "approve", &first_page, &first).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "a replaced code is refused");
    }
    let (status, done) = type_code(&l, "approve", &third_page, &latest).await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(l.plan().await.state, ApprovalState::Approved);
}
