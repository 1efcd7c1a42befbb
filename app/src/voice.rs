//! The voice agent as the browser sees it: the settings card, the call history, and the
//! service the server implements behind the server functions in `api::voice`.

use crate::ids::VoiceCallId;
use serde::{Deserialize, Serialize};

/// Settings → Voice agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoiceSettingsView {
    /// False until Autotask is connected: the voice agent files tickets there.
    pub available: bool,
    pub enabled: bool,
    /// The server URL to paste into the voice platform.
    pub server_url: String,
    /// The secret, masked, except on the one view right after it was created or rotated.
    pub secret: String,
    pub secret_revealed: bool,
    pub default_queue_id: Option<i64>,
    pub default_status: Option<i64>,
    pub default_priority: Option<i64>,
    pub default_issue_type: Option<i64>,
    pub default_company_id: Option<i64>,
    pub default_contact_id: Option<i64>,
    pub index_contacts: i64,
    /// "2026-11-30 10:01 UTC", or None before the first sync.
    pub index_synced_at: Option<String>,
    /// Scripted demo calls the admin can place (empty outside the demo).
    pub demo_calls: Vec<String>,
}

/// The settings form; numbers arrive as typed text and are checked by the server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoiceSettingsInput {
    pub enabled: bool,
    pub queue_id: String,
    pub status: String,
    pub priority: String,
    pub issue_type: String,
    pub company_id: String,
    pub contact_id: String,
}

/// One call in the history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoiceCallRow {
    pub id: VoiceCallId,
    pub at: String,
    pub caller: String,
    /// "Alicia Park (Contoso Dental Group)", or "No match".
    pub matched: String,
    pub confidence: Option<String>,
    pub ticket: Option<String>,
    pub ticket_url: Option<String>,
    pub duration: Option<String>,
    pub ended_reason: Option<String>,
    /// "Live", "Filing the ticket", "Done", "Failed".
    pub state: String,
    pub error: Option<String>,
    pub transcript: Option<String>,
    pub can_retry: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoiceCallPage {
    pub rows: Vec<VoiceCallRow>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[cfg(feature = "ssr")]
pub use service::VoiceAdminService;

#[cfg(feature = "ssr")]
mod service {
    use super::*;
    use crate::error::AppError;
    use crate::wire::CurrentUser;

    /// What the admin can do with the voice agent of their MSP.
    #[async_trait::async_trait]
    pub trait VoiceAdminService: Send + Sync {
        async fn voice_settings(&self, user: &CurrentUser) -> Result<VoiceSettingsView, AppError>;
        async fn save_voice_settings(
            &self,
            user: &CurrentUser,
            input: VoiceSettingsInput,
        ) -> Result<VoiceSettingsView, AppError>;
        /// A new secret; the answer and the caller's next view show it in clear, once.
        async fn rotate_voice_secret(
            &self,
            user: &CurrentUser,
        ) -> Result<VoiceSettingsView, AppError>;
        /// Starts a full re-sync of the contact index in the background.
        async fn resync_voice_index(&self, user: &CurrentUser) -> Result<(), AppError>;
        async fn voice_calls(
            &self,
            user: &CurrentUser,
            page: i64,
        ) -> Result<VoiceCallPage, AppError>;
        /// Queues a failed call again; false when it is not failed.
        async fn retry_voice_call(
            &self,
            user: &CurrentUser,
            id: VoiceCallId,
        ) -> Result<bool, AppError>;
        /// Demo only: the simulated platform replays scripted call `which` against this Relay.
        async fn place_demo_call(
            &self,
            user: &CurrentUser,
            which: usize,
        ) -> Result<String, AppError>;
    }
}
