//! `SettingsBrainSource`: per MSP, the configured OpenAI-compatible brain, or the fallback (the
//! rule agent) when none is configured. Built clients are cached per MSP and rebuilt when the
//! stored settings change (also when another replica saved them: the row's `updated_at` is
//! compared on every lookup).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;

use super::openai::{OpenAiBrain, OpenAiConfig, DEFAULT_TIMEOUT};
use super::{Brain, BrainError, BrainSource};
use crate::crypto::{Cipher, CryptoError};
use crate::store::{BrainSettingsRecord, Millis, Store};
use app::ids::MspId;
use app::states::BrainKind;

/// Binds a sealed key to its MSP, so a value copied into another row does not open.
pub fn key_aad(msp: MspId) -> String {
    format!("msp:{msp}:brain-key")
}

/// The client settings a stored row describes (the key opened).
pub fn openai_config(
    record: &BrainSettingsRecord,
    cipher: &Cipher,
) -> Result<OpenAiConfig, CryptoError> {
    let api_key = match &record.api_key_enc {
        Some(sealed) => cipher.decrypt_string(sealed, key_aad(record.msp_id).as_bytes())?,
        None => String::new(),
    };
    Ok(OpenAiConfig {
        base_url: record.base_url.clone(),
        model: record.model.clone(),
        api_key,
        token_param: record.token_param,
        tool_choice: record.tool_choice,
        parallel_tool_calls: record.parallel_tool_calls,
        timeout: DEFAULT_TIMEOUT,
    })
}

/// Built clients per MSP with the `updated_at` of the settings they were built from; shared by
/// the source and the settings service (which drops an MSP's entry when it saves).
#[derive(Clone, Default)]
pub struct BrainCache(Arc<Mutex<HashMap<MspId, Cached>>>);

/// A built brain and the `updated_at` of the settings it was built from.
type Cached = (Millis, Arc<dyn Brain>);

impl BrainCache {
    pub fn invalidate(&self, msp: MspId) {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&msp);
    }

    fn get(&self, msp: MspId, updated_at: Millis) -> Option<Arc<dyn Brain>> {
        let cache = self.0.lock().unwrap_or_else(|p| p.into_inner());
        cache
            .get(&msp)
            .filter(|(at, _)| *at == updated_at)
            .map(|(_, brain)| brain.clone())
    }

    fn put(&self, msp: MspId, updated_at: Millis, brain: Arc<dyn Brain>) {
        let mut cache = self.0.lock().unwrap_or_else(|p| p.into_inner());
        cache.insert(msp, (updated_at, brain));
    }
}

#[derive(Clone)]
pub struct SettingsBrainSource {
    store: Store,
    cipher: Cipher,
    http: reqwest::Client,
    fallback: Arc<dyn BrainSource>,
    cache: BrainCache,
}

impl SettingsBrainSource {
    /// `fallback` gives the brain of MSPs without a configured endpoint (the rule agent with
    /// the MSP's own triage mapping).
    /// `http` must not follow redirects ([`OpenAiBrain::http_client`]).
    pub fn new(
        store: Store,
        cipher: Cipher,
        http: reqwest::Client,
        fallback: Arc<dyn BrainSource>,
        cache: BrainCache,
    ) -> Self {
        SettingsBrainSource {
            store,
            cipher,
            http,
            fallback,
            cache,
        }
    }
}

#[async_trait]
impl BrainSource for SettingsBrainSource {
    async fn brain_for(&self, msp: MspId) -> Result<Arc<dyn Brain>, BrainError> {
        let record =
            self.store.brain_settings(msp).await.map_err(|e| {
                BrainError::Transient(format!("cannot read the brain settings: {e}"))
            })?;
        let Some(record) = record.filter(|r| r.kind == BrainKind::OpenAi) else {
            self.cache.invalidate(msp);
            return self.fallback.brain_for(msp).await;
        };
        if let Some(brain) = self.cache.get(msp, record.updated_at) {
            return Ok(brain);
        }
        let config = openai_config(&record, &self.cipher).map_err(|e| {
            // A key sealed under another master key: a person must enter it again.
            BrainError::Auth(format!(
                "the stored API key cannot be opened ({e}); enter it again"
            ))
        })?;
        let brain: Arc<dyn Brain> = Arc::new(OpenAiBrain::new(self.http.clone(), config));
        self.cache.put(msp, record.updated_at, brain.clone());
        Ok(brain)
    }
}
