//! "Test connection" against the fake: what it reports for each kind of endpoint.

use super::harness::*;
use relay_sim::model::{ModelReply, ModelSettings};
use server::agent::brain::openai::{OpenAiBrain, PROBE_TOOL};

#[tokio::test]
async fn a_full_endpoint_supports_everything() {
    let fake = fake().await;
    let report = brain(&fake).probe().await;
    assert!(report.ok(), "{report:?}");
    assert_eq!(report.tool_choice, Some(true));
    let body = &fake.requests()[0].body;
    assert_eq!(body["tool_choice"]["function"]["name"], PROBE_TOOL);
    assert_eq!(body["tools"][0]["function"]["name"], PROBE_TOOL);
}

#[tokio::test]
async fn an_endpoint_refusing_tool_choice_is_told_apart() {
    let fake = fake().await;
    fake.set_settings(ModelSettings {
        reject_tool_choice: true,
        ..ModelSettings::default()
    });
    fake.push([ModelReply::ToolCalls {
        calls: vec![relay_sim::model::ModelCall::new(
            PROBE_TOOL,
            serde_json::json!({"ok": true}),
        )],
    }]);
    let report = brain(&fake).probe().await;
    assert!(
        report.reachable && report.auth_ok && report.tool_calls,
        "{report:?}"
    );
    assert_eq!(report.tool_choice, Some(false));
    assert!(!report.ok());
    assert!(report.problem.unwrap().contains("tool_choice"));
    let sent = fake.requests();
    assert_eq!(sent.len(), 2);
    assert!(sent[1].body.get("tool_choice").is_none());

    // With the setting off the field is never sent, and the same endpoint passes.
    let mut config = config(&fake);
    config.tool_choice = false;
    fake.push([ModelReply::ToolCalls {
        calls: vec![relay_sim::model::ModelCall::new(
            PROBE_TOOL,
            serde_json::json!({}),
        )],
    }]);
    let report = OpenAiBrain::new(OpenAiBrain::http_client(), config)
        .probe()
        .await;
    assert!(report.ok(), "{report:?}");
    assert_eq!(report.tool_choice, None);
}

#[tokio::test]
async fn a_wrong_key_and_a_model_without_tools() {
    let fake = fake().await;
    let mut config = config(&fake);
    config.api_key = "sk-fake-wrong".into();
    let report = OpenAiBrain::new(OpenAiBrain::http_client(), config)
        .probe()
        .await;
    assert!(report.reachable && !report.auth_ok, "{report:?}");

    fake.push([ModelReply::Answer {
        content: "Sure!".into(),
    }]);
    let report = brain(&fake).probe().await;
    assert!(report.auth_ok && !report.tool_calls, "{report:?}");
    assert!(report.problem.unwrap().contains("tool calling"));
}
