//! The intake service: every check in order, then one insert, then the acknowledgement.

use super::error::IntakeError;
use super::metrics::{describe, names};
use super::order_key::order_key;
use super::recent::RecentIntegrations;
use super::secret::matching_secret;
use crate::autotask::webhook::{verify_signature, WebhookAction, WebhookPayload};
use crate::crypto::Cipher;
use crate::metrics::Metrics;
use crate::store::{IntegrationRecord, Millis, NewWebhookEvent, Store};
use app::ids::{EventId, IntegrationId};
use axum::body::Body;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// `last_event_at` feeds the card's "last event" line; once a second is plenty and keeps a
/// burst from costing a second write per event.
const LAST_EVENT_RESOLUTION_MS: Millis = 1_000;

/// What a delivery brought besides its path: the query secret and the relevant headers.
#[derive(Debug, Default, Clone)]
pub struct Delivery {
    pub secret: Option<String>,
    pub content_type: Option<String>,
    pub content_length: Option<u64>,
    pub signature: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ack {
    Stored(EventId),
    Duplicate,
    /// The callout announced that Autotask deactivated the webhook.
    Deactivated,
}

pub struct IntakeService {
    store: Store,
    cipher: Cipher,
    metrics: Metrics,
    body_limit: usize,
    last_event_recorded: Mutex<HashMap<IntegrationId, Millis>>,
    recent: RecentIntegrations,
}

impl IntakeService {
    pub fn new(store: Store, cipher: Cipher, metrics: Metrics, body_limit: usize) -> Self {
        describe(&metrics);
        Self {
            store,
            cipher,
            metrics,
            body_limit,
            last_event_recorded: Mutex::default(),
            recent: RecentIntegrations::default(),
        }
    }

    /// Autotask's readiness GET: the right secret marks the webhook Connected.
    pub async fn readiness(
        &self,
        integration: &str,
        secret: Option<&str>,
    ) -> Result<(), IntakeError> {
        let outcome = self.readiness_inner(integration, secret).await;
        let result = outcome
            .as_ref()
            .map_or_else(IntakeError::reason, |_| "connected");
        self.metrics
            .counter(names::READINESS, &[("result", result)])
            .inc();
        outcome
    }

    async fn readiness_inner(
        &self,
        integration: &str,
        secret: Option<&str>,
    ) -> Result<(), IntakeError> {
        let (record, _) = self.authenticate(integration, secret).await?;
        self.store
            .mark_webhook_connected(record.id, now_ms())
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    /// The deactivation URL: Autotask calls it after too many failed deliveries.
    pub async fn deactivated(
        &self,
        integration: &str,
        secret: Option<&str>,
    ) -> Result<(), IntakeError> {
        let (record, _) = self
            .authenticate(integration, secret)
            .await
            .inspect_err(|e| self.reject(e))?;
        self.mark_deactivated(&record).await
    }

    /// One POSTed callout. Nothing is stored unless every check passes.
    pub async fn accept(
        &self,
        integration: &str,
        delivery: Delivery,
        body: Body,
    ) -> Result<Ack, IntakeError> {
        let started = Instant::now();
        let outcome = self.accept_inner(integration, delivery, body).await;
        match &outcome {
            Ok(Ack::Stored(_)) => self.metrics.counter(names::RECEIVED, &[]).inc(),
            Ok(Ack::Duplicate) => self.metrics.counter(names::DUPLICATED, &[]).inc(),
            Ok(Ack::Deactivated) => {}
            Err(err) => self.reject(err),
        }
        self.metrics
            .histogram(names::INTAKE_SECONDS, &[])
            .observe_duration(started.elapsed());
        outcome
    }

    async fn accept_inner(
        &self,
        integration: &str,
        delivery: Delivery,
        body: Body,
    ) -> Result<Ack, IntakeError> {
        let (record, secret) = self
            .authenticate(integration, delivery.secret.as_deref())
            .await?;
        if !is_json(delivery.content_type.as_deref()) {
            return Err(IntakeError::UnsupportedMediaType);
        }
        if delivery
            .content_length
            .is_some_and(|len| len > self.body_limit as u64)
        {
            return Err(IntakeError::TooLarge(self.body_limit));
        }
        let raw = axum::body::to_bytes(body, self.body_limit)
            .await
            .map_err(|err| {
                // A chunked body has no Content-Length; the cap then trips while reading. Its
                // error type lives in a crate we do not depend on, so its message identifies it.
                if err.to_string().contains("length limit exceeded") {
                    IntakeError::TooLarge(self.body_limit)
                } else {
                    IntakeError::UnreadableBody
                }
            })?;
        match delivery.signature.as_deref() {
            Some(header) if !verify_signature(secret.as_bytes(), &raw, header) => {
                return Err(IntakeError::BadSignature)
            }
            Some(_) => {}
            None if self
                .store
                .webhook_require_signature(record.id)
                .await
                .map_err(unavailable)? =>
            {
                return Err(IntakeError::MissingSignature)
            }
            None => {}
        }
        let text = std::str::from_utf8(&raw).map_err(|_| IntakeError::NotUtf8)?;
        let payload = WebhookPayload::parse(raw.as_ref())?;
        if payload.action == WebhookAction::Deactivated {
            self.mark_deactivated(&record).await?;
            return Ok(Ack::Deactivated);
        }
        let now = now_ms();
        let event = NewWebhookEvent {
            integration_id: record.id,
            msp_id: record.msp_id,
            dedupe_key: payload.dedupe_key(),
            entity_type: payload.entity_type.as_str().to_owned(),
            entity_id: payload.id,
            action: format!("{:?}", payload.action),
            person_id: payload.person_id,
            order_key: order_key(&payload),
            raw_body: text.to_owned(),
            received_at: now,
        };
        let stored = self
            .store
            .insert_webhook_event(event)
            .await
            .map_err(unavailable)?;
        self.note_last_event(record.id, now).await;
        Ok(stored.map_or(Ack::Duplicate, Ack::Stored))
    }

    /// The integration and the secret the caller presented, or why not.
    async fn authenticate(
        &self,
        integration: &str,
        secret: Option<&str>,
    ) -> Result<(IntegrationRecord, String), IntakeError> {
        let id: IntegrationId = integration
            .parse()
            .map_err(|_| IntakeError::UnknownIntegration)?;
        let active = |r: Option<IntegrationRecord>| {
            r.filter(|r| r.disconnected_at.is_none())
                .ok_or(IntakeError::UnknownIntegration)
        };
        let cached = self.recent.get(&self.store, id, false).await;
        let record = active(cached.map_err(unavailable)?)?;
        let candidate = secret.ok_or(IntakeError::BadSecret)?;
        if let Some(matched) = matching_secret(&self.cipher, &record, candidate, now_ms()) {
            return Ok((record, matched));
        }
        // The secret may have been rotated since the record was cached: ask the store.
        let fresh = self.recent.get(&self.store, id, true).await;
        let record = active(fresh.map_err(unavailable)?)?;
        let matched = matching_secret(&self.cipher, &record, candidate, now_ms())
            .ok_or(IntakeError::BadSecret)?;
        Ok((record, matched))
    }

    async fn mark_deactivated(&self, record: &IntegrationRecord) -> Result<(), IntakeError> {
        tracing::warn!(
            integration = record.id.get(),
            "Autotask deactivated the webhook"
        );
        self.store
            .mark_webhook_deactivated(record.id, now_ms())
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn note_last_event(&self, integration: IntegrationId, now: Millis) {
        {
            let mut seen = self
                .last_event_recorded
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            let last = seen.entry(integration).or_insert(Millis::MIN);
            if now.saturating_sub(*last) < LAST_EVENT_RESOLUTION_MS {
                return;
            }
            *last = now;
        }
        // The event is already stored; a missed timestamp is not worth refusing it.
        if let Err(err) = self.store.record_webhook_event_at(integration, now).await {
            tracing::warn!(error = %err, integration = integration.get(), "could not record the last event time");
        }
    }

    fn reject(&self, err: &IntakeError) {
        self.metrics
            .counter(names::REJECTED, &[("reason", err.reason())])
            .inc();
    }
}

fn is_json(content_type: Option<&str>) -> bool {
    content_type
        .and_then(|ct| ct.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
}

fn unavailable(err: crate::store::StoreError) -> IntakeError {
    tracing::error!(error = %err, "webhook intake cannot reach the store");
    IntakeError::Unavailable
}

pub(crate) fn now_ms() -> Millis {
    crate::clock::now_ms()
}
