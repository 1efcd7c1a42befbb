//! Storage: one concrete `Store` over a SQLite or PostgreSQL pool, its methods grouped by
//! area (`auth/`, `clients/`, …), each area holding its records, its SQL and its queries.

mod activity;
mod agent_runtime;
mod agent_sessions;
mod approval_links;
mod approvals;
mod auth;
mod brain_settings;
mod budget;
mod clients;
mod error;
mod events;
mod imports;
mod integrations;
mod mail_settings;
mod nullable;
mod pool;
mod rule_agent;
mod session_view;
mod silence;
pub mod slug;
mod tool_policies;
mod verification;
mod verification_flow;
mod voice;
mod wal;
mod webhook_defs;

pub use activity::chain as audit_chain;
pub use activity::records::*;
pub use agent_runtime::records::*;
pub use agent_sessions::records::*;
pub use approval_links::records::*;
pub use approvals::records::*;
pub use auth::records::*;
pub use brain_settings::records::*;
pub use budget::records::*;
pub use clients::records::*;
pub use error::StoreError;
pub use events::records::*;
pub use imports::records::*;
pub use integrations::records::*;
pub use mail_settings::records::*;
pub use nullable::{NullableId, NullableText};
pub use pool::Pool;
pub use rule_agent::records::*;
pub use session_view::records::*;
pub use silence::records::*;
pub use tool_policies::records::*;
pub use verification::records::*;
pub use verification_flow::records::*;
pub use voice::records::*;
pub use webhook_defs::records::*;

/// Times are Unix milliseconds (UTC) everywhere in storage: one representation, both databases.
pub type Millis = i64;

/// Runs `$body` with `$pool` bound to whichever pool the store holds. The body is compiled once
/// per database, so one query text and one piece of logic serve both; sqlx's executors are
/// concrete per database and spelling generic bounds over them costs more than this match.
///
/// `db_run!(store, pool => { sqlx::query(SQL).execute(pool).await })`
#[macro_export]
macro_rules! db_run {
    ($store:expr, $pool:ident => $body:expr) => {
        match $store.pool() {
            $crate::store::Pool::Sqlite($pool) => $body,
            $crate::store::Pool::Postgres($pool) => $body,
        }
    };
}

/// `db_run!` for a body that writes. On SQLite it runs on the store's one writer connection:
/// SQLite lets one connection write at a time anyway, and a connection whose page cache
/// another connection's commit made stale rereads every page it touches (a quarter of a tool
/// call's journal write, measured), so all writes share one connection whose cache stays
/// warm. Writers queue for it instead of sleeping in SQLite's busy handler. On PostgreSQL it
/// is the pool.
///
/// `db_write!(store, pool => { sqlx::query(UPDATE).execute(pool).await })`
#[macro_export]
macro_rules! db_write {
    ($store:expr, $pool:ident => $body:expr) => {
        match $store.writer() {
            $crate::store::Pool::Sqlite($pool) => $body,
            $crate::store::Pool::Postgres($pool) => $body,
        }
    };
}

/// The one storage handle: cheap to clone (the pools are reference-counted inside).
#[derive(Clone, Debug)]
pub struct Store {
    /// Reads. On SQLite its connections are read-only in debug builds, so a write that took
    /// `db_run!` instead of `db_write!` fails in the tests instead of going unnoticed.
    pool: Pool,
    /// Writes: on SQLite a pool of one connection, on PostgreSQL the same pool as `pool`.
    writer: Pool,
    /// SQLite file databases: keeps the log checkpoint task running while the store lives.
    _wal: Option<std::sync::Arc<wal::Upkeep>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Store {
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// The reading pool, for `db_run!` (and for test-only queries outside the product).
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// The writing pool, for `db_write!` (and for test-only writes outside the product).
    pub fn writer(&self) -> &Pool {
        &self.writer
    }

    /// A cheap round trip, for `/healthz`.
    pub async fn ping(&self) -> Result<(), StoreError> {
        db_run!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))?;
        Ok(())
    }
}

/// Open and migrate the store named by `url`: `sqlite:` / `sqlite://` or `postgres://` /
/// `postgresql://`. Any other scheme is refused with a message naming it.
pub async fn connect(url: &str) -> Result<Store, StoreError> {
    let scheme = url
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    match scheme.as_str() {
        "sqlite" => {
            let opened = pool::open_sqlite(url).await?;
            let wal = (!opened.in_memory).then(|| wal::start(opened.readers.clone()));
            Ok(Store {
                pool: Pool::Sqlite(opened.readers),
                writer: Pool::Sqlite(opened.writer),
                _wal: wal,
            })
        }
        "postgres" | "postgresql" => {
            let pool = Pool::Postgres(pool::open_postgres(url).await?);
            Ok(Store {
                writer: pool.clone(),
                pool,
                _wal: None,
            })
        }
        other => Err(StoreError::UnsupportedScheme(other.to_string())),
    }
}
