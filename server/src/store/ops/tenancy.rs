//! Store operations for MSPs and their users, written once and compiled per backend.

/// Expands to free functions over `$pool`; see `impl_store!`.
macro_rules! tenancy_ops {
    ($pool:ty) => {
        use $crate::store::error::conflict_on_unique;
        use $crate::store::{sql, MspRecord, NewMspAdmin, StoreError, UserRecord};

        pub(crate) async fn ping(pool: &$pool) -> Result<(), StoreError> {
            sqlx::query(sql::PING).execute(pool).await?;
            Ok(())
        }

        pub(crate) async fn count_users(pool: &$pool) -> Result<i64, StoreError> {
            Ok(sqlx::query_scalar(sql::COUNT_USERS).fetch_one(pool).await?)
        }

        pub(crate) async fn create_msp_with_admin(
            pool: &$pool,
            new: NewMspAdmin,
        ) -> Result<UserRecord, StoreError> {
            let mut tx = pool.begin().await?;
            // The guard row is the first statement on purpose: it is the write that serialises
            // concurrent setups (PostgreSQL blocks the second on the primary key until the first
            // commits; SQLite makes it wait for the write lock), and a SQLite transaction that
            // starts with a write waits on busy_timeout instead of failing on a read-to-write
            // upgrade.
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
        }

        pub(crate) async fn user_by_email(
            pool: &$pool,
            email: &str,
        ) -> Result<Option<UserRecord>, StoreError> {
            // Lower-cased here as well as by callers: the column holds lower-case only, so this
            // is what makes the lookup case-insensitive whatever the caller passes.
            Ok(sqlx::query_as(sql::USER_BY_EMAIL)
                .bind(email.trim().to_lowercase())
                .fetch_optional(pool)
                .await?)
        }

        pub(crate) async fn list_users(
            pool: &$pool,
            msp_id: i64,
        ) -> Result<Vec<UserRecord>, StoreError> {
            Ok(sqlx::query_as(sql::USERS_OF_MSP)
                .bind(msp_id)
                .fetch_all(pool)
                .await?)
        }

        pub(crate) async fn msp(
            pool: &$pool,
            msp_id: i64,
        ) -> Result<Option<MspRecord>, StoreError> {
            Ok(sqlx::query_as(sql::MSP_BY_ID)
                .bind(msp_id)
                .fetch_optional(pool)
                .await?)
        }
    };
}
pub(crate) use tenancy_ops;
