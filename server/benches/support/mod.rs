//! One Relay for the benchmarks that need Autotask: built as production builds it (its
//! background tasks not started; each bench drives what it measures), on SQLite in a temporary
//! directory, with an MSP connected to the in-process simulator and Contoso imported.

// Each bench uses the part it needs.
#![allow(dead_code)]

use crate::queries::TestQueries;
use app::ids::{ClientId, EventId, IntegrationId, MspId, ResourceId, SessionId, TicketId, UserId};
use relay_sim::{Person, SimHandle};
use serde_json::{json, Value};
use server::autotask::TenantClient;
use server::config::{Load, Settings};
use server::integrations::Purpose;
use server::store::{NewAgentSession, NewClient, NewIntegration, NewMspAdmin, SealedSecrets};
use server::{AppState, Application};
use std::time::Duration;

pub const CONTOSO: i64 = 612;
pub const ALICIA: i64 = 30_684_012;
pub const TECH: i64 = 29_682_910;

pub struct Bench {
    pub app: Application,
    pub state: AppState,
    pub sim: SimHandle,
    pub msp: MspId,
    pub admin: UserId,
    pub client: ClientId,
    pub integration: IntegrationId,
    _dir: tempfile::TempDir,
}

pub async fn bench_app() -> Bench {
    let sim = relay_sim::start(relay_sim::SimConfig::default())
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().display().to_string();
    let zone = sim.zone_lookup_url();
    let env = |k: &str| match k {
        "RELAY_DATA_DIR" => Some(data.clone()),
        "RELAY_BIND" => Some("127.0.0.1:0".into()),
        "RELAY_AUTOTASK_ZONE_LOOKUP_URL" => Some(zone.clone()),
        "RELAY_AUTOTASK_ALLOW_INSECURE_HTTP" => Some("true".into()),
        "RELAY_LOG_LEVEL" => Some("error".into()),
        _ => None,
    };
    let Ok(Load::Run(settings)) = Settings::load(Vec::<String>::new(), env) else {
        panic!("settings")
    };
    let app = Application::build(settings).await.unwrap();
    let state = app.state().clone();
    let store = state.store.clone();
    let admin = NewMspAdmin {
        msp_name: "Bench IT".into(),
        name: "Ada".into(),
        email: "ada@bench.example".into(),
        password_hash: "not-a-real-hash".into(),
        now: 1,
    };
    let admin = store.create_msp_with_admin(admin).await.unwrap();
    let msp = admin.msp_id;
    let creds = sim.demo_credentials();
    let cipher = state.cipher.clone();
    let api_secret = creds.secret.clone();
    let seal = move |id: IntegrationId| SealedSecrets {
        secret_enc: cipher.encrypt_str(&api_secret, format!("integration:{id}:secret").as_bytes()),
        webhook_secret_enc: cipher.encrypt_str(
            "fake-bench-token",
            format!("integration:{id}:webhook").as_bytes(),
        ),
        webhook_hmac_key_enc: cipher.encrypt_str(
            "fake-bench-hmac",
            format!("integration:{id}:hmac").as_bytes(),
        ),
    };
    let new = NewIntegration {
        msp_id: msp,
        username: creds.username.clone(),
        tracking_id: creds.tracking_id.clone(),
        zone_url: sim.rest_base(),
        web_url: sim.base_url(),
        api_user_resource_id: ResourceId(sim.api_user_resource_id()),
        now: 1,
    };
    let integration = store.create_integration(new, &seal).await.unwrap().id;
    let contoso = NewClient {
        msp_id: msp,
        name: "Contoso Dental Group".into(),
        autotask_id: CONTOSO.to_string(),
        now: 1,
    };
    let client = store.upsert_autotask_client(contoso).await.unwrap().0.id;
    Bench {
        app,
        state,
        sim,
        msp,
        admin: admin.id,
        client,
        integration,
        _dir: dir,
    }
}

impl Bench {
    /// A new ticket for Contoso with `extra` fields (an assignee, for example).
    pub fn ticket_with(&self, i: usize, extra: Value) -> i64 {
        let mut fields = json!({ "title": format!("Printer offline {i}"),
            "description": "Nobody on the 2nd floor can print",
            "companyID": CONTOSO, "contactID": ALICIA, "priority": 1 });
        if let (Some(fields), Value::Object(extra)) = (fields.as_object_mut(), extra) {
            fields.extend(extra);
        }
        self.sim
            .create_ticket(fields, Person::Resource(TECH))
            .unwrap()
    }

    pub fn ticket(&self, i: usize) -> i64 {
        self.ticket_with(i, Value::Null)
    }

    /// A session woken for `ticket` with the context the pipeline stores.
    pub async fn wake(&self, ticket: i64) -> SessionId {
        let new = NewAgentSession {
            msp_id: self.msp,
            client_id: self.client,
            ticket_id: TicketId(ticket),
            source_event_id: EventId(ticket),
            context: json!({
                "ticket": { "id": ticket, "title": "Printer offline", "description": "Nobody on the 2nd floor can print" },
                "company": { "id": CONTOSO, "name": "Contoso Dental Group" },
            }),
            created_at: server::clock::now_ms(),
        };
        let store = &self.state.store;
        let id = store.create_agent_session(new).await.unwrap().0.id;
        // As the pipeline worker does once the wake is committed.
        self.state.agent_wake.notify();
        id
    }

    pub async fn tenant(&self) -> TenantClient {
        let store = &self.state.store;
        let record = store.integration(self.integration).await.unwrap().unwrap();
        self.state
            .tenants
            .tenant(&record, Purpose::Background)
            .unwrap()
    }
}

/// The value at percentile `p` of sorted samples, in milliseconds.
pub fn pct(sorted: &[Duration], p: f64) -> f64 {
    let d = sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)];
    d.as_secs_f64() * 1_000.0
}
