//! Picklists from `/{Entity}/entityInformation/fields`, cached per (tenant, entity) with expiry,
//! and label helpers for the picklists Relay shows.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use reqwest::Method;

use super::client::TenantClient;
use super::entities::EntityFields;
use super::errors::AutotaskError;
use super::http::ApiRequest;
use super::reads::decode;

/// The picklists Relay labels; each names its entity and field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PicklistField {
    TicketStatus,
    TicketPriority,
    TicketQueue,
    TicketType,
    TicketIssueType,
    /// Depends on issueType through each value's `parentValue`.
    TicketSubIssueType,
    CompanyType,
    NotePublish,
}

impl PicklistField {
    /// (entity path, field name) in Autotask.
    pub fn location(self) -> (&'static str, &'static str) {
        match self {
            Self::TicketStatus => ("Tickets", "status"),
            Self::TicketPriority => ("Tickets", "priority"),
            Self::TicketQueue => ("Tickets", "queueID"),
            Self::TicketType => ("Tickets", "ticketType"),
            Self::TicketIssueType => ("Tickets", "issueType"),
            Self::TicketSubIssueType => ("Tickets", "subIssueType"),
            Self::CompanyType => ("Companies", "companyType"),
            Self::NotePublish => ("TicketNotes", "publish"),
        }
    }
}

type Key = (String, String);

#[derive(Default)]
pub(crate) struct PicklistCache {
    entries: Mutex<HashMap<Key, (Instant, Arc<EntityFields>)>>,
}

impl PicklistCache {
    fn get(&self, key: &Key, ttl: std::time::Duration) -> Option<Arc<EntityFields>> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries
            .get(key)
            .filter(|(fetched, _)| fetched.elapsed() < ttl)
            .map(|(_, fields)| fields.clone())
    }

    fn put(&self, key: Key, fields: Arc<EntityFields>) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.insert(key, (Instant::now(), fields));
    }

    fn forget(&self, key: &Key) {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(key);
    }
}

impl TenantClient {
    fn picklist_key(&self, entity: &str) -> Key {
        // Picklists belong to the Autotask database, which the username identifies.
        (
            self.credentials.username.to_ascii_lowercase(),
            entity.to_ascii_lowercase(),
        )
    }

    /// Field metadata for an entity, from the cache while it is younger than `picklist_ttl`.
    pub async fn entity_fields(&self, entity: &str) -> Result<Arc<EntityFields>, AutotaskError> {
        let inner = &self.client.inner;
        let key = self.picklist_key(entity);
        if let Some(fields) = inner.picklists.get(&key, inner.config.picklist_ttl) {
            return Ok(fields);
        }
        let request = ApiRequest::new(
            Method::GET,
            entity,
            format!("{entity}/entityInformation/fields"),
        );
        let response = self.send(&request).await?;
        let fields = Arc::new(decode::<EntityFields>(
            "entityInformation/fields",
            &response.body,
        )?);
        inner.picklists.put(key, fields.clone());
        Ok(fields)
    }

    /// Drops the cached metadata so the next read refetches (e.g. after an admin edits a list).
    pub fn forget_entity_fields(&self, entity: &str) {
        self.client
            .inner
            .picklists
            .forget(&self.picklist_key(entity));
    }

    /// The label of a record's integer value, e.g. `(TicketStatus, 5)` → "Complete".
    pub async fn picklist_label(
        &self,
        field: PicklistField,
        value: i64,
    ) -> Result<Option<String>, AutotaskError> {
        let (entity, name) = field.location();
        Ok(self
            .entity_fields(entity)
            .await?
            .label(name, value)
            .map(str::to_owned))
    }

    /// The integer for a label, e.g. `(NotePublish, "Internal Users")` → 2.
    pub async fn picklist_value(
        &self,
        field: PicklistField,
        label: &str,
    ) -> Result<Option<i64>, AutotaskError> {
        let (entity, name) = field.location();
        Ok(self
            .entity_fields(entity)
            .await?
            .value_for_label(name, label))
    }

    /// Every (value, label) of a picklist, active entries only, in Autotask's sort order.
    pub async fn picklist_options(
        &self,
        field: PicklistField,
    ) -> Result<Vec<(i64, String)>, AutotaskError> {
        let (entity, name) = field.location();
        let fields = self.entity_fields(entity).await?;
        let mut values: Vec<_> = fields
            .field(name)
            .map(|f| f.picklist_values.iter().filter(|v| v.is_active).collect())
            .unwrap_or_default();
        values.sort_by_key(|v| v.sort_order);
        Ok(values
            .into_iter()
            .filter_map(|v| Some((v.int_value()?, v.label.clone())))
            .collect())
    }
}
