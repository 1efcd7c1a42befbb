//! Autotask client benchmarks against the in-process simulator over HTTP: listing 10,000
//! companies (must take ≤ 21 requests) and the client's overhead per request compared with a
//! bare reqwest call to the same endpoint.

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use relay_sim::{SimConfig, SimHandle};
use server::autotask::{AutotaskClient, ClientConfig, Company, Credentials, Query, TenantClient};

const COMPANIES: usize = 10_000;
const MAX_REQUESTS: u64 = 21;

fn tenant_for(sim: &SimHandle) -> TenantClient {
    let config = ClientConfig {
        zone_lookup_url: sim.zone_lookup_url(),
        allow_insecure_http: true,
        ..ClientConfig::default()
    };
    let demo = sim.demo_credentials();
    AutotaskClient::new(config).tenant(Credentials::new(
        demo.username,
        demo.secret,
        demo.tracking_id,
    ))
}

async fn list_all(sim: &SimHandle, tenant: &TenantClient) -> Duration {
    sim.reset_request_count();
    let started = Instant::now();
    let companies = tenant
        .query_all::<Company>(&Query::new())
        .await
        .expect("listing works");
    let took = started.elapsed();
    assert_eq!(companies.len(), COMPANIES);
    let requests = sim.request_count();
    assert!(
        requests <= MAX_REQUESTS,
        "{requests} requests for {COMPANIES} companies"
    );
    took
}

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let sim = rt
        .block_on(relay_sim::start(SimConfig {
            companies: COMPANIES - relay_sim::seed_company_count(),
            contacts_per_company: 0,
            // Criterion sends tens of thousands of requests; throttling is not what is measured.
            hourly_limit: u64::MAX,
            ..SimConfig::default()
        }))
        .expect("simulator starts");

    // One cold run (zone lookup included) reported as-is, before criterion's warm samples.
    let cold = tenant_for(&sim);
    let took = rt.block_on(list_all(&sim, &cold));
    eprintln!(
        "cold listing: {COMPANIES} companies in {took:?} with {} API requests (+1 zone lookup)",
        sim.request_count()
    );

    let mut group = c.benchmark_group("autotask_client");
    // Flat sampling keeps this to about ten listings instead of criterion's linear ramp.
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    let tenant = tenant_for(&sim);
    group.bench_function("list_10000_companies", |b| {
        b.to_async(&rt).iter(|| list_all(&sim, &tenant));
    });

    // Overhead per request: the same GET through the client and through bare reqwest.
    let http = reqwest::Client::new();
    let demo = sim.demo_credentials();
    let url = format!("{}/ATServicesRest/V1.0/Companies/612", sim.base_url());
    group
        .sampling_mode(SamplingMode::Auto)
        .sample_size(50)
        .measurement_time(Duration::from_secs(3));
    group.bench_function("get_by_id_client", |b| {
        b.to_async(&rt).iter(|| async {
            tenant
                .get::<Company>(612)
                .await
                .expect("get works")
                .expect("exists")
        });
    });
    group.bench_function("get_by_id_bare_reqwest", |b| {
        b.to_async(&rt).iter(|| async {
            let response = http
                .get(&url)
                .header("ApiIntegrationCode", demo.tracking_id.as_str())
                .header("UserName", demo.username.as_str())
                .header("Secret", demo.secret.as_str())
                .send()
                .await
                .expect("request");
            response.bytes().await.expect("body")
        });
    });
    group.finish();
}

criterion_group!(autotask_client, benches);
criterion_main!(autotask_client);
