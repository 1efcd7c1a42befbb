//! Webhook alerts by e-mail (issue 14): when the webhook code raises a deactivation or silence
//! alert, one mail per alert occurrence goes to the MSP's alert addresses (Settings → Outgoing
//! mail), or to every user of the MSP when none are set. A claim row per occurrence makes a
//! repeated notice, a later check or another replica send nothing more.

use super::{Mail, MailError, Outbox};
use crate::clock::{fmt_utc, now_ms};
use crate::metrics::Metrics;
use crate::store::{AlertReason, IntegrationRecord, Millis, Store};
use app::ids::IntegrationId;
use std::sync::Arc;

/// Alert e-mails by reason (deactivated, silent) and result (sent, failed).
pub const ALERT_MAILS: &str = "relay_mail_webhook_alerts_total";

#[derive(Clone)]
pub struct AlertMail {
    store: Store,
    outbox: Arc<dyn Outbox>,
    metrics: Metrics,
    public_base_url: String,
}

impl AlertMail {
    pub fn new(
        store: Store,
        outbox: Arc<dyn Outbox>,
        metrics: Metrics,
        public_base_url: String,
    ) -> Self {
        metrics.describe(
            ALERT_MAILS,
            "Webhook alert e-mails, by reason and result (sent, failed).",
        );
        AlertMail {
            store,
            outbox,
            metrics,
            public_base_url,
        }
    }

    pub fn from_state(state: &crate::AppState) -> Self {
        Self::new(
            state.store.clone(),
            state.outbox.clone(),
            state.metrics.clone(),
            state.settings.public_base_url.clone(),
        )
    }

    /// Mails the alert in the background: the webhook code never waits for a mail server.
    pub fn webhook_alert(&self, integration: IntegrationId, reason: AlertReason) {
        let this = self.clone();
        tokio::spawn(async move {
            if let Err(e) = this.send_webhook_alert(integration, reason).await {
                tracing::warn!(integration = integration.get(), error = %e, "webhook alert mail not sent");
            }
        });
    }

    /// How many recipients the alert was mailed to (0: no mail server, or already mailed).
    pub async fn send_webhook_alert(
        &self,
        integration: IntegrationId,
        reason: AlertReason,
    ) -> Result<usize, crate::store::StoreError> {
        let Some(record) = self.store.integration(integration).await? else {
            return Ok(0);
        };
        if !self.outbox.configured(record.msp_id).await {
            return Ok(0);
        }
        let episode = episode(&record, reason);
        if !self
            .store
            .claim_alert_mail(integration, reason, episode, now_ms())
            .await?
        {
            return Ok(0);
        }
        let recipients = self.recipients(&record).await?;
        let (subject, text) = self.words(&record, reason, episode);
        let mut sent = 0;
        for to in recipients {
            let mail = Mail {
                to,
                subject: subject.clone(),
                text: text.clone(),
            };
            let result = self.outbox.send(record.msp_id, mail).await;
            let label = if result.is_ok() { "sent" } else { "failed" };
            self.metrics
                .counter(
                    ALERT_MAILS,
                    &[("reason", reason.as_str()), ("result", label)],
                )
                .inc();
            match result {
                Ok(()) => sent += 1,
                Err(MailError::NotConfigured) => break,
                Err(_) => {}
            }
        }
        Ok(sent)
    }

    /// The alert addresses saved with the mail server, else every user of the MSP.
    async fn recipients(
        &self,
        record: &IntegrationRecord,
    ) -> Result<Vec<String>, crate::store::StoreError> {
        let saved = self.store.mail_settings(record.msp_id).await?;
        let listed: Vec<String> = saved
            .map(|s| s.alert_to)
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect();
        if !listed.is_empty() {
            return Ok(listed);
        }
        let users = self.store.list_users(record.msp_id).await?;
        Ok(users.into_iter().map(|u| u.email).collect())
    }

    fn words(
        &self,
        record: &IntegrationRecord,
        reason: AlertReason,
        episode: Millis,
    ) -> (String, String) {
        let page = format!(
            "{}/settings/integrations/autotask",
            self.public_base_url.trim_end_matches('/')
        );
        match reason {
            AlertReason::Deactivated => (
                "Relay alert: Autotask deactivated the webhook".to_string(),
                format!(
                    "Autotask deactivated Relay's webhook{} (it does so after repeated failed \
                     deliveries). Until it is active again, Relay catches up on ticket changes by \
                     polling Autotask, which is slower and spends API requests.\n\n\
                     Open {page} and press Reactivate, or turn the webhook back on in Autotask.\n",
                    record
                        .deactivated_at
                        .map(|at| format!(" at {}", fmt_utc(at)))
                        .unwrap_or_default()
                ),
            ),
            AlertReason::Silent => (
                "Relay alert: no Autotask webhook events are arriving".to_string(),
                format!(
                    "No webhook event has reached Relay since {} during business hours. The \
                     webhook may be switched off in Autotask, or something between Autotask and \
                     Relay drops the deliveries. Relay polls for missed changes meanwhile.\n\n\
                     Check the webhook card: {page}\n",
                    if episode > 0 {
                        fmt_utc(episode)
                    } else {
                        "it was set up".to_string()
                    }
                ),
            ),
        }
    }
}

/// Names one occurrence of the alert. A deactivation: the last sign of life before it (a new
/// one needs the webhook to have worked again since); a silence: when the silence began.
fn episode(record: &IntegrationRecord, reason: AlertReason) -> Millis {
    match reason {
        AlertReason::Deactivated => record
            .webhook_connected_at
            .max(record.last_event_at)
            .unwrap_or(0),
        AlertReason::Silent => record
            .last_event_at
            .or(record.webhook_connected_at)
            .unwrap_or(0),
    }
}
