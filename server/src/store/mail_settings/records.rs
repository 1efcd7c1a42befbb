//! Records of an MSP's outgoing mail server. The password column holds only `Cipher` output.

use crate::store::Millis;
use app::ids::{MspId, UserId};
use app::states::MailTls;

#[derive(Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MailSettingsRecord {
    #[sqlx(try_from = "i64")]
    pub msp_id: MspId,
    pub host: String,
    #[sqlx(try_from = "i64")]
    pub port: u16,
    #[sqlx(try_from = "String")]
    pub tls: MailTls,
    pub username: String,
    /// Sealed with AAD `msp:{id}:smtp-password`; None when no password is stored.
    pub password_enc: Option<String>,
    pub from_address: String,
    pub from_name: String,
    /// Where webhook alerts go; empty: every user of the MSP.
    pub alert_to: String,
    #[sqlx(try_from = "crate::store::NullableId")]
    pub updated_by: Option<UserId>,
    pub updated_at: Millis,
}

/// The sealed password stays out of logs all the same.
impl std::fmt::Debug for MailSettingsRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettingsRecord")
            .field("msp_id", &self.msp_id)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("username", &self.username)
            .field("has_password", &self.password_enc.is_some())
            .field("from_address", &self.from_address)
            .field("from_name", &self.from_name)
            .field("alert_to", &self.alert_to)
            .field("updated_by", &self.updated_by)
            .field("updated_at", &self.updated_at)
            .finish()
    }
}

/// Settings about to replace an MSP's current ones (validated by the service). The password
/// changes as `password` says (`KeyChange::Keep` when the form left it empty).
#[derive(Clone)]
pub struct MailSettingsUpdate {
    pub host: String,
    pub port: u16,
    pub tls: MailTls,
    pub username: String,
    pub password: crate::store::KeyChange,
    pub from_address: String,
    pub from_name: String,
    pub alert_to: String,
    pub updated_by: UserId,
    pub now: Millis,
}

/// Why a webhook alert e-mail was sent (the `reason` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlertReason {
    Deactivated,
    Silent,
}

impl AlertReason {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertReason::Deactivated => "deactivated",
            AlertReason::Silent => "silent",
        }
    }
}
