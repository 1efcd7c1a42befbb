//! Technician approvals (issue 11): a plan of the steps that wait, the note that asks the
//! ticket's assigned resource to decide, decisions by reply, link or admin, and what happens
//! after one (execution, denial, expiry).

pub mod code;
pub mod decide;
pub mod issue;
pub mod links;
pub mod post;
pub mod reply;
pub mod sweep;
pub mod words;

pub use decide::{decide, DecisionRequest, APPROVAL_ACTIVITY};

/// Why acting on a plan stopped: storage, or Autotask (the run is retried later).
#[derive(Debug, thiserror::Error)]
pub enum ApprovalError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Tool(#[from] crate::gateway::tools::ToolError),
}
