//! Where a voice ticket goes and how it is written: the matched contact's company, else the
//! company named, else the MSP's defaults; marked with `externalID = voice:{call id}` so a retry
//! after an unknown outcome finds the ticket instead of making a second one.

use super::matching::ContactIndex;
use crate::autotask::{AutotaskError, Filter, Query, TenantClient, Ticket};
use crate::store::VoiceSettingsRecord;
use app::ids::{CompanyId, ContactId};
use serde_json::Value;

/// Autotask's "New" status and "Medium" priority: system values in every tenant.
const STATUS_NEW: i64 = 1;
const PRIORITY_MEDIUM: i64 = 2;
/// Autotask's limits on the two text fields.
const TITLE_LIMIT: usize = 250;
const DESCRIPTION_LIMIT: usize = 8000;

#[derive(Debug, Clone, PartialEq)]
pub struct TicketPlan {
    pub company_id: i64,
    pub contact_id: Option<i64>,
    pub priority: i64,
    pub status: i64,
    pub queue_id: Option<i64>,
    pub issue_type: Option<i64>,
    /// True when nothing matched and the defaults decided.
    pub defaulted: bool,
}

impl TicketPlan {
    /// The contact wins (its own company, whatever company was said); a known company comes
    /// next; otherwise the defaults. Ids the index does not know are ignored.
    pub fn decide(
        index: Option<&ContactIndex>,
        settings: &VoiceSettingsRecord,
        contact: Option<i64>,
        company: Option<i64>,
        priority: Option<i64>,
    ) -> Self {
        let known_contact = contact.and_then(|c| Some((c, index?.company_of(c)?)));
        let known_company = company.filter(|c| index.is_some_and(|i| i.has_company(*c)));
        let (company_id, contact_id, defaulted) = match (known_contact, known_company) {
            (Some((contact, company)), _) => (company, Some(contact), false),
            (None, Some(company)) => (company, None, false),
            (None, None) => (
                settings.default_company_id.unwrap_or(0),
                settings.default_contact_id,
                true,
            ),
        };
        Self {
            company_id,
            contact_id,
            priority: priority
                .or(settings.default_priority)
                .unwrap_or(PRIORITY_MEDIUM),
            status: settings.default_status.unwrap_or(STATUS_NEW),
            queue_id: settings.default_queue_id,
            issue_type: settings.default_issue_type,
            defaulted,
        }
    }

    /// "Jane Roe (Contoso)", or the default company.
    pub fn describe(&self, index: Option<&ContactIndex>) -> String {
        let company = index
            .and_then(|i| i.company_name(self.company_id))
            .map_or_else(|| format!("company {}", self.company_id), str::to_owned);
        match self.contact_id.and_then(|c| index?.contact_name(c)) {
            Some(name) => format!("{name} ({company})"),
            None => company,
        }
    }
}

/// "high", "2", 1 … to Autotask's priority values (Critical 4, High 1, Medium 2, Low 3).
pub fn priority_word(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n.as_i64().filter(|p| (1..=4).contains(p)),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "critical" | "urgent" => Some(4),
            "high" => Some(1),
            "medium" | "normal" => Some(2),
            "low" => Some(3),
            other => other.parse().ok().filter(|p| (1..=4).contains(p)),
        },
        _ => None,
    }
}

pub fn external_id(call_id: &str) -> String {
    format!("voice:{call_id}").chars().take(50).collect()
}

fn clip(text: &str, limit: usize) -> String {
    text.chars().take(limit).collect()
}

/// Creates the ticket; answers its id and number.
pub async fn create(
    tenant: &TenantClient,
    plan: &TicketPlan,
    call_id: &str,
    title: &str,
    description: &str,
) -> Result<(i64, Option<String>), AutotaskError> {
    let ticket = Ticket {
        title: Some(clip(title, TITLE_LIMIT)),
        description: Some(clip(description, DESCRIPTION_LIMIT)),
        company_id: Some(CompanyId::from(plan.company_id)),
        contact_id: plan.contact_id.map(ContactId::from),
        status: Some(plan.status),
        priority: Some(plan.priority),
        queue_id: plan.queue_id,
        issue_type: plan.issue_type,
        external_id: Some(external_id(call_id)),
        ..Ticket::default()
    };
    let id = tenant.create::<Ticket>(&ticket).await?;
    // The number is for the caller; a failed read must not fail the created ticket.
    let number = match tenant.get::<Ticket>(id).await {
        Ok(Some(t)) => t.ticket_number,
        _ => None,
    };
    Ok((id, number))
}

/// The ticket an earlier attempt for this call may have created.
pub async fn existing(
    tenant: &TenantClient,
    call_id: &str,
) -> Result<Option<(i64, Option<String>)>, AutotaskError> {
    let query = Query::new()
        .filter(Filter::eq("externalID", external_id(call_id)))
        .max_records(1);
    let page = tenant.query_page::<Ticket>(&query).await?;
    Ok(page
        .items
        .into_iter()
        .next()
        .map(|t| (t.id.get(), t.ticket_number)))
}
