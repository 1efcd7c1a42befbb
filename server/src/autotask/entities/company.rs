//! `Companies` (reference §6.3); company 0 is the MSP itself.

use app::ids::{CompanyId, ResourceId};
use serde::{Deserialize, Serialize};

use super::{Entity, OtherFields, UserDefinedField};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Company {
    #[serde(default)]
    pub id: CompanyId,
    pub company_name: Option<String>,
    pub company_number: Option<String>,
    pub company_type: Option<i64>,
    /// A boolean here, unlike `Contacts.isActive`.
    pub is_active: Option<bool>,
    pub phone: Option<String>,
    pub fax: Option<String>,
    pub web_address: Option<String>,
    pub address1: Option<String>,
    pub address2: Option<String>,
    pub city: Option<String>,
    pub state: Option<String>,
    pub postal_code: Option<String>,
    #[serde(rename = "countryID")]
    pub country_id: Option<i64>,
    #[serde(rename = "ownerResourceID")]
    pub owner_resource_id: Option<ResourceId>,
    #[serde(rename = "parentCompanyID")]
    pub parent_company_id: Option<CompanyId>,
    pub create_date: Option<String>,
    pub last_activity_date: Option<String>,
    pub last_tracked_modified_date_time: Option<String>,
    #[serde(default)]
    pub user_defined_fields: Vec<UserDefinedField>,
    #[serde(flatten)]
    pub other: OtherFields,
}

impl Entity for Company {
    const PATH: &'static str = "Companies";
}
