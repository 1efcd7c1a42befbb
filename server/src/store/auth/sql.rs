//! SQL of tenancy, sessions and failed sign-ins, written once for both databases.

/// Columns of `UserRecord`, in one place so every user query decodes alike.
macro_rules! user_cols {
    () => {
        "id, msp_id, name, email, password_hash, created_at"
    };
}

pub(super) const INSERT_INSTALL_GUARD: &str =
    "INSERT INTO install_state (id, installed_at) VALUES (1, $1)";
pub(super) const COUNT_USERS: &str = "SELECT count(*) FROM users";
pub(super) const INSERT_MSP: &str =
    "INSERT INTO msps (name, created_at) VALUES ($1, $2) RETURNING id";
pub(super) const INSERT_USER: &str = concat!(
    "INSERT INTO users (msp_id, name, email, password_hash, created_at) ",
    "VALUES ($1, $2, $3, $4, $5) RETURNING ",
    user_cols!()
);
pub(super) const USER_BY_EMAIL: &str =
    concat!("SELECT ", user_cols!(), " FROM users WHERE email = $1");
pub(super) const USERS_OF_MSP: &str = concat!(
    "SELECT ",
    user_cols!(),
    " FROM users WHERE msp_id = $1 ORDER BY id"
);
pub(super) const MSP_BY_ID: &str = "SELECT id, name, created_at FROM msps WHERE id = $1";

pub(super) const INSERT_SESSION: &str =
    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)";
pub(super) const SESSION_USER: &str = "SELECT u.id AS user_id, u.msp_id, m.name AS msp_name, \
     u.name, u.email, s.expires_at FROM sessions s \
     JOIN users u ON u.id = s.user_id JOIN msps m ON m.id = u.msp_id \
     WHERE s.token_hash = $1 AND s.expires_at > $2";
pub(super) const DELETE_SESSION: &str = "DELETE FROM sessions WHERE token_hash = $1";
pub(super) const DELETE_EXPIRED_SESSIONS: &str = "DELETE FROM sessions WHERE expires_at <= $1";
pub(super) const INSERT_SIGN_IN_FAILURE: &str =
    "INSERT INTO sign_in_failures (scope, at) VALUES ($1, $2)";
pub(super) const COUNT_SIGN_IN_FAILURES: &str =
    "SELECT count(*) FROM sign_in_failures WHERE scope = $1 AND at >= $2";
pub(super) const CLEAR_SIGN_IN_FAILURES: &str = "DELETE FROM sign_in_failures WHERE scope = $1";
pub(super) const PRUNE_SIGN_IN_FAILURES: &str = "DELETE FROM sign_in_failures WHERE at < $1";

/// Inserts the failure row only while the scope is under `$4` failures since `$3`; one
/// statement, so SQLite (which takes its write lock before reading) cannot interleave two.
pub(super) const RESERVE_SIGN_IN_FAILURE: &str = "INSERT INTO sign_in_failures (scope, at) \
     SELECT CAST($1 AS TEXT), CAST($2 AS BIGINT) WHERE (SELECT count(*) FROM sign_in_failures WHERE scope = $1 AND at >= $3) < $4 \
     RETURNING id";
/// PostgreSQL's read-committed inserts would both see the same count: this lock, held to the
/// end of the transaction, queues the reservations of one scope.
pub(super) const LOCK_SCOPE_PG: &str = "SELECT pg_advisory_xact_lock(hashtextextended($1, 7219))";
pub(super) const DELETE_SIGN_IN_FAILURE: &str = "DELETE FROM sign_in_failures WHERE id = $1";
