//! The server's one integration-test binary; each module covers one subsystem.

mod autotask;
mod brain;
mod intake;
mod integrations;
mod pipeline;
mod startup;
mod store;
mod support;
mod verify;
mod web;
