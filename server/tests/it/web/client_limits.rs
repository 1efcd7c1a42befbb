//! The sign-in limit per address and per account, with the address taken from the right end
//! of `X-Forwarded-For` (what the trusted proxy appended), never from what the client wrote.

use super::*;
use crate::support::test_app;

async fn sign_in_via_proxy(router: &axum::Router, email: &str, xff: &str) -> u16 {
    let form = format!("email={}&password=wrong-guess", email.replace('@', "%40"));
    let mut req = form_post("/api/auth/sign_in", &form, None);
    req.headers_mut()
        .insert("x-forwarded-for", xff.parse().unwrap());
    send(router, req).await.status().as_u16()
}

#[tokio::test]
async fn forged_forwarded_for_entries_do_not_reset_the_address_limit() {
    let app = test_app(&[("RELAY_TRUSTED_PROXIES", "1")]).await;
    setup_admin(&app.router).await;
    // Different accounts each time (so only the address limit can bite), and a fresh forged
    // leftmost entry each time; the proxy's entry (the real client) stays the same.
    let mut statuses = Vec::new();
    for i in 0..8 {
        let xff = format!("10.9.8.{i}, 198.51.100.23");
        statuses
            .push(sign_in_via_proxy(&app.router, &format!("nobody{i}@example.com"), &xff).await);
    }
    assert_eq!(statuses, [400, 400, 400, 400, 400, 429, 429, 429]);
    // Another real address is not affected.
    assert_eq!(
        sign_in_via_proxy(&app.router, "someone@example.com", "198.51.100.99").await,
        400
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_account_limit_holds_across_many_addresses_at_once() {
    let app = test_app(&[("RELAY_TRUSTED_PROXIES", "1")]).await;
    setup_admin(&app.router).await;
    let before = app.state.auth.password_checks();
    let tries: Vec<_> = (0..40)
        .map(|i| {
            let router = app.router.clone();
            let xff = format!("203.0.113.{i}");
            tokio::spawn(async move { sign_in_via_proxy(&router, ADMIN_EMAIL, &xff).await })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tries {
        statuses.push(t.await.unwrap());
    }
    let checks = app.state.auth.password_checks() - before;
    assert!(checks <= 5, "{checks} passwords checked: {statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 40 - checks);
}
