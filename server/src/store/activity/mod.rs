//! The activity log: chained appends (one hash chain per MSP), filtered listings, the chain as
//! verification and exports read it, and signed checkpoints of each chain's head.

pub mod chain;
mod checkpoints;
pub(super) mod records;
pub(super) mod sql;

use super::{ActivityRecord, NewActivity, Store, StoreError};
use crate::{db_run, db_write};
use app::ids::{ClientId, MspId};
use chain::{from_hex32, to_hex, GENESIS};
use records::{ActivityFilter, ChainHead, ChainRecord, ExportRecord};

/// Chains every unchained entry of `$msp` in id order after `$head`, and moves the head; runs
/// inside the transaction that holds the head.
macro_rules! chain_pending {
    ($tx:ident, $msp:expr, $head:expr, $now:expr) => {{
        use $crate::store::activity::chain::{from_hex32, to_hex};
        use $crate::store::activity::{head_bytes, records::ChainRecord, sql};
        // Hashed as read back, so the hash covers exactly what verification will read.
        let pending: Vec<ChainRecord> = sqlx::query_as(&sql::unchained())
            .bind($msp)
            .fetch_all(&mut *$tx)
            .await?;
        let (mut seq, mut prev) = ($head.seq, head_bytes(&$head));
        for row in &pending {
            seq += 1;
            let (payload_hash, hash) = row.fields(seq).hashes(&prev);
            sqlx::query(sql::CHAIN_ROW)
                .bind(row.id)
                .bind(seq)
                .bind(&payload_hash)
                .bind(to_hex(&prev))
                .bind(&hash)
                .execute(&mut *$tx)
                .await?;
            prev = from_hex32(&hash).expect("a hash this function made");
        }
        sqlx::query(sql::MOVE_HEAD)
            .bind($msp)
            .bind(seq)
            .bind(to_hex(&prev))
            .bind($now)
            .execute(&mut *$tx)
            .await?;
        pending.len() as i64
    }};
}

/// Appends `$entry` and chains it (after any unchained entry of its MSP) inside the caller's
/// transaction `$tx`, whose taking of the head serialises appends of one MSP;
/// evaluates to the new entry's id. Shared with stores that log in the transaction of their
/// own write (a tool call's journal row and its entry commit together).
macro_rules! append_chained {
    ($tx:ident, $entry:expr) => {{
        use $crate::store::activity::chain::{to_hex, ChainFields, GENESIS};
        use $crate::store::activity::{head_bytes, records::TakenHead, sql};
        let entry: &$crate::store::NewActivity = $entry;
        let msp = entry.msp_id.get();
        let taken: TakenHead = sqlx::query_as(sql::TAKE_HEAD)
            .bind(msp)
            .bind(to_hex(&GENESIS))
            .bind(entry.at)
            .fetch_one(&mut *$tx)
            .await?;
        let client_id = entry.client_id.map(app::ids::ClientId::get);
        // Nearly always nothing of the MSP is pending: the entry is inserted chained, hashed as
        // written (the canonical form is of values, keys sorted and numbers normalised, so that
        // equals hashing it as either database gives it back). Otherwise it is inserted
        // unchained and chained after the pending ones, in id order.
        let chained = (taken.unchained == 0).then(|| {
            let seq = taken.head.seq + 1;
            let prev = head_bytes(&taken.head);
            let fields = ChainFields {
                msp_id: msp,
                seq,
                at: entry.at,
                client_id,
                kind: &entry.kind,
                outcome: &entry.outcome,
                summary: &entry.summary,
                detail: &entry.detail,
            };
            let (payload_hash, hash) = fields.hashes(&prev);
            (seq, payload_hash, to_hex(&prev), hash)
        });
        let id: i64 = sqlx::query_scalar(sql::INSERT_ACTIVITY)
            .bind(msp)
            .bind(client_id)
            .bind(entry.at)
            .bind(&entry.kind)
            .bind(&entry.summary)
            .bind(&entry.outcome)
            .bind(sqlx::types::Json(&entry.detail))
            .bind(chained.as_ref().map(|c| c.0))
            .bind(chained.as_ref().map(|c| &c.1))
            .bind(chained.as_ref().map(|c| &c.2))
            .bind(chained.as_ref().map(|c| &c.3))
            .fetch_one(&mut *$tx)
            .await?;
        match chained {
            Some((seq, _, _, hash)) => {
                sqlx::query(sql::MOVE_HEAD)
                    .bind(msp)
                    .bind(seq)
                    .bind(&hash)
                    .bind(entry.at)
                    .execute(&mut *$tx)
                    .await?;
            }
            None => {
                let head = taken.head;
                $crate::store::activity::chain_pending!($tx, msp, head, entry.at);
            }
        }
        id
    }};
}
pub(super) use append_chained;
pub(super) use chain_pending;

impl Store {
    /// Appends one entry and chains it (with any entry of the MSP still unchained, in id order,
    /// before it) in one transaction that holds the MSP's chain head: appends of one MSP are
    /// serialised on PostgreSQL by the head's row lock, on SQLite by its single writer.
    pub async fn append_activity(&self, entry: NewActivity) -> Result<i64, StoreError> {
        Ok(db_write!(self, pool => {
            let mut tx = pool.begin().await?;
            let id = append_chained!(tx, &entry);
            tx.commit().await?;
            id
        }))
    }

    /// Chains the MSP's entries written before the chain existed (or by an older replica),
    /// in id order; returns how many. Start-up runs it for every MSP that has such entries.
    pub async fn chain_unchained_activity(
        &self,
        msp_id: MspId,
        now: i64,
    ) -> Result<i64, StoreError> {
        let msp = msp_id.get();
        Ok(db_write!(self, pool => {
            let mut tx = pool.begin().await?;
            let head = sqlx::query_as::<_, records::TakenHead>(sql::TAKE_HEAD)
                .bind(msp)
                .bind(to_hex(&GENESIS))
                .bind(now)
                .fetch_one(&mut *tx)
                .await?
                .head;
            let chained = chain_pending!(tx, msp, head, now);
            tx.commit().await?;
            chained
        }))
    }

    /// MSPs with entries not chained yet.
    pub async fn msps_with_unchained_activity(&self) -> Result<Vec<MspId>, StoreError> {
        let ids: Vec<i64> = db_run!(self, pool => {
            sqlx::query_scalar(sql::MSPS_UNCHAINED).fetch_all(pool).await?
        });
        Ok(ids.into_iter().map(MspId::from).collect())
    }

    /// Newest first; only one client's entries when `client_id` is given.
    pub async fn list_activity(
        &self,
        msp_id: MspId,
        client_id: Option<ClientId>,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<ActivityRecord>, i64), StoreError> {
        let filter = ActivityFilter {
            client_id,
            ..ActivityFilter::default()
        };
        self.list_activity_filtered(msp_id, &filter, limit, offset)
            .await
    }

    /// Newest first, the entries `filter` holds, and how many there are in all.
    pub async fn list_activity_filtered(
        &self,
        msp_id: MspId,
        filter: &ActivityFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<ActivityRecord>, i64), StoreError> {
        let client = filter.client_id.map(ClientId::get);
        Ok(db_run!(self, pool => {
            let total: i64 = sqlx::query_scalar(&sql::count())
                .bind(msp_id.get())
                .bind(client)
                .bind(&filter.tool)
                .bind(&filter.outcome)
                .fetch_one(pool)
                .await?;
            let page = sqlx::query_as(&sql::list())
                .bind(msp_id.get())
                .bind(client)
                .bind(&filter.tool)
                .bind(&filter.outcome)
                .bind(limit.max(0))
                .bind(offset.max(0))
                .fetch_all(pool)
                .await?;
            (page, total)
        }))
    }

    /// Up to `limit` entries `filter` holds with an id above `after_id`, oldest first.
    pub async fn export_activity_page(
        &self,
        msp_id: MspId,
        filter: &ActivityFilter,
        after_id: i64,
        limit: i64,
    ) -> Result<Vec<ExportRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(&sql::export_page())
                .bind(msp_id.get())
                .bind(filter.client_id.map(ClientId::get))
                .bind(&filter.tool)
                .bind(&filter.outcome)
                .bind(after_id)
                .bind(limit.max(0))
                .fetch_all(pool)
                .await?
        }))
    }

    /// The distinct tools (of tool calls) and outcomes in an MSP's log, for filter choices.
    pub async fn activity_facets(
        &self,
        msp_id: MspId,
    ) -> Result<(Vec<String>, Vec<String>), StoreError> {
        Ok(db_run!(self, pool => {
            let tools = sqlx::query_scalar(sql::TOOLS).bind(msp_id.get()).fetch_all(pool).await?;
            let outcomes =
                sqlx::query_scalar(sql::OUTCOMES).bind(msp_id.get()).fetch_all(pool).await?;
            (tools, outcomes)
        }))
    }

    /// Up to `limit` chained entries after `after_seq`, in seq order.
    pub async fn activity_chain_page(
        &self,
        msp_id: MspId,
        after_seq: i64,
        limit: i64,
    ) -> Result<Vec<ChainRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(&sql::chain_page())
                .bind(msp_id.get())
                .bind(after_seq)
                .bind(limit.max(0))
                .fetch_all(pool)
                .await?
        }))
    }

    /// Entries of the MSP not chained yet (written before the chain existed, or by an older
    /// replica); the next append chains them.
    pub async fn count_unchained_activity(&self, msp_id: MspId) -> Result<i64, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_scalar(sql::COUNT_UNCHAINED).bind(msp_id.get()).fetch_one(pool).await?
        }))
    }

    pub async fn activity_head(&self, msp_id: MspId) -> Result<Option<ChainHead>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::HEAD).bind(msp_id.get()).fetch_optional(pool).await?
        }))
    }

    /// Every MSP that has activity, chained or not.
    pub async fn msps_with_activity(&self) -> Result<Vec<MspId>, StoreError> {
        let ids: Vec<i64> = db_run!(self, pool => {
            sqlx::query_scalar(sql::MSPS_WITH_ACTIVITY).fetch_all(pool).await?
        });
        Ok(ids.into_iter().map(MspId::from).collect())
    }
}

/// A head hash that is not 64 hex digits was altered in the database; chaining on from a value
/// no honest head has keeps appends working and makes verification report the break.
pub(super) fn head_bytes(head: &ChainHead) -> [u8; 32] {
    from_hex32(&head.hash).unwrap_or_else(|| {
        tracing::warn!(msp_id = head.msp_id, "activity chain head is malformed");
        [0xff; 32]
    })
}
