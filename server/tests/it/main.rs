//! The server's one integration-test binary; each module covers one subsystem.

mod simulator;
mod store;
