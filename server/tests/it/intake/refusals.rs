//! Every refusal: status, a message naming the problem, a metric reason, nothing stored.

use super::harness::{fixture, hooked_app, HMAC_KEY, HOOK_SECRET};

/// (what, expected status, text the answer names, (uri, body, signature)).
type Case<'a> = (&'a str, u16, &'a str, (String, Vec<u8>, Option<String>));

#[tokio::test]
async fn refusals_store_nothing_and_say_why() {
    let h = hooked_app(&[("RELAY_WEBHOOK_BODY_LIMIT_BYTES", "2048")]).await;
    let body = fixture("08-webhook-ticket-create.json");
    let sign = |bytes: &[u8]| Some(server::autotask::webhook::sign(HMAC_KEY.as_bytes(), bytes));
    let sig = sign(&body).unwrap();
    let good = h.url(HOOK_SECRET);
    // Signed bodies, so each case reaches the check it is about.
    let signed = |bytes: &[u8]| (good.clone(), bytes.to_vec(), sign(bytes));

    let unknown = format!(
        "/hooks/autotask/{}?secret={HOOK_SECRET}",
        h.integration.get() + 1
    );
    let missing_guid =
        br#"{"Action":"Create","EntityType":"Ticket","Id":1,"EventTime":"x","SequenceNumber":1}"#;
    let wrong_type = br#"{"Action":"Create","Guid":"g","EntityType":"Ticket","Id":"1","EventTime":"x","SequenceNumber":1}"#;
    let cases: Vec<Case> = vec![
        // An unknown id is answered exactly like a wrong secret, so ids cannot be probed.
        (
            "unknown",
            401,
            "wrong or missing secret",
            (unknown, body.clone(), Some(sig.clone())),
        ),
        (
            "not-a-number",
            401,
            "wrong or missing secret",
            ("/hooks/autotask/abc?secret=x".into(), body.clone(), None),
        ),
        (
            "no secret",
            401,
            "secret",
            (
                format!("/hooks/autotask/{}", h.integration),
                body.clone(),
                None,
            ),
        ),
        (
            "wrong secret",
            401,
            "secret",
            (h.url("fake-wrong-secret"), body.clone(), Some(sig.clone())),
        ),
        (
            "unsigned",
            401,
            "required",
            (good.clone(), body.clone(), None),
        ),
        (
            "wrong signature",
            401,
            "Signature",
            (
                good.clone(),
                body.clone(),
                Some("sha1=AAAAAAAAAAAAAAAAAAAAAAAAAAA=".into()),
            ),
        ),
        (
            "signature of other bytes",
            401,
            "Signature",
            (good.clone(), [&body[..], b" "].concat(), Some(sig.clone())),
        ),
        (
            "signed with the URL token",
            401,
            "Signature",
            (
                good.clone(),
                body.clone(),
                Some(server::autotask::webhook::sign(
                    HOOK_SECRET.as_bytes(),
                    &body,
                )),
            ),
        ),
        (
            "oversized",
            413,
            "larger",
            (good.clone(), vec![b' '; 4096], Some(sig.clone())),
        ),
        ("not json", 400, "not JSON", signed(b"Action=Create")),
        ("missing Guid", 400, "missing Guid", signed(missing_guid)),
        ("wrong type", 400, "Id must be", signed(wrong_type)),
        ("not utf-8", 400, "UTF-8", signed(&[0xff, 0xfe, b'{'])),
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
        .header("x-hook-signature", &sig)
        .body(axum::body::Body::from_stream(chunks))
        .unwrap();
    assert_eq!(super::harness::send(&h.app.router, req).await.0, 413);

    assert_eq!(h.stored().await, 0);
    for reason in [
        "unknown_integration",
        "bad_secret",
        "missing_signature",
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
    let seal = |value: &str, aad: &str| {
        cipher.encrypt_str(value, format!("integration:{id}:{aad}").as_bytes())
    };
    let rotation = |expires: i64| server::store::WebhookRotation {
        secret_enc: seal("fake-new-hook-secret", "webhook"),
        prev_secret_enc: seal(HOOK_SECRET, "webhook-prev"),
        hmac_key_enc: seal("fake-new-hmac-key", "hmac"),
        prev_hmac_key_enc: Some(seal(HMAC_KEY, "hmac-prev")),
        prev_expires_at: expires,
        now,
    };
    assert!(store
        .rotate_webhook_secret(id, rotation(now + 60_000))
        .await
        .unwrap());
    let body = fixture("08-webhook-ticket-create.json");
    assert_eq!(h.deliver(&body).await.0, 200, "old secret in grace");
    let sig = server::autotask::webhook::sign(b"fake-new-hmac-key", &body);
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
