//! Technician approvals against the simulator: the plan note, decisions by reply and link,
//! execution exactly once, drift, denial and expiry.

mod flow;
pub(crate) mod harness;
mod replies;
