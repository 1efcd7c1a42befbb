//! SQL of the activity log and its chain, written once for both databases (where they differ,
//! the constant says which one it is for).

/// A new entry, chained at once (seq and hashes given) or unchained (all four NULL) when older
/// entries of its MSP are pending; then the same transaction chains them all.
pub(in crate::store) const INSERT_ACTIVITY: &str =
    "INSERT INTO activity (msp_id, client_id, at, kind, summary, outcome, detail, seq, \
     payload_hash, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
     RETURNING id";
/// Creates the MSP's head at the genesis if it has none, and reads it with the count of the
/// MSP's unchained entries, in one statement that also holds the head until the transaction
/// ends: the conflict's no-op update locks the row on PostgreSQL (appends of one MSP
/// serialise across replicas), and on SQLite this write takes the database's write lock.
pub(in crate::store) const TAKE_HEAD: &str =
    "INSERT INTO activity_heads (msp_id, seq, hash, updated_at) VALUES ($1, 0, $2, $3) \
     ON CONFLICT (msp_id) DO UPDATE SET updated_at = activity_heads.updated_at \
     RETURNING msp_id, seq, hash, updated_at, (SELECT count(*) FROM activity \
     WHERE activity.msp_id = $1 AND activity.seq IS NULL) AS unchained";
pub(super) const HEAD: &str =
    "SELECT msp_id, seq, hash, updated_at FROM activity_heads WHERE msp_id = $1";
const CHAIN_COLUMNS: &str = "a.id, a.msp_id, a.client_id, a.at, a.kind, a.summary, a.outcome, \
     a.detail, a.seq, a.payload_hash, a.prev_hash, a.hash";
pub(in crate::store) fn unchained() -> String {
    format!(
        "SELECT {CHAIN_COLUMNS} FROM activity a WHERE a.msp_id = $1 AND a.seq IS NULL ORDER BY a.id"
    )
}
pub(in crate::store) const CHAIN_ROW: &str = "UPDATE activity SET seq = $2, payload_hash = $3, \
     prev_hash = $4, hash = $5 WHERE id = $1";
pub(in crate::store) const MOVE_HEAD: &str =
    "UPDATE activity_heads SET seq = $2, hash = $3, updated_at = $4 WHERE msp_id = $1";
pub(super) fn chain_page() -> String {
    format!(
        "SELECT {CHAIN_COLUMNS} FROM activity a WHERE a.msp_id = $1 AND a.seq > $2 \
         ORDER BY a.seq LIMIT $3"
    )
}
pub(super) const COUNT_UNCHAINED: &str =
    "SELECT count(*) FROM activity WHERE msp_id = $1 AND seq IS NULL";

/// The filters every listing shares: client, tool (tool calls only) and outcome.
const FILTER: &str = "a.msp_id = $1 AND ($2 IS NULL OR a.client_id = $2) \
     AND ($3 IS NULL OR (a.kind = 'tool_call' AND a.detail->>'tool' = $3)) \
     AND ($4 IS NULL OR a.outcome = $4)";
/// The join also checks the MSP so a stray client id can never show another tenant's name.
pub(super) fn list() -> String {
    format!(
        "SELECT a.id, a.msp_id, a.client_id, c.name AS client_name, a.at, a.kind, a.summary, \
         a.outcome, a.detail FROM activity a \
         LEFT JOIN clients c ON c.id = a.client_id AND c.msp_id = a.msp_id \
         WHERE {FILTER} ORDER BY a.at DESC, a.id DESC LIMIT $5 OFFSET $6"
    )
}
pub(super) fn count() -> String {
    format!("SELECT count(*) FROM activity a WHERE {FILTER}")
}
/// Oldest first by id, keyset-paged, for exports.
pub(super) fn export_page() -> String {
    format!(
        "SELECT {CHAIN_COLUMNS}, c.name AS client_name FROM activity a \
         LEFT JOIN clients c ON c.id = a.client_id AND c.msp_id = a.msp_id \
         WHERE {FILTER} AND a.id > $5 ORDER BY a.id LIMIT $6"
    )
}
/// Tools and outcomes seen in an MSP's log, for the filter choices.
pub(super) const TOOLS: &str = "SELECT DISTINCT detail->>'tool' FROM activity \
     WHERE msp_id = $1 AND kind = 'tool_call' AND detail->>'tool' IS NOT NULL ORDER BY 1";
pub(super) const OUTCOMES: &str =
    "SELECT DISTINCT outcome FROM activity WHERE msp_id = $1 ORDER BY 1";

pub(super) const INSERT_CHECKPOINT: &str = "INSERT INTO activity_checkpoints \
     (msp_id, seq, hash, at, public_key, signature) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
pub(super) const CHECKPOINTS: &str = "SELECT id, msp_id, seq, hash, at, public_key, signature \
     FROM activity_checkpoints WHERE msp_id = $1 ORDER BY seq, id";
pub(super) const LATEST_CHECKPOINT: &str = "SELECT id, msp_id, seq, hash, at, public_key, \
     signature FROM activity_checkpoints WHERE msp_id = $1 ORDER BY seq DESC, id DESC LIMIT 1";
/// Heads that moved since their last checkpoint by at least $1 entries, or whose last
/// checkpoint is at or before $2.
pub(super) const HEADS_DUE: &str = "SELECT h.msp_id, h.seq, h.hash, h.updated_at \
     FROM activity_heads h LEFT JOIN (SELECT msp_id, max(seq) AS seq, max(at) AS at \
     FROM activity_checkpoints GROUP BY msp_id) c ON c.msp_id = h.msp_id \
     WHERE h.seq > COALESCE(c.seq, 0) AND (h.seq - COALESCE(c.seq, 0) >= $1 OR COALESCE(c.at, 0) <= $2) \
     ORDER BY h.msp_id";
pub(super) const MSPS_WITH_ACTIVITY: &str = "SELECT DISTINCT msp_id FROM activity ORDER BY msp_id";
pub(super) const MSPS_UNCHAINED: &str =
    "SELECT DISTINCT msp_id FROM activity WHERE seq IS NULL ORDER BY msp_id";
