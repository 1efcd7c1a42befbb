//! Records of Autotask integrations: what the credential wizard stores and what webhook
//! intake reads. Secret columns hold only `Cipher` output, never clear text.

use crate::store::Millis;
use app::ids::{IntegrationId, MspId, ResourceId};

/// A validated connection about to be stored. The secrets are not here: their sealing is bound
/// to the row id (AAD), which exists only once the row does, so `create_integration` asks a
/// `SealFn` for them inside its transaction.
#[derive(Debug, Clone)]
pub struct NewIntegration {
    pub msp_id: MspId,
    pub username: String,
    pub tracking_id: String,
    pub zone_url: String,
    pub web_url: String,
    pub api_user_resource_id: ResourceId,
    pub now: Millis,
}

/// The sealed secrets of a new integration, produced for its id.
#[derive(Clone)]
pub struct SealedSecrets {
    pub secret_enc: String,
    pub webhook_secret_enc: String,
    /// The `X-Hook-Signature` key (Autotask's `secretKey`), separate from the URL token.
    pub webhook_hmac_key_enc: String,
}

/// Seals the secrets for the integration with the given id.
pub type SealFn = dyn Fn(IntegrationId) -> SealedSecrets + Send + Sync;

/// Re-validated credentials replacing the stored ones (edit); `secret_enc` is already sealed
/// for this integration's id.
#[derive(Debug, Clone)]
pub struct CredentialsUpdate {
    pub username: String,
    pub secret_enc: String,
    pub tracking_id: String,
    pub zone_url: String,
    pub web_url: String,
    pub api_user_resource_id: ResourceId,
    pub now: Millis,
}

/// A webhook secret rotation: the new sealed URL token and HMAC key, and the old ones kept
/// valid until `prev_expires_at`.
#[derive(Debug, Clone)]
pub struct WebhookRotation {
    pub secret_enc: String,
    pub prev_secret_enc: String,
    pub hmac_key_enc: String,
    /// None when the integration had no HMAC key before (created before keys were separate).
    pub prev_hmac_key_enc: Option<String>,
    pub prev_expires_at: Millis,
    pub now: Millis,
}

#[derive(Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct IntegrationRecord {
    #[sqlx(try_from = "i64")]
    pub id: IntegrationId,
    #[sqlx(try_from = "i64")]
    pub msp_id: MspId,
    /// Always `autotask` for now.
    pub kind: String,
    pub username: String,
    pub secret_enc: String,
    pub tracking_id: String,
    pub zone_url: String,
    pub web_url: String,
    #[sqlx(try_from = "i64")]
    pub api_user_resource_id: ResourceId,
    /// Autotask companyType picklist values chosen for import.
    #[sqlx(json)]
    pub company_types: Vec<i64>,
    pub webhook_secret_enc: String,
    pub webhook_prev_secret_enc: Option<String>,
    pub webhook_prev_expires_at: Option<Millis>,
    pub webhook_connected_at: Option<Millis>,
    pub last_event_at: Option<Millis>,
    pub deactivated_at: Option<Millis>,
    pub disconnected_at: Option<Millis>,
    pub created_at: Millis,
    pub updated_at: Millis,
    /// None only on integrations created before HMAC keys were separate and never rotated.
    pub webhook_hmac_key_enc: Option<String>,
    pub webhook_prev_hmac_key_enc: Option<String>,
    /// Whether a callout without a valid `X-Hook-Signature` is refused (when a key exists).
    pub webhook_require_signature: bool,
}

/// Sealed values are opaque, but they stay out of logs all the same.
impl std::fmt::Debug for IntegrationRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IntegrationRecord")
            .field("id", &self.id)
            .field("msp_id", &self.msp_id)
            .field("kind", &self.kind)
            .field("username", &self.username)
            .field("zone_url", &self.zone_url)
            .field("api_user_resource_id", &self.api_user_resource_id)
            .field("company_types", &self.company_types)
            .field("webhook_connected_at", &self.webhook_connected_at)
            .field("webhook_require_signature", &self.webhook_require_signature)
            .field("disconnected_at", &self.disconnected_at)
            .finish_non_exhaustive()
    }
}
