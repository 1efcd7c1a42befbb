//! The demo tenant: with `demo = true`, a simulated Autotask tenant in this process, and a fake
//! OpenAI-compatible model endpoint the Agent brain settings can point at.
//!
//! The only product code that names the `relay_sim` crate; it exists only in builds with the
//! `demo` feature, so a production build (`--no-default-features`) cannot reach the fake.

use std::net::SocketAddr;

use crate::config::Settings;

/// The running demo tenant; it serves as long as this value lives.
pub struct DemoTenant {
    sim: relay_sim::SimHandle,
    model: relay_sim::model::ModelHandle,
    verify: relay_sim::verify::VerifyHandle,
    mail: relay_sim::smtp::SmtpSink,
}

impl DemoTenant {
    /// Where the tenant answers, e.g. `http://127.0.0.1:4100`.
    pub fn base_url(&self) -> String {
        self.sim.base_url()
    }

    /// The fake model endpoint's base URL, e.g. `http://127.0.0.1:4101/v1`.
    pub fn model_base_url(&self) -> String {
        self.model.base_url()
    }

    /// The tenant's in-process handle, for the demo console.
    pub fn handle(&self) -> relay_sim::SimHandle {
        self.sim.clone()
    }

    /// The simulated identity-verification provider, e.g. `http://127.0.0.1:4102`.
    pub fn verify_base_url(&self) -> String {
        self.verify.base_url()
    }

    /// The simulated provider's page where a person answers pushes.
    pub fn verify_page_url(&self) -> String {
        self.verify.control_page_url()
    }

    /// The simulated SMTP server's inbox page, e.g. `http://127.0.0.1:4103/`.
    pub fn mail_inbox_url(&self) -> String {
        self.mail.inbox_url()
    }
}

/// Starts the tenant when `settings.demo` is on (else returns `None`), points the zone lookup
/// at it and prints the fake API credentials to type into the connect form.
pub async fn start(settings: &mut Settings) -> std::io::Result<Option<DemoTenant>> {
    if !settings.demo {
        return Ok(None);
    }
    // A fixed port lets browser tests reach the tenant's control API; 0 picks a free one.
    let sim = relay_sim::start(relay_sim::SimConfig {
        bind: SocketAddr::from(([127, 0, 0, 1], settings.demo_sim_port)),
        ..relay_sim::SimConfig::default()
    })
    .await?;
    settings.autotask_zone_lookup_url = sim.zone_lookup_url();
    // The simulator speaks plain http on loopback; real tenants never get this.
    settings.autotask_allow_insecure_http = true;
    let c = sim.demo_credentials();
    println!("Demo Autotask tenant at {}", sim.base_url());
    println!(
        "  Username: {}\n  Secret: {}\n  API Tracking Identifier: {}",
        c.username, c.secret, c.tracking_id
    );
    // The fake model answers "nothing to do" unless scripted, and obeys a forced tool_choice,
    // so the Agent brain page's connection test passes against it.
    let model = relay_sim::model::start_model(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        relay_sim::model::ModelSettings::default(),
    )
    .await?;
    settings.demo_model_endpoint = Some(app::wire::DemoEndpoint {
        base_url: model.base_url(),
        api_key: relay_sim::model::FAKE_MODEL_KEY.to_string(),
    });
    println!(
        "Fake OpenAI-compatible model endpoint at {} (API key: {})",
        model.base_url(),
        relay_sim::model::FAKE_MODEL_KEY
    );
    // A verification provider speaking the Traceless contract (and Duo's): its challenges wait
    // until someone answers them through its control API, as a person would on their phone.
    let verify = relay_sim::verify::start_verify(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
    println!(
        "Simulated identity-verification provider at {0}\n  Traceless: organisation id {1}, signing secret {2}\n  Duo: integration key {3}, secret key {4}\n  Answer a push: {0}/_sim/verify (or curl -X POST {0}/_sim/verify/challenges/ID/approve, deny, expire, fail)\n  The demo console connects it as Traceless for your MSP unless you saved verification settings",
        verify.base_url(),
        relay_sim::verify::FAKE_ORGANIZATION_ID,
        relay_sim::verify::FAKE_SIGNING_SECRET,
        relay_sim::verify::FAKE_DUO_IKEY,
        relay_sim::verify::FAKE_DUO_SKEY,
    );
    settings.demo_verifier = Some(app::verification::DemoVerifier {
        base_url: verify.base_url(),
        organization_id: relay_sim::verify::FAKE_ORGANIZATION_ID.to_string(),
        signing_secret: relay_sim::verify::FAKE_SIGNING_SECRET.to_string(),
        duo_integration_key: relay_sim::verify::FAKE_DUO_IKEY.to_string(),
        duo_secret_key: relay_sim::verify::FAKE_DUO_SKEY.to_string(),
    });
    // A mail server that keeps what Relay sends (test mails, one-time codes, alerts) and shows
    // it in an inbox page; MSPs that saved no mail server of their own send through it.
    let mail = relay_sim::smtp::SmtpSink::start().await?;
    settings.demo_mail = Some(app::mail_wire::DemoMailServer {
        host: mail.host(),
        port: mail.port(),
        inbox_url: mail.inbox_url(),
    });
    println!(
        "Simulated SMTP server at {}:{} (no TLS, any login); its inbox: {}",
        mail.host(),
        mail.port(),
        mail.inbox_url()
    );
    Ok(Some(DemoTenant {
        sim,
        model,
        verify,
        mail,
    }))
}

/// The scripted calls the Calls page offers in the demo, by who calls.
pub fn voice_call_labels() -> Vec<String> {
    relay_sim::voice::demo_calls()
        .iter()
        .map(|c| match &c.name {
            Some(name) => format!("Call as {name} from {}", c.caller),
            None => format!("Call from {}", c.caller),
        })
        .collect()
}

/// Replays demo call `which` (a fresh call id each time) from the simulated voice platform
/// against this server's voice endpoint; answers what the caller heard.
pub async fn place_voice_call(url: &str, secret: &str, which: usize) -> Result<String, String> {
    let mut calls = relay_sim::voice::demo_calls();
    if which >= calls.len() {
        return Err(format!("there is no demo call {which}"));
    }
    let call = calls.swap_remove(which);
    let platform = relay_sim::voice::VoicePlatform::new(
        url,
        relay_sim::voice::VoiceAuth::Hmac(secret.to_owned()),
    );
    let replay = platform
        .replay(&call)
        .await
        .map_err(|e| format!("the simulated platform could not reach Relay: {e}"))?;
    if let Some(bad) = replay.statuses.iter().find(|s| **s != 200) {
        return Err(format!("Relay answered {bad} to the simulated platform"));
    }
    Ok(format!(
        "Call placed. find_contact: {} create_ticket: {} The ticket and its transcript note follow in a moment.",
        replay.find_contact.unwrap_or_default(),
        replay.create_ticket.unwrap_or_else(|| "not called (the end-of-call report files it)".into())
    ))
}
