//! The SQL text of every store query, written once for both databases.
//!
//! Only syntax both dialects accept is used: `$n` placeholders (SQLite reads them as numbered
//! parameters, so one value may be used twice), `RETURNING`, `lower(..) LIKE .. ESCAPE`, and
//! the JSON operators `->`/`->>` (SQLite 3.38+, bundled by sqlx). The Autotask id expression
//! is spelled exactly as in the `clients_autotask_id` index so both planners use that index.

/// Columns of `UserRecord`, in one place so every user query decodes alike.
macro_rules! user_cols {
    () => {
        "id, msp_id, name, email, password_hash, created_at"
    };
}

/// Columns of `ClientRecord`.
macro_rules! client_cols {
    () => {
        "id, msp_id, name, slug, sources, mode, created_at, updated_at"
    };
}

/// The filter shared by the Clients page query and its count: `$2` is a `like_contains`
/// pattern matched against name, slug and Autotask company id.
macro_rules! client_search {
    () => {
        " FROM clients WHERE msp_id = $1 AND (lower(name) LIKE $2 ESCAPE '\\' \
         OR slug LIKE $2 ESCAPE '\\' OR (sources->'autotask'->>'id') LIKE $2 ESCAPE '\\')"
    };
}

pub(crate) const PING: &str = "SELECT 1";

// --- tenancy ---------------------------------------------------------------------------------
pub(crate) const INSERT_INSTALL_GUARD: &str =
    "INSERT INTO install_state (id, installed_at) VALUES (1, $1)";
pub(crate) const COUNT_USERS: &str = "SELECT count(*) FROM users";
pub(crate) const INSERT_MSP: &str =
    "INSERT INTO msps (name, created_at) VALUES ($1, $2) RETURNING id";
pub(crate) const INSERT_USER: &str = concat!(
    "INSERT INTO users (msp_id, name, email, password_hash, created_at) ",
    "VALUES ($1, $2, $3, $4, $5) RETURNING ",
    user_cols!()
);
pub(crate) const USER_BY_EMAIL: &str =
    concat!("SELECT ", user_cols!(), " FROM users WHERE email = $1");
pub(crate) const USERS_OF_MSP: &str = concat!(
    "SELECT ",
    user_cols!(),
    " FROM users WHERE msp_id = $1 ORDER BY id"
);
pub(crate) const MSP_BY_ID: &str = "SELECT id, name, created_at FROM msps WHERE id = $1";

// --- sessions and failed sign-ins --------------------------------------------------------------
pub(crate) const INSERT_SESSION: &str =
    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)";
pub(crate) const SESSION_USER: &str = "SELECT u.id AS user_id, u.msp_id, m.name AS msp_name, \
     u.name, u.email, s.expires_at FROM sessions s \
     JOIN users u ON u.id = s.user_id JOIN msps m ON m.id = u.msp_id \
     WHERE s.token_hash = $1 AND s.expires_at > $2";
pub(crate) const DELETE_SESSION: &str = "DELETE FROM sessions WHERE token_hash = $1";
pub(crate) const DELETE_EXPIRED_SESSIONS: &str = "DELETE FROM sessions WHERE expires_at <= $1";
pub(crate) const INSERT_SIGN_IN_FAILURE: &str =
    "INSERT INTO sign_in_failures (scope, at) VALUES ($1, $2)";
pub(crate) const COUNT_SIGN_IN_FAILURES: &str =
    "SELECT count(*) FROM sign_in_failures WHERE scope = $1 AND at >= $2";
pub(crate) const CLEAR_SIGN_IN_FAILURES: &str = "DELETE FROM sign_in_failures WHERE scope = $1";
pub(crate) const PRUNE_SIGN_IN_FAILURES: &str = "DELETE FROM sign_in_failures WHERE at < $1";

// --- clients -----------------------------------------------------------------------------------
pub(crate) const LIST_CLIENTS: &str = concat!(
    "SELECT ",
    client_cols!(),
    client_search!(),
    " ORDER BY lower(name), id LIMIT $3 OFFSET $4"
);
pub(crate) const COUNT_CLIENTS: &str = concat!("SELECT count(*)", client_search!());
pub(crate) const CLIENT_BY_AUTOTASK_ID: &str = concat!(
    "SELECT ",
    client_cols!(),
    " FROM clients WHERE msp_id = $1 AND sources->'autotask'->>'id' = $2"
);
pub(crate) const RENAME_CLIENT: &str = concat!(
    "UPDATE clients SET name = $2, updated_at = $3 WHERE id = $1 RETURNING ",
    client_cols!()
);
/// `$2` is the base slug, `$3` the pattern `<base>-%` of its numbered variants.
pub(crate) const SLUGS_LIKE: &str =
    "SELECT slug FROM clients WHERE msp_id = $1 AND (slug = $2 OR slug LIKE $3)";
pub(crate) const INSERT_CLIENT: &str = concat!(
    "INSERT INTO clients (msp_id, name, slug, sources, created_at, updated_at) ",
    "VALUES ($1, $2, $3, $4, $5, $5) RETURNING ",
    client_cols!()
);

// --- activity ----------------------------------------------------------------------------------
pub(crate) const INSERT_ACTIVITY: &str =
    "INSERT INTO activity (msp_id, client_id, at, kind, summary, outcome, detail) \
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
/// The join also checks the MSP so a stray client id can never show another tenant's name.
pub(crate) const LIST_ACTIVITY: &str = "SELECT a.id, a.msp_id, a.client_id, \
     c.name AS client_name, a.at, a.kind, a.summary, a.outcome, a.detail FROM activity a \
     LEFT JOIN clients c ON c.id = a.client_id AND c.msp_id = a.msp_id \
     WHERE a.msp_id = $1 AND ($2 IS NULL OR a.client_id = $2) \
     ORDER BY a.at DESC, a.id DESC LIMIT $3 OFFSET $4";
pub(crate) const COUNT_ACTIVITY: &str =
    "SELECT count(*) FROM activity WHERE msp_id = $1 AND ($2 IS NULL OR client_id = $2)";

/// A `LIKE … ESCAPE '\'` pattern matching `needle` anywhere, case-insensitively against
/// lower-cased text: the user's `%`, `_` and `\` are matched literally, not as wildcards.
pub(crate) fn like_contains(needle: &str) -> String {
    let mut pattern = String::with_capacity(needle.len() + 2);
    pattern.push('%');
    for ch in needle.trim().to_lowercase().chars() {
        if matches!(ch, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(ch);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::like_contains;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_contains(""), "%%");
        assert_eq!(like_contains("  Acme "), "%acme%");
        assert_eq!(like_contains("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }
}
