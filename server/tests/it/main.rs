//! The server's one integration-test binary; each module covers one subsystem.

mod agent;
mod autotask;
mod intake;
mod integrations;
mod pipeline;
mod startup;
mod store;
mod support;
mod tools;
mod web;
