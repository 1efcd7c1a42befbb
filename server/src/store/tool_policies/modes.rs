//! Modes (plan / execute): each client's, the MSP's default for new clients, and the client
//! page's reads (the client with its agent, its recent sessions).

use super::sql;
use crate::store::{ClientDetailRecord, ClientSessionRow, Millis, Store, StoreError};
use crate::{db_run, db_write};
use app::ids::{ClientId, MspId};
use app::states::ClientMode;

impl Store {
    /// The mode clients created by the next import start in.
    pub async fn msp_default_mode(&self, msp_id: MspId) -> Result<ClientMode, StoreError> {
        let word: Option<String> = db_run!(self, pool => {
            sqlx::query_scalar(sql::MSP_DEFAULT_MODE)
                .bind(msp_id.get())
                .fetch_optional(pool)
                .await?
        });
        let word = word.ok_or_else(|| StoreError::Conflict(format!("no MSP {msp_id}")))?;
        ClientMode::try_from(word).map_err(|e| StoreError::Database(sqlx::Error::Decode(e.into())))
    }

    pub async fn set_msp_default_mode(
        &self,
        msp_id: MspId,
        mode: ClientMode,
    ) -> Result<(), StoreError> {
        db_write!(self, pool => {
            sqlx::query(sql::SET_MSP_DEFAULT_MODE)
                .bind(msp_id.get())
                .bind(mode.as_str())
                .execute(pool)
                .await
                .map(drop)?
        });
        Ok(())
    }

    /// False when the MSP has no such client (nothing changes then).
    pub async fn set_client_mode(
        &self,
        msp_id: MspId,
        client_id: ClientId,
        mode: ClientMode,
        now: Millis,
    ) -> Result<bool, StoreError> {
        let changed = db_write!(self, pool => {
            sqlx::query(sql::SET_CLIENT_MODE)
                .bind(msp_id.get())
                .bind(client_id.get())
                .bind(mode.as_str())
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(changed == 1)
    }

    /// The client with its agent status; `None` when the MSP has no such client.
    pub async fn client_detail(
        &self,
        msp_id: MspId,
        client_id: ClientId,
    ) -> Result<Option<ClientDetailRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::CLIENT_DETAIL)
                .bind(msp_id.get())
                .bind(client_id.get())
                .fetch_optional(pool)
                .await?
        }))
    }

    /// The client's agent sessions, newest first. Callers check the client is the caller's.
    pub async fn client_sessions(
        &self,
        client_id: ClientId,
        limit: i64,
    ) -> Result<Vec<ClientSessionRow>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::CLIENT_SESSIONS)
                .bind(client_id.get())
                .bind(limit.max(0))
                .fetch_all(pool)
                .await?
        }))
    }
}
