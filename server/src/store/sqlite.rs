//! SQLite implementation of the Store: the embedded default, one file under the data dir.

use super::StoreError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::str::FromStr;
use std::time::Duration;

/// How long a writer waits for another writer's lock before failing; SQLite has one writer
/// at a time, so bursts (an import, a webhook storm) queue here instead of erroring.
const BUSY_TIMEOUT: Duration = Duration::from_secs(15);

pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating the file and its parent directory if missing) and migrates `url`,
    /// e.g. `sqlite://data/relay.db` or `sqlite::memory:`.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let in_memory = url.contains(":memory:") || url.contains("mode=memory");
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            // WAL lets readers (pages, /healthz) run while a writer commits.
            .journal_mode(SqliteJournalMode::Wal)
            // Safe with WAL: a power cut may lose the last commits, never corrupt the file.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        if !in_memory {
            if let Some(dir) = options.get_filename().parent() {
                if !dir.as_os_str().is_empty() {
                    tokio::fs::create_dir_all(dir)
                        .await
                        .map_err(sqlx::Error::Io)?;
                }
            }
        }
        let mut pool = SqlitePoolOptions::new().max_connections(8);
        if in_memory {
            // An in-memory database lives only while a connection to it is open.
            pool = pool
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None);
        }
        let pool = pool.connect_with(options).await?;
        sqlx::migrate!("../migrations/sqlite").run(&pool).await?;
        Ok(Self { pool })
    }
}

super::ops::impl_store!(SqliteStore, sqlx::SqlitePool, Sqlite);

#[cfg(test)]
mod tests {
    use sqlx::Row;

    #[tokio::test]
    async fn autotask_lookup_uses_the_expression_index() {
        let store = super::SqliteStore::connect("sqlite::memory:")
            .await
            .unwrap();
        let explain = format!(
            "EXPLAIN QUERY PLAN {}",
            crate::store::sql::CLIENT_BY_AUTOTASK_ID
        );
        let plan = sqlx::query(&explain)
            .bind(1_i64)
            .bind("612")
            .fetch_all(&store.pool)
            .await
            .unwrap();
        let plan: Vec<String> = plan.iter().map(|row| row.get("detail")).collect();
        assert!(
            plan.iter()
                .any(|step| step.contains("USING INDEX clients_autotask_id")),
            "{plan:?}"
        );
    }
}
