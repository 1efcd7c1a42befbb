//! The intake service: every check in order, then one insert, then the acknowledgement.

use super::error::IntakeError;
use super::incomplete;
use super::limit::Buckets;
use super::metrics::{describe, names};
use super::order_key::order_key;
use super::recent::{Known, RecentIntegrations};
use crate::autotask::webhook::{WebhookAction, WebhookPayload};
use crate::crypto::Cipher;
use crate::metrics::Metrics;
use crate::store::{IntegrationRecord, Millis, NewWebhookEvent, Store};
use app::ids::{EventId, IntegrationId};
use axum::body::{Body, Bytes};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
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
    /// Authenticated deliveries per integration: a ceiling far above Autotask's real rate.
    deliveries: Buckets,
    /// Fresh store reads a non-matching secret may cause per integration id.
    rereads: Buckets,
    /// Mails a deactivation to the MSP when outgoing mail is set up.
    alert_mail: Option<crate::mail::alerts::AlertMail>,
}

/// A rotated secret must work at once, so a mismatch re-reads the row; a flood of wrong
/// secrets gets a few such reads a second per id, then only the cached row's answer.
const REREADS_PER_SECOND: u32 = 2;
const REREAD_BURST: u32 = 10;

/// How an intake service is tuned (from `Settings`).
#[derive(Debug, Clone, Copy)]
pub struct IntakeLimits {
    pub body_limit: usize,
    pub per_second: u32,
    pub burst: u32,
}

impl IntakeService {
    pub fn new(store: Store, cipher: Cipher, metrics: Metrics, limits: IntakeLimits) -> Self {
        describe(&metrics);
        Self {
            store,
            cipher,
            metrics,
            body_limit: limits.body_limit,
            last_event_recorded: Mutex::default(),
            recent: RecentIntegrations::default(),
            deliveries: Buckets::new(limits.per_second, limits.burst),
            rereads: Buckets::new(REREADS_PER_SECOND, REREAD_BURST),
            alert_mail: None,
        }
    }

    pub fn with_alert_mail(mut self, alert_mail: crate::mail::alerts::AlertMail) -> Self {
        self.alert_mail = Some(alert_mail);
        self
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
        let known = self.authenticate(integration, secret).await?;
        self.admit(&known)?;
        self.store
            .mark_webhook_connected(known.record.id, now_ms())
            .await
            .map_err(unavailable)?;
        self.recent.forget(known.record.id);
        Ok(())
    }

    /// The deactivation URL, POSTed by Autotask after too many failed deliveries. It takes the
    /// same authentication as an event: the URL token, and the signature over the body when
    /// one is sent or required.
    pub async fn deactivated(
        &self,
        integration: &str,
        delivery: Delivery,
        body: Body,
    ) -> Result<(), IntakeError> {
        let outcome = async {
            let known = self
                .authenticate(integration, delivery.secret.as_deref())
                .await?;
            self.admit_signed(&known, &delivery)?;
            let raw = self.read_body(&delivery, body).await?;
            self.verify(&known, &delivery, &raw)?;
            self.mark_deactivated(&known.record, &raw).await
        }
        .await;
        outcome.inspect_err(|e| self.reject(e))
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
        let known = self
            .authenticate(integration, delivery.secret.as_deref())
            .await?;
        self.admit_signed(&known, &delivery)?;
        if !is_json(delivery.content_type.as_deref()) {
            return Err(IntakeError::UnsupportedMediaType);
        }
        let raw = self.read_body(&delivery, body).await?;
        self.verify(&known, &delivery, &raw)?;
        let record = &known.record;
        let text = std::str::from_utf8(&raw).map_err(|_| IntakeError::NotUtf8)?;
        let (payload, dedupe_key, action) = match WebhookPayload::parse(raw.as_ref()) {
            Ok(payload) if payload.action == WebhookAction::Deactivated => {
                self.mark_deactivated(record, &raw).await?;
                return Ok(Ack::Deactivated);
            }
            Ok(payload) => {
                let (key, action) = (payload.dedupe_key(), format!("{:?}", payload.action));
                (payload, key, action)
            }
            // Verified as Autotask's (signed): keep it for the worker to skip with the reason.
            Err(err) if err.is_incomplete() && delivery.signature.is_some() => {
                let kept = incomplete::parse(text)?;
                if kept.deactivated {
                    self.mark_deactivated(record, &raw).await?;
                    return Ok(Ack::Deactivated);
                }
                (kept.payload, kept.dedupe_key, kept.action)
            }
            Err(err) => return Err(err.into()),
        };
        let now = now_ms();
        let event = NewWebhookEvent {
            integration_id: record.id,
            msp_id: record.msp_id,
            dedupe_key,
            entity_type: payload.entity_type.as_str().to_owned(),
            entity_id: payload.id,
            action,
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
        self.note_connected(record, now).await;
        Ok(stored.map_or(Ack::Duplicate, Ack::Stored))
    }

    /// The integration whose URL token the caller presented, or why not. Unknown ids and wrong
    /// tokens fail alike; a mismatch re-reads the row only within the re-read budget.
    async fn authenticate(
        &self,
        integration: &str,
        secret: Option<&str>,
    ) -> Result<Arc<Known>, IntakeError> {
        let id: IntegrationId = integration
            .parse()
            .map_err(|_| IntakeError::UnknownIntegration)?;
        let candidate = secret.ok_or(IntakeError::BadSecret)?;
        let check = |known: Option<Arc<Known>>| {
            let known = known
                .filter(|k| k.record.disconnected_at.is_none())
                .ok_or(IntakeError::UnknownIntegration)?;
            if known.keys.token_matches(candidate, now_ms()) {
                Ok(known)
            } else {
                Err(IntakeError::BadSecret)
            }
        };
        let (cached, was_fresh) = self
            .recent
            .get(&self.store, &self.cipher, id, false)
            .await
            .map_err(unavailable)?;
        match check(cached) {
            Ok(known) => Ok(known),
            // The secret may have been rotated since the row was cached: ask the store.
            Err(_) if !was_fresh && self.rereads.take(id) => {
                let (fresh, _) = self
                    .recent
                    .get(&self.store, &self.cipher, id, true)
                    .await
                    .map_err(unavailable)?;
                check(fresh)
            }
            Err(err) => Err(err),
        }
    }

    /// The per-integration ceiling, spent only by callers holding the URL token.
    fn admit(&self, known: &Known) -> Result<(), IntakeError> {
        if self.deliveries.take(known.record.id) {
            Ok(())
        } else {
            Err(IntakeError::RateLimited)
        }
    }

    /// Refuses an unsigned callout the integration requires signed before spending a token or
    /// reading the body, then applies the ceiling.
    fn admit_signed(&self, known: &Known, delivery: &Delivery) -> Result<(), IntakeError> {
        if delivery.signature.is_none() && known.record.webhook_require_signature {
            return Err(IntakeError::MissingSignature);
        }
        self.admit(known)
    }

    /// The body, within the size cap.
    async fn read_body(&self, delivery: &Delivery, body: Body) -> Result<Bytes, IntakeError> {
        if delivery
            .content_length
            .is_some_and(|len| len > self.body_limit as u64)
        {
            return Err(IntakeError::TooLarge(self.body_limit));
        }
        axum::body::to_bytes(body, self.body_limit)
            .await
            .map_err(|err| {
                // A chunked body has no Content-Length; the cap then trips while reading. Its
                // error type lives in a crate we do not depend on, so its message identifies it.
                if err.to_string().contains("length limit exceeded") {
                    IntakeError::TooLarge(self.body_limit)
                } else {
                    IntakeError::UnreadableBody
                }
            })
    }

    /// A signature that is present must be valid (with the HMAC key, never the URL token).
    fn verify(&self, known: &Known, delivery: &Delivery, raw: &[u8]) -> Result<(), IntakeError> {
        match delivery.signature.as_deref() {
            Some(header) if !known.keys.signature_valid(raw, header, now_ms()) => {
                Err(IntakeError::BadSignature)
            }
            _ => Ok(()),
        }
    }

    /// `raw`: the verified notice; its `EntityType` names the definition when it is there.
    async fn mark_deactivated(
        &self,
        record: &IntegrationRecord,
        raw: &[u8],
    ) -> Result<(), IntakeError> {
        let notice = crate::integrations::webhooks::notice_definition(raw);
        let entity = notice.map(|(entity, _)| entity);
        if let Some((entity, id)) = notice {
            // A definition Relay removed from Autotask sends its notice too: not a deactivation.
            let removed = self
                .store
                .webhook_definition_was_removed(record.id, entity, id)
                .await
                .map_err(unavailable)?;
            if removed {
                tracing::info!(
                    integration = record.id.get(),
                    entity,
                    id,
                    "deactivation notice for a definition Relay removed; ignored"
                );
                return Ok(());
            }
        }
        tracing::warn!(
            integration = record.id.get(),
            entity = entity.unwrap_or("unknown"),
            "Autotask deactivated the webhook"
        );
        let now = now_ms();
        // The definition first: once the integration shows deactivated, its reason is there.
        self.store
            .mark_webhook_definitions_inactive(
                record.id,
                entity,
                crate::integrations::webhooks::DEACTIVATION_CALLED,
                now,
            )
            .await
            .map_err(unavailable)?;
        self.store
            .mark_webhook_deactivated(record.id, now)
            .await
            .map_err(unavailable)?;
        self.metrics
            .counter(
                crate::integrations::webhooks::ALERTS,
                &[("reason", "deactivated")],
            )
            .inc();
        if let Some(mail) = &self.alert_mail {
            mail.webhook_alert(record.id, crate::store::AlertReason::Deactivated);
        }
        self.recent.forget(record.id);
        Ok(())
    }

    /// A verified callout proves the webhook works as well as a readiness ping does (the
    /// reference documents no handshake), so the first one marks it Connected.
    async fn note_connected(&self, record: &IntegrationRecord, now: Millis) {
        if record.webhook_connected_at.is_some() {
            return;
        }
        match self.store.mark_webhook_connected_once(record.id, now).await {
            Ok(_) => self.recent.forget(record.id),
            // The event is stored; the readiness ping or the next event will mark it.
            Err(err) => {
                tracing::warn!(error = %err, integration = record.id.get(), "could not mark Connected")
            }
        }
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
