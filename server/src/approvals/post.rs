//! Posting Relay's own internal notes about a plan through the internal-note tool (publish 2,
//! Autotask's length limits and splitting), each under a reference of its own so that a note
//! interrupted by a crash is found again instead of posted twice.

use serde_json::{json, Value};

use crate::autotask::TenantClient;
use crate::gateway::tools::{self, Reconciled, ToolEnv, ToolError};
use app::ids::{ApprovalPlanId, CompanyId, TicketId};

const NOTE_TOOL: &str = "autotask:autotask-internal-note";

/// Which note of a plan: the request, or the result after the decision.
#[derive(Debug, Clone, Copy)]
pub enum NoteKind {
    Request,
    Result,
}

/// The reference a plan's note carries (`RLY-AP-12-N`): the suffix keeps plan 12's reference
/// from matching plan 123's in a `contains` search.
pub fn note_ref(plan: ApprovalPlanId, kind: NoteKind) -> String {
    let suffix = match kind {
        NoteKind::Request => "N",
        NoteKind::Result => "R",
    };
    format!("RLY-AP-{}-{suffix}", plan.get())
}

pub struct NoteTarget<'a> {
    pub tenant: &'a TenantClient,
    pub ticket_id: TicketId,
    pub company_id: Option<CompanyId>,
}

/// Posts the note unless a note with its reference is already on the ticket (`look_first`:
/// after a crash); returns the first part's note id.
pub async fn post_note(
    target: &NoteTarget<'_>,
    reference: &str,
    title: &str,
    text: &str,
    look_first: bool,
) -> Result<Option<i64>, ToolError> {
    let env = ToolEnv {
        tenant: target.tenant,
        ticket_id: target.ticket_id,
        company_id: target.company_id,
        relay_ref: reference,
    };
    let args = json!({ "ticketId": target.ticket_id.get(), "text": text, "title": title });
    if look_first {
        match tools::reconcile(NOTE_TOOL, &args, &env).await? {
            Reconciled::Done(output) => return Ok(first_id(&output.full)),
            // Part of a long note made it: posting again would duplicate the rest; the ids
            // are not known, so the plan goes on without one.
            Reconciled::Unknown(_) => return Ok(None),
            Reconciled::NotDone => {}
        }
    }
    let output = tools::run(NOTE_TOOL, &args, &env).await?;
    Ok(first_id(&output.full))
}

/// Whether a note with this reference is on the ticket, and its id.
pub async fn find_note(
    target: &NoteTarget<'_>,
    reference: &str,
) -> Result<Option<Option<i64>>, ToolError> {
    let env = ToolEnv {
        tenant: target.tenant,
        ticket_id: target.ticket_id,
        company_id: target.company_id,
        relay_ref: reference,
    };
    let args = json!({ "ticketId": target.ticket_id.get(), "text": "-" });
    Ok(match tools::reconcile(NOTE_TOOL, &args, &env).await? {
        Reconciled::Done(output) => Some(first_id(&output.full)),
        Reconciled::Unknown(_) => Some(None),
        Reconciled::NotDone => None,
    })
}

fn first_id(full: &Value) -> Option<i64> {
    full["created"]
        .as_array()
        .and_then(|c| c.first())
        .and_then(|c| c["itemId"].as_i64())
}
