//! The context an agent wakes with: the ticket with picklist labels, its contact, company and
//! assigned resource, and the event that triggered the wake.

use super::cache::TtlCache;
use super::error::PipelineError;
use crate::autotask::webhook::WebhookPayload;
use crate::autotask::{
    Company, Contact, PicklistField, Resource, TenantClient, Ticket, TicketNote,
};
use app::ids::{CompanyId, IntegrationId, ResourceId};
use serde_json::{json, Value};
use std::time::Duration;

/// Companies and resources are shared by many tickets and rarely edited.
const RECORD_TTL: Duration = Duration::from_secs(600);

pub struct ContextLoader {
    companies: TtlCache<(IntegrationId, CompanyId), Option<Company>>,
    resources: TtlCache<(IntegrationId, ResourceId), Option<Resource>>,
}

impl Default for ContextLoader {
    fn default() -> Self {
        Self {
            companies: TtlCache::new(RECORD_TTL),
            resources: TtlCache::new(RECORD_TTL),
        }
    }
}

impl ContextLoader {
    /// Loads what the ticket refers to. Picklists come from the client's cache; the contact
    /// is fetched each time (it is the one record an agent acts on directly).
    pub async fn load(
        &self,
        integration: IntegrationId,
        tenant: &TenantClient,
        ticket: &Ticket,
        payload: &WebhookPayload,
        note: Option<&TicketNote>,
    ) -> Result<Value, PipelineError> {
        let label = |field, value: Option<i64>| async move {
            match value {
                Some(v) => tenant
                    .picklist_label(field, v)
                    .await
                    .map(|l| json!({ "id": v, "label": l })),
                None => Ok(Value::Null),
            }
        };
        let status = label(PicklistField::TicketStatus, ticket.status).await?;
        let priority = label(PicklistField::TicketPriority, ticket.priority).await?;
        let queue = label(PicklistField::TicketQueue, ticket.queue_id).await?;
        let contact = match ticket.contact_id {
            Some(id) => tenant
                .get::<Contact>(id.get())
                .await?
                .map(|c| contact_json(&c)),
            None => None,
        };
        let company = match ticket.company_id {
            Some(id) => self.company(integration, tenant, id).await?,
            None => None,
        };
        let resource = match ticket.assigned_resource_id {
            Some(id) => self.resource(integration, tenant, id).await?,
            None => None,
        };
        Ok(json!({
            "ticket": {
                "id": ticket.id,
                "number": ticket.ticket_number,
                "title": ticket.title,
                "description": ticket.description,
                "status": status,
                "priority": priority,
                "queue": queue,
                "due": ticket.due_date_time,
            },
            "contact": contact,
            "company": company.map(|c| json!({ "id": c.id, "name": c.company_name })),
            "assigned_resource": resource.map(|r| json!({
                "id": r.id,
                "name": full_name(r.first_name.as_deref(), r.last_name.as_deref()),
                "email": r.email,
            })),
            "event": event_json(payload, note),
        }))
    }

    async fn company(
        &self,
        integration: IntegrationId,
        tenant: &TenantClient,
        id: CompanyId,
    ) -> Result<Option<Company>, PipelineError> {
        if let Some(hit) = self.companies.get(&(integration, id)) {
            return Ok(hit);
        }
        let company = tenant.get::<Company>(id.get()).await?;
        self.companies.put((integration, id), company.clone());
        Ok(company)
    }

    async fn resource(
        &self,
        integration: IntegrationId,
        tenant: &TenantClient,
        id: ResourceId,
    ) -> Result<Option<Resource>, PipelineError> {
        if let Some(hit) = self.resources.get(&(integration, id)) {
            return Ok(hit);
        }
        let resource = tenant.get::<Resource>(id.get()).await?;
        self.resources.put((integration, id), resource.clone());
        Ok(resource)
    }
}

/// The triggering event as the agent and the activity log see it.
pub fn event_json(payload: &WebhookPayload, note: Option<&TicketNote>) -> Value {
    json!({
        "action": format!("{:?}", payload.action),
        "entity_type": payload.entity_type.as_str(),
        "id": payload.id,
        "person_id": payload.person_id,
        "event_time": payload.event_time,
        "fields": payload.fields,
        "note": note.map(|n| json!({
            "id": n.id,
            "title": n.title,
            "description": n.description,
            "publish": n.publish,
            "creator_resource_id": n.creator_resource_id,
            "created_by_contact_id": n.created_by_contact_id,
        })),
    })
}

fn contact_json(c: &Contact) -> Value {
    json!({
        "id": c.id,
        "name": full_name(c.first_name.as_deref(), c.last_name.as_deref()),
        "email": c.email_address,
        "phone": c.phone.as_ref().or(c.mobile_phone.as_ref()),
    })
}

fn full_name(first: Option<&str>, last: Option<&str>) -> String {
    [first, last]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
