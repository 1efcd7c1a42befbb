//! SQLite's write-ahead log is copied into the database file by a background task of the
//! store, not by SQLite's automatic checkpoint. The automatic one runs inside whichever commit
//! pushes the log past 1,000 pages, and that commit pays for the copy and its fsyncs (several
//! milliseconds): every few dozen tool calls, one call's journal write was that slow. A
//! passive checkpoint twice a second does the copying off every request's path (it never
//! waits for or blocks readers and writers), and a restarting one keeps the log bounded.

use std::sync::{Arc, Weak};
use std::time::Duration;

use sqlx::SqlitePool;

/// How often the log is copied; its length stays bounded by what half a second can write.
const EVERY: Duration = Duration::from_millis(500);

/// A log longer than this (about 64 MB of 4 KB pages) is rewound by a restarting checkpoint.
const RESTART_FRAMES: i64 = 16_384;

/// When SQLite rewinds a log file larger than this it cuts it back. Above what the rewinds let
/// the log reach, so the file is reused in place (cutting a large file is itself a stall).
pub(super) const JOURNAL_SIZE_LIMIT: &str = "134217728";

/// Held by every clone of a `Store`; the checkpoint task ends once the last clone is gone.
#[derive(Debug)]
pub(super) struct Upkeep;

/// Starts the checkpoint task for `pool` (a file database; an in-memory one has no log).
pub(super) fn start(pool: SqlitePool) -> Arc<Upkeep> {
    let upkeep = Arc::new(Upkeep);
    tokio::spawn(checkpoints(pool, Arc::downgrade(&upkeep)));
    upkeep
}

async fn checkpoints(pool: SqlitePool, store: Weak<Upkeep>) {
    let mut tick = tokio::time::interval(EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if store.strong_count() == 0 || pool.is_closed() {
            return;
        }
        if let Err(err) = checkpoint(&pool).await {
            tracing::warn!(error = %err, "SQLite checkpoint failed; retried shortly");
        }
    }
}

/// Copies what the log holds; then, if the log has grown long, rewinds it.
///
/// A passive checkpoint alone never lets the log start over under steady writes: SQLite
/// rewinds the log only when a write begins with every frame already copied, and with another
/// connection checkpointing, some writer has always appended meanwhile. The log would grow
/// without bound and the first quiet moment would pay for cutting it back. So past
/// `RESTART_FRAMES` the task restarts it: writers wait only while the few frames written
/// since the passive copy are copied, once per that many frames rather than once per 1,000
/// pages as SQLite's own checkpoint would.
async fn checkpoint(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    // (busy, frames in the log, frames copied); busy means a reader still needed older pages.
    let (_, frames, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
        .fetch_one(pool)
        .await?;
    if frames > RESTART_FRAMES {
        let _: (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(RESTART)")
            .fetch_one(pool)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::store::{connect, Pool};

    #[tokio::test]
    async fn commits_leave_the_copy_to_the_task_and_it_makes_it_soon() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("relay.db");
        let store = connect(&format!("sqlite://{}", file.display()))
            .await
            .unwrap();
        let (Pool::Sqlite(readers), Pool::Sqlite(pool)) = (store.pool(), store.writer()) else {
            unreachable!()
        };
        for connection in [readers, pool] {
            let auto: i64 = sqlx::query_scalar("PRAGMA wal_autocheckpoint")
                .fetch_one(connection)
                .await
                .unwrap();
            assert_eq!(auto, 0, "no commit checkpoints on its own");
        }
        let before = std::fs::metadata(&file).unwrap().len();
        sqlx::query("CREATE TABLE filler (b BLOB)")
            .execute(pool)
            .await
            .unwrap();
        for _ in 0..8 {
            sqlx::query("INSERT INTO filler VALUES (zeroblob(262144))")
                .execute(pool)
                .await
                .unwrap();
        }
        let copied = async {
            loop {
                if std::fs::metadata(&file).unwrap().len() >= before + 2_000_000 {
                    return;
                }
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
        };
        tokio::time::timeout(super::EVERY * 10, copied)
            .await
            .expect("the background checkpoint copied the log into the file");
    }
}
