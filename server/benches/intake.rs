//! Webhook intake and pipeline benchmarks (plain `main`, run with `cargo bench -p server --bench
//! intake`): sustained signed acknowledgements per second, p99 acknowledgement latency at a
//! steady 1,000 events/s, and event-to-wake latency against the in-process simulator. Runs on
//! SQLite, and on PostgreSQL too when `RELAY_TEST_PG_URL` names a server (a throwaway database
//! is created and dropped), and on a durable PostgreSQL (`fsync` and `synchronous_commit` on,
//! checked) when `RELAY_BENCH_PG_DURABLE_URL` names one (`scripts/pg-test-server.sh --durable`). Requests go through the full router in process (no TCP), so the
//! numbers are Relay's own cost: routing, secret, signature, parse, durable insert.

/// The test tree's store reads and client seeding (not product methods).
#[allow(dead_code)]
#[path = "../tests/it/store/queries.rs"]
mod queries;

use app::ids::{IntegrationId, MspId, ResourceId};
use axum::body::Body;
use queries::TestQueries;
use server::autotask::webhook::sign;
use server::config::{Load, Settings};
use server::crypto::{Cipher, MasterKey};
use server::store::{NewClient, NewIntegration, NewMspAdmin, SealedSecrets};
use server::AppState;
use sqlx::{Connection, Executor, PgConnection};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// The URL token and, separately, the HMAC key Autotask signs with.
const SECRET: &str = "fake-bench-hook-secret";
const HMAC_KEY: &str = "fake-bench-hmac-key";
const SUSTAINED_EVENTS: u64 = 20_000;
const CONCURRENCY: u64 = 32;
const PACED_RATE: u64 = 1_000;
const PACED_SECONDS: u64 = 5;
const WAKE_TICKETS: usize = 200;

struct Bench {
    state: AppState,
    router: axum::Router,
    integration: IntegrationId,
    msp: MspId,
    _dir: tempfile::TempDir,
}

async fn bench_app(database_url: Option<&str>, zone_url: &str) -> Bench {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().display().to_string();
    let db = database_url.map(str::to_owned);
    let env = |k: &str| match k {
        "RELAY_DATA_DIR" => Some(data.clone()),
        "RELAY_DATABASE_URL" => db.clone(),
        "RELAY_AUTOTASK_ZONE_LOOKUP_URL" => Some(zone_url.to_string()),
        "RELAY_AUTOTASK_ALLOW_INSECURE_HTTP" => Some("true".into()),
        "RELAY_LOG_LEVEL" => Some("error".into()),
        // The per-integration intake ceiling would cap the very rate measured here.
        "RELAY_WEBHOOK_RATE_PER_SECOND" => Some("0".into()),
        _ => None,
    };
    let Ok(Load::Run(settings)) = Settings::load(Vec::<String>::new(), env) else {
        panic!("settings")
    };
    let store = server::store::connect(&settings.database_url)
        .await
        .unwrap();
    let cipher = Cipher::new(&MasterKey::generate());
    let leptos = server::web::leptos_options(settings.bind);
    let state = AppState::new(settings, store.clone(), cipher.clone(), leptos);
    let admin = NewMspAdmin {
        msp_name: "Bench IT".into(),
        name: "Ada".into(),
        email: "ada@bench.example".into(),
        password_hash: "not-a-real-hash".into(),
        now: 1,
    };
    let msp = store.create_msp_with_admin(admin).await.unwrap().msp_id;
    let (username, api_secret, tracking) = demo_credentials_or_fake(zone_url);
    let seal = move |id: IntegrationId| SealedSecrets {
        secret_enc: cipher.encrypt_str(&api_secret, format!("integration:{id}:secret").as_bytes()),
        webhook_secret_enc: cipher
            .encrypt_str(SECRET, format!("integration:{id}:webhook").as_bytes()),
        webhook_hmac_key_enc: cipher
            .encrypt_str(HMAC_KEY, format!("integration:{id}:hmac").as_bytes()),
    };
    let new = NewIntegration {
        msp_id: msp,
        username,
        tracking_id: tracking,
        zone_url: zone_url.into(),
        web_url: zone_url.into(),
        api_user_resource_id: ResourceId(29_683_020),
        now: 1,
    };
    let integration = store.create_integration(new, &seal).await.unwrap().id;
    let router = server::router(state.clone());
    Bench {
        state,
        router,
        integration,
        msp,
        _dir: dir,
    }
}

/// The simulator's fixed demo credentials, or obviously fake ones when none is running.
fn demo_credentials_or_fake(_zone_url: &str) -> (String, String, String) {
    let c = relay_sim::SimConfig::default().credentials;
    (c.username, c.secret, c.tracking_id)
}

fn event_body(seq: u64, ticket: u64) -> Vec<u8> {
    format!(
        r#"{{"Action":"Update","Guid":"6f1c2a9e-bench","EntityType":"Ticket","Id":{ticket},"Fields":{{"status":8,"companyID":612}},"EventTime":"2025-03-11T16:05:12.407Z","SequenceNumber":{seq},"PersonID":29682910}}"#
    )
    .into_bytes()
}

async fn ack(b: &Bench, seq: u64) -> Duration {
    let body = event_body(seq, 100_000 + seq % 5_000);
    let req = http::Request::post(format!("/hooks/autotask/{}?secret={SECRET}", b.integration))
        .header("content-type", "application/json")
        .header("x-hook-signature", sign(HMAC_KEY.as_bytes(), &body))
        .body(Body::from(body))
        .unwrap();
    let started = Instant::now();
    let res = b.router.clone().oneshot(req).await.unwrap();
    let took = started.elapsed();
    assert_eq!(res.status(), 200, "ack");
    took
}

async fn sustained(b: Arc<Bench>, label: &str) {
    let next = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let (b, next) = (b.clone(), next.clone());
            tokio::spawn(async move {
                loop {
                    let seq = next.fetch_add(1, Ordering::Relaxed);
                    if seq >= SUSTAINED_EVENTS {
                        break;
                    }
                    ack(&b, seq).await;
                }
            })
        })
        .collect();
    for w in workers {
        w.await.unwrap();
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{label}: sustained {:.0} acks/s ({SUSTAINED_EVENTS} signed events, {CONCURRENCY} concurrent, {secs:.2}s)",
        SUSTAINED_EVENTS as f64 / secs
    );
}

async fn paced(b: Arc<Bench>, label: &str) {
    let total = PACED_RATE * PACED_SECONDS;
    let mut tick = tokio::time::interval(Duration::from_micros(1_000_000 / PACED_RATE));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut handles = Vec::with_capacity(total as usize);
    for i in 0..total {
        tick.tick().await;
        let b = b.clone();
        handles.push(tokio::spawn(async move { ack(&b, 1_000_000 + i).await }));
    }
    let mut lat: Vec<Duration> = Vec::with_capacity(handles.len());
    for h in handles {
        lat.push(h.await.unwrap());
    }
    lat.sort();
    let pct = |p: f64| lat[((lat.len() as f64 * p) as usize).min(lat.len() - 1)];
    println!(
        "{label}: at {PACED_RATE} events/s for {PACED_SECONDS}s: ack p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        ms(pct(0.50)),
        ms(pct(0.99)),
        ms(*lat.last().unwrap())
    );
}

async fn event_to_wake(database_url: Option<&str>, label: &str) {
    let sim = relay_sim::start(relay_sim::SimConfig::default())
        .await
        .unwrap();
    let b = bench_app(database_url, &sim.zone_lookup_url()).await;
    let store = b.state.store.clone();
    let contoso = NewClient {
        msp_id: b.msp,
        name: "Contoso Dental Group".into(),
        autotask_id: "612".into(),
        now: 1,
    };
    store.upsert_autotask_client(contoso).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = b.router.clone();
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap();
    });
    register_ticket_webhook(
        &sim,
        &format!("http://{addr}/hooks/autotask/{}", b.integration),
    )
    .await;
    // The worker as `Application::run_until_stopped` runs it.
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let worker = server::pipeline::worker(&b.state, server::pipeline::WorkerConfig::default());
    let worker = tokio::spawn(Arc::new(worker).run(stopped));
    for i in 0..WAKE_TICKETS {
        let fields = serde_json::json!({ "title": format!("Bench ticket {i}"), "companyID": 612, "contactID": 30684012 });
        sim.create_ticket(fields, relay_sim::Person::Resource(29_682_910))
            .unwrap();
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let deadline = Instant::now() + Duration::from_secs(120);
    let sessions = loop {
        let sessions = store.agent_sessions_of_msp(b.msp).await.unwrap();
        if sessions.len() >= WAKE_TICKETS || Instant::now() > deadline {
            break sessions;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let _ = stop.send(true);
    let _ = worker.await;
    let mut lat = Vec::new();
    for s in &sessions {
        let event = store
            .webhook_event(s.source_event_id)
            .await
            .unwrap()
            .unwrap();
        lat.push((s.created_at - event.received_at).max(0));
    }
    lat.sort();
    let pct = |p: f64| lat[((lat.len() as f64 * p) as usize).min(lat.len() - 1)];
    println!(
        "{label}: event-to-wake over {} new tickets (stored -> session with context): p50 {} ms, p99 {} ms",
        lat.len(),
        pct(0.50),
        pct(0.99)
    );
    sim.shutdown();
}

async fn register_ticket_webhook(sim: &relay_sim::SimHandle, base: &str) {
    let c = sim.demo_credentials();
    let http = reqwest::Client::new();
    let api = format!("{}/ATServicesRest/V1.0", sim.base_url());
    let post = |path: String, body: serde_json::Value| {
        http.post(format!("{api}/{path}"))
            .header("ApiIntegrationCode", &c.tracking_id)
            .header("UserName", &c.username)
            .header("Secret", &c.secret)
            .json(&body)
            .send()
    };
    let hook: serde_json::Value = post(
        "TicketWebhooks".into(),
        serde_json::json!({
            "name": "Relay bench", "webhookUrl": format!("{base}?secret={SECRET}"),
            "deactivationUrl": format!("{base}/deactivated?secret={SECRET}"), "secretKey": HMAC_KEY,
            "isActive": true, "isSubscribedToCreateEvents": true, "isSubscribedToUpdateEvents": false,
            "isSubscribedToDeleteEvents": false, "notificationEmailAddress": "alerts@bench.example",
        }),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let id = hook["itemId"].as_i64().expect("webhook id");
    for (field, subscribed, always) in [(3, true, false), (10, false, true)] {
        post(
            format!("TicketWebhooks/{id}/Fields"),
            serde_json::json!({ "fieldID": field, "isSubscribedField": subscribed, "isDisplayAlwaysField": always, "webhookID": id }),
        )
        .await
        .unwrap();
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1_000.0
}

async fn on_backend(database_url: Option<&str>, label: &str) {
    let b = Arc::new(bench_app(database_url, "http://127.0.0.1:9/").await);
    sustained(b.clone(), label).await;
    paced(b, label).await;
}

async fn with_pg_database(admin_url: &str, run: impl AsyncFnOnce(String)) {
    let mut admin = PgConnection::connect(admin_url).await.unwrap();
    let name = format!("relay_bench_{}", uuid::Uuid::new_v4().simple());
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    let mut url = url::Url::parse(admin_url).unwrap();
    url.set_path(&name);
    run(url.to_string()).await;
    let _ = admin
        .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
        .await;
}

/// The URL with `synchronous_commit=on` for every connection of the pool, after checking that
/// the server really syncs (`fsync` is server-wide and cannot be set per connection).
async fn durable(url: &str) -> String {
    let mut url = url::Url::parse(url).unwrap();
    url.query_pairs_mut()
        .append_pair("options", "-c synchronous_commit=on");
    let mut conn = PgConnection::connect(url.as_str()).await.unwrap();
    for (setting, want) in [("fsync", "on"), ("synchronous_commit", "on")] {
        let got: String = sqlx::query_scalar(&format!("SHOW {setting}"))
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(got, want, "the durable benchmark needs {setting}={want}");
    }
    url.to_string()
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        on_backend(None, "SQLite").await;
        event_to_wake(None, "SQLite").await;
        match std::env::var("RELAY_TEST_PG_URL") {
            Ok(pg) if !pg.trim().is_empty() => {
                with_pg_database(&pg, async |url| on_backend(Some(&url), "PostgreSQL").await).await;
                with_pg_database(&pg, async |url| {
                    event_to_wake(Some(&url), "PostgreSQL").await
                })
                .await;
            }
            _ => println!(
                "PostgreSQL: skipped (set RELAY_TEST_PG_URL, e.g. via scripts/pg-test-server.sh)"
            ),
        }
        match std::env::var("RELAY_BENCH_PG_DURABLE_URL") {
            Ok(pg) if !pg.trim().is_empty() => {
                let label = "PostgreSQL durable";
                with_pg_database(&pg, async |url| {
                    let url = durable(&url).await;
                    on_backend(Some(&url), label).await
                })
                .await;
                with_pg_database(&pg, async |url| {
                    event_to_wake(Some(&durable(&url).await), label).await
                })
                .await;
            }
            _ => println!(
                "PostgreSQL durable: skipped (set RELAY_BENCH_PG_DURABLE_URL, e.g. via \
                 scripts/pg-test-server.sh --durable)"
            ),
        }
    });
}
