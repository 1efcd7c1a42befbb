//! `TicketNotes` (reference §6.2); created and updated only under `/Tickets/{id}/Notes`.

use app::ids::{ContactId, ResourceId, TicketId};
use serde::{Deserialize, Serialize};

use super::{Entity, OtherFields};

/// `publish` 1 = "All Autotask Users": visible to the customer (reference §6.2, conflict resolved).
pub const PUBLISH_ALL_AUTOTASK_USERS: i64 = 1;
/// `publish` 2 = "Internal Users": never shown to the customer.
pub const PUBLISH_INTERNAL_ONLY: i64 = 2;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TicketNote {
    #[serde(default)]
    pub id: i64,
    #[serde(rename = "ticketID")]
    pub ticket_id: Option<TicketId>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub note_type: Option<i64>,
    pub publish: Option<i64>,
    pub create_date_time: Option<String>,
    pub last_activity_date: Option<String>,
    #[serde(rename = "creatorResourceID")]
    pub creator_resource_id: Option<ResourceId>,
    #[serde(rename = "createdByContactID")]
    pub created_by_contact_id: Option<ContactId>,
    #[serde(rename = "impersonatorCreatorResourceID")]
    pub impersonator_creator_resource_id: Option<ResourceId>,
    #[serde(rename = "impersonatorUpdaterResourceID")]
    pub impersonator_updater_resource_id: Option<ResourceId>,
    #[serde(flatten)]
    pub other: OtherFields,
}

impl Entity for TicketNote {
    const PATH: &'static str = "TicketNotes";
}

impl TicketNote {
    /// A note for `ticket_id`, ready for [`crate::autotask::TenantClient::create_ticket_note`].
    pub fn new(
        ticket_id: TicketId,
        title: &str,
        description: &str,
        note_type: i64,
        publish: i64,
    ) -> Self {
        Self {
            ticket_id: Some(ticket_id),
            title: Some(title.to_owned()),
            description: Some(description.to_owned()),
            note_type: Some(note_type),
            publish: Some(publish),
            ..Self::default()
        }
    }

    pub fn is_internal(&self) -> bool {
        self.publish == Some(PUBLISH_INTERNAL_ONLY)
    }
}
