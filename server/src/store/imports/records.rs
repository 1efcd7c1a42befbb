//! Records of company imports: the job row the progress bar reads and one company of a page.

use crate::store::{Millis, NullableId};
use app::ids::{ImportJobId, IntegrationId, MspId};
use app::states::ImportState;

#[derive(Debug, Clone)]
pub struct NewImportJob {
    pub msp_id: MspId,
    pub integration_id: IntegrationId,
    pub company_types: Vec<i64>,
    pub expected: i64,
    pub resumed_from: Option<ImportJobId>,
    pub now: Millis,
    /// Import Autotask company 0 (the MSP's own organisation) too; off unless asked for.
    pub include_own_company: bool,
    /// The replica running the job and until when it holds it (renewed while it runs).
    pub lease_owner: Option<String>,
    pub lease_expires_at: Option<Millis>,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ImportJobRecord {
    #[sqlx(try_from = "i64")]
    pub id: ImportJobId,
    #[sqlx(try_from = "i64")]
    pub msp_id: MspId,
    #[sqlx(try_from = "i64")]
    pub integration_id: IntegrationId,
    #[sqlx(json)]
    pub company_types: Vec<i64>,
    #[sqlx(try_from = "String")]
    pub state: ImportState,
    pub expected: i64,
    pub pages_done: i64,
    pub companies_seen: i64,
    pub clients_created: i64,
    #[sqlx(try_from = "NullableId")]
    pub resumed_from: Option<ImportJobId>,
    pub error: Option<String>,
    pub started_at: Millis,
    pub updated_at: Millis,
    pub finished_at: Option<Millis>,
    pub include_own_company: bool,
    pub lease_owner: Option<String>,
    pub lease_expires_at: Option<Millis>,
}

/// One Autotask company of an import page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportCompany {
    pub autotask_id: String,
    pub name: String,
    pub company_type: Option<i64>,
    pub company_type_label: Option<String>,
}
