//! The identity-verification flow end to end: the runner's gate, the verification worker, the
//! simulated Autotask and the simulated provider over HTTP.

#[cfg(feature = "demo")]
mod demo;
mod durability;
mod harness;
mod opinion;
mod outcomes;
mod queries;
mod requester;
