//! Records of the rule agent's per-MSP triage mapping.

use crate::store::Millis;
use app::ids::MspId;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct RuleMappingRecord {
    #[sqlx(try_from = "i64")]
    pub msp_id: MspId,
    /// The mapping as the rule agent reads it (`TriageMapping` in JSON).
    #[sqlx(json)]
    pub mapping: serde_json::Value,
    /// The admin who saved it (none once that user is deleted).
    pub updated_by: Option<i64>,
    pub updated_by_name: Option<String>,
    pub updated_at: Millis,
}
