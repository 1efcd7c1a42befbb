//! The server's one integration-test binary; each module covers one subsystem.

mod agent;
mod approvals;
mod approvals_links;
mod audit;
mod autotask;
mod brain;
#[cfg(feature = "demo")]
mod demo_console;
mod intake;
mod integrations;
mod mail;
mod pipeline;
mod startup;
mod store;
mod support;
mod tools;
mod verification_flow;
mod verify;
mod voice;
mod web;
