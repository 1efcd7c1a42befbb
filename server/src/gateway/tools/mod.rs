//! The twenty Autotask tools the agent may call: their schemas, how each runs against the
//! integration's tenant, and how a write interrupted by a crash is reconciled.
//!
//! Interface fixed by the agent foundation; the tools helper implements the bodies.

pub mod catalog;

use serde_json::Value;

use super::tools::catalog::ToolInfo;
use crate::agent::chat::ToolSpec;
use crate::autotask::{AutotaskError, TenantClient};
use app::ids::{CompanyId, TicketId};

/// What a tool may know about the call it serves.
pub struct ToolEnv<'a> {
    /// The integration's tenant, in the interactive lane.
    pub tenant: &'a TenantClient,
    /// The session's ticket.
    pub ticket_id: TicketId,
    /// The client's Autotask company, when known.
    pub company_id: Option<CompanyId>,
    /// Carried into anything the tool writes (see `gateway::relay_ref`).
    pub relay_ref: &'a str,
}

/// A tool's result: kept whole in the journal and the activity trail, trimmed for the brain.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolOutput {
    pub full: Value,
    pub for_model: String,
    /// Autotask requests this call spent.
    pub requests: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum ToolError {
    /// The arguments did not decode into the tool's argument struct; goes back to the brain.
    #[error("invalid arguments: {0}")]
    InvalidArguments(String),
    /// The tool itself refuses (a path outside the zone's REST base, a credential header, ...).
    #[error("refused: {0}")]
    Refused(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error(transparent)]
    Autotask(#[from] AutotaskError),
}

/// What reconciliation found out about a write that was started but never recorded.
#[derive(Debug)]
pub enum Reconciled {
    /// It happened: here is its result; never write it again.
    Done(ToolOutput),
    /// It did not happen: running it again is safe.
    NotDone,
    /// No way to tell (a generic POST): a person decides.
    Unknown(String),
}

/// The schema and description offered to the brain for `tool`.
pub fn spec(tool: &ToolInfo) -> ToolSpec {
    ToolSpec {
        name: tool.name.to_string(),
        description: String::new(),
        parameters: serde_json::json!({"type": "object"}),
    }
}

/// Runs `name` with the brain's `args` against the tenant.
pub async fn run(name: &str, _args: &Value, _env: &ToolEnv<'_>) -> Result<ToolOutput, ToolError> {
    Err(ToolError::Refused(format!("{name} is not built yet")))
}

/// Finds out whether a started write of `name` with `args` reached Autotask.
pub async fn reconcile(
    name: &str,
    _args: &Value,
    _env: &ToolEnv<'_>,
) -> Result<Reconciled, ToolError> {
    Ok(Reconciled::Unknown(format!("{name} is not built yet")))
}
