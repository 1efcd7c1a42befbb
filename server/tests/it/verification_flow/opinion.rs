//! The MSP's model as a second classifier, over HTTP to the fake endpoint: it may flag what the
//! rules miss, it is never asked to (and cannot) clear what they flagged, and a model that does
//! not answer leaves the rules' verdict with a trail entry saying so.

use super::harness::{flowed, linger, until, Flowed, RESET};
use crate::pipeline::harness::ALICIA;
use app::ids::SessionId;
use app::states::{BrainKind, SessionStatus, TokenParam, VerificationState};
use relay_sim::model::{
    start_model, ModelCall, ModelHandle, ModelReply, ModelSettings, FAKE_MODEL_KEY,
};
use serde_json::json;
use server::agent::brain::openai::OPINION_TOOL;
use server::agent::brain::source::key_aad;
use server::store::{BrainSettingsUpdate, KeyChange};
use server::verification::Classifier;

const PAYROLL: &str = "Please switch my salary payments to my new bank account";

/// The fake model configured as the MSP's brain.
async fn with_model(f: &Flowed) -> ModelHandle {
    let model = start_model("127.0.0.1:0".parse().unwrap(), ModelSettings::default())
        .await
        .expect("fake model endpoint");
    let state = &f.app.state;
    let admin = state
        .store
        .user_by_email("ada@northwind.example")
        .await
        .unwrap()
        .unwrap();
    let sealed = state
        .cipher
        .encrypt_str(FAKE_MODEL_KEY, key_aad(f.seeded.msp).as_bytes());
    let update = BrainSettingsUpdate {
        kind: BrainKind::OpenAi,
        base_url: model.base_url(),
        model: "fake-model".into(),
        api_key: KeyChange::Set(sealed),
        token_param: TokenParam::MaxTokens,
        tool_choice: true,
        parallel_tool_calls: false,
        updated_by: admin.id,
        now: 1,
    };
    state
        .store
        .save_brain_settings(f.seeded.msp, update)
        .await
        .unwrap();
    model
}

fn opinion(sensitive: bool, reason: &str) -> ModelReply {
    ModelReply::ToolCalls {
        calls: vec![ModelCall::new(
            OPINION_TOOL,
            json!({ "sensitive": sensitive, "reason": reason }),
        )],
    }
}

/// The requests that asked the model for its opinion.
fn opinion_requests(model: &ModelHandle) -> Vec<serde_json::Value> {
    model
        .requests()
        .into_iter()
        .map(|r| r.body)
        .filter(|b| b.pointer("/tools/0/function/name") == Some(&json!(OPINION_TOOL)))
        .collect()
}

async fn idle(f: &Flowed, session: SessionId) {
    let store = &f.app.state.store;
    until("the session to be released", || async {
        let s = store.agent_session_state(session).await.unwrap()?;
        (s.status == SessionStatus::Idle).then_some(())
    })
    .await;
}

#[tokio::test]
async fn the_model_flags_what_the_rules_miss_and_the_requester_is_challenged() {
    let f = flowed().await;
    assert!(
        !Classifier::default().classify(PAYROLL, "").sensitive(),
        "the rules alone let this one through"
    );
    let model = with_model(&f).await;
    model.push([opinion(true, "changes where a salary is paid")]);
    let ticket = f.ticket(PAYROLL, Some(ALICIA));
    let session = f.wake(ticket, PAYROLL).await;
    let challenge = f.challenge().await;
    assert_eq!(challenge.email, "alicia.park@contosodental.example");
    let v = f.pending(session).await;
    let reason = v.reason.unwrap();
    assert!(
        reason.contains("flagged by the agent's model") && reason.contains("salary is paid"),
        "{reason}"
    );

    let asked = opinion_requests(&model);
    assert_eq!(asked.len(), 1, "asked once");
    let body = &asked[0];
    assert_eq!(body["tool_choice"]["function"]["name"], OPINION_TOOL);
    let ticket_text = body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["role"] == "user")
        .unwrap()["content"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        ticket_text.contains("<untrusted") && ticket_text.contains(PAYROLL),
        "the ticket is fenced as data: {ticket_text}"
    );
    // Held for the verification: the agent did not work the ticket meanwhile.
    linger().await;
    assert!(f.other_notes(ticket).is_empty());
}

#[tokio::test]
async fn the_model_is_not_asked_about_what_the_rules_flagged_and_cannot_clear_it() {
    let f = flowed().await;
    let model = with_model(&f).await;
    model.push([opinion(false, "looks harmless")]);
    let ticket = f.ticket(RESET, Some(ALICIA));
    let session = f.wake(ticket, RESET).await;
    f.challenge().await;
    let v = f.pending(session).await;
    assert!(!v.reason.unwrap().contains("model"));
    assert!(
        opinion_requests(&model).is_empty(),
        "nothing to ask: the rules decided"
    );
}

#[tokio::test]
async fn an_ordinary_ticket_the_model_agrees_with_is_worked_as_usual() {
    let f = flowed().await;
    let model = with_model(&f).await;
    model.push([opinion(false, "a printer fault")]);
    let ticket = f.ticket("Printer offline on the 2nd floor", Some(ALICIA));
    let session = f.wake(ticket, "Printer offline on the 2nd floor").await;
    idle(&f, session).await;
    let v = f.verification(session).await.unwrap();
    assert_eq!(v.state, VerificationState::NotSensitive);
    assert_eq!(opinion_requests(&model).len(), 1);
    assert!(f.verify.challenges().is_empty());
    let trail = f.trail().await;
    assert!(!trail
        .iter()
        .any(|(kind, _)| kind.starts_with("verification.")));
}

#[tokio::test]
async fn a_model_that_does_not_answer_leaves_the_rules_verdict_and_the_trail_says_so() {
    let f = flowed().await;
    let model = with_model(&f).await;
    // A reply without the report: no opinion, so the rules' "not sensitive" stands.
    model.push([ModelReply::Answer {
        content: "I cannot tell.".into(),
    }]);
    let ticket = f.ticket("Printer offline on the 2nd floor", Some(ALICIA));
    let session = f.wake(ticket, "Printer offline on the 2nd floor").await;
    idle(&f, session).await;
    let v = f.verification(session).await.unwrap();
    assert_eq!(v.state, VerificationState::NotSensitive);
    assert!(f.verify.challenges().is_empty());
    let trail = f.trail().await;
    assert!(
        trail
            .iter()
            .any(|(kind, outcome)| kind == "verification.opinion" && outcome == "failed"),
        "{trail:?}"
    );
}
