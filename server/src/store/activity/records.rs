//! Records of the activity log: one entry per thing Relay did or refused.

use crate::store::{Millis, NullableId};
use app::ids::{ClientId, MspId};

#[derive(Debug, Clone)]
pub struct NewActivity {
    pub msp_id: MspId,
    pub client_id: Option<ClientId>,
    pub at: Millis,
    pub kind: String,
    pub summary: String,
    pub outcome: String,
    pub detail: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ActivityRecord {
    pub id: i64,
    #[sqlx(try_from = "i64")]
    pub msp_id: MspId,
    #[sqlx(try_from = "NullableId")]
    pub client_id: Option<ClientId>,
    pub client_name: Option<String>,
    pub at: Millis,
    pub kind: String,
    pub summary: String,
    pub outcome: String,
    #[sqlx(json)]
    pub detail: serde_json::Value,
}
