//! The Autotask client against the simulated tenant over real HTTP: zones, auth, queries,
//! paging, writes, errors, limits, picklists, the API user's id and webhook verification.

mod errors;
mod limits;
mod paging;
mod picklists;
mod queries;
mod receiver;
mod redirects;
mod retry_after;
mod webhooks;
mod writes;
mod zone;

use std::time::Duration;

use relay_sim::{SimConfig, SimHandle};
use server::autotask::{AutotaskClient, ClientConfig, Credentials, RetryPolicy, TenantClient};

/// A simulator, a client pointed at it, and that client bound to the demo credentials.
pub struct Env {
    pub sim: SimHandle,
    pub client: AutotaskClient,
    pub tenant: TenantClient,
}

/// Short timings so retry and pause tests finish in about a second.
pub fn test_config(sim: &SimHandle) -> ClientConfig {
    ClientConfig {
        zone_lookup_url: sim.zone_lookup_url(),
        allow_insecure_http: true,
        request_timeout: Duration::from_secs(5),
        max_in_flight_per_entity: 3,
        retry: RetryPolicy {
            max_retries: 8,
            base_delay: Duration::from_millis(20),
            max_delay: Duration::from_millis(200),
            total_budget: Duration::from_secs(5),
        },
        hourly_pause_default: Duration::from_secs(1),
        picklist_ttl: Duration::from_secs(60),
    }
}

pub fn credentials(sim: &SimHandle) -> Credentials {
    let demo = sim.demo_credentials();
    Credentials::new(demo.username, demo.secret, demo.tracking_id)
}

pub async fn env() -> Env {
    env_with(SimConfig::default(), |_| {}).await
}

pub async fn env_with(sim_config: SimConfig, tweak: impl FnOnce(&mut ClientConfig)) -> Env {
    let sim = relay_sim::start(sim_config)
        .await
        .expect("simulator starts");
    let mut config = test_config(&sim);
    tweak(&mut config);
    let client = AutotaskClient::new(config);
    let tenant = client.tenant(credentials(&sim));
    Env {
        sim,
        client,
        tenant,
    }
}
