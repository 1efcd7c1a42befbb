//! Approval link page benchmark (plain `main`, run with `cargo bench -p server --bench
//! approvals`) on SQLite: the GET of `/approve/{token}` through the whole router (middleware,
//! token hash lookup, plan, session, client and integration reads, HTML) with 200 pending plans
//! in the MSP. Goal: p99 under 20 ms.

/// The test tree's store reads and client seeding (not product methods).
#[allow(dead_code)]
#[path = "../tests/it/store/queries.rs"]
mod queries;

use app::ids::{ClientId, EventId, IntegrationId, MspId, ResourceId, TicketId};
use axum::body::Body;
use queries::TestQueries;
use serde_json::json;
use server::config::{Load, Settings};
use server::crypto::{random_token, sha256_hex};
use server::store::{
    Approver, NewAgentSession, NewApprovalPlan, NewClient, NewIntegration, NewMspAdmin,
    SealedSecrets, Store,
};
use server::Application;
use std::time::{Duration, Instant};
use tower::ServiceExt;

const PLANS: usize = 200;
const WARMUP: usize = 200;
const REQUESTS: usize = 4_000;

async fn seed(store: &Store) -> (MspId, ClientId, IntegrationId) {
    let admin = NewMspAdmin {
        msp_name: "Bench IT".into(),
        name: "Ada".into(),
        email: "ada@bench.example".into(),
        password_hash: "not-a-real-hash".into(),
        now: 1,
    };
    let msp = store.create_msp_with_admin(admin).await.unwrap().msp_id;
    let seal = |id: IntegrationId| SealedSecrets {
        secret_enc: format!("fake-sealed-{id}"),
        webhook_secret_enc: format!("fake-sealed-webhook-{id}"),
        webhook_hmac_key_enc: format!("fake-sealed-hmac-{id}"),
    };
    let new = NewIntegration {
        msp_id: msp,
        username: "relay-api@bench.example".into(),
        tracking_id: "FAKE-TRACKING-ID".into(),
        zone_url: "http://127.0.0.1:9/atservicesrest/v1.0".into(),
        web_url: "https://ww1.autotask.example/".into(),
        api_user_resource_id: ResourceId(1),
        now: 1,
    };
    let integration = store.create_integration(new, &seal).await.unwrap().id;
    let client = NewClient {
        msp_id: msp,
        name: "Contoso Dental Group".into(),
        autotask_id: "612".into(),
        now: 1,
    };
    let client = store.upsert_autotask_client(client).await.unwrap().0.id;
    (msp, client, integration)
}

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
        let ticket = 10_000 + i;
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

fn percentiles(mut samples: Vec<Duration>) -> (Duration, Duration, Duration) {
    samples.sort();
    let at = |p: f64| samples[((samples.len() as f64 * p) as usize).min(samples.len() - 1)];
    (at(0.5), at(0.99), *samples.last().unwrap())
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().display().to_string();
    let env = |k: &str| match k {
        "RELAY_DATA_DIR" => Some(data.clone()),
        "RELAY_BIND" => Some("127.0.0.1:0".into()),
        "RELAY_LOG_LEVEL" => Some("error".into()),
        _ => None,
    };
    let Ok(Load::Run(settings)) = Settings::load(Vec::<String>::new(), env) else {
        panic!("settings")
    };
    let app = Application::build(settings).await.unwrap();
    let store = app.state().store.clone();
    let (msp, client, integration) = seed(&store).await;
    let tokens = plans(&store, msp, client, integration).await;
    let router = app.router();
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
    let (p50, p99, max) = percentiles(samples);
    println!(
        "approval page GET, {PLANS} pending plans, {REQUESTS} requests: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, {:.0} req/s (one at a time)",
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3,
        REQUESTS as f64 / total.as_secs_f64()
    );
    assert!(p99 < Duration::from_millis(20), "goal: p99 under 20 ms");
}
