//! Backfill benchmark against the in-process simulator over HTTP, into a fresh SQLite store:
//! 5,000 tickets changed while the webhook was silent are read (pages of 500, at the
//! governor's pace) and stored as synthetic events. Prints the time, the Autotask requests
//! spent and the events queued; a second run must queue nothing.

use app::wire::{AutotaskCredentialsInput, SetupInput};
use relay_sim::{Person, SimConfig};
use serde_json::json;
use server::config::{Load, Settings};
use server::crypto::{Cipher, MasterKey};
use server::integrations::webhooks::WebhookRegistrar;
use server::AppState;
use std::time::Instant;

const TICKETS: usize = 5_000;

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(run());
}

async fn run() {
    let sim = relay_sim::start(SimConfig::default()).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().display().to_string();
    let zone = sim.zone_lookup_url();
    let env = |k: &str| match k {
        "RELAY_DATA_DIR" => Some(data.clone()),
        "RELAY_AUTOTASK_ZONE_LOOKUP_URL" => Some(zone.clone()),
        "RELAY_AUTOTASK_ALLOW_INSECURE_HTTP" => Some("true".into()),
        _ => None,
    };
    let Ok(Load::Run(settings)) = Settings::load(Vec::<String>::new(), env) else {
        panic!("settings")
    };
    let store = server::store::connect(&settings.database_url)
        .await
        .unwrap();
    let leptos = server::web::leptos_options(settings.bind);
    let base = settings.public_base_url.clone();
    let state = AppState::new(settings, store, Cipher::new(&MasterKey::generate()), leptos);
    let setup = SetupInput {
        msp_name: "Harbour IT".into(),
        name: "Ada".into(),
        email: "ada@harbour-it.example".into(),
        password: "test-only-password-123".into(),
        password_confirm: "test-only-password-123".into(),
    };
    let session = state
        .services
        .auth
        .setup(setup, &Default::default())
        .await
        .unwrap();
    let user = state
        .services
        .auth
        .session_user(&session.token)
        .await
        .unwrap()
        .unwrap();
    let c = sim.demo_credentials();
    let input = AutotaskCredentialsInput {
        username: c.username,
        secret: c.secret,
        tracking_id: c.tracking_id,
    };
    state
        .services
        .integrations
        .save_credentials(&user, input)
        .await
        .unwrap();
    let record = state
        .store
        .active_integration(user.msp_id)
        .await
        .unwrap()
        .unwrap();

    for i in 0..TICKETS {
        let fields = json!({ "title": format!("Changed while silent {i}"), "companyID": 612,
            "priority": 2, "assignedResourceID": 29_682_910, "assignedResourceRoleID": 29_682_834 });
        sim.create_ticket(fields, Person::Resource(29_682_910))
            .unwrap();
    }
    let registrar = WebhookRegistrar::new(
        state.store.clone(),
        state.cipher.clone(),
        state.tenants.clone(),
        base,
    );
    sim.reset_request_count();
    let started = Instant::now();
    let report = registrar.backfill(&record).await.unwrap();
    let took = started.elapsed();
    let requests = sim.request_count();
    println!(
        "backfill of {TICKETS} changed tickets: {:.2?}, {requests} Autotask requests, {} pages, \
         {} tickets and {} notes read, {} events queued",
        took, report.pages, report.tickets, report.notes, report.queued
    );
    assert!(report.queued >= TICKETS as u64, "{report:?}");

    sim.reset_request_count();
    let started = Instant::now();
    let again = registrar.backfill(&record).await.unwrap();
    println!(
        "second run: {:.2?}, {} requests, {} events queued (everything recognised)",
        started.elapsed(),
        sim.request_count(),
        again.queued
    );
    assert_eq!(again.queued, 0);
}
