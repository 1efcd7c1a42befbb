//! Opening and migrating the two kinds of pool a `Store` can hold.

use super::StoreError;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, SqlitePool};
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

/// The database behind a `Store`; `db_run!` runs a query body on whichever it is.
#[derive(Clone, Debug)]
pub enum Pool {
    /// The embedded default: one file under the data dir.
    Sqlite(SqlitePool),
    /// Production, and replicas sharing one database.
    Postgres(PgPool),
}

/// How long a writer waits for another writer's lock before failing; SQLite has one writer
/// at a time, so bursts (an import, a webhook storm) queue here instead of erroring.
const BUSY_TIMEOUT: Duration = Duration::from_secs(15);

/// A SQLite database's two pools (see `db_write!`).
pub(super) struct OpenedSqlite {
    /// Reads; read-only connections in debug builds.
    pub readers: SqlitePool,
    /// Every write, on one connection that is never closed, so its page cache stays warm.
    pub writer: SqlitePool,
    pub in_memory: bool,
}

/// Opens (creating the file and its parent directory if missing) and migrates `url`,
/// e.g. `sqlite://data/relay.db` or `sqlite::memory:`.
pub(super) async fn open_sqlite(url: &str) -> Result<OpenedSqlite, StoreError> {
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        // WAL lets readers (pages, /healthz) run while a writer commits.
        .journal_mode(SqliteJournalMode::Wal)
        // Safe with WAL: a power cut may lose the last commits, never corrupt the file.
        .synchronous(SqliteSynchronous::Normal)
        // The store's own task checkpoints the log (see `wal`), not the commit that fills it.
        .pragma("wal_autocheckpoint", "0")
        .pragma("journal_size_limit", super::wal::JOURNAL_SIZE_LIMIT)
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
    let file = (!in_memory).then(|| options.get_filename().to_path_buf());
    if let Some(file) = &file {
        create_owner_only(file).map_err(sqlx::Error::Io)?;
    }
    // An in-memory database lives while a connection to it is open: the writer's one
    // connection is opened now and never closed (which also keeps a file's cache warm).
    let writer = SqlitePoolOptions::new()
        .max_connections(1)
        .min_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        // Writers queue here for as long as they would have waited for SQLite's write lock.
        .acquire_timeout(BUSY_TIMEOUT)
        // A connection to a local file cannot go stale; the check would cost every query a
        // round trip to the connection's thread.
        .test_before_acquire(false)
        .connect_with(options.clone())
        .await?;
    sqlx::migrate!("../migrations/sqlite").run(&writer).await?;
    if let Some(file) = &file {
        restrict_to_owner(file).map_err(sqlx::Error::Io)?;
    }
    // In the tests (debug builds) a write on a reading connection fails loudly: it must go
    // through `db_write!`. Release builds would only lose the warm cache, so they allow it.
    let read_only = if cfg!(debug_assertions) { "ON" } else { "OFF" };
    let readers = SqlitePoolOptions::new()
        .max_connections(8)
        .test_before_acquire(false)
        .connect_with(options.pragma("query_only", read_only))
        .await?;
    Ok(OpenedSqlite {
        readers,
        writer,
        in_memory,
    })
}

/// Creates the database file owner-only before SQLite opens it (SQLite gives the `-wal` and
/// `-shm` files the mode of the database file); an existing file is left to the next step.
fn create_owner_only(file: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(file)
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// The database holds sealed secrets and session hashes: owner-only, also when the file or
/// its directory was made earlier by something with a looser umask.
fn restrict_to_owner(file: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mut paths = vec![file.to_path_buf()];
    for suffix in ["-wal", "-shm"] {
        let mut name = file.as_os_str().to_owned();
        name.push(suffix);
        paths.push(name.into());
    }
    for path in paths {
        match std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
    }
    Ok(())
}

/// Connects to `url` (`postgres://` or `postgresql://`) and migrates. Several replicas may
/// start at once: sqlx serialises their migrations with an advisory lock.
pub(super) async fn open_postgres(url: &str) -> Result<PgPool, StoreError> {
    let pool = PgPoolOptions::new()
        .max_connections(16)
        // Fail a request after a while instead of hanging when the server is unreachable.
        .acquire_timeout(Duration::from_secs(10))
        .connect(url)
        .await?;
    sqlx::migrate!("../migrations/postgres").run(&pool).await?;
    Ok(pool)
}
