//! A Relay pointed at a fresh simulated tenant, with one signed-up MSP admin.

use crate::support::{test_app, TestApp};
use app::states::ImportState;
use app::wire::{AutotaskCredentialsInput, CurrentUser, ImportProgress};
use relay_sim::{SimConfig, SimHandle};
use server::store::NewMspAdmin;
use std::time::{Duration, Instant};

pub struct Env {
    pub app: TestApp,
    pub sim: SimHandle,
    pub user: CurrentUser,
}

pub async fn env(companies: usize) -> Env {
    let sim = relay_sim::start(SimConfig {
        companies,
        ..SimConfig::default()
    })
    .await
    .expect("simulator");
    let zone = sim.zone_lookup_url();
    let app = test_app(&[("RELAY_AUTOTASK_ZONE_LOOKUP_URL", zone.as_str())]).await;
    let admin = app
        .state
        .store
        .create_msp_with_admin(NewMspAdmin {
            msp_name: "Harbour IT".into(),
            name: "Ada".into(),
            email: "ada@harbour-it.example".into(),
            password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
            now: 1_750_000_000_000,
        })
        .await
        .expect("admin");
    let user = CurrentUser {
        user_id: admin.id,
        msp_id: admin.msp_id,
        msp_name: "Harbour IT".into(),
        name: admin.name,
        email: admin.email,
    };
    Env { app, sim, user }
}

pub fn demo_input(sim: &SimHandle) -> AutotaskCredentialsInput {
    let c = sim.demo_credentials();
    AutotaskCredentialsInput {
        username: c.username,
        secret: c.secret,
        tracking_id: c.tracking_id,
    }
}

/// Polls the page view until the latest import is no longer running.
pub async fn wait_for_import(env: &Env) -> ImportProgress {
    use app::service::IntegrationService;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let page = env
            .app
            .state
            .integrations
            .autotask_page(&env.user)
            .await
            .expect("page");
        if let Some(p) = page.import.filter(|p| p.state != ImportState::Running) {
            return p;
        }
        assert!(Instant::now() < deadline, "import did not finish in time");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
