//! The admin's retry of a parked event (back to pending, processed by the next claim) or its
//! dismissal (finished as skipped, releasing the ticket's later events).

use crate::store::{Millis, NewActivity, Store, StoreError};
use app::ids::{EventId, MspId};
use serde_json::json;

#[derive(Clone)]
pub struct RetryService {
    store: Store,
}

impl RetryService {
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// False when the event is not the MSP's or is not parked (or failed) any more.
    pub async fn retry(&self, msp_id: MspId, event_id: EventId) -> Result<bool, StoreError> {
        let now = crate::clock::now_ms();
        let requeued = self
            .store
            .requeue_webhook_event(msp_id, event_id, now)
            .await?;
        if requeued {
            let summary = format!("Event {event_id} queued again by an admin");
            self.record(msp_id, event_id, now, summary, "retried")
                .await?;
        }
        Ok(requeued)
    }

    /// False when the event is not the MSP's or is not parked any more.
    pub async fn dismiss(&self, msp_id: MspId, event_id: EventId) -> Result<bool, StoreError> {
        let now = crate::clock::now_ms();
        let dismissed = self
            .store
            .dismiss_webhook_event(msp_id, event_id, now)
            .await?;
        if dismissed {
            let summary =
                format!("Event {event_id} dismissed by an admin; later events of its ticket go on");
            self.record(msp_id, event_id, now, summary, "dismissed")
                .await?;
        }
        Ok(dismissed)
    }

    /// The activity line for an admin's decision on one event.
    async fn record(
        &self,
        msp_id: MspId,
        event_id: EventId,
        at: Millis,
        summary: String,
        outcome: &str,
    ) -> Result<(), StoreError> {
        self.store
            .append_activity(NewActivity {
                msp_id,
                client_id: None,
                at,
                kind: super::activity::KIND.into(),
                summary,
                outcome: outcome.into(),
                detail: json!({ "event_id": event_id }),
            })
            .await?;
        Ok(())
    }
}
