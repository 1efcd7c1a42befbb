//! PostgreSQL implementation of the Store: for production and for replicas sharing one database.

use super::StoreError;
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;
use std::time::Duration;

pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to `url` (`postgres://` or `postgresql://`) and migrates. Several replicas may
    /// start at once: sqlx serialises their migrations with an advisory lock.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            // Fail a request after a while instead of hanging when the server is unreachable.
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        sqlx::migrate!("../migrations/postgres").run(&pool).await?;
        Ok(Self { pool })
    }
}

super::ops::impl_store!(PgStore, sqlx::PgPool, Postgres);
