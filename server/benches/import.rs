//! Company import benchmark against the in-process simulator over HTTP, into a fresh SQLite
//! store per run: the whole import job (pages of 500, clients, agents), the Autotask requests
//! it spends (at most 21 for 10,000 companies), and the server time of the Clients page with
//! 20,000 clients.

use app::ids::{IntegrationId, ResourceId};
use app::service::IntegrationService;
use app::states::ImportState;
use app::wire::{CurrentUser, SetupInput};
use criterion::{criterion_group, criterion_main, Criterion};
use relay_sim::{SimConfig, SimHandle};
use server::config::{Load, Settings};
use server::crypto::{Cipher, MasterKey};
use server::store::{ImportCompany, NewImportJob};
use server::AppState;
use std::time::{Duration, Instant};
use tower::ServiceExt;

const MAX_REQUESTS: u64 = 21;

struct Relay {
    state: AppState,
    user: CurrentUser,
    cookie: String,
    _dir: tempfile::TempDir,
}

async fn relay(zone_url: &str) -> Relay {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().display().to_string();
    let env = |k: &str| match k {
        "RELAY_DATA_DIR" => Some(data.clone()),
        "RELAY_AUTOTASK_ZONE_LOOKUP_URL" => Some(zone_url.to_string()),
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
    let cookie = format!("{}={}", app::SESSION_COOKIE, session.token);
    Relay {
        state,
        user,
        cookie,
        _dir: dir,
    }
}

/// Connects, lists types and imports every type; returns (companies, requests, time).
async fn import_all(sim: &SimHandle) -> (i64, u64, Duration) {
    let relay = relay(&sim.zone_lookup_url()).await;
    let svc = &relay.state.integrations;
    let c = sim.demo_credentials();
    let input = app::wire::AutotaskCredentialsInput {
        username: c.username,
        secret: c.secret,
        tracking_id: c.tracking_id,
    };
    svc.save_credentials(&relay.user, input).await.unwrap();
    let types: Vec<i64> = svc
        .company_types(&relay.user)
        .await
        .unwrap()
        .iter()
        .map(|t| t.value)
        .collect();
    sim.reset_request_count();
    let started = Instant::now();
    svc.start_import(&relay.user, types, false).await.unwrap();
    let done = loop {
        let page = svc.autotask_page(&relay.user).await.unwrap();
        match page.import {
            Some(p) if p.state != ImportState::Running => break p,
            _ => tokio::time::sleep(Duration::from_millis(5)).await,
        }
    };
    let took = started.elapsed();
    assert_eq!(done.state, ImportState::Done, "{done:?}");
    let requests = sim.request_count();
    assert!(
        requests <= MAX_REQUESTS,
        "{requests} requests for {} companies",
        done.companies_seen
    );
    (done.companies_seen, requests, took)
}

fn import_bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    // About 87% of generated companies are active, so 11,490 yield just under 10,000 to import.
    let sim = rt
        .block_on(relay_sim::start(SimConfig {
            companies: 11_490,
            ..SimConfig::default()
        }))
        .unwrap();
    let (companies, requests, took) = rt.block_on(import_all(&sim));
    println!("import: {companies} companies, {requests} Autotask requests, {took:?}");
    let mut group = c.benchmark_group("import");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(60));
    group.bench_function("import_all_active_companies", |b| {
        b.to_async(&rt).iter_custom(|iters| {
            let sim = &sim;
            async move {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    total += import_all(sim).await.2;
                }
                total
            }
        })
    });
    group.finish();
}

/// The Clients page as a browser gets it (session check, SSR, the page query) at 20,000 clients.
fn clients_page_bench(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let relay = rt.block_on(async {
        let relay = relay("http://127.0.0.1:9/unused").await;
        let store = &relay.state.store;
        let msp = relay.user.msp_id;
        // Clients need an integration to hang the job on; a fake sealed one is enough here.
        let seal = |_: IntegrationId| server::store::SealedSecrets {
            secret_enc: "x".into(),
            webhook_secret_enc: "x".into(),
            webhook_hmac_key_enc: "x".into(),
        };
        let new = server::store::NewIntegration {
            msp_id: msp,
            username: "relay-api@demo-msp.example".into(),
            tracking_id: "BENCH".into(),
            zone_url: "http://127.0.0.1:9/".into(),
            web_url: "http://127.0.0.1:9/".into(),
            api_user_resource_id: ResourceId(1),
            now: 0,
        };
        let integration = store.create_integration(new, &seal).await.unwrap();
        let job = NewImportJob {
            msp_id: msp,
            integration_id: integration.id,
            company_types: vec![1],
            expected: 0,
            resumed_from: None,
            now: 0,
            include_own_company: false,
            lease_owner: None,
            lease_expires_at: None,
        };
        let job = store.create_import_job(job).await.unwrap();
        for page in 0..40 {
            let companies = (0..500)
                .map(|i| {
                    let id = page * 500 + i;
                    ImportCompany {
                        autotask_id: id.to_string(),
                        name: format!("Client {id:05} Ltd"),
                        company_type: Some(1),
                        company_type_label: Some("Customer".into()),
                    }
                })
                .collect();
            store
                .import_company_page(job.id, msp, companies, 0)
                .await
                .unwrap();
        }
        store.activate_agents(msp, 0).await.unwrap();
        relay
    });
    let router = server::router(relay.state.clone());
    let get = |uri: &str| {
        axum::http::Request::get(uri)
            .header("cookie", &relay.cookie)
            .body(axum::body::Body::empty())
            .unwrap()
    };
    for uri in [
        "/clients",
        "/clients?q=client+1999&page=1",
        "/clients?page=400",
    ] {
        let started = Instant::now();
        let res = rt.block_on(router.clone().oneshot(get(uri))).unwrap();
        assert!(res.status().is_success(), "{uri}: {}", res.status());
        println!(
            "clients page {uri}: {:?} (first request)",
            started.elapsed()
        );
    }
    let mut group = c.benchmark_group("clients_page_20000");
    for (name, uri) in [
        ("first_page", "/clients"),
        ("search", "/clients?q=client+1999"),
        ("last_page", "/clients?page=400"),
    ] {
        group.bench_function(name, |b| {
            b.to_async(&rt).iter(|| {
                let req = get(uri);
                let router = router.clone();
                async move {
                    let res = router.oneshot(req).await.unwrap();
                    axum::body::to_bytes(res.into_body(), usize::MAX)
                        .await
                        .unwrap()
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, import_bench, clients_page_bench);
criterion_main!(benches);
