//! Webhook intake through the real router: authentication, verification, limits, parsing,
//! dedupe and the readiness and deactivation URLs.

mod fixtures;
pub mod harness;
mod hostile;
mod incomplete;
mod limits;
mod refusals;
