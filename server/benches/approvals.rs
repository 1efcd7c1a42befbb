//! Approval benchmarks (plain `main`, run with `cargo bench -p server --bench approvals`) on
//! SQLite. (a) The GET of `/approve/{token}` through the whole router (middleware, token hash
//! lookup, plan, session, client and integration reads, HTML) with 200 pending plans in the
//! MSP; goal p99 under 20 ms. (b) Decision to execution: the technician presses Approve on the
//! link page (link-only approvals) and the production runner, woken by the decision, checks
//! the ticket for drift and runs the approved update against the simulator; from the POST until
//! the simulated ticket shows the change. Goal p50 under 200 ms.

/// The test tree's store reads and client seeding (not product methods).
#[allow(dead_code)]
#[path = "../tests/it/store/queries.rs"]
mod queries;
mod support;

use app::ids::{ClientId, EventId, IntegrationId, MspId, ResourceId, TicketId};
use app::states::ClientMode;
use async_trait::async_trait;
use axum::body::Body;
use serde_json::{json, Value};
use server::agent::brain::{Brain, BrainError, FixedBrain};
use server::agent::chat::{BrainReply, BrainRequest, ChatMessage, Finish, ToolCall, Usage};
use server::agent::runner::{Runner, RunnerConfig};
use server::crypto::{random_token, sha256_hex};
use server::store::{Approver, NewAgentSession, NewApprovalPlan, Store};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{bench_app, pct, Bench, TECH};
use tower::ServiceExt;

const PLANS: usize = 200;
const WARMUP: usize = 200;
const REQUESTS: usize = 4_000;
const DECISIONS: usize = 100;
/// The technician's role on the simulated tenant (resource assignment needs one).
const TECH_ROLE: i64 = 29_682_834;

/// One pending plan per ticket; the tokens, as the notes would carry them.
async fn plans(
    store: &Store,
    msp: MspId,
    client: ClientId,
    integration: IntegrationId,
) -> Vec<String> {
    let far = server::clock::now_ms() + 86_400_000;
    let mut tokens = Vec::with_capacity(PLANS);
    for i in 0..PLANS as i64 {
        // Far from the simulator's ids: these tickets exist only in Relay.
        let ticket = 1_000_000_000 + i;
        let session = NewAgentSession {
            msp_id: msp,
            client_id: client,
            ticket_id: TicketId(ticket),
            source_event_id: EventId(ticket),
            context: json!({ "ticket": { "id": ticket, "number": format!("T20261130.{i:04}"),
                "title": format!("Printer offline {i}") } }),
            created_at: 1,
        };
        let session = store.create_agent_session(session).await.unwrap().0;
        let token = random_token(32);
        let new = NewApprovalPlan {
            msp_id: msp,
            client_id: client,
            session_id: session.id,
            integration_id: integration,
            ticket_id: TicketId(ticket),
            turn: 1,
            intent: "Close the solved ticket".into(),
            steps: json!([{ "tool_call_id": 1, "tool": "autotask-update-ticket",
                "arguments": { "ticketId": ticket, "status": 5, "priority": 2 },
                "changes": [{ "field": "status", "before": "New", "after": "Complete" },
                            { "field": "priority", "before": "Low", "after": "Medium" }] }]),
            plan_hash: format!("{ticket:064}"),
            code: format!("R-{}", &format!("{:04}", i + 1000)[..4]),
            approver: Some(Approver {
                resource_id: ResourceId(29_682_885),
                name: "Tom Tech".into(),
                email: Some("tom.tech@bench.example".into()),
            }),
            token_hash: sha256_hex(&token),
            created_at: 1,
            expires_at: far,
            tool_call_ids: Vec::new(),
        };
        store.create_approval_plan(&new).await.unwrap();
        tokens.push(token);
    }
    tokens
}

/// (a) The link page's GET, one request at a time, through the whole router.
async fn page_get(b: &Bench) {
    let store = &b.state.store;
    let tokens = plans(store, b.msp, b.client, b.integration).await;
    let router = b.app.router();
    let get = |token: &str| {
        http::Request::get(format!("/approve/{token}"))
            .header("host", "relay.test")
            .header("accept", "text/html")
            .body(Body::empty())
            .unwrap()
    };
    for i in 0..WARMUP {
        let res = router
            .clone()
            .oneshot(get(&tokens[i % PLANS]))
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    let mut samples = Vec::with_capacity(REQUESTS);
    let started = Instant::now();
    for i in 0..REQUESTS {
        // A stride through the plans, so consecutive requests read different rows.
        let token = &tokens[(i * 37) % PLANS];
        let t = Instant::now();
        let res = router.clone().oneshot(get(token)).await.unwrap();
        let body = axum::body::to_bytes(res.into_body(), 1 << 20)
            .await
            .unwrap();
        samples.push(t.elapsed());
        assert!(body.len() > 1_000);
    }
    let total = started.elapsed();
    samples.sort();
    println!(
        "(a) approval page GET, {PLANS} pending plans, {REQUESTS} requests: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, {:.0} req/s (one at a time) (goal p99 < 20 ms)",
        pct(&samples, 0.5),
        pct(&samples, 0.99),
        pct(&samples, 1.0),
        REQUESTS as f64 / total.as_secs_f64()
    );
}

/// The bench's brain: the plan note, then closing the ticket (which waits for approval), then
/// nothing more. Deterministic, so only Relay's own path is measured.
struct PlanThenClose;

#[async_trait]
impl Brain for PlanThenClose {
    fn label(&self) -> String {
        "bench brain".into()
    }

    async fn complete(&self, request: &BrainRequest) -> Result<BrainReply, BrainError> {
        let ticket = request
            .messages
            .iter()
            .find_map(|m| match m {
                ChatMessage::Data { content, .. } => serde_json::from_str::<Value>(content)
                    .ok()?
                    .pointer("/ticket/id")
                    .and_then(Value::as_i64),
                _ => None,
            })
            .expect("the wake context names the ticket");
        let asked = request
            .messages
            .iter()
            .filter(|m| matches!(m, ChatMessage::Assistant { tool_calls, .. } if !tool_calls.is_empty()))
            .count();
        let call = |name: &str, arguments: Value| ToolCall {
            id: format!("call_{asked}"),
            name: name.into(),
            arguments,
        };
        let (tool_calls, finish) = match asked {
            0 => (
                vec![call(
                    "autotask:autotask-internal-note",
                    json!({ "ticketId": ticket, "text": "Plan: the printer works again, close the ticket." }),
                )],
                Finish::ToolCalls,
            ),
            1 => (
                vec![call(
                    "autotask:autotask-update-ticket",
                    json!({ "ticketId": ticket, "status": "Complete" }),
                )],
                Finish::ToolCalls,
            ),
            _ => (Vec::new(), Finish::Stop),
        };
        Ok(BrainReply {
            content: Some("The customer confirmed the printer works again.".into()),
            tool_calls,
            finish,
            usage: Usage {
                prompt_tokens: 100,
                completion_tokens: 10,
            },
        })
    }
}

/// The token of the plan note's approve link, once the note is on the ticket.
async fn approve_token(b: &Bench, ticket: i64) -> String {
    let started = Instant::now();
    loop {
        let link = b.sim.notes(ticket).into_iter().find_map(|n| {
            let at = n.description.find("/approve/")? + "/approve/".len();
            Some(
                n.description[at..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect::<String>(),
            )
        });
        if let Some(token) = link.filter(|t| !t.is_empty()) {
            return token;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "no plan note");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

/// The hidden `name` field's value in a page's form.
fn hidden(page: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let at = page
        .find(&marker)
        .unwrap_or_else(|| panic!("no form on the page: {page}"))
        + marker.len();
    page[at..].split('"').next().unwrap().to_string()
}

/// (b) Approve on the link page; the runner (production settings, running in the background)
/// is woken by the decision and runs the update; until the simulated ticket is Complete.
async fn decision_to_execution(b: &Bench) {
    let store = &b.state.store;
    store
        .set_client_mode(b.msp, b.client, ClientMode::Execute, 1)
        .await
        .unwrap();
    // No outgoing mail in the bench: links decide without a mailed code.
    assert!(store
        .set_approval_link_only(b.msp, b.integration, true, b.admin, 1)
        .await
        .unwrap());
    let runner = Runner::new(&b.state, RunnerConfig::from_settings(&b.state.settings))
        .with_brains(Arc::new(FixedBrain(Arc::new(PlanThenClose))));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let running = tokio::spawn(runner.run(stopped));
    let router = b.app.router();
    let mut lat = Vec::with_capacity(DECISIONS);
    for i in 0..DECISIONS {
        let ticket = b.ticket_with(
            i,
            json!({ "assignedResourceID": TECH, "assignedResourceRoleID": TECH_ROLE }),
        );
        b.wake(ticket).await;
        let token = approve_token(b, ticket).await;
        let page = http::Request::get(format!("/approve/{token}"))
            .header("host", "relay.test")
            .header("accept", "text/html")
            .body(Body::empty())
            .unwrap();
        let res = router.clone().oneshot(page).await.unwrap();
        let page = axum::body::to_bytes(res.into_body(), 1 << 20)
            .await
            .unwrap();
        let page = String::from_utf8_lossy(&page);
        let form = format!("ts={}&mac={}", hidden(&page, "ts"), hidden(&page, "mac"));
        let post = http::Request::post(format!("/approve/{token}"))
            .header("host", "relay.test")
            .header("origin", "http://relay.test")
            .header("accept", "text/html")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(form))
            .unwrap();
        let started = Instant::now();
        let res = router.clone().oneshot(post).await.unwrap();
        assert!(res.status().is_success(), "decided: {}", res.status());
        while b.sim.record("Tickets", ticket).unwrap()["status"] != 5 {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "never executed"
            );
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        lat.push(started.elapsed());
    }
    let _ = stop.send(true);
    let _ = running.await;
    lat.sort();
    println!(
        "(b) decision to execution over {DECISIONS} approvals (link POST until the simulated \
         ticket is Complete, runner woken by the decision): p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms \
         (goal p50 < 200 ms)",
        pct(&lat, 0.5),
        pct(&lat, 0.9),
        pct(&lat, 0.99)
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let b = bench_app().await;
    // Decisions first: the page bench's plans have no simulated tickets for a runner to work.
    decision_to_execution(&b).await;
    page_get(&b).await;
    b.sim.shutdown();
}
