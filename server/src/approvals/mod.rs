//! Technician approvals (issue 11): a plan of the steps that wait, the note that asks the
//! ticket's assigned resource to decide, decisions by reply, link or admin, and what happens
//! after one (execution, denial, expiry).

pub mod code;
pub mod decide;
pub mod links;

pub use decide::{decide, DecisionRequest, APPROVAL_ACTIVITY};
