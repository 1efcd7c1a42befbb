//! Tenancy and sign-in: MSPs and their admins, sessions, and failed sign-ins.

pub(super) mod records;
mod sql;

use super::error::conflict_on_unique;
use super::UserRecord;
use super::{Millis, MspRecord, NewMspAdmin, NewSession, Pool, SessionUser, Store, StoreError};
use crate::{db_run, db_write};
use app::ids::MspId;

impl Store {
    pub async fn count_users(&self) -> Result<i64, StoreError> {
        Ok(db_run!(self, pool => sqlx::query_scalar(sql::COUNT_USERS).fetch_one(pool).await?))
    }

    /// Creates the MSP and its first admin in one transaction. Fails with
    /// `StoreError::Conflict` once any admin exists, even under concurrent first visits.
    pub async fn create_msp_with_admin(&self, new: NewMspAdmin) -> Result<UserRecord, StoreError> {
        db_write!(self, pool => {
            let mut tx = pool.begin().await?;
            // The guard row is the first statement on purpose: it is the write that serialises
            // concurrent setups (PostgreSQL blocks the second on the primary key until the
            // first commits; SQLite makes it wait for the write lock), and a SQLite transaction
            // that starts with a write waits on busy_timeout instead of failing on a
            // read-to-write upgrade.
            sqlx::query(sql::INSERT_INSTALL_GUARD)
                .bind(new.now)
                .execute(&mut *tx)
                .await
                .map_err(conflict_on_unique("an admin already exists"))?;
            let msp_id: i64 = sqlx::query_scalar(sql::INSERT_MSP)
                .bind(&new.msp_name)
                .bind(new.now)
                .fetch_one(&mut *tx)
                .await?;
            let user = sqlx::query_as::<_, UserRecord>(sql::INSERT_USER)
                .bind(msp_id)
                .bind(&new.name)
                .bind(new.email.trim().to_lowercase())
                .bind(&new.password_hash)
                .bind(new.now)
                .fetch_one(&mut *tx)
                .await
                .map_err(conflict_on_unique("a user with this e-mail already exists"))?;
            tx.commit().await?;
            Ok(user)
        })
    }

    /// `email` is compared case-insensitively (stored lower-cased).
    pub async fn user_by_email(&self, email: &str) -> Result<Option<UserRecord>, StoreError> {
        // Lower-cased here as well as by callers: the column holds lower-case only, so this is
        // what makes the lookup case-insensitive whatever the caller passes.
        let email = email.trim().to_lowercase();
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::USER_BY_EMAIL).bind(&email).fetch_optional(pool).await?
        }))
    }

    pub async fn list_users(&self, msp_id: MspId) -> Result<Vec<UserRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::USERS_OF_MSP).bind(msp_id.get()).fetch_all(pool).await?
        }))
    }

    pub async fn msp(&self, msp_id: MspId) -> Result<Option<MspRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::MSP_BY_ID).bind(msp_id.get()).fetch_optional(pool).await?
        }))
    }

    pub async fn create_session(&self, session: NewSession) -> Result<(), StoreError> {
        db_write!(self, pool => {
            sqlx::query(sql::INSERT_SESSION)
                .bind(&session.token_hash)
                .bind(session.user_id.get())
                .bind(session.created_at)
                .bind(session.expires_at)
                .execute(pool)
                .await
                .map_err(conflict_on_unique("a session with this token already exists"))?;
        });
        Ok(())
    }

    /// The user behind an unexpired session, with the MSP name.
    pub async fn session_user(
        &self,
        token_hash: &str,
        now: Millis,
    ) -> Result<Option<SessionUser>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::SESSION_USER)
                .bind(token_hash)
                .bind(now)
                .fetch_optional(pool)
                .await?
        }))
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        db_write!(self, pool => {
            sqlx::query(sql::DELETE_SESSION).bind(token_hash).execute(pool).await?;
        });
        Ok(())
    }

    pub async fn delete_expired_sessions(&self, now: Millis) -> Result<u64, StoreError> {
        Ok(db_write!(self, pool => {
            sqlx::query(sql::DELETE_EXPIRED_SESSIONS)
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        }))
    }

    /// Failed sign-ins, keyed by a scope such as `acct:<email>` or `ip:<addr>`.
    pub async fn record_sign_in_failure(&self, scope: &str, at: Millis) -> Result<(), StoreError> {
        db_write!(self, pool => {
            sqlx::query(sql::INSERT_SIGN_IN_FAILURE)
                .bind(scope)
                .bind(at)
                .execute(pool)
                .await?;
        });
        Ok(())
    }

    /// Records a failed sign-in in advance, but only while `scope` has fewer than `max`
    /// failures since `since`: `Some(id)` when recorded, `None` when the limit is reached.
    /// Reserving before the password check (and releasing on success) is what keeps a
    /// parallel burst from checking more passwords than the limit allows.
    pub async fn reserve_sign_in_failure(
        &self,
        scope: &str,
        at: Millis,
        since: Millis,
        max: i64,
    ) -> Result<Option<i64>, StoreError> {
        Ok(match self.writer() {
            Pool::Sqlite(pool) => {
                sqlx::query_scalar(sql::RESERVE_SIGN_IN_FAILURE)
                    .bind(scope)
                    .bind(at)
                    .bind(since)
                    .bind(max)
                    .fetch_optional(pool)
                    .await?
            }
            Pool::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query(sql::LOCK_SCOPE_PG)
                    .bind(scope)
                    .execute(&mut *tx)
                    .await?;
                let id = sqlx::query_scalar(sql::RESERVE_SIGN_IN_FAILURE)
                    .bind(scope)
                    .bind(at)
                    .bind(since)
                    .bind(max)
                    .fetch_optional(&mut *tx)
                    .await?;
                tx.commit().await?;
                id
            }
        })
    }

    /// Gives back a reservation made by `reserve_sign_in_failure` (the sign-in succeeded or
    /// never checked a password).
    pub async fn release_sign_in_failure(&self, id: i64) -> Result<(), StoreError> {
        db_write!(self, pool => {
            sqlx::query(sql::DELETE_SIGN_IN_FAILURE).bind(id).execute(pool).await?;
        });
        Ok(())
    }

    pub async fn count_sign_in_failures(
        &self,
        scope: &str,
        since: Millis,
    ) -> Result<i64, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_scalar(sql::COUNT_SIGN_IN_FAILURES)
                .bind(scope)
                .bind(since)
                .fetch_one(pool)
                .await?
        }))
    }

    pub async fn clear_sign_in_failures(&self, scope: &str) -> Result<(), StoreError> {
        db_write!(self, pool => {
            sqlx::query(sql::CLEAR_SIGN_IN_FAILURES).bind(scope).execute(pool).await?;
        });
        Ok(())
    }

    /// Housekeeping: forgets failures older than `before` (every scope); returns how many.
    pub async fn prune_sign_in_failures(&self, before: Millis) -> Result<u64, StoreError> {
        Ok(db_write!(self, pool => {
            sqlx::query(sql::PRUNE_SIGN_IN_FAILURES)
                .bind(before)
                .execute(pool)
                .await?
                .rows_affected()
        }))
    }
}
