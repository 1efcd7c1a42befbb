//! The demo's simulated Autotask tenant, started beside the server when `demo` is on.

use crate::config::Settings;
use crate::simulator::SimHandle;
use std::net::SocketAddr;

/// Starts the simulated tenant and points the settings' zone lookup at it. The handle keeps
/// it running, so the application holds it for as long as it lives.
pub(super) async fn start(settings: &mut Settings) -> std::io::Result<SimHandle> {
    // RELAY_DEMO_SIM_PORT pins the demo tenant's port so browser tests can reach its
    // control API (e.g. to send the webhook readiness ping); demo only.
    let mut sim_cfg = crate::simulator::SimConfig::default();
    if let Some(port) = std::env::var("RELAY_DEMO_SIM_PORT")
        .ok()
        .and_then(|p| p.parse::<u16>().ok())
    {
        sim_cfg.bind = SocketAddr::from(([127, 0, 0, 1], port));
    }
    let sim = crate::simulator::start(sim_cfg).await?;
    settings.autotask_zone_lookup_url = sim.zone_lookup_url();
    // The simulator speaks plain http on loopback; real tenants never get this.
    settings.autotask_allow_insecure_http = true;
    let c = sim.demo_credentials();
    println!("Demo Autotask tenant at {}", sim.base_url());
    println!(
        "  Username: {}\n  Secret: {}\n  API Tracking Identifier: {}",
        c.username, c.secret, c.tracking_id
    );
    Ok(sim)
}
