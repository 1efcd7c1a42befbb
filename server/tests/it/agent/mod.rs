//! The agent runtime: the runner's leases, turns and budgets, and the gateway's call path.

// The crash switch exists only in demo builds.
#[cfg(feature = "demo")]
mod crash;
mod end_to_end;
mod gateway;
pub(crate) mod harness;
mod runner;
mod sweep;
mod wake;
mod whole_loop;
