//! Records of an MSP's agent brain settings. The API key column holds only `Cipher` output.

use crate::store::Millis;
use app::ids::{MspId, UserId};
use app::states::{BrainKind, TokenParam};

#[derive(Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BrainSettingsRecord {
    #[sqlx(try_from = "i64")]
    pub msp_id: MspId,
    #[sqlx(try_from = "String")]
    pub kind: BrainKind,
    pub base_url: String,
    pub model: String,
    /// Sealed with AAD `msp:{id}:brain-key`; None when the endpoint takes no key.
    pub api_key_enc: Option<String>,
    #[sqlx(try_from = "String")]
    pub token_param: TokenParam,
    pub tool_choice: bool,
    pub parallel_tool_calls: bool,
    #[sqlx(try_from = "crate::store::NullableId")]
    pub updated_by: Option<UserId>,
    pub updated_at: Millis,
}

/// The sealed key stays out of logs all the same.
impl std::fmt::Debug for BrainSettingsRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BrainSettingsRecord")
            .field("msp_id", &self.msp_id)
            .field("kind", &self.kind)
            .field("base_url", &self.base_url)
            .field("model", &self.model)
            .field("has_api_key", &self.api_key_enc.is_some())
            .field("token_param", &self.token_param)
            .field("tool_choice", &self.tool_choice)
            .field("parallel_tool_calls", &self.parallel_tool_calls)
            .field("updated_by", &self.updated_by)
            .field("updated_at", &self.updated_at)
            .finish()
    }
}

/// What to do with the stored key when settings are saved: the form never shows it, so an
/// empty key field keeps it.
#[derive(Clone, PartialEq, Eq)]
pub enum KeyChange {
    Keep,
    /// A newly sealed key.
    Set(String),
    Clear,
}

/// Settings about to replace an MSP's current ones (validated by the service).
#[derive(Clone)]
pub struct BrainSettingsUpdate {
    pub kind: BrainKind,
    pub base_url: String,
    pub model: String,
    pub api_key: KeyChange,
    pub token_param: TokenParam,
    pub tool_choice: bool,
    pub parallel_tool_calls: bool,
    pub updated_by: UserId,
    pub now: Millis,
}
