//! The twenty Autotask tools the agent may call: their schemas, how each runs against the
//! integration's tenant, and how a write interrupted by a crash is reconciled.
//!
//! Interface fixed by the agent foundation (`ToolEnv`, `ToolOutput`, `ToolError`, `Reconciled`,
//! `spec`, `run`, `reconcile`); one file per tool family below it.

mod api;
pub mod args;
mod assets;
pub mod catalog;
mod companies;
mod contacts;
mod filters;
mod note_list;
mod note_text;
mod notes;
mod output;
mod path_guard;
mod picklists;
mod picks;
mod resources;
mod ticket_changes;
mod ticket_search;
mod tickets;
mod updates;

use serde_json::Value;

use super::tools::catalog::ToolInfo;
use crate::agent::chat::ToolSpec;
use crate::autotask::{AutotaskError, RequestCounter, TenantClient};
use app::ids::{CompanyId, TicketId};

pub use note_text::{MAX_NOTE_TEXT, MAX_NOTE_TITLE};

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

/// One tool call in progress: the arguments and a tenant handle that counts this call's requests.
pub(crate) struct Call<'a> {
    pub args: &'a Value,
    pub tenant: TenantClient,
    pub counter: RequestCounter,
    pub relay_ref: &'a str,
}

impl<'a> Call<'a> {
    fn new(args: &'a Value, env: &'a ToolEnv<'_>) -> Self {
        let (tenant, counter) = env.tenant.counted();
        Self {
            args,
            tenant,
            counter,
            relay_ref: env.relay_ref,
        }
    }
}

/// The tool's name without the `autotask:autotask-` prefix.
fn short(name: &str) -> &str {
    name.strip_prefix("autotask:autotask-").unwrap_or(name)
}

/// The schema and description offered to the brain for `tool`.
pub fn spec(tool: &ToolInfo) -> ToolSpec {
    use args::schema;
    let (description, parameters) = match short(tool.name) {
        "list-tickets" => ("Find tickets by keyword, ticket number, company, status (default open), queue, assignee or an explicit Autotask filter. Returns at most 50 rows, most recent activity first.", schema::<tickets::ListTickets>()),
        "get-ticket" => ("Read one ticket (by id or ticket number) with description, labelled status/priority/queue, dates and assignment.", schema::<tickets::GetTicket>()),
        "triage-ticket" => ("Set a ticket's priority, status (not closing), queue, assignee or type/issue type. Only changed fields are written.", schema::<updates::Triage>()),
        "update-ticket" => ("Change a ticket's status (including closing it), priority, queue, assignee or resolution. Only changed fields are written.", schema::<updates::Update>()),
        "internal-note" => ("Add a note only technicians see to a ticket. Long text is split into several notes in order.", schema::<notes::WriteNote>()),
        "public-note" => ("Add a note the customer can see (client portal, possibly e-mailed) to a ticket. Long text is split into several notes in order.", schema::<notes::WriteNote>()),
        "list-notes" => ("List a ticket's notes, newest first; workflow and notification bookkeeping notes are hidden unless asked for.", schema::<note_list::ListNotes>()),
        "get-ticket-statuses" => ("List the ticket statuses this Autotask tenant uses (id, label, whether it closes the ticket).", schema::<picklists::ListValues>()),
        "get-ticket-priorities" => ("List the ticket priorities this Autotask tenant uses (id, label).", schema::<picklists::ListValues>()),
        "list-queues" => ("List the ticket queues of this Autotask tenant (id, label).", schema::<picklists::ListQueues>()),
        "list-companies" => ("Find companies (the MSP's clients) by name or type.", schema::<companies::ListCompanies>()),
        "get-company" => ("Read one company: address, phone, type, owner.", schema::<companies::GetCompany>()),
        "list-contacts" => ("Find contacts by company, exact e-mail address or name. Give at least one.", schema::<contacts::ListContacts>()),
        "get-contact" => ("Read one contact: name, e-mail, phones, company.", schema::<contacts::GetContact>()),
        "list-resources" => ("Find technicians (resources) and whether each can be assigned a ticket.", schema::<resources::ListResources>()),
        "list-assets" => ("Find a company's assets (configuration items), or assets by name, serial number or hostname.", schema::<assets::ListAssets>()),
        "get-asset" => ("Read one asset (configuration item): type, serial number, warranty, location, notes.", schema::<assets::GetAsset>()),
        "api-get" => ("GET any Autotask REST path under /V1.0/ that the other tools do not cover (relative path only).", schema::<api::ApiGet>()),
        "api-post" => ("POST to an Autotask REST path under /V1.0/ (creates return only the new id). Use a dedicated tool when one exists.", schema::<api::ApiWrite>()),
        "api-patch" => ("PATCH an Autotask REST collection under /V1.0/ (e.g. /V1.0/Tickets) with \"id\" in the body. Use a dedicated tool when one exists.", schema::<api::ApiWrite>()),
        _ => ("Not an Autotask tool Relay knows.", serde_json::json!({"type": "object", "additionalProperties": false})),
    };
    ToolSpec {
        name: tool.name.to_string(),
        description: description.to_string(),
        parameters,
    }
}

/// Runs `name` with the brain's `args` against the tenant.
pub async fn run(name: &str, args: &Value, env: &ToolEnv<'_>) -> Result<ToolOutput, ToolError> {
    let call = Call::new(args, env);
    match short(name) {
        "list-tickets" => tickets::list(&call).await,
        "get-ticket" => tickets::get(&call).await,
        "triage-ticket" => updates::run(&call, false).await,
        "update-ticket" => updates::run(&call, true).await,
        "internal-note" => notes::write(&call, notes::Visibility::Internal).await,
        "public-note" => notes::write(&call, notes::Visibility::Public).await,
        "list-notes" => note_list::list(&call).await,
        "get-ticket-statuses" => picklists::list(&call, picklists::Which::Statuses).await,
        "get-ticket-priorities" => picklists::list(&call, picklists::Which::Priorities).await,
        "list-queues" => picklists::list(&call, picklists::Which::Queues).await,
        "list-companies" => companies::list_companies(&call).await,
        "get-company" => companies::get_company(&call).await,
        "list-contacts" => contacts::list_contacts(&call).await,
        "get-contact" => contacts::get_contact(&call).await,
        "list-resources" => resources::list(&call).await,
        "list-assets" => assets::list(&call).await,
        "get-asset" => assets::get(&call).await,
        "api-get" => api::get(&call).await,
        "api-post" => api::write(&call, reqwest::Method::POST).await,
        "api-patch" => api::write(&call, reqwest::Method::PATCH).await,
        _ => Err(ToolError::Refused(format!(
            "{name} is not one of Relay's tools"
        ))),
    }
}

/// The ticket fields `name` would change with `args`, read from the ticket now (update and
/// triage only; `None` for tools whose effect is not a ticket field change).
pub async fn preview(
    name: &str,
    args: &Value,
    env: &ToolEnv<'_>,
) -> Result<Option<Value>, ToolError> {
    let call = Call::new(args, env);
    match short(name) {
        "triage-ticket" => updates::preview(&call, false).await.map(Some),
        "update-ticket" => updates::preview(&call, true).await.map(Some),
        _ => Ok(None),
    }
}

/// Finds out whether a started write of `name` with `args` reached Autotask.
pub async fn reconcile(
    name: &str,
    args: &Value,
    env: &ToolEnv<'_>,
) -> Result<Reconciled, ToolError> {
    let call = Call::new(args, env);
    match short(name) {
        "internal-note" | "public-note" => notes::reconcile(&call).await,
        "triage-ticket" => updates::reconcile(&call, false).await,
        "update-ticket" => updates::reconcile(&call, true).await,
        "api-post" | "api-patch" => Ok(Reconciled::Unknown(format!(
            "{name} may or may not have reached Autotask; a person must check before it is repeated"
        ))),
        // Reads change nothing: running them again is always safe.
        _ => Ok(Reconciled::NotDone),
    }
}

#[cfg(test)]
mod tests {
    use super::catalog::CATALOG;
    use super::*;

    #[test]
    fn every_tool_offers_a_described_closed_inline_schema() {
        for tool in &CATALOG {
            let spec = spec(tool);
            assert_eq!(spec.name, tool.name);
            assert!(spec.description.len() > 20, "{}", tool.name);
            assert!(
                !spec.description.contains("Not an Autotask tool"),
                "{}",
                tool.name
            );
            let p = &spec.parameters;
            assert_eq!(p["type"], "object", "{}", tool.name);
            assert_eq!(p["additionalProperties"], false, "{}", tool.name);
            assert!(
                p.get("$schema").is_none() && p.get("$defs").is_none(),
                "{}: {p}",
                tool.name
            );
            let properties = p["properties"].as_object().expect("properties");
            for (field, schema) in properties {
                assert!(schema.get("description").is_some(), "{} {field}", tool.name);
            }
        }
    }
}
