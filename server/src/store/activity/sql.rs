//! SQL of the activity log, written once for both databases.

pub(super) const INSERT_ACTIVITY: &str =
    "INSERT INTO activity (msp_id, client_id, at, kind, summary, outcome, detail) \
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
/// The join also checks the MSP so a stray client id can never show another tenant's name.
pub(super) const LIST_ACTIVITY: &str = "SELECT a.id, a.msp_id, a.client_id, \
     c.name AS client_name, a.at, a.kind, a.summary, a.outcome, a.detail FROM activity a \
     LEFT JOIN clients c ON c.id = a.client_id AND c.msp_id = a.msp_id \
     WHERE a.msp_id = $1 AND ($2 IS NULL OR a.client_id = $2) \
     ORDER BY a.at DESC, a.id DESC LIMIT $3 OFFSET $4";
pub(super) const COUNT_ACTIVITY: &str =
    "SELECT count(*) FROM activity WHERE msp_id = $1 AND ($2 IS NULL OR client_id = $2)";
