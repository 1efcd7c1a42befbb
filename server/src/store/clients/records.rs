//! Records of clients: the stored row, where it comes from, and the Clients page row.

use crate::store::{Millis, NullableText};
use app::ids::{ClientId, MspId};
use app::states::{AgentStatus, ClientMode};
use serde::{Deserialize, Serialize};

/// Where a client comes from in external systems, e.g. `{"autotask": {"id": "612"}}`.
/// Ids are JSON strings so `sources->'autotask'->>'id' = $1` works in both databases.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientSources {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub autotask: Option<SourceRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    pub id: String,
}

/// A company from Autotask to be put in as a client (tests seed clients with it; the product
/// imports whole pages through `import_company_page`).
#[derive(Debug, Clone)]
pub struct NewClient {
    pub msp_id: MspId,
    pub name: String,
    /// The Autotask company id as a string (see `SourceRef`).
    pub autotask_id: String,
    pub now: Millis,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ClientRecord {
    #[sqlx(try_from = "i64")]
    pub id: ClientId,
    #[sqlx(try_from = "i64")]
    pub msp_id: MspId,
    pub name: String,
    pub slug: String,
    #[sqlx(json)]
    pub sources: ClientSources,
    #[sqlx(try_from = "String")]
    pub mode: ClientMode,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// The Clients page: a client with its Autotask type and agent status, in one read.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ClientListRow {
    #[sqlx(try_from = "i64")]
    pub id: ClientId,
    pub name: String,
    pub slug: String,
    pub autotask_id: Option<String>,
    pub company_type: Option<i64>,
    pub company_type_label: Option<String>,
    #[sqlx(try_from = "String")]
    pub mode: ClientMode,
    /// `None` for a client without an agent (created before import provisioned agents).
    #[sqlx(try_from = "NullableText")]
    pub agent_status: Option<AgentStatus>,
}
