//! The runner: claims and releases, turns, per-wake budgets and the brain's errors.

use std::time::Duration;

use super::harness::{agented, calls, stop, Scripted, BUDGETS, GET_TICKET, TICKET};
use app::ids::EventId;
use app::states::SessionStatus;
use serde_json::json;
use server::agent::brain::BrainError;
use server::agent::chat::ChatMessage;
use server::agent::runner::Budgets;

#[tokio::test]
async fn a_woken_session_is_worked_then_released_idle() {
    let a = agented().await;
    let session = a.wake(TICKET).await;
    let brain = Scripted::new(vec![Ok(calls(GET_TICKET, 1))], Ok(stop()));
    let runner = a.runner(brain.clone(), BUDGETS);
    assert_eq!(runner.run_once().await, 1);
    let store = &a.app.state.store;
    let state = store.agent_session_state(session).await.unwrap().unwrap();
    assert_eq!(state.status, SessionStatus::Idle);
    assert_eq!((state.input_seq, state.read_seq, state.turns), (1, 1, 2));
    assert_eq!(state.lease_owner, None);
    let kinds: Vec<String> = store
        .session_entries(session)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds, ["context", "brain", "tool", "brain"]);
    assert_eq!(brain.calls(), 2);
    // The brain saw the ticket as data, after Relay's instructions, and the tool result.
    let second = brain.requests.lock().unwrap()[1].messages.clone();
    assert!(
        matches!(&second[0], ChatMessage::System { content } if content.contains("never instructions"))
    );
    assert!(
        matches!(&second[1], ChatMessage::Data { content, .. } if content.contains("Printer offline"))
    );
    assert!(second
        .iter()
        .any(|m| matches!(m, ChatMessage::Tool { name, .. } if name == GET_TICKET)));
    let journal = store.session_tool_calls(session).await.unwrap();
    assert_eq!(journal.len(), 1);
    assert_eq!(journal[0].relay_ref, format!("RLY-{}-1-0", session.get()));
    // Nothing unread: the next pass claims nothing.
    assert_eq!(runner.run_once().await, 0);

    // A message makes it work again, with the message in the conversation as data.
    store
        .add_session_message(
            session,
            EventId(900),
            json!({"note": {"title": "Reply", "text": "Still broken"}}),
            2,
        )
        .await
        .unwrap();
    assert_eq!(runner.run_once().await, 1);
    let last = brain
        .requests
        .lock()
        .unwrap()
        .last()
        .unwrap()
        .messages
        .clone();
    assert!(last.iter().any(
        |m| matches!(m, ChatMessage::Data { content, .. } if content.contains("Still broken"))
    ));
    let state = store.agent_session_state(session).await.unwrap().unwrap();
    assert_eq!((state.status, state.read_seq), (SessionStatus::Idle, 2));
}

#[tokio::test]
async fn the_tool_call_budget_ends_the_run() {
    let a = agented().await;
    let session = a.wake(TICKET).await;
    // Five calls a turn for ever: the twelfth is the last one run.
    let brain = Scripted::new(vec![], Ok(calls(GET_TICKET, 5)));
    a.runner(brain.clone(), BUDGETS).run_once().await;
    let store = &a.app.state.store;
    let state = store.agent_session_state(session).await.unwrap().unwrap();
    assert_eq!(state.status, SessionStatus::BudgetExhausted);
    assert!(state
        .status_reason
        .unwrap()
        .contains("tool-call budget of 12"));
    assert_eq!(store.session_tool_calls(session).await.unwrap().len(), 12);
    assert_eq!(brain.calls(), 3);
    let entries = store.session_entries(session).await.unwrap();
    let last = entries.last().unwrap();
    assert_eq!(last.kind, "stop");
    assert_eq!(last.body["status"], "budget_exhausted");
    // Budgets are per wake: nothing runs again until new input arrives.
    assert_eq!(a.runner(brain.clone(), BUDGETS).run_once().await, 0);
}

#[tokio::test]
async fn the_brain_call_budget_ends_the_run() {
    let a = agented().await;
    let session = a.wake(TICKET).await;
    let brain = Scripted::new(vec![], Ok(calls(GET_TICKET, 1)));
    let budgets = Budgets {
        brain_calls: 6,
        ..BUDGETS
    };
    a.runner(brain.clone(), budgets).run_once().await;
    let state = a
        .app
        .state
        .store
        .agent_session_state(session)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(state.status, SessionStatus::BudgetExhausted);
    assert!(state
        .status_reason
        .unwrap()
        .contains("brain-call budget of 6"));
    assert_eq!(brain.calls(), 6);
    assert_eq!(
        a.app
            .state
            .store
            .session_tool_calls(session)
            .await
            .unwrap()
            .len(),
        6
    );
}

#[tokio::test]
async fn the_token_budget_ends_the_run() {
    let a = agented().await;
    let session = a.wake(TICKET).await;
    let brain = Scripted::new(vec![], Ok(calls(GET_TICKET, 1)));
    // 110 tokens a reply: the third reply crosses 300.
    let budgets = Budgets {
        tokens: 300,
        ..BUDGETS
    };
    a.runner(brain.clone(), budgets).run_once().await;
    let state = a
        .app
        .state
        .store
        .agent_session_state(session)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(state.status, SessionStatus::BudgetExhausted);
    assert!(state.status_reason.unwrap().contains("token budget"));
    assert_eq!(brain.calls(), 3);
    let max: Vec<u32> = brain
        .requests
        .lock()
        .unwrap()
        .iter()
        .map(|r| r.max_tokens)
        .collect();
    assert_eq!(max, [300, 190, 80], "each reply is capped by what is left");
}

#[tokio::test]
async fn refused_credentials_fail_the_session_with_the_reason() {
    let a = agented().await;
    let session = a.wake(TICKET).await;
    let brain = Scripted::new(vec![], Err(BrainError::Auth("401 invalid key".into())));
    a.runner(brain.clone(), BUDGETS).run_once().await;
    let state = a
        .app
        .state
        .store
        .agent_session_state(session)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(state.status, SessionStatus::Failed);
    assert!(state.status_reason.unwrap().contains("401 invalid key"));
    assert_eq!(brain.calls(), 1, "never retried");
}

#[tokio::test]
async fn rate_limits_release_the_session_until_the_delay() {
    let a = agented().await;
    let session = a.wake(TICKET).await;
    let limited = BrainError::RateLimited {
        retry_after: Some(Duration::from_secs(120)),
    };
    let brain = Scripted::new(vec![Err(limited)], Ok(stop()));
    let runner = a.runner(brain.clone(), BUDGETS);
    assert_eq!(runner.run_once().await, 1);
    let state = a
        .app
        .state
        .store
        .agent_session_state(session)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (state.status, state.read_seq),
        (SessionStatus::Ready, 0),
        "still unread"
    );
    let wait = state.lease_expires_at.unwrap() - server::clock::now_ms();
    assert!(
        (100_000..=120_000).contains(&wait),
        "claimable again in about 120 s, not {wait} ms"
    );
    assert_eq!(runner.run_once().await, 0, "not before the delay");
}

#[tokio::test]
async fn transient_failures_are_retried_a_few_times() {
    let a = agented().await;
    let session = a.wake(TICKET).await;
    let flaky = || Err(BrainError::Transient("502".into()));
    let brain = Scripted::new(vec![flaky(), flaky()], Ok(stop()));
    a.runner(brain.clone(), BUDGETS).run_once().await;
    let state = a
        .app
        .state
        .store
        .agent_session_state(session)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(state.status, SessionStatus::Idle);
    assert_eq!(brain.calls(), 3);

    let other = a.wake(TICKET + 1).await;
    let down = Scripted::new(vec![], flaky());
    a.runner(down.clone(), BUDGETS).run_once().await;
    let state = a
        .app
        .state
        .store
        .agent_session_state(other)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(state.status, SessionStatus::Failed);
    assert_eq!(down.calls(), 4, "one try and three retries");
}

#[tokio::test]
async fn an_overflowing_conversation_is_shrunk_once_then_fails() {
    let a = agented().await;
    let session = a.wake(TICKET).await;
    let brain = Scripted::new(
        vec![Ok(calls(GET_TICKET, 2)), Err(BrainError::ContextOverflow)],
        Ok(stop()),
    );
    a.runner(brain.clone(), BUDGETS).run_once().await;
    let state = a
        .app
        .state
        .store
        .agent_session_state(session)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(state.status, SessionStatus::Idle);
    let retried = brain.requests.lock().unwrap()[2].messages.clone();
    let dropped = retried
        .iter()
        .filter(|m| matches!(m, ChatMessage::Tool { content, .. } if content.contains("dropped")))
        .count();
    assert_eq!(dropped, 1, "the oldest of two results dropped");

    let other = a.wake(TICKET + 1).await;
    let always = Scripted::new(
        vec![Ok(calls(GET_TICKET, 1))],
        Err(BrainError::ContextOverflow),
    );
    a.runner(always.clone(), BUDGETS).run_once().await;
    let state = a
        .app
        .state
        .store
        .agent_session_state(other)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(state.status, SessionStatus::Failed);
    assert_eq!(
        always.calls(),
        3,
        "the reply, one overflow, one shrunk retry"
    );
}
