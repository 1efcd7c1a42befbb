//! Store operations for sessions and failed sign-ins, written once and compiled per backend.

/// Expands to free functions over `$pool`; see `impl_store!`.
macro_rules! session_ops {
    ($pool:ty) => {
        use $crate::store::error::conflict_on_unique;
        use $crate::store::{sql, Millis, NewSession, SessionUser, StoreError};

        pub(crate) async fn create_session(
            pool: &$pool,
            session: NewSession,
        ) -> Result<(), StoreError> {
            sqlx::query(sql::INSERT_SESSION)
                .bind(&session.token_hash)
                .bind(session.user_id)
                .bind(session.created_at)
                .bind(session.expires_at)
                .execute(pool)
                .await
                .map_err(conflict_on_unique(
                    "a session with this token already exists",
                ))?;
            Ok(())
        }

        pub(crate) async fn session_user(
            pool: &$pool,
            token_hash: &str,
            now: Millis,
        ) -> Result<Option<SessionUser>, StoreError> {
            Ok(sqlx::query_as(sql::SESSION_USER)
                .bind(token_hash)
                .bind(now)
                .fetch_optional(pool)
                .await?)
        }

        pub(crate) async fn delete_session(
            pool: &$pool,
            token_hash: &str,
        ) -> Result<(), StoreError> {
            sqlx::query(sql::DELETE_SESSION)
                .bind(token_hash)
                .execute(pool)
                .await?;
            Ok(())
        }

        pub(crate) async fn delete_expired_sessions(
            pool: &$pool,
            now: Millis,
        ) -> Result<u64, StoreError> {
            let done = sqlx::query(sql::DELETE_EXPIRED_SESSIONS)
                .bind(now)
                .execute(pool)
                .await?;
            Ok(done.rows_affected())
        }

        pub(crate) async fn record_sign_in_failure(
            pool: &$pool,
            scope: &str,
            at: Millis,
        ) -> Result<(), StoreError> {
            sqlx::query(sql::INSERT_SIGN_IN_FAILURE)
                .bind(scope)
                .bind(at)
                .execute(pool)
                .await?;
            Ok(())
        }

        pub(crate) async fn count_sign_in_failures(
            pool: &$pool,
            scope: &str,
            since: Millis,
        ) -> Result<i64, StoreError> {
            Ok(sqlx::query_scalar(sql::COUNT_SIGN_IN_FAILURES)
                .bind(scope)
                .bind(since)
                .fetch_one(pool)
                .await?)
        }

        pub(crate) async fn clear_sign_in_failures(
            pool: &$pool,
            scope: &str,
        ) -> Result<(), StoreError> {
            sqlx::query(sql::CLEAR_SIGN_IN_FAILURES)
                .bind(scope)
                .execute(pool)
                .await?;
            Ok(())
        }

        pub(crate) async fn prune_sign_in_failures(
            pool: &$pool,
            before: Millis,
        ) -> Result<u64, StoreError> {
            let done = sqlx::query(sql::PRUNE_SIGN_IN_FAILURES)
                .bind(before)
                .execute(pool)
                .await?;
            Ok(done.rows_affected())
        }
    };
}
pub(crate) use session_ops;
