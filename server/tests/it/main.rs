//! The server's one integration-test binary; each module covers one subsystem.

mod autotask;
mod intake;
mod integrations;
mod pipeline;
mod startup;
mod store;
mod support;
mod voice;
mod web;
