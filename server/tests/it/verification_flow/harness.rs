//! A served Relay (runner and verification worker on) seeded with the simulated tenant, and the
//! simulated verification provider connected as the MSP's Traceless. Apps can be stopped and
//! started again on the same data directory (same database, same master key).

use std::future::Future;
use std::time::{Duration, Instant};

use crate::agent::harness::{config, BUDGETS};
use crate::pipeline::harness::{seed, Seeded, ALICIA, CONTOSO, TECH};
use crate::support::{test_app, TestApp};
use app::ids::{EventId, SessionId, TicketId};
use app::states::{PushMethod, UnverifiedPolicy, VerificationState, VerifierKind};
use relay_sim::verify::{
    start_verify, SimChallenge, VerifyHandle, FAKE_ORGANIZATION_ID, FAKE_SIGNING_SECRET,
};
use relay_sim::{Person, SimConfig, SimHandle};
use serde_json::json;
use server::store::{KeyChange, NewAgentSession, VerificationRecord, VerificationSettingsUpdate};
use server::verification::connect::secret_aad;
use server::verification::flow::texts::NOTE_TITLE;

pub const RESET: &str = "I'm locked out, please reset my password";

pub struct Flowed {
    pub app: TestApp,
    pub sim: SimHandle,
    pub verify: VerifyHandle,
    pub seeded: Seeded,
    dir: tempfile::TempDir,
}

pub async fn flowed() -> Flowed {
    flowed_with(true).await
}

/// `connect`: whether the simulated provider is connected (else no settings are saved).
pub async fn flowed_with(connect: bool) -> Flowed {
    let sim = relay_sim::start(SimConfig::default())
        .await
        .expect("simulator");
    let verify = start_verify("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut app = app_on(&sim, &dir).await;
    let seeded = seed(&app.state.store, &app.state.cipher, &sim).await;
    if connect {
        connect_provider(&app, &seeded, &verify.base_url(), 300).await;
    }
    app.start_with_runner(None, config(BUDGETS));
    Flowed {
        app,
        sim,
        verify,
        seeded,
        dir,
    }
}

async fn app_on(sim: &SimHandle, dir: &tempfile::TempDir) -> TestApp {
    let zone = sim.zone_lookup_url();
    let data = dir.path().display().to_string();
    test_app(&[
        ("RELAY_AUTOTASK_ZONE_LOOKUP_URL", &zone),
        ("RELAY_DATA_DIR", &data),
        ("RELAY_VERIFICATION_POLL_MS", "50"),
    ])
    .await
}

pub async fn connect_provider(app: &TestApp, seeded: &Seeded, base_url: &str, timeout_secs: i64) {
    let store = &app.state.store;
    let admin = store
        .user_by_email("ada@northwind.example")
        .await
        .unwrap()
        .unwrap();
    let sealed = app
        .state
        .cipher
        .encrypt_str(FAKE_SIGNING_SECRET, &secret_aad(seeded.msp));
    let update = VerificationSettingsUpdate {
        provider: Some(VerifierKind::Traceless),
        base_url: base_url.to_owned(),
        account_id: FAKE_ORGANIZATION_ID.into(),
        secret: KeyChange::Set(sealed),
        paths: None,
        default_push: PushMethod::MicrosoftAuthenticator,
        timeout_secs,
        without_provider: UnverifiedPolicy::FlagForTechnician,
        updated_by: admin.id,
        now: 1,
    };
    store
        .save_verification_settings(seeded.msp, update)
        .await
        .unwrap();
}

impl Flowed {
    /// Another application on the same database and key, started (a restart, or a replica).
    pub async fn another_app(&self) -> TestApp {
        let mut app = app_on(&self.sim, &self.dir).await;
        app.start_with_runner(None, config(BUDGETS));
        app
    }

    /// A ticket in the simulated tenant raised by Alicia (or with no contact).
    pub fn ticket(&self, title: &str, contact: Option<i64>) -> i64 {
        let mut fields = json!({ "title": title, "description": "Sent from the portal",
            "companyID": CONTOSO, "assignedResourceID": TECH, "assignedResourceRoleID": 29_682_834,
            "priority": 2 });
        if let Some(contact) = contact {
            fields["contactID"] = json!(contact);
        }
        self.sim
            .create_ticket(fields, Person::Resource(TECH))
            .expect("ticket")
    }

    /// A session woken for `ticket` as the pipeline stores it (unread, for the runner).
    pub async fn wake(&self, ticket: i64, title: &str) -> SessionId {
        let new = NewAgentSession {
            msp_id: self.seeded.msp,
            client_id: self.seeded.client,
            ticket_id: TicketId(ticket),
            source_event_id: EventId(ticket),
            context: json!({
                "ticket": { "id": ticket, "title": title, "description": "Sent from the portal" },
                "company": { "id": CONTOSO, "name": "Contoso Dental Group" },
                "contact": { "id": ALICIA, "name": "Alicia Park" },
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

    pub async fn verification(&self, session: SessionId) -> Option<VerificationRecord> {
        self.app
            .state
            .store
            .session_verification(session)
            .await
            .unwrap()
    }

    /// The one challenge the provider got, once it has it.
    pub async fn challenge(&self) -> SimChallenge {
        until("a challenge at the provider", || async {
            self.verify.challenges().into_iter().next()
        })
        .await
    }

    /// The session's verification once the worker has recorded the sent challenge (the provider
    /// has it a moment before the row says so).
    pub async fn pending(&self, session: SessionId) -> VerificationRecord {
        until("the verification to be pending", || async {
            self.verification(session)
                .await
                .filter(|v| v.state == VerificationState::Pending)
        })
        .await
    }

    /// The texts of Relay's verification notes on the ticket, oldest first.
    pub fn verification_notes(&self, ticket: i64) -> Vec<String> {
        self.sim
            .notes(ticket)
            .into_iter()
            .filter(|n| n.title.as_deref() == Some(NOTE_TITLE))
            .map(|n| n.description)
            .collect()
    }

    /// Notes written by anything else (the agent).
    pub fn other_notes(&self, ticket: i64) -> Vec<String> {
        self.sim
            .notes(ticket)
            .into_iter()
            .filter(|n| n.title.as_deref() != Some(NOTE_TITLE))
            .map(|n| n.description)
            .collect()
    }

    /// The MSP's activity trail as (kind, outcome), oldest first.
    pub async fn trail(&self) -> Vec<(String, String)> {
        use super::queries::FlowQueries;
        self.app
            .state
            .store
            .list_activity_for_tests(self.seeded.msp)
            .await
    }

    /// Waits for the session's verification to reach an outcome and its timer to go.
    pub async fn settled(&self, session: SessionId) -> VerificationRecord {
        let store = &self.app.state.store;
        until("the verification to be reported", || async {
            let v = store.session_verification(session).await.unwrap()?;
            let timer = store.verification_timer(v.id).await.unwrap();
            (v.decided_at.is_some() && timer.is_none()).then_some(v)
        })
        .await
    }
}

/// Polls `probe` every 20 ms until it gives a value; panics after 20 s.
pub async fn until<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(value) = probe().await {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Gives a wrong second round (a duplicate note, a late change) time to show itself.
pub async fn linger() {
    tokio::time::sleep(Duration::from_millis(600)).await;
}
