//! The Autotask company lookup (webhook routing, import) is served by the expression index in
//! both databases. The query text mirrors `CLIENT_BY_AUTOTASK_ID` in `server/src/store/sql.rs`;
//! a unit test there checks the store's own text on SQLite.

use super::harness::with_pg_database;
use server::store;
use sqlx::{Connection, Executor, PgConnection, Row, SqliteConnection};

const LOOKUP: &str =
    "SELECT id FROM clients WHERE msp_id = 1 AND sources->'autotask'->>'id' = '612'";

#[tokio::test]
async fn sqlite_autotask_lookup_uses_the_index() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("relay.db").display());
    drop(store::connect(&url).await.expect("create and migrate"));
    let mut conn = SqliteConnection::connect(&url).await.unwrap();
    let plan = sqlx::query(&format!("EXPLAIN QUERY PLAN {LOOKUP}"))
        .fetch_all(&mut conn)
        .await
        .unwrap();
    let plan: Vec<String> = plan.iter().map(|row| row.get("detail")).collect();
    assert!(
        plan.iter()
            .any(|step| step.contains("USING INDEX clients_autotask_id")),
        "{plan:?}"
    );
}

#[tokio::test]
async fn postgres_autotask_lookup_uses_the_index() {
    with_pg_database(|url| async move {
        drop(store::connect(&url).await.expect("create and migrate"));
        let mut conn = PgConnection::connect(&url).await.unwrap();
        // An empty table is cheapest to scan; forbid that so the planner shows whether the
        // index can serve the expression at all.
        conn.execute("SET enable_seqscan = off").await.unwrap();
        let plan = sqlx::query(&format!("EXPLAIN {LOOKUP}"))
            .fetch_all(&mut conn)
            .await
            .unwrap();
        let plan: Vec<String> = plan.iter().map(|row| row.get(0)).collect();
        assert!(
            plan.iter().any(|step| step.contains("clients_autotask_id")),
            "{plan:?}"
        );
    })
    .await;
}
