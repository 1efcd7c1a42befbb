//! Provider quirks decoded leniently.

use super::harness::*;
use relay_sim::model::{ModelCall, ModelReply};
use serde_json::json;
use server::agent::brain::Brain;
use server::agent::chat::Finish;

async fn one(reply: ModelReply) -> server::agent::chat::BrainReply {
    let fake = fake().await;
    fake.push([reply]);
    brain(&fake)
        .complete(&request(opening()))
        .await
        .expect("a reply")
}

#[tokio::test]
async fn arguments_as_an_object() {
    let r = one(ModelReply::ArgumentsAsObject {
        calls: vec![ModelCall::new(
            "autotask_autotask-get-ticket",
            json!({"id": 7}),
        )],
    })
    .await;
    assert_eq!(r.content, None, "an empty content string is no content");
    assert_eq!(r.tool_calls[0].name, GET_TICKET);
    assert_eq!(r.tool_calls[0].arguments, json!({"id": 7}));
}

#[tokio::test]
async fn unparseable_arguments_stay_a_string_for_the_gateway() {
    let r = one(ModelReply::BrokenArguments {
        name: "autotask_autotask-get-ticket".into(),
        raw: "{\"id\": 7".into(),
    })
    .await;
    assert_eq!(r.tool_calls[0].arguments, json!("{\"id\": 7"));
}

#[tokio::test]
async fn missing_ids_types_object_and_usage() {
    let r = one(ModelReply::MissingFields {
        calls: vec![
            ModelCall::new("autotask_autotask-get-ticket", json!({"id": 1})),
            ModelCall::new("autotask_autotask-get-ticket", json!({"id": 2})),
        ],
    })
    .await;
    assert_eq!(r.finish, Finish::ToolCalls);
    assert_eq!(r.tool_calls.len(), 2);
    assert!(r.tool_calls[0].id.starts_with("call_relay_"));
    assert_ne!(
        r.tool_calls[0].id, r.tool_calls[1].id,
        "synthesised ids are unique"
    );
    assert_eq!(r.usage.prompt_tokens, 0);
}

#[tokio::test]
async fn unknown_finish_reason_is_kept() {
    let r = one(ModelReply::UnknownFinish {
        content: "partial".into(),
        finish_reason: "eos_token".into(),
    })
    .await;
    assert_eq!(r.finish, Finish::Other("eos_token".into()));
    assert_eq!(r.content.as_deref(), Some("partial"));
}
