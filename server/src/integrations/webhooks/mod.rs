//! Registering Relay's webhooks in Autotask for the admin, keeping an eye on them (the periodic
//! check finds definitions Autotask deactivated) and turning them back on.

pub mod backfill;
mod definition;
mod iso;
mod needs;
mod register;
pub mod silence;
pub mod watch;

pub use definition::Target;
pub use needs::{Need, NOTE_FIELDS, TICKET_FIELDS};

use super::secrets::{open_hmac_key, open_webhook_secret};
use super::tenants::{Purpose, Tenants};
use super::views::webhook_url;
use crate::autotask::{AutotaskError, TicketNoteWebhook, TicketWebhook};
use crate::clock::now_ms;
use crate::crypto::Cipher;
use crate::store::{IntegrationRecord, Store, StoreError, WebhookDefinitionRecord};
use app::ids::IntegrationId;
use definition::Definition;
use register::Seen;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Why a definition is inactive when the periodic check is the first to notice.
pub const FOUND_INACTIVE: &str =
    "Found inactive in Autotask by Relay's periodic check (Autotask deactivates a webhook after 25 failed deliveries).";
/// Why, when Autotask called the deactivation URL.
pub const DEACTIVATION_CALLED: &str =
    "Autotask called the deactivation URL: it stopped sending events, usually after 25 failed deliveries.";

/// Counter of webhook alerts, labelled by `reason` (`deactivated`, `silent`).
pub const ALERTS: &str = "relay_webhook_alerts_total";

/// The definition a deactivation notice is about: its entity (from `EntityType`, `Ticket` or
/// `TicketNote`) and Autotask id (`Id`); None when the notice does not say.
pub fn notice_definition(raw: &[u8]) -> Option<(&'static str, i64)> {
    use crate::autotask::webhook::WebhookEntityType as T;
    let v: serde_json::Value = serde_json::from_slice(raw).ok()?;
    let entity = match T::parse(v.get("EntityType")?.as_str()?) {
        T::Ticket => TicketWebhook::PATH_NAME,
        T::TicketNote => TicketNoteWebhook::PATH_NAME,
        _ => return None,
    };
    Some((entity, v.get("Id")?.as_i64()?))
}

#[derive(Debug, thiserror::Error)]
pub enum WebhookError {
    #[error(transparent)]
    Autotask(#[from] AutotaskError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the integration's secrets cannot be opened: {0}")]
    Secrets(String),
}

/// Cheap to clone. One registration per integration at a time (a double click, two tabs).
#[derive(Clone)]
pub struct WebhookRegistrar {
    store: Store,
    cipher: Cipher,
    pub(crate) tenants: Tenants,
    public_base_url: String,
    running: Arc<Mutex<HashMap<IntegrationId, Arc<tokio::sync::Mutex<()>>>>>,
}

impl WebhookRegistrar {
    pub fn new(store: Store, cipher: Cipher, tenants: Tenants, public_base_url: String) -> Self {
        Self {
            store,
            cipher,
            tenants,
            public_base_url,
            running: Arc::default(),
        }
    }

    fn lock(&self, id: IntegrationId) -> Arc<tokio::sync::Mutex<()>> {
        let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        running.entry(id).or_default().clone()
    }

    /// The URLs and key Autotask must use for this integration now.
    pub fn target(&self, record: &IntegrationRecord) -> Result<Target, WebhookError> {
        let token = open_webhook_secret(&self.cipher, record)
            .map_err(|e| WebhookError::Secrets(e.to_string()))?;
        // Integrations from before separate keys verify signatures with the URL token.
        let key = open_hmac_key(&self.cipher, record)
            .map_err(|e| WebhookError::Secrets(e.to_string()))?
            .unwrap_or_else(|| token.clone());
        let url = webhook_url(&self.public_base_url, record.id, &token);
        let url_prefix = url
            .split_once('?')
            .map_or(url.as_str(), |(p, _)| p)
            .to_owned()
            + "?";
        Ok(Target {
            deactivation_url: url.replacen("?secret=", "/deactivated?secret=", 1),
            url,
            url_prefix,
            secret_key: key,
        })
    }

    /// "Register in Autotask for me": both definitions created or repaired, then recorded.
    pub async fn register(&self, record: &IntegrationRecord) -> Result<(), WebhookError> {
        let lock = self.lock(record.id);
        let _held = lock.lock().await;
        let tenant = self
            .tenants
            .tenant(record, Purpose::Wizard)
            .map_err(|e| WebhookError::Secrets(e.to_string()))?;
        let target = self.target(record)?;
        let api_user = record.api_user_resource_id;
        let tickets = register::ensure::<TicketWebhook>(&tenant, &target, api_user).await?;
        self.save::<TicketWebhook>(record.id, tickets, None).await?;
        let notes = register::ensure::<TicketNoteWebhook>(&tenant, &target, api_user).await?;
        self.save::<TicketNoteWebhook>(record.id, notes, None)
            .await?;
        tracing::info!(
            integration = record.id.get(),
            "webhooks registered in Autotask"
        );
        Ok(())
    }

    /// Removes every definition posting to this integration; returns how many.
    pub async fn unregister(&self, record: &IntegrationRecord) -> Result<usize, WebhookError> {
        let lock = self.lock(record.id);
        let _held = lock.lock().await;
        let tenant = self
            .tenants
            .tenant(record, Purpose::Wizard)
            .map_err(|e| WebhookError::Secrets(e.to_string()))?;
        let target = self.target(record)?;
        let removed = self
            .remove::<TicketWebhook>(&tenant, &target, record)
            .await?
            + self
                .remove::<TicketNoteWebhook>(&tenant, &target, record)
                .await?;
        tracing::info!(
            integration = record.id.get(),
            removed,
            "webhooks removed from Autotask"
        );
        Ok(removed)
    }

    /// Deletes every definition of this integration (by URL) from Autotask; returns how many.
    /// Each is recorded as removed first: Autotask calls the deactivation URL for a deleted
    /// definition too, and intake ignores notices about definitions Relay removed.
    async fn remove<W: Definition>(
        &self,
        tenant: &crate::autotask::TenantClient,
        target: &Target,
        record: &IntegrationRecord,
    ) -> Result<usize, WebhookError> {
        let all = tenant.webhook_definitions::<W>().await?;
        let mut removed = 0;
        for def in all.iter().filter(|d| target.matches(d.url())) {
            let seen = Seen {
                autotask_id: def.id(),
                by_relay: false,
                active: def.active(),
                ready: def.ready(),
                fields: Vec::new(),
                excluded: Vec::new(),
            };
            self.save::<W>(record.id, seen, None).await?;
            self.store
                .mark_webhook_definitions_removed(record.id, now_ms())
                .await?;
            tenant.delete::<W>(def.id()).await?;
            removed += 1;
        }
        Ok(removed)
    }

    /// Turns Relay's inactive definitions back on; returns how many. Hand-made ones are left
    /// to their owner (the card says so).
    pub async fn reactivate(&self, record: &IntegrationRecord) -> Result<usize, WebhookError> {
        let lock = self.lock(record.id);
        let _held = lock.lock().await;
        let tenant = self
            .tenants
            .tenant(record, Purpose::Wizard)
            .map_err(|e| WebhookError::Secrets(e.to_string()))?;
        let now = now_ms();
        let mut done = 0;
        for def in self.store.webhook_definitions(record.id).await? {
            if def.is_active || !def.registered_by_relay {
                continue;
            }
            if def.entity == TicketWebhook::PATH_NAME {
                register::reactivate::<TicketWebhook>(&tenant, def.autotask_id).await?;
            } else {
                register::reactivate::<TicketNoteWebhook>(&tenant, def.autotask_id).await?;
            }
            self.store
                .mark_webhook_definition_active(record.id, &def.entity, now)
                .await?;
            done += 1;
        }
        let still_off = self
            .store
            .webhook_definitions(record.id)
            .await?
            .iter()
            .any(|d| !d.is_active);
        if done > 0 && !still_off {
            self.store
                .clear_webhook_deactivation(record.id, now)
                .await?;
        }
        tracing::info!(
            integration = record.id.get(),
            reactivated = done,
            "webhooks reactivated"
        );
        Ok(done)
    }

    /// Catches up on what webhooks did not deliver since the last event (background lane, at
    /// the governor's pace). Safe to run again: nothing is queued twice.
    pub async fn backfill(
        &self,
        record: &IntegrationRecord,
    ) -> Result<backfill::BackfillReport, WebhookError> {
        let tenant = self
            .tenants
            .tenant(record, Purpose::Backfill)
            .map_err(|e| WebhookError::Secrets(e.to_string()))?;
        let since = backfill::start_from(record, now_ms());
        backfill::backfill(&self.store, &tenant, self.tenants.governor(), record, since)
            .await
            .map_err(|e| match e {
                backfill::BackfillError::Autotask(e) => WebhookError::Autotask(e),
                backfill::BackfillError::Store(e) => WebhookError::Store(e),
            })
    }

    /// The periodic check (background lane, one request per entity): records each definition's
    /// state; one found inactive marks the webhook deactivated with the reason. True when this
    /// check is the first to notice a deactivation.
    pub async fn check(&self, record: &IntegrationRecord) -> Result<bool, WebhookError> {
        let tenant = self
            .tenants
            .tenant(record, Purpose::Checks)
            .map_err(|e| WebhookError::Secrets(e.to_string()))?;
        let target = self.target(record)?;
        let known = self.store.webhook_definitions(record.id).await?;
        let mut inactive = false;
        inactive |= self
            .check_one::<TicketWebhook>(&tenant, &target, record, &known)
            .await?;
        inactive |= self
            .check_one::<TicketNoteWebhook>(&tenant, &target, record, &known)
            .await?;
        let newly = inactive && record.deactivated_at.is_none();
        if newly {
            self.store
                .mark_webhook_deactivated(record.id, now_ms())
                .await?;
        }
        Ok(newly)
    }

    async fn check_one<W: Definition + PathName>(
        &self,
        tenant: &crate::autotask::TenantClient,
        target: &Target,
        record: &IntegrationRecord,
        known: &[WebhookDefinitionRecord],
    ) -> Result<bool, WebhookError> {
        let before = known.iter().find(|d| d.entity == W::PATH_NAME);
        let Some(found) = register::find::<W>(tenant, target).await? else {
            if before.is_some() {
                self.store
                    .delete_webhook_definition(record.id, W::PATH_NAME)
                    .await?;
            }
            return Ok(false);
        };
        let reason = (!found.active()).then_some(FOUND_INACTIVE);
        let seen = Seen {
            autotask_id: found.id(),
            by_relay: false,
            active: found.active(),
            ready: found.ready(),
            // The check spends one request per entity; fields change only by registration.
            fields: before.map(|b| b.fields.clone()).unwrap_or_default(),
            excluded: before
                .map(|b| b.excluded_resources.clone())
                .unwrap_or_default(),
        };
        let reason = reason.map(|r| {
            before
                .and_then(|b| b.inactive_reason.clone())
                .unwrap_or(r.to_owned())
        });
        self.save::<W>(record.id, seen, reason).await?;
        Ok(!found.active())
    }

    async fn save<W: PathName>(
        &self,
        integration_id: IntegrationId,
        seen: Seen,
        inactive_reason: Option<String>,
    ) -> Result<(), StoreError> {
        self.store
            .upsert_webhook_definition(&WebhookDefinitionRecord {
                integration_id,
                entity: W::PATH_NAME.to_owned(),
                autotask_id: seen.autotask_id,
                registered_by_relay: seen.by_relay,
                is_active: seen.active,
                is_ready: seen.ready,
                fields: seen.fields,
                excluded_resources: seen.excluded,
                inactive_reason: if seen.active { None } else { inactive_reason },
                checked_at: now_ms(),
            })
            .await
    }
}

/// The entity name a stored definition row carries.
pub trait PathName {
    const PATH_NAME: &'static str;
}

impl<W: crate::autotask::WebhookEntity> PathName for W {
    const PATH_NAME: &'static str = W::PATH;
}

/// What the admin sees when registration, removal or reactivation fails.
pub fn app_error(err: WebhookError) -> app::error::AppError {
    use app::error::{AppError, ErrorCode};
    use AutotaskError as E;
    match err {
        WebhookError::Autotask(E::PermissionDenied { .. }) => AppError::new(
            ErrorCode::Upstream,
            "Autotask did not let the API user manage webhooks. Give its security level access to \
             the webhook entities (Admin → Security Levels → the API user's level → Web Services API), \
             or set the webhooks up by hand as described below.",
        ),
        WebhookError::Autotask(E::Validation { messages }) => AppError::new(
            ErrorCode::Upstream,
            format!("Autotask refused the webhook change: {}", messages.join("; ")),
        ),
        WebhookError::Autotask(
            E::HourlyThreshold { .. } | E::RateLimited { .. } | E::ThreadLimit { .. },
        ) => AppError::new(
            ErrorCode::RateLimited,
            "Autotask is throttling requests right now; try again in a few minutes.",
        ),
        WebhookError::Autotask(E::Timeout | E::Transport(_) | E::Server { .. }) => AppError::new(
            ErrorCode::UpstreamUnavailable,
            "Autotask did not answer; nothing was lost, try again in a moment.",
        ),
        other => crate::errors::internal(other),
    }
}
