//! The tamper-evident activity trail end to end: exports through the real router, the Activity
//! page's Verify, and `server audit verify` on a SQLite file.

mod cli;
mod export;

use app::ids::MspId;
use serde_json::json;
use server::store::{NewActivity, Store};

pub fn tool_call(msp_id: MspId, at: i64, tool: &str, outcome: &str, summary: &str) -> NewActivity {
    NewActivity {
        msp_id,
        client_id: None,
        at,
        kind: "tool_call".into(),
        summary: summary.into(),
        outcome: outcome.into(),
        detail: json!({"tool": tool, "arguments": {"ticketId": 41215}, "decision": outcome,
            "duration_ms": 7, "requests": 1}),
    }
}

/// Runs raw SQL against the store, as someone with database access would.
pub async fn tamper(store: &Store, sql: &str) {
    server::db_write!(store, pool => { sqlx::query(sql).execute(pool).await.unwrap(); });
}
