//! Writes as Autotask has them: create → `{"itemId"}`, update = `PATCH /{Entity}` with `id` in
//! the body, notes under `/Tickets/{id}/Notes`, contacts under `/Companies/{id}/Contacts`.
//!
//! Child routes are throttled as their parent endpoint (the URL's first segment is the "object
//! endpoint" of Autotask's thread limit), so notes count against `Tickets`.

use app::ids::{CompanyId, ContactId, ResourceId, TicketId};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::client::TenantClient;
use super::entities::{
    Company, Contact, Entity, Ticket, TicketNote, WebhookEntity, WebhookExcludedResource,
    WebhookField,
};
use super::errors::AutotaskError;
use super::http::ApiRequest;
use super::reads::decode;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ItemIdEnvelope {
    item_id: i64,
}

/// The record as a JSON object with null members dropped: a typed record only says what it
/// sets, so an unset `Option` must not clear the field in Autotask.
fn to_object(record: &impl Serialize) -> Result<Map<String, Value>, AutotaskError> {
    match serde_json::to_value(record) {
        Ok(Value::Object(mut map)) => {
            map.retain(|_, v| !v.is_null());
            Ok(map)
        }
        Ok(_) => Err(AutotaskError::InvalidRequest(
            "a write body must be a JSON object".into(),
        )),
        Err(e) => Err(AutotaskError::InvalidRequest(format!("write body: {e}"))),
    }
}

impl TenantClient {
    async fn write(
        &self,
        method: Method,
        entity: &str,
        path: String,
        body: Map<String, Value>,
    ) -> Result<Option<i64>, AutotaskError> {
        let mut request = ApiRequest::new(method, entity, path).json(&Value::Object(body));
        request.impersonate = self.impersonate;
        let response = self.send(&request).await?;
        // Autotask always answers with itemId, but an empty 2xx has been seen on updates.
        if response.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        Ok(Some(
            decode::<ItemIdEnvelope>("write result", &response.body)?.item_id,
        ))
    }

    async fn create_at(
        &self,
        entity: &str,
        path: String,
        record: &impl Serialize,
    ) -> Result<i64, AutotaskError> {
        let mut body = to_object(record)?;
        // Autotask assigns ids; a default 0 from a typed record must not be sent.
        body.remove("id");
        self.write(Method::POST, entity, path, body)
            .await?
            .ok_or_else(|| AutotaskError::Decode("create returned no itemId".into()))
    }

    async fn update_at(
        &self,
        entity: &str,
        path: String,
        id: i64,
        changes: Map<String, Value>,
    ) -> Result<i64, AutotaskError> {
        let mut body = changes;
        body.insert("id".into(), Value::from(id));
        Ok(self
            .write(Method::PATCH, entity, path, body)
            .await?
            .unwrap_or(id))
    }

    /// `POST /{Entity}`; returns the new id. Not idempotent: a retried create duplicates.
    pub async fn create<E: Entity>(&self, record: &impl Serialize) -> Result<i64, AutotaskError> {
        self.create_at(E::PATH, E::PATH.to_owned(), record).await
    }

    /// `PATCH /{Entity}` with `id` in the body. Unset (`None`/null) members are not sent.
    pub async fn update<E: Entity>(
        &self,
        id: i64,
        changes: &impl Serialize,
    ) -> Result<i64, AutotaskError> {
        self.update_at(E::PATH, E::PATH.to_owned(), id, to_object(changes)?)
            .await
    }

    /// `PATCH /{Entity}` with exactly these members, nulls included (to clear a field).
    pub async fn update_json<E: Entity>(
        &self,
        id: i64,
        changes: Map<String, Value>,
    ) -> Result<i64, AutotaskError> {
        self.update_at(E::PATH, E::PATH.to_owned(), id, changes)
            .await
    }

    /// `DELETE /{Entity}/{id}` (only some entities allow it; others answer 405).
    pub async fn delete<E: Entity>(&self, id: i64) -> Result<(), AutotaskError> {
        let mut request = ApiRequest::new(Method::DELETE, E::PATH, format!("{}/{id}", E::PATH));
        request.impersonate = self.impersonate;
        self.send(&request).await.map(|_| ())
    }

    /// `POST /Tickets/{ticket_id}/Notes`; there is no `POST /TicketNotes`.
    pub async fn create_ticket_note(
        &self,
        ticket_id: TicketId,
        note: &TicketNote,
    ) -> Result<i64, AutotaskError> {
        let mut note = note.clone();
        note.ticket_id = Some(ticket_id);
        self.create_at(Ticket::PATH, format!("Tickets/{ticket_id}/Notes"), &note)
            .await
    }

    /// `PATCH /Tickets/{ticket_id}/Notes` with the note id in the body.
    pub async fn update_ticket_note(
        &self,
        ticket_id: TicketId,
        note_id: i64,
        changes: &impl Serialize,
    ) -> Result<i64, AutotaskError> {
        self.update_at(
            Ticket::PATH,
            format!("Tickets/{ticket_id}/Notes"),
            note_id,
            to_object(changes)?,
        )
        .await
    }

    /// `POST /Companies/{company_id}/Contacts`.
    pub async fn create_contact(
        &self,
        company_id: CompanyId,
        contact: &Contact,
    ) -> Result<i64, AutotaskError> {
        let mut contact = contact.clone();
        contact.company_id = Some(company_id);
        self.create_at(
            Company::PATH,
            format!("Companies/{company_id}/Contacts"),
            &contact,
        )
        .await
    }

    /// `PATCH /Companies/{company_id}/Contacts` with the contact id in the body.
    pub async fn update_contact(
        &self,
        company_id: CompanyId,
        contact_id: ContactId,
        changes: &impl Serialize,
    ) -> Result<i64, AutotaskError> {
        self.update_at(
            Company::PATH,
            format!("Companies/{company_id}/Contacts"),
            contact_id.get(),
            to_object(changes)?,
        )
        .await
    }

    /// `POST /{X}Webhooks/{webhook_id}/Fields`. Add fields one at a time: parallel adds trip the
    /// thread limit (reference §10.3).
    pub async fn create_webhook_field<W: WebhookEntity>(
        &self,
        webhook_id: i64,
        field: &WebhookField,
    ) -> Result<i64, AutotaskError> {
        let mut field = field.clone();
        field.webhook_id = Some(webhook_id);
        self.create_at(W::PATH, format!("{}/{webhook_id}/Fields", W::PATH), &field)
            .await
    }

    /// `POST /{X}Webhooks/{webhook_id}/ExcludedResources`: that resource's changes stop firing it.
    pub async fn create_webhook_excluded_resource<W: WebhookEntity>(
        &self,
        webhook_id: i64,
        resource_id: ResourceId,
    ) -> Result<i64, AutotaskError> {
        let excluded = WebhookExcludedResource {
            webhook_id: Some(webhook_id),
            resource_id: Some(resource_id),
            ..Default::default()
        };
        self.create_at(
            W::PATH,
            format!("{}/{webhook_id}/ExcludedResources", W::PATH),
            &excluded,
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_records_send_only_what_they_set() {
        let ticket = Ticket {
            title: Some("VPN down".into()),
            status: Some(1),
            ..Default::default()
        };
        let body = to_object(&ticket).unwrap();
        assert_eq!(body.get("title"), Some(&Value::from("VPN down")));
        assert!(!body.contains_key("priority"));
        assert!(
            body.contains_key("id"),
            "create_at removes it; update_at overwrites it"
        );
        assert!(to_object(&5).is_err());
    }
}
