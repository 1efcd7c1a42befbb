//! The fake model endpoint over raw HTTP: the control API, key checks, the unscripted default
//! and the shapes of its quirks, as a client would see them.

use relay_sim::model::{start_model, ModelHandle, ModelSettings, FAKE_MODEL_KEY};
use serde_json::{json, Value};

async fn fake() -> ModelHandle {
    start_model("127.0.0.1:0".parse().unwrap(), ModelSettings::default())
        .await
        .unwrap()
}

async fn complete(fake: &ModelHandle, body: Value) -> (u16, reqwest::header::HeaderMap, Value) {
    let res = reqwest::Client::new()
        .post(format!("{}/chat/completions", fake.base_url()))
        .bearer_auth(FAKE_MODEL_KEY)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    (status, headers, res.json().await.unwrap())
}

fn control(fake: &ModelHandle, path: &str) -> String {
    format!("http://{}/_sim/model/{path}", fake.addr())
}

#[tokio::test]
async fn scripts_set_over_http_are_answered_in_order_and_requests_recorded() {
    let fake = fake().await;
    let http = reqwest::Client::new();
    let script = json!([
        {"kind": "tool_calls", "calls": [{"name": "get_ticket", "arguments": {"id": 4}}]},
        {"kind": "arguments_as_object", "calls": [{"name": "get_ticket", "arguments": {"id": 5}}]},
        {"kind": "rate_limited", "retry_after_ms": "1500", "reset_tokens": "6m0s"},
        {"kind": "context_overflow", "shape": "vllm"},
        {"kind": "error_in_200", "code": 502, "message": "upstream down"}
    ]);
    let queued: Value = http
        .post(control(&fake, "script"))
        .json(&script)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(queued["queued"], 5);
    let ask = json!({"model": "m", "messages": [{"role": "user", "content": "hi"}]});

    let (status, _, body) = complete(&fake, ask.clone()).await;
    assert_eq!(status, 200);
    let call = &body["choices"][0]["message"]["tool_calls"][0];
    assert_eq!(call["function"]["arguments"], "{\"id\":4}");
    assert_eq!(body["choices"][0]["finish_reason"], "tool_calls");
    let (_, _, body) = complete(&fake, ask.clone()).await;
    assert_eq!(
        body["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"],
        json!({"id": 5})
    );
    let (status, headers, _) = complete(&fake, ask.clone()).await;
    assert_eq!(status, 429);
    assert_eq!(headers["retry-after-ms"], "1500");
    assert_eq!(headers["x-ratelimit-reset-tokens"], "6m0s");
    assert!(headers.get("retry-after").is_none());
    let (status, _, body) = complete(&fake, ask.clone()).await;
    assert_eq!((status, body["object"].as_str()), (400, Some("error")));
    let (status, _, body) = complete(&fake, ask.clone()).await;
    assert_eq!((status, body["error"]["code"].as_u64()), (200, Some(502)));
    // Nothing left: a plain stop.
    let (_, _, body) = complete(&fake, ask.clone()).await;
    assert_eq!(body["choices"][0]["message"]["content"], "Nothing to do.");

    let recorded: Vec<Value> = http
        .get(control(&fake, "requests"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(recorded.len(), 6);
    assert_eq!(recorded[0]["body"], ask);
    assert_eq!(recorded[0]["bearer"], FAKE_MODEL_KEY);
    http.post(control(&fake, "reset")).send().await.unwrap();
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn keys_forced_tool_choice_and_refused_tool_choice() {
    let fake = fake().await;
    let res = reqwest::Client::new()
        .post(format!("{}/chat/completions", fake.base_url()))
        .bearer_auth("sk-fake-wrong")
        .json(&json!({"model": "m", "messages": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 401);

    let forced = json!({"model": "m", "messages": [], "tools": [{"type": "function", "function": {"name": "probe"}}],
        "tool_choice": {"type": "function", "function": {"name": "probe"}}});
    let (_, _, body) = complete(&fake, forced.clone()).await;
    assert_eq!(
        body["choices"][0]["message"]["tool_calls"][0]["function"]["name"],
        "probe"
    );

    reqwest::Client::new()
        .put(control(&fake, "settings"))
        .json(&json!({"api_key": null, "reject_tool_choice": true}))
        .send()
        .await
        .unwrap();
    fake.push([relay_sim::model::ModelReply::Answer {
        content: "kept".into(),
    }]);
    let (status, _, _) = complete(&fake, forced).await;
    assert_eq!(status, 400);
    assert_eq!(
        fake.pending(),
        1,
        "a refused request uses up no scripted reply"
    );
}
