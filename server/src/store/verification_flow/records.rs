//! Records of the verification flow: a session's verification (verdict, challenge, outcome)
//! and the timer that starts, polls and reports it.

use crate::store::Millis;
use app::ids::{ClientId, IntegrationId, MspId, SessionId, TicketId, VerificationId};
use app::states::{VerificationStage, VerificationState};

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct VerificationRecord {
    #[sqlx(try_from = "i64")]
    pub id: VerificationId,
    #[sqlx(try_from = "i64")]
    pub msp_id: MspId,
    #[sqlx(try_from = "i64")]
    pub client_id: ClientId,
    #[sqlx(try_from = "i64")]
    pub integration_id: IntegrationId,
    #[sqlx(try_from = "i64")]
    pub session_id: SessionId,
    #[sqlx(try_from = "i64")]
    pub ticket_id: TicketId,
    #[sqlx(try_from = "String")]
    pub state: VerificationState,
    pub reason: Option<String>,
    #[sqlx(json)]
    pub findings: serde_json::Value,
    pub classified_through: i64,
    pub state_reason: Option<String>,
    pub provider: Option<String>,
    pub push_method: Option<String>,
    pub email_masked: Option<String>,
    pub provider_ref: Option<String>,
    pub created_at: Millis,
    pub updated_at: Millis,
    pub decided_at: Option<Millis>,
}

/// The classifier's verdict on a session's ticket and messages so far.
#[derive(Debug, Clone)]
pub struct NewVerdict {
    pub msp_id: MspId,
    pub client_id: ClientId,
    pub integration_id: IntegrationId,
    pub session_id: SessionId,
    pub ticket_id: TicketId,
    /// `Starting` (sensitive) or `NotSensitive`.
    pub state: VerificationState,
    pub reason: Option<String>,
    pub findings: serde_json::Value,
    pub classified_through: i64,
    pub now: Millis,
}

/// A timer a worker leased: what to do next for which verification.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct VerificationTimerRecord {
    #[sqlx(try_from = "i64")]
    pub verification_id: VerificationId,
    #[sqlx(try_from = "i64")]
    pub session_id: SessionId,
    #[sqlx(try_from = "String")]
    pub stage: VerificationStage,
    pub provider_ref: Option<String>,
    pub next_poll_at: Millis,
    pub deadline: Option<Millis>,
    pub lease_owner: Option<String>,
    pub lease_expires_at: Option<Millis>,
    pub attempts: i64,
    pub last_error: Option<String>,
}

/// The challenge as sent: what the verification records and the timer polls.
#[derive(Debug, Clone)]
pub struct SentChallenge {
    pub provider: String,
    pub push_method: String,
    pub email_masked: String,
    pub provider_ref: String,
    pub deadline: Millis,
    pub next_poll_at: Millis,
}
