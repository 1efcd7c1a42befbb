//! `Tickets` (reference §6.1).

use app::ids::{CompanyId, ContactId, ResourceId, TicketId};
use serde::{Deserialize, Serialize};

use super::{Entity, OtherFields, UserDefinedField};

/// The one status value Autotask fixes for every tenant; all others come from the picklist.
pub const TICKET_STATUS_COMPLETE: i64 = 5;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ticket {
    #[serde(default)]
    pub id: TicketId,
    pub ticket_number: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub status: Option<i64>,
    pub priority: Option<i64>,
    #[serde(rename = "queueID")]
    pub queue_id: Option<i64>,
    #[serde(rename = "assignedResourceID")]
    pub assigned_resource_id: Option<ResourceId>,
    #[serde(rename = "assignedResourceRoleID")]
    pub assigned_resource_role_id: Option<i64>,
    #[serde(rename = "companyID")]
    pub company_id: Option<CompanyId>,
    #[serde(rename = "companyLocationID")]
    pub company_location_id: Option<i64>,
    #[serde(rename = "contactID")]
    pub contact_id: Option<ContactId>,
    #[serde(rename = "contractID")]
    pub contract_id: Option<i64>,
    #[serde(rename = "configurationItemID")]
    pub configuration_item_id: Option<i64>,
    pub ticket_type: Option<i64>,
    pub ticket_category: Option<i64>,
    pub issue_type: Option<i64>,
    pub sub_issue_type: Option<i64>,
    pub source: Option<i64>,
    pub create_date: Option<String>,
    #[serde(rename = "creatorResourceID")]
    pub creator_resource_id: Option<ResourceId>,
    #[serde(rename = "createdByContactID")]
    pub created_by_contact_id: Option<ContactId>,
    pub creator_type: Option<i64>,
    pub last_activity_date: Option<String>,
    #[serde(rename = "lastActivityResourceID")]
    pub last_activity_resource_id: Option<ResourceId>,
    pub last_tracked_modification_date_time: Option<String>,
    pub due_date_time: Option<String>,
    pub completed_date: Option<String>,
    #[serde(rename = "completedByResourceID")]
    pub completed_by_resource_id: Option<ResourceId>,
    pub resolution: Option<String>,
    pub resolved_date_time: Option<String>,
    pub first_response_date_time: Option<String>,
    pub estimated_hours: Option<f64>,
    #[serde(rename = "externalID")]
    pub external_id: Option<String>,
    #[serde(rename = "serviceLevelAgreementID")]
    pub service_level_agreement_id: Option<i64>,
    #[serde(rename = "impersonatorCreatorResourceID")]
    pub impersonator_creator_resource_id: Option<ResourceId>,
    #[serde(default)]
    pub user_defined_fields: Vec<UserDefinedField>,
    #[serde(flatten)]
    pub other: OtherFields,
}

impl Entity for Ticket {
    const PATH: &'static str = "Tickets";
}

impl Ticket {
    pub fn is_complete(&self) -> bool {
        self.status == Some(TICKET_STATUS_COMPLETE)
    }
}
