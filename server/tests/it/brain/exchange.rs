//! A two-turn tool-calling exchange, and what the client puts on the wire.

use super::harness::*;
use relay_sim::model::{ModelCall, ModelReply};
use serde_json::json;
use server::agent::brain::openai::{TokenParam, UNTRUSTED_NOTICE};
use server::agent::brain::Brain;
use server::agent::chat::{ChatMessage, Finish};

#[tokio::test]
async fn two_turn_tool_calling_exchange() {
    let fake = fake().await;
    fake.push([
        ModelReply::ToolCalls {
            calls: vec![ModelCall {
                id: Some("call_a1".into()),
                ..ModelCall::new("autotask_autotask-get-ticket", json!({"id": 41207}))
            }],
        },
        ModelReply::Answer {
            content: "Ticket 41207 is New.".into(),
        },
    ]);
    let brain = brain(&fake);
    let mut messages = opening();
    let first = brain.complete(&request(messages.clone())).await.unwrap();
    assert_eq!(first.finish, Finish::ToolCalls);
    assert_eq!(first.tool_calls.len(), 1);
    let call = first.tool_calls[0].clone();
    assert_eq!(
        (call.id.as_str(), call.name.as_str()),
        ("call_a1", GET_TICKET)
    );
    assert_eq!(call.arguments, json!({"id": 41207}));
    assert_eq!(first.usage.prompt_tokens, 100);

    messages.push(ChatMessage::Assistant {
        content: None,
        tool_calls: vec![call.clone()],
    });
    messages.push(ChatMessage::Tool {
        call_id: call.id.clone(),
        name: call.name.clone(),
        content: "{\"id\":41207,\"status\":1}".into(),
    });
    let second = brain.complete(&request(messages)).await.unwrap();
    assert_eq!(second.finish, Finish::Stop);
    assert_eq!(second.content.as_deref(), Some("Ticket 41207 is New."));

    let sent = fake.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(
        sent[0].bearer.as_deref(),
        Some(relay_sim::model::FAKE_MODEL_KEY)
    );
    let body = &sent[0].body;
    assert_eq!(body["model"], "fake-model");
    assert_eq!(body["max_tokens"], 500);
    assert!(body.get("max_completion_tokens").is_none());
    assert_eq!(body["tool_choice"], "auto");
    assert_eq!(body["parallel_tool_calls"], false);
    assert_eq!(
        body["tools"][0]["function"]["name"],
        "autotask_autotask-get-ticket"
    );
    // The ticket text is fenced as data, after a system line saying what that means.
    let m = body["messages"].as_array().unwrap();
    assert_eq!(m[1], json!({"role": "system", "content": UNTRUSTED_NOTICE}));
    let fenced = m[2]["content"].as_str().unwrap();
    assert_eq!(m[2]["role"], "user");
    assert!(fenced.starts_with("<untrusted label=\"ticket T20261130.0042\">"));
    assert_eq!(fenced.matches("</untrusted>").count(), 1, "{fenced}");
    // Turn two carries the assistant turn verbatim (arguments as JSON text) and the result.
    let m = sent[1].body["messages"].as_array().unwrap().clone();
    assert_eq!(m[3]["role"], "assistant");
    assert_eq!(m[3]["tool_calls"][0]["id"], "call_a1");
    assert_eq!(m[3]["tool_calls"][0]["type"], "function");
    assert_eq!(
        m[3]["tool_calls"][0]["function"]["arguments"],
        "{\"id\":41207}"
    );
    assert_eq!(
        m[4],
        json!({"role": "tool", "tool_call_id": "call_a1", "content": "{\"id\":41207,\"status\":1}"})
    );
}

#[tokio::test]
async fn configured_token_parameter_and_switches_are_sent() {
    let fake = fake().await;
    let mut config = config(&fake);
    config.token_param = TokenParam::MaxCompletionTokens;
    config.tool_choice = false;
    config.parallel_tool_calls = true;
    config.api_key = String::new();
    fake.set_settings(relay_sim::model::ModelSettings {
        api_key: None,
        reject_tool_choice: true,
    });
    let brain = server::agent::brain::openai::OpenAiBrain::new(
        server::agent::brain::openai::OpenAiBrain::http_client(),
        config,
    );
    let reply = brain.complete(&request(opening())).await.unwrap();
    assert_eq!(reply.content.as_deref(), Some("Nothing to do."));
    let body = &fake.requests()[0].body;
    assert_eq!(body["max_completion_tokens"], 500);
    assert!(body.get("max_tokens").is_none());
    assert!(body.get("tool_choice").is_none());
    assert_eq!(body["parallel_tool_calls"], true);
    assert_eq!(fake.requests()[0].bearer, None);
}

#[tokio::test]
async fn no_tools_means_no_tool_fields() {
    let fake = fake().await;
    let mut req = request(opening());
    req.tools.clear();
    brain(&fake).complete(&req).await.unwrap();
    let body = &fake.requests()[0].body;
    assert!(body.get("tools").is_none());
    assert!(body.get("tool_choice").is_none());
    assert!(body.get("parallel_tool_calls").is_none());
}
