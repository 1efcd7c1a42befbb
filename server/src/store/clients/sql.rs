//! SQL of the client queries, written once for both databases.
//!
//! Only syntax both dialects accept is used: `$n` placeholders (SQLite reads them as numbered
//! parameters, so one value may be used twice), `RETURNING`, `lower(..) LIKE .. ESCAPE`, and
//! the JSON operators `->`/`->>` (SQLite 3.38+, bundled by sqlx). The Autotask id expression
//! is spelled exactly as in the `clients_autotask_id` index so both planners use that index.

/// Columns of `ClientRecord`.
macro_rules! client_cols {
    () => {
        "id, msp_id, name, slug, sources, mode, created_at, updated_at"
    };
}

/// The filter shared by the Clients page query and its count: `$2` is a `like_contains`
/// pattern matched against name, slug and Autotask company id.
macro_rules! client_filter {
    () => {
        " WHERE c.msp_id = $1 AND (lower(c.name) LIKE $2 ESCAPE '\\' \
         OR c.slug LIKE $2 ESCAPE '\\' OR (c.sources->'autotask'->>'id') LIKE $2 ESCAPE '\\')"
    };
}

pub(crate) const CLIENT_BY_AUTOTASK_ID: &str = concat!(
    "SELECT ",
    client_cols!(),
    " FROM clients WHERE msp_id = $1 AND sources->'autotask'->>'id' = $2"
);
/// `$2` is the base slug, `$3` the pattern `<base>-%` of its numbered variants.
pub(crate) const SLUGS_LIKE: &str =
    "SELECT slug FROM clients WHERE msp_id = $1 AND (slug = $2 OR slug LIKE $3)";

pub(super) const COUNT_CLIENTS: &str = concat!("SELECT count(*) FROM clients c", client_filter!());
/// The Clients page: client, Autotask type and agent status, ordered by name.
pub(super) const LIST_CLIENT_ROWS: &str = concat!(
    "SELECT c.id, c.name, c.slug, c.sources->'autotask'->>'id' AS autotask_id, ",
    "c.company_type, c.company_type_label, c.mode, ",
    "a.status AS agent_status FROM clients c LEFT JOIN agents a ON a.client_id = c.id",
    client_filter!(),
    " ORDER BY lower(c.name), c.id LIMIT $3 OFFSET $4"
);

/// A `LIKE … ESCAPE '\'` pattern matching `needle` anywhere, case-insensitively against
/// lower-cased text: the user's `%`, `_` and `\` are matched literally, not as wildcards.
pub(super) fn like_contains(needle: &str) -> String {
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
