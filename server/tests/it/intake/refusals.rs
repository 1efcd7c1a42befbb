//! Every refusal: status, a message naming the problem, a metric reason, nothing stored.

use super::harness::{fixture, hooked_app, HOOK_SECRET};

/// (what, expected status, text the answer names, (uri, body, signature)).
type Case<'a> = (&'a str, u16, &'a str, (String, Vec<u8>, Option<String>));

#[tokio::test]
async fn refusals_store_nothing_and_say_why() {
    let h = hooked_app(&[("RELAY_WEBHOOK_BODY_LIMIT_BYTES", "2048")]).await;
    let body = fixture("08-webhook-ticket-create.json");
    let sig = server::autotask::webhook::sign(HOOK_SECRET.as_bytes(), &body);
    let good = h.url(HOOK_SECRET);

    let unknown = format!(
        "/hooks/autotask/{}?secret={HOOK_SECRET}",
        h.integration.get() + 1
    );
    let cases: Vec<Case> = vec![
        ("unknown", 404, "unknown integration", (unknown, body.clone(), Some(sig.clone()))),
        ("not-a-number", 404, "unknown", ("/hooks/autotask/abc?secret=x".into(), body.clone(), None)),
        ("no secret", 401, "secret", (format!("/hooks/autotask/{}", h.integration), body.clone(), None)),
        ("wrong secret", 401, "secret", (h.url("fake-wrong-secret"), body.clone(), Some(sig.clone()))),
        ("wrong signature", 401, "Signature", (good.clone(), body.clone(), Some("sha1=AAAAAAAAAAAAAAAAAAAAAAAAAAA=".into()))),
        ("signature of other bytes", 401, "Signature", (good.clone(), [&body[..], b" "].concat(), Some(sig.clone()))),
        ("oversized", 413, "larger", (good.clone(), vec![b' '; 4096], None)),
        ("not json", 400, "not JSON", (good.clone(), b"Action=Create".to_vec(), None)),
        ("missing Guid", 400, "missing Guid", (good.clone(), br#"{"Action":"Create","EntityType":"Ticket","Id":1,"EventTime":"x","SequenceNumber":1}"#.to_vec(), None)),
        ("wrong type", 400, "Id must be", (good.clone(), br#"{"Action":"Create","Guid":"g","EntityType":"Ticket","Id":"1","EventTime":"x","SequenceNumber":1}"#.to_vec(), None)),
        ("not utf-8", 400, "UTF-8", (good.clone(), vec![0xff, 0xfe, b'{'], None)),
    ];
    for (what, status, says, (uri, body, sig)) in cases {
        let (got, text) = h.post(&uri, &body, sig.as_deref()).await;
        assert_eq!(got, status, "{what}: {text}");
        assert!(text.contains(says), "{what}: {text}");
    }
    // Wrong content type, with everything else right.
    let req = http::Request::post(&good)
        .header("content-type", "text/plain")
        .header("x-hook-signature", &sig)
        .body(axum::body::Body::from(body.clone()))
        .unwrap();
    assert_eq!(super::harness::send(&h.app.router, req).await.0, 415);
    // A chunked body without Content-Length is capped while reading.
    let chunks = futures::stream::iter((0..64).map(|_| Ok::<_, std::io::Error>(vec![b' '; 64])));
    let req = http::Request::post(&good)
        .header("content-type", "application/json")
        .body(axum::body::Body::from_stream(chunks))
        .unwrap();
    assert_eq!(super::harness::send(&h.app.router, req).await.0, 413);

    assert_eq!(h.stored().await, 0);
    for reason in [
        "unknown_integration",
        "bad_secret",
        "bad_signature",
        "too_large",
        "malformed",
        "content_type",
    ] {
        assert!(
            h.metric(&format!(
                "relay_webhook_events_rejected_total{{reason=\"{reason}\"}}"
            )) > 0,
            "{reason}"
        );
    }
}

#[tokio::test]
async fn previous_secret_works_only_during_its_grace() {
    let h = hooked_app(&[]).await;
    let store = &h.app.state.store;
    let cipher = &h.app.state.cipher;
    let id = h.integration;
    let now = server::clock::now_ms();
    let rotation = |expires: i64| server::store::WebhookRotation {
        secret_enc: cipher.encrypt_str(
            "fake-new-hook-secret",
            format!("integration:{id}:webhook").as_bytes(),
        ),
        prev_secret_enc: cipher.encrypt_str(
            HOOK_SECRET,
            format!("integration:{id}:webhook-prev").as_bytes(),
        ),
        prev_expires_at: expires,
        now,
    };
    assert!(store
        .rotate_webhook_secret(id, rotation(now + 60_000))
        .await
        .unwrap());
    let body = fixture("08-webhook-ticket-create.json");
    assert_eq!(h.deliver(&body).await.0, 200, "old secret in grace");
    let sig = server::autotask::webhook::sign(b"fake-new-hook-secret", &body);
    assert_eq!(
        h.post(&h.url("fake-new-hook-secret"), &body, Some(&sig))
            .await
            .0,
        200
    );
    assert!(store
        .rotate_webhook_secret(id, rotation(now - 1))
        .await
        .unwrap());
    // Intake caches the record for a second; ending a grace period early applies after it.
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let (status, _) = h.deliver(&fixture("09-webhook-ticket-update.json")).await;
    assert_eq!(status, 401, "old secret after grace");
}
