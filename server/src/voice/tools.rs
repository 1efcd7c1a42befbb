//! The two tools the assistant is offered, answered inside the platform's timeout with one
//! single-line string result (or error) per `toolCallId`, never a non-200.

use super::matching::{Candidate, Lookup, Via};
use super::message::{CallInfo, ToolCallItem};
use super::service::VoiceService;
use super::ticket::{self, TicketPlan};
use crate::integrations::Purpose;
use crate::store::{IntegrationRecord, VoiceCallRecord, VoiceMatch, VoiceSettingsRecord};
use serde_json::{json, Map, Value};
use std::time::Duration;

/// Well inside the platform's default 20 s tool timeout: past it the caller is told the ticket
/// will follow, and the end-of-call processing creates it.
const CREATE_TIMEOUT: Duration = Duration::from_secs(12);
/// A match this sure is remembered on the call for the ticket.
const REMEMBER_ABOVE: f64 = 0.75;

pub async fn run_all(
    svc: &VoiceService,
    record: &IntegrationRecord,
    settings: &VoiceSettingsRecord,
    row: &VoiceCallRecord,
    call: &CallInfo,
    calls: Vec<ToolCallItem>,
) -> Vec<Value> {
    let mut results = Vec::with_capacity(calls.len());
    // The call row as the tools leave it, so a find_contact earlier in the same list counts.
    let mut row = row.clone();
    for item in calls {
        let outcome = match (&item.arguments, item.name.as_str()) {
            (Err(why), _) => Err(why.clone()),
            (Ok(args), "find_contact") => find_contact(svc, &mut row, call, args).await,
            (Ok(args), "create_ticket") => {
                create_ticket(svc, record, settings, &mut row, args).await
            }
            (Ok(_), other) => Err(format!("Unknown tool {other}.")),
        };
        let (key, text) = match outcome {
            Ok(text) => ("result", text),
            Err(text) => ("error", text),
        };
        results.push(json!({ "toolCallId": item.id, "name": item.name, key: one_line(&text) }));
    }
    results
}

fn arg(args: &Map<String, Value>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| match args.get(*n) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

fn int_arg(args: &Map<String, Value>, names: &[&str]) -> Option<i64> {
    arg(args, names).and_then(|s| s.parse().ok())
}

async fn find_contact(
    svc: &VoiceService,
    row: &mut VoiceCallRecord,
    call: &CallInfo,
    args: &Map<String, Value>,
) -> Result<String, String> {
    let lookup = Lookup {
        name: arg(args, &["name", "callerName", "caller_name", "fullName"]),
        phone: arg(args, &["phone", "phoneNumber", "phone_number"]).or_else(|| call.caller.clone()),
        company: arg(
            args,
            &["company", "companyName", "company_name", "company_hint"],
        ),
    };
    let index = svc
        .index(row.integration_id)
        .await
        .map_err(|_| "The contact directory is unavailable right now; take the caller's name, company and callback number.".to_owned())?;
    let found = index.find(&lookup);
    if let Some(best) = found.first().filter(|c| c.confidence >= REMEMBER_ABOVE) {
        let remembered = VoiceMatch {
            contact_id: best.contact_id,
            company_id: Some(best.company_id),
            label: label(best),
            confidence: best.confidence,
        };
        if svc
            .store
            .set_voice_match(row.id, &remembered, super::service::now_ms())
            .await
            .is_ok()
        {
            row.contact_id = best.contact_id;
            row.company_id = Some(best.company_id);
        }
    }
    Ok(describe(&found))
}

/// "Jane Roe (Contoso)" or "Contoso" for the history.
pub fn label(c: &Candidate) -> String {
    match &c.contact_name {
        Some(name) => format!("{name} ({})", c.company_name),
        None => c.company_name.clone(),
    }
}

/// The spoken-friendly answer, with the ids the assistant passes to `create_ticket`.
fn describe(found: &[Candidate]) -> String {
    if found.is_empty() {
        return "No matching contact. Ask for the company name and spell the last name, or take their details; \
                the ticket will be filed for follow-up."
            .into();
    }
    let items: Vec<String> = found
        .iter()
        .map(|c| {
            let how = match c.via {
                Via::Phone => "by phone number",
                Via::CompanyPhone => "company by phone number, contact by name",
                Via::Name => "by name",
                Via::Company => "company only",
            };
            match c.contact_id {
                Some(id) => format!(
                    "{} (contactId {id}, companyId {}, confidence {:.2}, {how})",
                    label(c),
                    c.company_id,
                    c.confidence
                ),
                None => format!(
                    "{} (companyId {}, confidence {:.2}, {how})",
                    label(c),
                    c.company_id,
                    c.confidence
                ),
            }
        })
        .collect();
    let advice = if found.len() > 1 {
        " Confirm which one with the caller."
    } else {
        ""
    };
    format!(
        "{} match{}: {}.{advice}",
        found.len(),
        if found.len() == 1 { "" } else { "es" },
        items.join("; ")
    )
}

async fn create_ticket(
    svc: &VoiceService,
    record: &IntegrationRecord,
    settings: &VoiceSettingsRecord,
    row: &mut VoiceCallRecord,
    args: &Map<String, Value>,
) -> Result<String, String> {
    if let (Some(_), Some(number)) = (row.ticket_id, row.ticket_number.as_deref()) {
        return Ok(format!(
            "Ticket {number} is already open for this call; read it back to the caller."
        ));
    }
    let title = arg(args, &["title", "summary"]).ok_or("create_ticket needs a title.")?;
    let description = arg(args, &["description", "details"]).unwrap_or_else(|| title.clone());
    let index = svc.index(record.id).await.ok();
    let plan = TicketPlan::decide(
        index.as_deref(),
        settings,
        int_arg(args, &["contactId", "contact_id"]).or(row.contact_id),
        int_arg(args, &["companyId", "company_id"]).or(row.company_id),
        ticket::priority_word(args.get("priority")),
    );
    let tenant = svc
        .tenants
        .tenant(record, Purpose::VoiceCall)
        .map_err(|_| {
            "Tickets cannot be created right now; tell the caller a technician will follow up."
                .to_owned()
        })?;
    let attempt = tokio::time::timeout(
        CREATE_TIMEOUT,
        ticket::create(&tenant, &plan, &row.call_id, &title, &description),
    )
    .await;
    let now = super::service::now_ms();
    match attempt {
        Ok(Ok((id, number))) => {
            let _ = svc
                .store
                .set_voice_ticket(row.id, id, number.as_deref(), now)
                .await;
            row.ticket_id = Some(id);
            row.ticket_number = number.clone();
            Ok(format!(
                "Created ticket {} for {}. Read the ticket number back to the caller.",
                number.unwrap_or_else(|| id.to_string()),
                plan.describe(index.as_deref())
            ))
        }
        failed => {
            let why = match failed {
                Ok(Err(err)) => err.to_string(),
                _ => "timed out".to_owned(),
            };
            tracing::warn!(
                call = row.call_id,
                error = why,
                "voice create_ticket failed; the report will retry"
            );
            // Marks the call so the worker looks for a ticket this attempt may have made.
            let _ = svc
                .store
                .note_voice_error(row.id, &format!("create_ticket: {why}"), now)
                .await;
            Err("The ticket could not be created right now. Tell the caller their request is recorded and a \
                 technician will follow up with a ticket number."
                .into())
        }
    }
}

/// Results must be single-line strings (reference §3.2).
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
