//! Records of the durable webhook event log: new and stored events, states, finishes.

use crate::store::Millis;
use app::ids::{EventId, IntegrationId, MspId};

/// A verified, parsed callout about to be stored; `raw_body` is exactly what was received.
#[derive(Debug, Clone)]
pub struct NewWebhookEvent {
    pub integration_id: IntegrationId,
    pub msp_id: MspId,
    pub dedupe_key: String,
    pub entity_type: String,
    pub entity_id: i64,
    pub action: String,
    /// Who made the change: a resource id, or a contact id when a contact acted.
    pub person_id: Option<i64>,
    /// Events sharing this key are processed one at a time, in arrival order.
    pub order_key: String,
    pub raw_body: String,
    pub received_at: Millis,
}

/// Where an event stands. `Pending` and `Failed` wait for `next_attempt_at`; `Processing` is
/// leased to one worker; `Done`, `Skipped` and `Parked` are finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventState {
    Pending,
    Processing,
    Done,
    Skipped,
    Failed,
    Parked,
}

impl EventState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Processing => "processing",
            Self::Done => "done",
            Self::Skipped => "skipped",
            Self::Failed => "failed",
            Self::Parked => "parked",
        }
    }
}

/// Rows hold the `as_str` word; anything else is a corrupt row, not a new state.
impl TryFrom<String> for EventState {
    type Error = app::states::UnknownState;
    fn try_from(word: String) -> Result<Self, Self::Error> {
        Ok(match word.as_str() {
            "pending" => Self::Pending,
            "processing" => Self::Processing,
            "done" => Self::Done,
            "skipped" => Self::Skipped,
            "failed" => Self::Failed,
            "parked" => Self::Parked,
            _ => {
                return Err(app::states::UnknownState {
                    kind: "event state",
                    value: word,
                })
            }
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct WebhookEventRecord {
    #[sqlx(try_from = "i64")]
    pub id: EventId,
    #[sqlx(try_from = "i64")]
    pub integration_id: IntegrationId,
    #[sqlx(try_from = "i64")]
    pub msp_id: MspId,
    pub dedupe_key: String,
    pub entity_type: String,
    pub entity_id: i64,
    pub action: String,
    pub person_id: Option<i64>,
    pub order_key: String,
    pub raw_body: String,
    pub received_at: Millis,
    #[sqlx(try_from = "String")]
    pub state: EventState,
    pub attempts: i64,
    pub next_attempt_at: Millis,
    pub outcome: Option<String>,
    pub error: Option<String>,
}

/// How a worker leaves a claimed event.
#[derive(Debug, Clone)]
pub enum EventFinish {
    /// Finished for good: `Done`, `Skipped` or `Parked`, with a short outcome and any error.
    Final {
        state: EventState,
        outcome: String,
        error: Option<String>,
    },
    /// A transient failure: try again at `next_attempt_at`.
    RetryAt {
        next_attempt_at: Millis,
        error: String,
    },
    /// Not a failure: the event must wait for earlier events (it just joined their order), so
    /// it goes back to pending and this attempt is not counted.
    Requeue { next_attempt_at: Millis },
}
