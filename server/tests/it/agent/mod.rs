//! The agent runtime: the runner's leases, turns and budgets, and the gateway's call path.

mod crash;
mod end_to_end;
mod gateway;
pub(crate) mod harness;
mod runner;
