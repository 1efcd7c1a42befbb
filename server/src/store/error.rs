//! Storage errors; mapped to `AppError` at the service boundary.

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL scheme `{0}` (use sqlite: or postgres://)")]
    UnsupportedScheme(String),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// True for a unique or primary-key violation, in either database.
pub(crate) fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// For writes whose unique violations mean "already exists": callers get a `Conflict` naming
/// what clashed instead of a raw driver message, and can tell it apart from an outage.
pub(crate) fn conflict_on_unique(what: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |err| {
        if is_unique_violation(&err) {
            StoreError::Conflict(what.to_string())
        } else {
            StoreError::Database(err)
        }
    }
}
