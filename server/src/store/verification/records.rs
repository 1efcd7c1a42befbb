//! Records of an MSP's identity-verification settings and classifier phrase changes. The
//! secret column holds only `Cipher` output.

use crate::store::{KeyChange, Millis};
use app::ids::{MspId, UserId};
use app::states::{PhraseChange, PushMethod, UnverifiedPolicy, VerifierKind};

#[derive(Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct VerificationSettingsRecord {
    #[sqlx(try_from = "i64")]
    pub msp_id: MspId,
    #[sqlx(try_from = "crate::store::NullableText")]
    pub provider: Option<VerifierKind>,
    pub base_url: String,
    pub account_id: String,
    /// Sealed with AAD `msp:{id}:verification-secret`.
    pub secret_enc: Option<String>,
    /// Traceless paths as JSON; None for the defaults.
    pub paths: Option<String>,
    #[sqlx(try_from = "String")]
    pub default_push: PushMethod,
    pub timeout_secs: i64,
    #[sqlx(try_from = "String")]
    pub without_provider: UnverifiedPolicy,
    #[sqlx(try_from = "crate::store::NullableId")]
    pub updated_by: Option<UserId>,
    pub updated_at: Millis,
}

/// The sealed secret stays out of logs all the same.
impl std::fmt::Debug for VerificationSettingsRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerificationSettingsRecord")
            .field("msp_id", &self.msp_id)
            .field("provider", &self.provider)
            .field("base_url", &self.base_url)
            .field("account_id", &self.account_id)
            .field("has_secret", &self.secret_enc.is_some())
            .field("paths", &self.paths)
            .field("default_push", &self.default_push)
            .field("timeout_secs", &self.timeout_secs)
            .field("without_provider", &self.without_provider)
            .field("updated_at", &self.updated_at)
            .finish()
    }
}

/// Settings about to replace an MSP's current ones (validated by the caller).
#[derive(Clone)]
pub struct VerificationSettingsUpdate {
    pub provider: Option<VerifierKind>,
    pub base_url: String,
    pub account_id: String,
    pub secret: KeyChange,
    pub paths: Option<String>,
    pub default_push: PushMethod,
    pub timeout_secs: i64,
    pub without_provider: UnverifiedPolicy,
    pub updated_by: UserId,
    pub now: Millis,
}

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct PhraseRecord {
    pub phrase: String,
    #[sqlx(try_from = "String")]
    pub change: PhraseChange,
    pub created_at: Millis,
}
