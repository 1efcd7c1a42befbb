//! Records of the voice agent: settings per integration, the contact index rows and the calls.
//! Nullable Autotask ids stay `Option<i64>` here and become typed ids in `crate::voice`.

use crate::store::Millis;
use app::ids::{IntegrationId, MspId, VoiceCallId};
use app::states::VoiceCallState;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct VoiceSettingsRecord {
    #[sqlx(try_from = "i64")]
    pub integration_id: IntegrationId,
    #[sqlx(try_from = "i64")]
    pub msp_id: MspId,
    pub enabled: bool,
    pub secret_enc: String,
    pub default_queue_id: Option<i64>,
    pub default_status: Option<i64>,
    pub default_priority: Option<i64>,
    pub default_issue_type: Option<i64>,
    pub default_company_id: Option<i64>,
    pub default_contact_id: Option<i64>,
    pub index_synced_at: Option<Millis>,
    pub index_watermark: Option<String>,
    pub updated_at: Millis,
}

/// What the admin edits on the Voice agent page (the secret has its own rotation).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VoiceDefaults {
    pub enabled: bool,
    pub queue_id: Option<i64>,
    pub status: Option<i64>,
    pub priority: Option<i64>,
    pub issue_type: Option<i64>,
    pub company_id: Option<i64>,
    pub contact_id: Option<i64>,
}

/// One company of the index; `phones` are normalised numbers, space separated.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct VoiceCompanyRow {
    pub company_id: i64,
    pub name: String,
    pub phones: String,
    pub active: bool,
}

/// One contact of the index.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct VoiceContactRow {
    pub contact_id: i64,
    pub company_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phones: String,
    pub active: bool,
    pub last_modified: Option<String>,
}

/// A call as the history shows it and the retry worker processes it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct VoiceCallRecord {
    #[sqlx(try_from = "i64")]
    pub id: VoiceCallId,
    #[sqlx(try_from = "i64")]
    pub integration_id: IntegrationId,
    #[sqlx(try_from = "i64")]
    pub msp_id: MspId,
    pub call_id: String,
    pub caller: Option<String>,
    #[sqlx(try_from = "String")]
    pub state: VoiceCallState,
    pub contact_id: Option<i64>,
    pub company_id: Option<i64>,
    pub match_label: Option<String>,
    pub confidence: Option<f64>,
    pub ticket_id: Option<i64>,
    pub ticket_number: Option<String>,
    pub notes_posted: i64,
    pub last_status: Option<String>,
    pub ended_reason: Option<String>,
    pub started_at: Option<Millis>,
    pub ended_at: Option<Millis>,
    pub transcript: Option<String>,
    pub recording_url: Option<String>,
    pub report: Option<String>,
    pub attempts: i64,
    pub next_attempt_at: Option<Millis>,
    pub last_error: Option<String>,
    pub transcript_events: i64,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// The caller matched during the call (by a `find_contact` answer).
#[derive(Debug, Clone, PartialEq)]
pub struct VoiceMatch {
    pub contact_id: Option<i64>,
    pub company_id: Option<i64>,
    pub label: String,
    pub confidence: f64,
}

/// What an end-of-call report brings, stored before any Autotask work.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VoiceReport {
    pub caller: Option<String>,
    pub ended_reason: Option<String>,
    pub started_at: Option<Millis>,
    pub ended_at: Option<Millis>,
    pub transcript: String,
    pub recording_url: Option<String>,
    /// `analysis` and anything else the ticket may be built from, as JSON text.
    pub report: String,
}
