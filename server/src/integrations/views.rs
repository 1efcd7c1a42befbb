//! Store records to what the browser sees: the Autotask secret only masked, times formatted.

use super::secrets::{open_hmac_key, open_webhook_secret, MASK};
use crate::clock::fmt_utc;
use crate::crypto::Cipher;
use crate::errors::internal;
use crate::store::{ImportJobRecord, IntegrationRecord, SilenceAlert, WebhookDefinitionRecord};
use app::error::AppError;
use app::ids::IntegrationId;
use app::wire::{
    AutotaskCardView, ConnectionState, ImportProgress, IntegrationView, SilenceView,
    WebhookCardView, WebhookDefinitionView, WebhookSecrets,
};

/// What the card shows of the webhook's health, read from the store (never from Autotask).
#[derive(Debug, Clone, Default)]
pub struct WebhookHealth {
    pub definitions: Vec<WebhookDefinitionRecord>,
    pub events_last_hour: i64,
    pub events_last_day: i64,
    /// The silence alert, while it is about the current silence.
    pub silence: Option<SilenceAlert>,
}

fn silence_view(a: &SilenceAlert) -> SilenceView {
    let tickets = match a.tickets_changed {
        1 => "1 ticket".to_owned(),
        n => format!("{n} tickets"),
    };
    SilenceView {
        since: fmt_utc(a.silent_since),
        raised_at: fmt_utc(a.raised_at),
        reason: format!(
            "No webhook event since {}, although {tickets} changed in Autotask since then \
             (checked {}). Autotask may be failing to reach Relay: check the webhook URL and \
             Relay's public address. Relay fetches the missed changes itself meanwhile.",
            fmt_utc(a.silent_since),
            fmt_utc(a.checked_at),
        ),
    }
}

fn definition_view(d: &WebhookDefinitionRecord) -> WebhookDefinitionView {
    WebhookDefinitionView {
        label: if d.entity == "TicketNoteWebhooks" {
            "Ticket notes"
        } else {
            "Tickets"
        }
        .into(),
        autotask_id: d.autotask_id,
        active: d.is_active,
        ready: d.is_ready,
        fields: d.fields.clone(),
        excluded_resources: d.excluded_resources.clone(),
        by_relay: d.registered_by_relay,
        inactive_reason: d.inactive_reason.clone(),
        checked_at: fmt_utc(d.checked_at),
    }
}

/// Where Autotask should post: the configured public base URL, the integration id and the
/// current secret (URL-safe by construction), or the mask in its place.
pub fn webhook_url(public_base_url: &str, id: IntegrationId, secret: &str) -> String {
    format!(
        "{}/hooks/autotask/{id}?secret={secret}",
        public_base_url.trim_end_matches('/')
    )
}

/// The card; the secrets are opened and included only when `reveal` (their one showing).
pub fn webhook_card(
    record: &IntegrationRecord,
    cipher: &Cipher,
    public_base_url: &str,
    grace_hours: u32,
    now: i64,
    reveal: bool,
    health: &WebhookHealth,
) -> Result<WebhookCardView, AppError> {
    let revealed = if reveal {
        let url_token = open_webhook_secret(cipher, record).map_err(internal)?;
        let url = webhook_url(public_base_url, record.id, &url_token);
        Some(WebhookSecrets {
            deactivation_url: url.replacen("?secret=", "/deactivated?secret=", 1),
            url,
            url_token,
            hmac_key: open_hmac_key(cipher, record).map_err(internal)?,
        })
    } else {
        None
    };
    let state = match record.webhook_connected_at {
        Some(at) => ConnectionState::Connected { since: fmt_utc(at) },
        None => ConnectionState::WaitingForAutotask,
    };
    Ok(WebhookCardView {
        url: webhook_url(public_base_url, record.id, MASK),
        state,
        last_event_at: record.last_event_at.map(fmt_utc),
        deactivated_at: record.deactivated_at.map(fmt_utc),
        previous_secret_until: record
            .webhook_prev_expires_at
            .filter(|until| *until > now && record.webhook_prev_secret_enc.is_some())
            .map(fmt_utc),
        grace_hours,
        signature_required: record.webhook_require_signature,
        has_hmac_key: record.webhook_hmac_key_enc.is_some(),
        revealed,
        events_last_hour: health.events_last_hour,
        events_last_day: health.events_last_day,
        deactivation_reason: record.deactivated_at.map(|_| {
            health
                .definitions
                .iter()
                .find_map(|d| d.inactive_reason.clone())
                .unwrap_or_else(|| super::webhooks::DEACTIVATION_CALLED.to_owned())
        }),
        definitions: health.definitions.iter().map(definition_view).collect(),
        silence: health.silence.as_ref().map(silence_view),
    })
}

/// Connected once Autotask's readiness ping arrived.
fn connection_state(record: &IntegrationRecord) -> ConnectionState {
    match record.webhook_connected_at {
        Some(at) => ConnectionState::Connected { since: fmt_utc(at) },
        None => ConnectionState::WaitingForAutotask,
    }
}

/// The Autotask card on the Integrations page, for the MSP's active integration if any.
pub fn autotask_card(record: Option<&IntegrationRecord>) -> AutotaskCardView {
    AutotaskCardView {
        state: record.map_or(ConnectionState::NotConnected, connection_state),
        username: record.map(|r| r.username.clone()),
    }
}

pub fn integration_view(record: &IntegrationRecord, webhook: WebhookCardView) -> IntegrationView {
    IntegrationView {
        id: record.id,
        username: record.username.clone(),
        secret_masked: MASK.to_string(),
        tracking_id: record.tracking_id.clone(),
        zone_url: record.zone_url.clone(),
        web_url: record.web_url.clone(),
        api_user_resource_id: record.api_user_resource_id,
        company_types: record.company_types.clone(),
        connected_at: fmt_utc(record.created_at),
        webhook,
    }
}

pub fn import_progress(job: &ImportJobRecord) -> ImportProgress {
    ImportProgress {
        job_id: job.id,
        state: job.state,
        expected: job.expected,
        pages_done: job.pages_done,
        companies_seen: job.companies_seen,
        clients_created: job.clients_created,
        error: job.error.clone(),
        started_at: fmt_utc(job.started_at),
        finished_at: job.finished_at.map(fmt_utc),
        resumed: job.resumed_from.is_some(),
    }
}
