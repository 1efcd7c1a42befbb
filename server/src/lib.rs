//! Relay server: configuration, storage, the Autotask client, webhook intake and the services
//! behind the UI's server functions.

pub mod autotask;
pub mod simulator;
pub mod store;
