//! Webhook intake through the real router: authentication, verification, limits, parsing,
//! dedupe and the readiness and deactivation URLs.

mod fixtures;
mod harness;
mod hostile;
mod incomplete;
mod limits;
mod refusals;
