//! The endpoint at the router: every refusal with its status and a message naming the
//! problem, both authentication schemes and the freshness window, arguments as string and
//! object, unknown message types; a refused message stores nothing.

use super::harness::voiced;
use axum::body::Body;
use http::Request;
use relay_sim::voice::sign_hmac;
use serde_json::{json, Value};
use tower::ServiceExt;

fn now_secs() -> i64 {
    server::clock::now_ms() / 1000
}

async fn post(
    router: &axum::Router,
    uri: &str,
    headers: &[(&str, String)],
    body: Vec<u8>,
) -> (u16, Value) {
    let mut req = Request::post(uri);
    for (k, v) in headers {
        req = req.header(*k, v);
    }
    let res = router
        .clone()
        .oneshot(req.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    let status = res.status().as_u16();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// (what, uri, headers, body, expected status, words the error must contain).
type Case<'a> = (
    &'a str,
    String,
    Vec<(&'a str, String)>,
    Vec<u8>,
    u16,
    &'a str,
);

fn status_update(call: &str) -> Vec<u8> {
    json!({"message": {"type": "status-update", "status": "ringing", "call": {"id": call}}})
        .to_string()
        .into_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_name_the_problem_and_store_nothing() {
    let v = voiced().await;
    let router = &v.app.router;
    let uri = format!("/hooks/voice/{}", v.integration);
    let json_ct = ("content-type", "application/json".to_owned());
    let secret = ("x-vapi-secret", v.secret.clone());
    let body = status_update("refused-call");
    let signed = |stamp: i64, body: &[u8]| {
        vec![
            json_ct.clone(),
            ("x-timestamp", stamp.to_string()),
            (
                "x-signature",
                sign_hmac(&v.secret, &stamp.to_string(), body),
            ),
        ]
    };
    let huge = vec![b' '; server::voice::BODY_LIMIT + 1];
    let cases: Vec<Case> = vec![
        (
            "unknown integration",
            format!("/hooks/voice/{}", v.integration.get() + 7),
            vec![json_ct.clone(), secret.clone()],
            body.clone(),
            401,
            "wrong or missing voice secret",
        ),
        (
            "not an id",
            "/hooks/voice/abc".into(),
            vec![json_ct.clone(), secret.clone()],
            body.clone(),
            401,
            "wrong or missing voice secret",
        ),
        (
            "no credentials",
            uri.clone(),
            vec![json_ct.clone()],
            body.clone(),
            401,
            "wrong or missing voice secret",
        ),
        (
            "wrong secret",
            uri.clone(),
            vec![
                json_ct.clone(),
                ("x-vapi-secret", "fake-wrong-secret".into()),
            ],
            body.clone(),
            401,
            "wrong or missing",
        ),
        (
            "wrong bearer",
            uri.clone(),
            vec![
                json_ct.clone(),
                ("authorization", "Bearer fake-wrong".into()),
            ],
            body.clone(),
            401,
            "wrong or missing",
        ),
        (
            "bad signature",
            uri.clone(),
            {
                let mut h = signed(now_secs(), b"other body");
                h.truncate(3);
                h
            },
            body.clone(),
            401,
            "wrong or missing",
        ),
        (
            "stale signature",
            uri.clone(),
            signed(now_secs() - 301, &body),
            body.clone(),
            401,
            "300-second window",
        ),
        (
            "future signature",
            uri.clone(),
            signed(now_secs() + 301, &body),
            body.clone(),
            401,
            "300-second window",
        ),
        (
            "signature without timestamp",
            uri.clone(),
            {
                let mut h = signed(now_secs(), &body);
                h.remove(1);
                h
            },
            body.clone(),
            401,
            "x-timestamp",
        ),
        (
            "right secret, wrong signature",
            uri.clone(),
            {
                let mut h = signed(now_secs(), b"x");
                h.push(secret.clone());
                h
            },
            body.clone(),
            401,
            "wrong or missing",
        ),
        (
            "content type",
            uri.clone(),
            vec![("content-type", "text/plain".into()), secret.clone()],
            body.clone(),
            415,
            "application/json",
        ),
        (
            "too large",
            uri.clone(),
            vec![json_ct.clone(), secret.clone()],
            huge,
            413,
            "larger than",
        ),
        (
            "not JSON",
            uri.clone(),
            vec![json_ct.clone(), secret.clone()],
            b"{nope".to_vec(),
            400,
            "invalid JSON",
        ),
        (
            "no type",
            uri.clone(),
            vec![json_ct.clone(), secret.clone()],
            br#"{"message":{"call":{"id":"x"}}}"#.to_vec(),
            400,
            "message.type",
        ),
        (
            "no call id",
            uri.clone(),
            vec![json_ct.clone(), secret.clone()],
            br#"{"message":{"type":"end-of-call-report","call":{}}}"#.to_vec(),
            400,
            "message.call.id",
        ),
        (
            "no tool list",
            uri.clone(),
            vec![json_ct.clone(), secret.clone()],
            br#"{"message":{"type":"tool-calls","call":{"id":"x"}}}"#.to_vec(),
            400,
            "toolCallList",
        ),
    ];
    for (what, uri, headers, body, status, words) in cases {
        let (got, answer) = post(router, &uri, &headers, body).await;
        assert_eq!(got, status, "{what}: {answer}");
        let error = answer["error"].as_str().unwrap_or_default();
        assert!(
            error.contains(words),
            "{what}: {error:?} should name {words:?}"
        );
    }
    let (calls, total) = v
        .app
        .state
        .store
        .list_voice_calls(v.msp, 10, 0)
        .await
        .unwrap();
    assert_eq!((calls.len(), total), (0, 0), "refusals store nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_schemes_string_and_object_arguments_and_unknown_types() {
    let v = voiced().await;
    let router = &v.app.router;
    let uri = format!("/hooks/voice/{}", v.integration);
    let ct = ("content-type", "application/json".to_owned());
    // The secret header, the bearer form and the HMAC plan (seconds and milliseconds) all work.
    let body = status_update("accepted-call");
    let stamp = now_secs().to_string();
    let stamp_ms = server::clock::now_ms().to_string();
    for headers in [
        vec![ct.clone(), ("x-vapi-secret", v.secret.clone())],
        vec![
            ct.clone(),
            ("authorization", format!("Bearer {}", v.secret)),
        ],
        vec![
            ct.clone(),
            ("x-timestamp", stamp.clone()),
            ("x-signature", sign_hmac(&v.secret, &stamp, &body)),
        ],
        vec![
            ct.clone(),
            ("x-timestamp", stamp_ms.clone()),
            (
                "x-signature",
                format!("sha256={}", sign_hmac(&v.secret, &stamp_ms, &body)),
            ),
        ],
    ] {
        let (status, answer) = post(router, &uri, &headers, body.clone()).await;
        assert_eq!(
            (status, answer["status"].as_str()),
            (200, Some("recorded")),
            "{headers:?}"
        );
    }
    let headers = vec![ct.clone(), ("x-vapi-secret", v.secret.clone())];
    let tools = json!({"message": {"type": "tool-calls", "call": {"id": "args-call", "customer": {"number": "+1 555 014 2232"}},
    "toolCallList": [
        {"id": "as-string", "type": "function", "function": {"name": "find_contact", "arguments": "{\"name\":\"Alicia Park\"}"}},
        {"id": "as-object", "type": "function", "function": {"name": "find_contact", "arguments": {"name": "Alicia Park"}}},
        {"id": "broken", "type": "function", "function": {"name": "find_contact", "arguments": "{oops"}},
        {"id": "unknown-tool", "type": "function", "function": {"name": "reboot_server", "arguments": {}}}
    ]}});
    let (status, answer) = post(router, &uri, &headers, tools.to_string().into_bytes()).await;
    assert_eq!(status, 200);
    let results = answer["results"].as_array().unwrap();
    assert_eq!(results.len(), 4, "one result per toolCallId");
    for (result, id) in results.iter().zip(["as-string", "as-object"]) {
        assert_eq!(result["toolCallId"], id);
        let text = result["result"].as_str().unwrap();
        assert!(
            text.contains("contactId 30684012") && !text.contains('\n'),
            "{text}"
        );
    }
    assert_eq!(results[2]["toolCallId"], "broken");
    assert!(results[2]["error"]
        .as_str()
        .unwrap()
        .contains("not a JSON object"));
    assert!(results[3]["error"]
        .as_str()
        .unwrap()
        .contains("Unknown tool"));

    let before = metric(&v, "relay_voice_ignored_total");
    let other = json!({"message": {"type": "speech-update", "status": "started"}});
    let (status, answer) = post(router, &uri, &headers, other.to_string().into_bytes()).await;
    assert_eq!((status, answer["status"].as_str()), (200, Some("ignored")));
    assert_eq!(metric(&v, "relay_voice_ignored_total"), before + 1);
    let transcript = json!({"message": {"type": "transcript", "role": "user", "transcriptType": "final",
        "transcript": "hello", "call": {"id": "args-call"}}});
    let (status, _) = post(router, &uri, &headers, transcript.to_string().into_bytes()).await;
    assert_eq!(status, 200);
    let call = v.call("args-call").await;
    assert_eq!(call.transcript_events, 1);
    assert_eq!(
        call.contact_id,
        Some(30_684_012),
        "the match is remembered on the call"
    );
    assert_eq!(call.caller.as_deref(), Some("+1 555 014 2232"));
}

fn metric(v: &super::harness::Voiced, name: &str) -> u64 {
    v.app
        .state
        .metrics
        .render()
        .lines()
        .find(|l| l.starts_with(name))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|n| n.parse::<f64>().ok())
        .map_or(0, |n| n as u64)
}
