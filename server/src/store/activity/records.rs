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

/// Which entries a listing or export holds; `None` means any.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActivityFilter {
    pub client_id: Option<ClientId>,
    /// A tool name; matches `tool_call` entries of that tool only.
    pub tool: Option<String>,
    pub outcome: Option<String>,
}

/// An entry with its chain columns (all `None` while it is not chained yet).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ChainRecord {
    pub id: i64,
    pub msp_id: i64,
    pub client_id: Option<i64>,
    pub at: Millis,
    pub kind: String,
    pub summary: String,
    pub outcome: String,
    #[sqlx(json)]
    pub detail: serde_json::Value,
    pub seq: Option<i64>,
    pub payload_hash: Option<String>,
    pub prev_hash: Option<String>,
    pub hash: Option<String>,
}

impl ChainRecord {
    /// The chained fields as stored, at `seq` (its own when chained).
    pub fn fields(&self, seq: i64) -> super::chain::ChainFields<'_> {
        super::chain::ChainFields {
            msp_id: self.msp_id,
            seq,
            at: self.at,
            client_id: self.client_id,
            kind: &self.kind,
            outcome: &self.outcome,
            summary: &self.summary,
            detail: &self.detail,
        }
    }
}

/// An exported entry: the chain record and the client's name.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ExportRecord {
    #[sqlx(flatten)]
    pub entry: ChainRecord,
    pub client_name: Option<String>,
}

/// The last entry of an MSP's chain.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct ChainHead {
    pub msp_id: i64,
    pub seq: i64,
    pub hash: String,
    pub updated_at: Millis,
}

/// The head as an append takes it, and how many of the MSP's entries are still unchained
/// (nearly always none: then the new entry is inserted chained, hashed as written).
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct TakenHead {
    #[sqlx(flatten)]
    pub head: ChainHead,
    pub unchained: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewCheckpoint {
    pub msp_id: MspId,
    pub seq: i64,
    pub hash: String,
    pub at: Millis,
    pub public_key: String,
    pub signature: String,
}

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CheckpointRecord {
    pub id: i64,
    pub msp_id: i64,
    pub seq: i64,
    pub hash: String,
    pub at: Millis,
    pub public_key: String,
    pub signature: String,
}
