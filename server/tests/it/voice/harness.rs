//! A served Relay with the voice agent on, its contact index synced from a simulated tenant,
//! and the simulated voice platform pointed at it.

use crate::pipeline::harness::{seed, Seeded};
use crate::support::{test_app, TestApp};
use app::ids::{IntegrationId, MspId};
use app::states::VoiceCallState;
use relay_sim::voice::{VoiceAuth, VoicePlatform};
use relay_sim::{SimConfig, SimHandle};
use server::autotask::{Filter, Query, Ticket};
use server::integrations::Purpose;
use server::store::{VoiceCallRecord, VoiceDefaults};
use std::time::{Duration, Instant};

pub const CONTOSO: i64 = 612;
pub const ALICIA: i64 = 30_684_012;
pub const FABRIKAM: i64 = 744;
pub const EVAN: i64 = 30_684_077;
/// The company unknown callers are filed under in these tests (Northwind's own, company 0).
pub const DEFAULT_COMPANY: i64 = 0;
pub const DEFAULT_QUEUE: i64 = 29_683_481;

pub struct Voiced {
    pub app: TestApp,
    pub sim: SimHandle,
    pub integration: IntegrationId,
    pub msp: MspId,
    /// The voice secret in clear, as the admin copied it.
    pub secret: String,
}

impl Voiced {
    /// The voice server URL of the integration.
    pub fn url(&self) -> String {
        format!("{}/hooks/voice/{}", self.app.base_url(), self.integration)
    }

    pub fn platform(&self, hmac: bool) -> VoicePlatform {
        let auth = if hmac {
            VoiceAuth::Hmac(self.secret.clone())
        } else {
            VoiceAuth::SecretHeader(self.secret.clone())
        };
        VoicePlatform::new(self.url(), auth)
    }

    pub async fn call(&self, call_id: &str) -> VoiceCallRecord {
        let (calls, _) = self
            .app
            .state
            .store
            .list_voice_calls(self.msp, 100, 0)
            .await
            .unwrap();
        calls
            .into_iter()
            .find(|c| c.call_id == call_id)
            .expect("the call is kept")
    }

    /// Runs the voice worker until the call is done (or fails the test after a few seconds).
    pub async fn settle(&self, call_id: &str) -> VoiceCallRecord {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            self.app
                .state
                .voice
                .process_due(server::clock::now_ms())
                .await;
            let call = self.call(call_id).await;
            if call.state == VoiceCallState::Done {
                return call;
            }
            assert!(Instant::now() < deadline, "call not done in time: {call:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Every ticket in the simulated tenant marked with this call's id.
    pub async fn tickets_of_call(&self, call_id: &str) -> Vec<Ticket> {
        let record = self
            .app
            .state
            .store
            .integration(self.integration)
            .await
            .unwrap()
            .unwrap();
        let tenant = self
            .app
            .state
            .tenants
            .tenant(&record, Purpose::Interactive)
            .unwrap();
        let query = Query::new().filter(Filter::eq("externalID", format!("voice:{call_id}")));
        tenant.query_all::<Ticket>(&query).await.unwrap()
    }
}

/// Relay serving on a port, the voice agent enabled with defaults, the index synced.
pub async fn voiced() -> Voiced {
    let sim = relay_sim::start(SimConfig::default())
        .await
        .expect("simulator");
    let zone = sim.zone_lookup_url();
    let mut app = test_app(&[("RELAY_AUTOTASK_ZONE_LOOKUP_URL", &zone)]).await;
    let Seeded {
        msp, integration, ..
    } = seed(&app.state.store, &app.state.cipher, &sim).await;
    let record = app
        .state
        .store
        .integration(integration)
        .await
        .unwrap()
        .unwrap();
    let voice = app.state.voice.clone();
    let secret = voice.rotate_secret(&record).await.unwrap();
    let defaults = VoiceDefaults {
        enabled: true,
        queue_id: Some(DEFAULT_QUEUE),
        company_id: Some(DEFAULT_COMPANY),
        ..VoiceDefaults::default()
    };
    voice.save_defaults(&record, &defaults).await.unwrap();
    let synced = voice
        .sync_index(integration, true)
        .await
        .expect("index sync");
    assert!(
        synced.contacts == 19 && synced.companies == 14,
        "{synced:?}"
    );
    app.start(None);
    Voiced {
        app,
        sim,
        integration,
        msp,
        secret,
    }
}
