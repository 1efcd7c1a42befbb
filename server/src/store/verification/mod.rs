//! Per-MSP identity verification: the provider settings and the classifier phrase changes.

pub(super) mod records;
mod sql;

use super::{
    KeyChange, Millis, NullableText, PhraseRecord, Store, StoreError, VerificationSettingsRecord,
    VerificationSettingsUpdate,
};
use crate::{db_run, db_write};
use app::ids::MspId;
use app::states::{PhraseChange, UnknownState, VerifierKind};

impl TryFrom<NullableText> for Option<VerifierKind> {
    type Error = UnknownState;
    fn try_from(value: NullableText) -> Result<Self, Self::Error> {
        value.0.map(VerifierKind::try_from).transpose()
    }
}

impl Store {
    /// None until the MSP saves settings (then the defaults apply: no provider, five minutes).
    pub async fn verification_settings(
        &self,
        msp_id: MspId,
    ) -> Result<Option<VerificationSettingsRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::SETTINGS)
                .bind(msp_id.get())
                .fetch_optional(pool)
                .await?
        }))
    }

    /// Creates or replaces the MSP's settings; the secret changes only as `update.secret` says.
    pub async fn save_verification_settings(
        &self,
        msp_id: MspId,
        update: VerificationSettingsUpdate,
    ) -> Result<VerificationSettingsRecord, StoreError> {
        let (changes, secret) = match update.secret {
            KeyChange::Keep => (false, None),
            KeyChange::Set(sealed) => (true, Some(sealed)),
            KeyChange::Clear => (true, None),
        };
        Ok(db_write!(self, pool => {
            sqlx::query_as(sql::SAVE_SETTINGS)
                .bind(msp_id.get())
                .bind(update.provider.map(|p| p.as_str()))
                .bind(&update.base_url)
                .bind(&update.account_id)
                .bind(secret)
                .bind(changes)
                .bind(&update.paths)
                .bind(update.default_push.as_str())
                .bind(update.timeout_secs)
                .bind(update.without_provider.as_str())
                .bind(update.updated_by.get())
                .bind(update.now)
                .fetch_one(pool)
                .await?
        }))
    }

    /// The MSP's phrase changes, additions first, each list alphabetical.
    pub async fn phrase_changes(&self, msp_id: MspId) -> Result<Vec<PhraseRecord>, StoreError> {
        Ok(db_run!(self, pool => {
            sqlx::query_as(sql::PHRASES)
                .bind(msp_id.get())
                .fetch_all(pool)
                .await?
        }))
    }

    /// Adds a phrase or removes a built-in term; the same phrase again switches its change.
    pub async fn set_phrase(
        &self,
        msp_id: MspId,
        phrase: &str,
        change: PhraseChange,
        now: Millis,
    ) -> Result<(), StoreError> {
        db_write!(self, pool => {
            sqlx::query(sql::SET_PHRASE)
                .bind(msp_id.get())
                .bind(phrase)
                .bind(change.as_str())
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(())
    }

    /// Drops a phrase change (back to the built-in behaviour); false if there was none.
    pub async fn delete_phrase(&self, msp_id: MspId, phrase: &str) -> Result<bool, StoreError> {
        let done = db_write!(self, pool => {
            sqlx::query(sql::DELETE_PHRASE)
                .bind(msp_id.get())
                .bind(phrase)
                .execute(pool)
                .await?
                .rows_affected()
        });
        Ok(done == 1)
    }
}
