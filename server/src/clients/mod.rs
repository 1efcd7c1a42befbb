//! Clients: the MSP's client companies, one per imported Autotask company, as the admin sees them.

mod service;
mod verifications;

pub use service::{Clients, CLIENTS_PER_PAGE};
