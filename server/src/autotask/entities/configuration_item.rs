//! `ConfigurationItems` (reference §6.6), called Assets or Devices in the UI.

use app::ids::{CompanyId, ContactId};
use serde::{Deserialize, Serialize};

use super::{Entity, OtherFields, UserDefinedField};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigurationItem {
    #[serde(default)]
    pub id: i64,
    #[serde(rename = "companyID")]
    pub company_id: Option<CompanyId>,
    #[serde(rename = "productID")]
    pub product_id: Option<i64>,
    pub is_active: Option<bool>,
    pub reference_title: Option<String>,
    pub reference_number: Option<String>,
    pub serial_number: Option<String>,
    pub configuration_item_type: Option<i64>,
    #[serde(rename = "contactID")]
    pub contact_id: Option<ContactId>,
    pub install_date: Option<String>,
    pub warranty_expiration_date: Option<String>,
    pub location: Option<String>,
    pub notes: Option<String>,
    pub create_date: Option<String>,
    pub last_modified_time: Option<String>,
    #[serde(default)]
    pub user_defined_fields: Vec<UserDefinedField>,
    #[serde(flatten)]
    pub other: OtherFields,
}

impl Entity for ConfigurationItem {
    const PATH: &'static str = "ConfigurationItems";
}
