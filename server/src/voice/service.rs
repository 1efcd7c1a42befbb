//! `VoiceService`: the endpoint's checks in order (integration, credentials, content type,
//! size, signature, parse), then one action per message type. Cheap to clone.

use super::auth::{self, Presented};
use super::error::VoiceError;
use super::matching::ContactIndex;
use super::message::{self, Message};
use super::{tools, transcript};
use crate::crypto::Cipher;
use crate::integrations::Tenants;
use crate::metrics::Metrics;
use crate::store::{IntegrationRecord, Millis, Store, StoreError, VoiceSettingsRecord};
use app::ids::IntegrationId;
use axum::body::{Body, Bytes};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::Notify;

/// A long call's end-of-call report carries the transcript three ways; 4 MiB is hours of talk.
pub const BODY_LIMIT: usize = 4 * 1024 * 1024;

pub mod metric_names {
    pub const MESSAGES: &str = "relay_voice_messages_total";
    pub const REJECTED: &str = "relay_voice_rejected_total";
    pub const IGNORED: &str = "relay_voice_ignored_total";
}

/// What the request brought besides the body.
#[derive(Debug, Default, Clone)]
pub struct Delivery {
    pub presented: Presented,
    pub content_type: Option<String>,
    pub content_length: Option<u64>,
}

#[derive(Clone)]
pub struct VoiceService {
    pub(super) store: Store,
    pub(super) cipher: Cipher,
    pub(super) tenants: Tenants,
    pub(super) metrics: Metrics,
    indexes: Arc<Mutex<HashMap<IntegrationId, Arc<ContactIndex>>>>,
    /// The opened voice secret per integration, with the settings row version it came from.
    secrets: Arc<Mutex<HashMap<IntegrationId, OpenedSecret>>>,
    /// Wakes the call worker when a report arrives.
    pub(super) wake: Arc<Notify>,
    /// Where the platform reaches this server (the URL shown to the admin).
    pub(super) public_base_url: String,
    /// Demo mode: the Calls page offers scripted calls.
    pub(super) demo: bool,
    /// Admins whose next settings view shows the secret (after a rotation), and since when.
    pub(super) reveals: Arc<Mutex<HashMap<app::ids::UserId, Millis>>>,
}

/// An opened voice secret and the settings version (`updated_at`) it was opened from.
type OpenedSecret = (Millis, Arc<str>);

pub fn secret_aad(id: IntegrationId) -> String {
    format!("voice:{id}:secret")
}

impl VoiceService {
    pub fn new(
        store: Store,
        cipher: Cipher,
        tenants: Tenants,
        metrics: Metrics,
        public_base_url: String,
        demo: bool,
    ) -> Self {
        Self {
            store,
            cipher,
            tenants,
            metrics,
            indexes: Arc::default(),
            secrets: Arc::default(),
            wake: Arc::default(),
            public_base_url,
            demo,
            reveals: Arc::default(),
        }
    }

    /// A full index sync in the background (the admin's button, or the first enabling).
    pub fn spawn_sync(&self, integration: IntegrationId) {
        let svc = self.clone();
        tokio::spawn(async move {
            if let Err(err) = svc.sync_index(integration, true).await {
                tracing::warn!(
                    integration = integration.get(),
                    error = err,
                    "voice contact sync failed"
                );
            }
        });
    }

    /// One POST to `/hooks/voice/{integration}`: the JSON to answer with 200, or the refusal.
    pub async fn handle(
        &self,
        integration: &str,
        delivery: Delivery,
        body: Body,
    ) -> Result<Value, VoiceError> {
        let outcome = self.handle_inner(integration, delivery, body).await;
        if let Err(err) = &outcome {
            self.metrics
                .counter(metric_names::REJECTED, &[("reason", err.reason())])
                .inc();
        }
        outcome
    }

    async fn handle_inner(
        &self,
        integration: &str,
        delivery: Delivery,
        body: Body,
    ) -> Result<Value, VoiceError> {
        let id: IntegrationId = integration
            .parse()
            .map_err(|_| VoiceError::UnknownIntegration)?;
        let (record, settings) = self.enabled(id).await?;
        let secret = self.secret(&settings)?;
        let presented = &delivery.presented;
        if presented.secret.is_none() && presented.signature.is_none() {
            return Err(VoiceError::BadCredentials);
        }
        // The secret header is checked before the body is read; the signature needs the body.
        let header_only = Presented {
            secret: presented.secret.clone(),
            ..Presented::default()
        };
        if presented.secret.is_some() {
            auth::check(&secret, &header_only, b"", now_ms())?;
        }
        if !is_json(delivery.content_type.as_deref()) {
            return Err(VoiceError::UnsupportedMediaType);
        }
        let raw = read_body(&delivery, body).await?;
        if presented.signature.is_some() {
            let signed_only = Presented {
                secret: None,
                ..presented.clone()
            };
            auth::check(&secret, &signed_only, &raw, now_ms())?;
        }
        let message = message::parse(&raw).map_err(VoiceError::Malformed)?;
        self.dispatch(&record, &settings, message).await
    }

    async fn dispatch(
        &self,
        record: &IntegrationRecord,
        settings: &VoiceSettingsRecord,
        message: Message,
    ) -> Result<Value, VoiceError> {
        let now = now_ms();
        let count = |kind: &str| {
            self.metrics
                .counter(metric_names::MESSAGES, &[("type", kind)])
                .inc()
        };
        match message {
            Message::ToolCalls { call, calls } => {
                count("tool-calls");
                let row = self.open_call(record, &call, now).await?;
                let results = tools::run_all(self, record, settings, &row, &call, calls).await;
                Ok(json!({ "results": results }))
            }
            Message::EndOfCallReport { call, body } => {
                count("end-of-call-report");
                let row = self.open_call(record, &call, now).await?;
                let report = transcript::report_of(&body, call.caller.clone());
                let fresh = self
                    .store
                    .submit_voice_report(row.id, &report, now)
                    .await
                    .map_err(unavailable)?;
                if fresh {
                    self.wake.notify_one();
                }
                Ok(json!({ "status": if fresh { "accepted" } else { "duplicate" } }))
            }
            Message::StatusUpdate { call, status } => {
                count("status-update");
                let row = self.open_call(record, &call, now).await?;
                self.store
                    .set_voice_status(row.id, &status, now)
                    .await
                    .map_err(unavailable)?;
                Ok(json!({ "status": "recorded" }))
            }
            Message::Transcript { call } => {
                count("transcript");
                let row = self.open_call(record, &call, now).await?;
                self.store
                    .count_voice_transcript(row.id, now)
                    .await
                    .map_err(unavailable)?;
                Ok(json!({ "status": "recorded" }))
            }
            Message::Other { kind } => {
                // Types come from the platform; the label set stays small by not naming them.
                tracing::debug!(kind, "voice message type ignored");
                self.metrics.counter(metric_names::IGNORED, &[]).inc();
                Ok(json!({ "status": "ignored" }))
            }
        }
    }

    /// The call's row, created by whichever message of the call arrives first.
    async fn open_call(
        &self,
        record: &IntegrationRecord,
        call: &message::CallInfo,
        now: Millis,
    ) -> Result<crate::store::VoiceCallRecord, VoiceError> {
        self.store
            .open_voice_call(
                record.id,
                record.msp_id,
                &call.id,
                call.caller.as_deref(),
                now,
            )
            .await
            .map_err(unavailable)
    }

    /// The integration and its voice settings, when the voice agent is enabled on a live one.
    async fn enabled(
        &self,
        id: IntegrationId,
    ) -> Result<(IntegrationRecord, VoiceSettingsRecord), VoiceError> {
        let record = self
            .store
            .integration(id)
            .await
            .map_err(unavailable)?
            .filter(|r| r.disconnected_at.is_none())
            .ok_or(VoiceError::UnknownIntegration)?;
        let settings = self
            .store
            .voice_settings(id)
            .await
            .map_err(unavailable)?
            .filter(|s| s.enabled)
            .ok_or(VoiceError::UnknownIntegration)?;
        Ok((record, settings))
    }

    fn secret(&self, settings: &VoiceSettingsRecord) -> Result<Arc<str>, VoiceError> {
        let id = settings.integration_id;
        let mut cache = self.secrets.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((at, secret)) = cache.get(&id) {
            if *at == settings.updated_at {
                return Ok(secret.clone());
            }
        }
        let secret: Arc<str> = self
            .cipher
            .decrypt_string(&settings.secret_enc, secret_aad(id).as_bytes())
            .map_err(|err| {
                tracing::error!(error = %err, integration = id.get(), "cannot open the voice secret");
                VoiceError::Unavailable
            })?
            .into();
        cache.insert(id, (settings.updated_at, secret.clone()));
        Ok(secret)
    }

    /// The contact index of an integration, loaded from the store on first use.
    pub async fn index(&self, id: IntegrationId) -> Result<Arc<ContactIndex>, StoreError> {
        if let Some(index) = self
            .indexes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&id)
        {
            return Ok(index.clone());
        }
        self.reload_index(id).await
    }

    /// Rebuilds the in-memory index from the stored rows (after a sync).
    pub async fn reload_index(&self, id: IntegrationId) -> Result<Arc<ContactIndex>, StoreError> {
        let (companies, contacts) = (
            self.store.voice_companies(id).await?,
            self.store.voice_contacts(id).await?,
        );
        let index = Arc::new(
            tokio::task::spawn_blocking(move || ContactIndex::build(companies, contacts))
                .await
                .map_err(|e| StoreError::Conflict(format!("index build panicked: {e}")))?,
        );
        self.indexes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(id, index.clone());
        Ok(index)
    }
}

fn is_json(content_type: Option<&str>) -> bool {
    content_type
        .and_then(|ct| ct.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
}

async fn read_body(delivery: &Delivery, body: Body) -> Result<Bytes, VoiceError> {
    if delivery
        .content_length
        .is_some_and(|len| len > BODY_LIMIT as u64)
    {
        return Err(VoiceError::TooLarge(BODY_LIMIT));
    }
    axum::body::to_bytes(body, BODY_LIMIT).await.map_err(|err| {
        if err.to_string().contains("length limit exceeded") {
            VoiceError::TooLarge(BODY_LIMIT)
        } else {
            VoiceError::UnreadableBody
        }
    })
}

pub(super) fn unavailable(err: StoreError) -> VoiceError {
    tracing::error!(error = %err, "voice endpoint cannot reach the store");
    VoiceError::Unavailable
}

pub(super) fn now_ms() -> Millis {
    crate::clock::now_ms()
}
