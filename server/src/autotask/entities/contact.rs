//! `Contacts` (reference §6.4); written only under `/Companies/{id}/Contacts`.

use app::ids::{CompanyId, ContactId};
use serde::{Deserialize, Serialize};

use super::{Entity, OtherFields, UserDefinedField};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    #[serde(default)]
    pub id: ContactId,
    #[serde(rename = "companyID")]
    pub company_id: Option<CompanyId>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email_address: Option<String>,
    pub email_address2: Option<String>,
    pub email_address3: Option<String>,
    pub phone: Option<String>,
    pub alternate_phone: Option<String>,
    pub mobile_phone: Option<String>,
    pub extension: Option<String>,
    pub title: Option<String>,
    /// Autotask sends 1/0 here, not a boolean; keeping the integer makes a wrong server visible.
    pub is_active: Option<i64>,
    pub primary_contact: Option<bool>,
    #[serde(rename = "externalID")]
    pub external_id: Option<String>,
    pub create_date: Option<String>,
    pub last_activity_date: Option<String>,
    pub last_modified_date: Option<String>,
    #[serde(default)]
    pub user_defined_fields: Vec<UserDefinedField>,
    #[serde(flatten)]
    pub other: OtherFields,
}

impl Entity for Contact {
    const PATH: &'static str = "Contacts";
}

impl Contact {
    pub fn active(&self) -> bool {
        self.is_active == Some(1)
    }
}
