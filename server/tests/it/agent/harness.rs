//! A Relay with a seeded tenant on the simulator, a woken session, and a scripted brain (our
//! own trait, for runner mechanics; the model endpoint's fake lives in the simulator).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::pipeline::harness::{seed, Seeded, CONTOSO};
use crate::support::{test_app, TestApp};
use app::ids::{EventId, SessionId, TicketId};
use async_trait::async_trait;
use relay_sim::{SimConfig, SimHandle};
use serde_json::json;
use server::agent::brain::{Brain, BrainError, FixedBrain};
use server::agent::chat::{BrainReply, BrainRequest, Finish, ToolCall, Usage};
use server::agent::runner::{Budgets, Runner, RunnerConfig};
use server::autotask::TenantClient;
use server::integrations::Purpose;
use server::store::NewAgentSession;

pub const TICKET: i64 = 41_215;

pub struct Agented {
    pub app: TestApp,
    pub sim: SimHandle,
    pub seeded: Seeded,
}

pub async fn agented() -> Agented {
    let sim = relay_sim::start(SimConfig::default())
        .await
        .expect("simulator");
    let zone = sim.zone_lookup_url();
    let app = test_app(&[("RELAY_AUTOTASK_ZONE_LOOKUP_URL", &zone)]).await;
    let seeded = seed(&app.state.store, &app.state.cipher, &sim).await;
    Agented { app, sim, seeded }
}

impl Agented {
    /// A session woken for `ticket`, as the pipeline stores it.
    pub async fn wake(&self, ticket: i64) -> SessionId {
        let new = NewAgentSession {
            msp_id: self.seeded.msp,
            client_id: self.seeded.client,
            ticket_id: TicketId(ticket),
            source_event_id: EventId(ticket),
            context: json!({
                "ticket": { "id": ticket, "title": "Printer offline", "description": "Nobody can print" },
                "company": { "id": CONTOSO, "name": "Contoso Dental Group" },
            }),
            created_at: 1,
        };
        self.app
            .state
            .store
            .create_agent_session(new)
            .await
            .unwrap()
            .0
            .id
    }

    pub fn runner(&self, brain: Arc<Scripted>, budgets: Budgets) -> Runner {
        Runner::new(&self.app.state, config(budgets)).with_brains(Arc::new(FixedBrain(brain)))
    }

    pub async fn tenant(&self) -> TenantClient {
        let record = self
            .app
            .state
            .store
            .integration(self.seeded.integration)
            .await
            .unwrap()
            .unwrap();
        self.app
            .state
            .tenants
            .tenant(&record, Purpose::Interactive)
            .unwrap()
    }
}

pub fn config(budgets: Budgets) -> RunnerConfig {
    RunnerConfig {
        budgets,
        concurrency: 4,
        lease: Duration::from_secs(30),
        poll: Duration::from_millis(10),
        transient_retries: 3,
        transient_backoff: Duration::from_millis(1),
        retry_later: Duration::from_secs(60),
    }
}

pub const BUDGETS: Budgets = Budgets {
    tool_calls: 12,
    brain_calls: 6,
    tokens: 60_000,
};

/// Replies in order, then `then` for ever; records every request it got.
pub struct Scripted {
    replies: Mutex<VecDeque<Result<BrainReply, BrainError>>>,
    then: Result<BrainReply, BrainError>,
    pub requests: Mutex<Vec<BrainRequest>>,
}

impl Scripted {
    pub fn new(
        replies: Vec<Result<BrainReply, BrainError>>,
        then: Result<BrainReply, BrainError>,
    ) -> Arc<Self> {
        Arc::new(Self {
            replies: Mutex::new(replies.into()),
            then,
            requests: Mutex::default(),
        })
    }

    pub fn calls(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
}

#[async_trait]
impl Brain for Scripted {
    fn label(&self) -> String {
        "scripted test brain".into()
    }

    async fn complete(&self, request: &BrainRequest) -> Result<BrainReply, BrainError> {
        self.requests.lock().unwrap().push(request.clone());
        let next = self.replies.lock().unwrap().pop_front();
        next.unwrap_or_else(|| self.then.clone())
    }
}

pub fn stop() -> BrainReply {
    BrainReply {
        content: Some("Done.".into()),
        tool_calls: vec![],
        finish: Finish::Stop,
        usage: Usage {
            prompt_tokens: 100,
            completion_tokens: 10,
        },
    }
}

/// `n` calls of `tool` on the ticket.
pub fn calls(tool: &str, n: usize) -> BrainReply {
    BrainReply {
        content: None,
        tool_calls: (0..n)
            .map(|i| ToolCall {
                id: format!("call_{i}"),
                name: tool.into(),
                arguments: json!({ "ticketId": TICKET }),
            })
            .collect(),
        finish: Finish::ToolCalls,
        usage: Usage {
            prompt_tokens: 100,
            completion_tokens: 10,
        },
    }
}

pub const GET_TICKET: &str = "autotask:autotask-get-ticket";
