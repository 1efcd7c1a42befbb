//! The server's one integration-test binary; each module covers one subsystem.

mod agent;
mod approvals_links;
mod audit;
mod autotask;
mod brain;
#[cfg(feature = "demo")]
mod demo_console;
mod intake;
mod integrations;
mod pipeline;
mod startup;
mod store;
mod support;
mod tools;
mod verify;
mod voice;
mod web;
