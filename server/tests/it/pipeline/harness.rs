//! A served Relay wired to a simulated Autotask tenant whose webhooks point at it.

use crate::store::queries::TestQueries;
use crate::support::{test_app, TestApp};
use app::ids::{ClientId, IntegrationId, MspId, ResourceId};
use relay_sim::{SimConfig, SimHandle};
use serde_json::{json, Value};
use server::crypto::Cipher;
use server::pipeline::{Worker, WorkerConfig};
use server::store::{
    ActivityRecord, NewClient, NewIntegration, NewMspAdmin, SealedSecrets, Store,
    WebhookEventRecord,
};
use std::time::{Duration, Instant};

/// The `?secret=` URL token.
pub const HOOK_SECRET: &str = "fake-url-token-0123456789";
/// The HMAC key, Autotask's `secretKey`: what the simulator signs with.
pub const HMAC_KEY: &str = "fake-hook-secret-0123456789";
pub const TECH: i64 = 29_682_910;
pub const CONTOSO: i64 = 612;
pub const ALICIA: i64 = 30_684_012;

pub struct Piped {
    pub app: TestApp,
    pub sim: SimHandle,
    pub worker: Worker,
    pub integration: IntegrationId,
    pub msp: MspId,
    pub client: ClientId,
}

/// Fast retries so fault tests finish in seconds.
pub fn quick_config() -> WorkerConfig {
    WorkerConfig {
        idle_poll: Duration::from_millis(10),
        base_backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(200),
        lease: Duration::from_secs(30),
        ..WorkerConfig::default()
    }
}

/// What `seed` stored: Northwind IT, its integration with the simulator's API user (webhook
/// URL token `HOOK_SECRET`, HMAC key `HMAC_KEY`), and its client Contoso Dental Group (company `CONTOSO`).
pub struct Seeded {
    pub msp: MspId,
    pub integration: IntegrationId,
    pub client: ClientId,
}

/// Seeds a store for the pipeline: shared with the crash test, which seeds the database the
/// real binary then opens.
pub async fn seed(store: &Store, cipher: &Cipher, sim: &SimHandle) -> Seeded {
    let admin = NewMspAdmin {
        msp_name: "Northwind IT".into(),
        name: "Ada Admin".into(),
        email: "ada@northwind.example".into(),
        password_hash: "not-a-real-hash".into(),
        now: 1,
    };
    let msp = store.create_msp_with_admin(admin).await.unwrap().msp_id;
    let creds = sim.demo_credentials();
    let cipher = cipher.clone();
    let api_secret = creds.secret.clone();
    let seal = move |id: IntegrationId| SealedSecrets {
        secret_enc: cipher.encrypt_str(&api_secret, format!("integration:{id}:secret").as_bytes()),
        webhook_secret_enc: cipher
            .encrypt_str(HOOK_SECRET, format!("integration:{id}:webhook").as_bytes()),
        webhook_hmac_key_enc: cipher
            .encrypt_str(HMAC_KEY, format!("integration:{id}:hmac").as_bytes()),
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
    Seeded {
        msp,
        integration,
        client,
    }
}

/// The application as production starts it (server and background tasks), except that the
/// test drives the worker (`settle`) so it decides when events are processed.
pub async fn piped(config: WorkerConfig) -> Piped {
    piped_with(config, NOTE_FIELDS).await
}

/// The note webhook's fields: `ticketID` (2) always shown, `title` and `description` watched.
pub const NOTE_FIELDS: &[(i64, bool, bool)] =
    &[(2, false, true), (3, true, false), (4, true, false)];

/// `piped` with the note webhook's fields chosen by the test (say, without `ticketID`).
pub async fn piped_with(config: WorkerConfig, note_fields: &[(i64, bool, bool)]) -> Piped {
    let sim = relay_sim::start(SimConfig::default())
        .await
        .expect("simulator");
    let zone = sim.zone_lookup_url();
    let mut app = test_app(&[("RELAY_AUTOTASK_ZONE_LOOKUP_URL", &zone)]).await;
    let Seeded {
        msp,
        integration,
        client,
    } = seed(&app.state.store, &app.state.cipher, &sim).await;
    app.start(None);
    let base = format!("{}/hooks/autotask/{integration}", app.base_url());
    // The API user is deliberately not excluded: Relay's own loop prevention is under test.
    register(
        &sim,
        "TicketWebhooks",
        &base,
        &[
            (2, false, true),
            (3, true, false),
            (5, true, false),
            (10, false, true),
        ],
    )
    .await;
    register(&sim, "TicketNoteWebhooks", &base, note_fields).await;
    let worker = server::pipeline::worker(&app.state, config);
    Piped {
        app,
        sim,
        worker,
        integration,
        msp,
        client,
    }
}

pub async fn register(sim: &SimHandle, entity: &str, base: &str, fields: &[(i64, bool, bool)]) {
    let id = create(
        sim,
        entity,
        json!({
            "name": format!("Relay {entity}"),
            "webhookUrl": format!("{base}?secret={HOOK_SECRET}"),
            "deactivationUrl": format!("{base}/deactivated?secret={HOOK_SECRET}"),
            "secretKey": HMAC_KEY, "isActive": true,
            "isSubscribedToCreateEvents": true, "isSubscribedToUpdateEvents": true,
            "isSubscribedToDeleteEvents": false,
            "notificationEmailAddress": "alerts@northwind.example",
        }),
    )
    .await;
    for (field, subscribed, always) in fields {
        create(
            sim,
            &format!("{entity}/{id}/Fields"),
            json!({ "fieldID": field, "isSubscribedField": subscribed, "isDisplayAlwaysField": always, "webhookID": id }),
        )
        .await;
    }
}

/// Creates a record over the tenant's REST API as its API user, as Autotask's UI would; returns
/// the new id.
async fn create(sim: &SimHandle, path: &str, body: Value) -> i64 {
    let c = sim.demo_credentials();
    let response = reqwest::Client::new()
        .post(format!("{}/ATServicesRest/V1.0/{path}", sim.base_url()))
        .header("ApiIntegrationCode", c.tracking_id)
        .header("UserName", c.username)
        .header("Secret", c.secret)
        .json(&body)
        .send()
        .await
        .expect("request sent");
    let status = response.status();
    let v: Value = response.json().await.unwrap_or(Value::Null);
    assert_eq!(status, reqwest::StatusCode::OK, "create {path}: {v}");
    v["itemId"].as_i64().expect("itemId")
}

impl Piped {
    pub fn new_ticket(&self, company: i64, title: &str) -> i64 {
        let fields = json!({
            "title": title, "description": format!("{title}: details from the customer"),
            "companyID": company, "contactID": if company == CONTOSO { Value::from(ALICIA) } else { Value::Null },
            "assignedResourceID": TECH, "assignedResourceRoleID": 29_682_834, "priority": 1,
        });
        self.sim
            .create_ticket(fields, relay_sim::Person::Resource(TECH))
            .expect("ticket created")
    }

    pub async fn events(&self) -> Vec<WebhookEventRecord> {
        self.app
            .state
            .store
            .webhook_events_of(self.integration)
            .await
            .unwrap()
    }

    /// Waits until at least `n` events are stored, then runs the worker until none is
    /// unfinished (retries included) except those a parked event of their ticket holds back.
    pub async fn settle(&self, n: usize) -> Vec<WebhookEventRecord> {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let events = self.events().await;
            let open = events
                .iter()
                .filter(|e| matches!(e.state.as_str(), "pending" | "processing" | "failed"))
                .filter(|e| !held_back(e, &events))
                .count();
            if events.len() >= n && open == 0 {
                return events;
            }
            assert!(
                Instant::now() < deadline,
                "events did not settle: {} stored, {open} open",
                events.len()
            );
            if self.worker.run_once().await.unwrap() == 0 {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }
    }

    pub async fn activity(&self) -> Vec<ActivityRecord> {
        self.app
            .state
            .store
            .list_activity(self.msp, None, 500, 0)
            .await
            .unwrap()
            .0
    }

    pub fn metric(&self, needle: &str) -> u64 {
        self.app
            .state
            .metrics
            .render()
            .lines()
            .find(|l| l.starts_with(needle))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse::<f64>().ok())
            .map_or(0, |v| v as u64)
    }
}

/// A parked event holds the later events of its ticket back until an admin retries or
/// dismisses it (by design), so those stay pending however long the worker runs.
pub fn held_back(event: &WebhookEventRecord, all: &[WebhookEventRecord]) -> bool {
    event.state.as_str() == "pending"
        && all.iter().any(|p| {
            p.id < event.id && p.order_key == event.order_key && p.state.as_str() == "parked"
        })
}
