//! `Resources` (reference §6.5): technicians, the administrator (4) and API users (licenseType 7).

use app::ids::ResourceId;
use serde::{Deserialize, Serialize};

use super::{Entity, OtherFields, UserDefinedField};

/// `licenseType` of API-only users on standard tenants.
pub const API_USER_LICENSE_TYPE: i64 = 7;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    #[serde(default)]
    pub id: ResourceId,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub user_name: Option<String>,
    pub is_active: Option<bool>,
    pub resource_type: Option<String>,
    pub user_type: Option<i64>,
    pub license_type: Option<i64>,
    pub title: Option<String>,
    pub office_phone: Option<String>,
    pub mobile_phone: Option<String>,
    #[serde(rename = "locationID")]
    pub location_id: Option<i64>,
    #[serde(default)]
    pub user_defined_fields: Vec<UserDefinedField>,
    #[serde(flatten)]
    pub other: OtherFields,
}

impl Entity for Resource {
    const PATH: &'static str = "Resources";
}

impl Resource {
    pub fn is_api_user(&self) -> bool {
        self.license_type == Some(API_USER_LICENSE_TYPE)
    }

    pub fn display_name(&self) -> String {
        let first = self.first_name.as_deref().unwrap_or("");
        let last = self.last_name.as_deref().unwrap_or("");
        format!("{first} {last}").trim().to_owned()
    }
}
