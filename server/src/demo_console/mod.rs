//! The demo console: an admin acts inside the simulated Autotask tenant (raise a ticket as a
//! client's contact, reply as the contact or a technician, reassign) and reads a ticket's notes
//! as Autotask shows them. Every action goes through the simulator's own write path, so it
//! fires the same webhooks a real tenant would and the agent wakes as in production.

mod people;
mod service;
mod verification;

pub use service::DemoConsole;
pub use verification::DemoVerifier;
