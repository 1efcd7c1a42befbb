//! Outgoing mail against the simulated SMTP server over real TCP: the outbox, the settings
//! service, and webhook alert e-mails.

mod alerts;
#[cfg(feature = "demo")]
mod demo;
mod forms;
pub mod harness;
mod outbox;
mod settings;
