//! The Settings → Agent brain service: validate, seal the key, store, mask; run the connection
//! test with the saved settings and keep its report for the page.

mod report;
mod validate;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;

use super::openai::OpenAiBrain;
use super::source::{key_aad, openai_config, BrainCache, SettingsBrainSource};
use crate::clock::{fmt_utc, now_ms};
use crate::crypto::Cipher;
use crate::errors::internal;
use crate::store::{BrainSettingsRecord, BrainSettingsUpdate, KeyChange, Store};
use app::error::AppError;
use app::ids::MspId;
use app::service::BrainSettingsService;
use app::states::{BrainKind, TokenParam};
use app::wire::{BrainSettingsInput, BrainSettingsView, BrainTestView, CurrentUser, DemoEndpoint};

/// Shown for a stored key: nothing of the key itself.
pub const KEY_MASK: &str = "••••••••";

#[derive(Clone)]
pub struct AgentBrains {
    store: Store,
    cipher: Cipher,
    http: reqwest::Client,
    cache: BrainCache,
    /// The last test report per MSP, for the page a plain form post returns to.
    tests: Arc<Mutex<HashMap<MspId, BrainTestView>>>,
    demo: Option<DemoEndpoint>,
}

impl AgentBrains {
    pub fn new(
        store: Store,
        cipher: Cipher,
        http: reqwest::Client,
        demo: Option<DemoEndpoint>,
    ) -> Self {
        AgentBrains {
            store,
            cipher,
            http,
            cache: BrainCache::default(),
            tests: Arc::default(),
            demo,
        }
    }

    /// The runner's brain per MSP: the configured endpoint, else `fallback` (the rule agent);
    /// its cache is the one this service clears on save.
    pub fn source(
        &self,
        fallback: Arc<dyn crate::agent::brain::BrainSource>,
    ) -> SettingsBrainSource {
        SettingsBrainSource::new(
            self.store.clone(),
            self.cipher.clone(),
            self.http.clone(),
            fallback,
            self.cache.clone(),
        )
    }

    fn view(
        &self,
        msp: MspId,
        record: Option<BrainSettingsRecord>,
        by: Option<String>,
    ) -> BrainSettingsView {
        let last_test = self
            .tests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&msp)
            .cloned();
        let demo_endpoint = self.demo.clone();
        match record {
            None => BrainSettingsView {
                kind: BrainKind::Rules,
                base_url: String::new(),
                model: String::new(),
                key_masked: None,
                token_param: TokenParam::MaxTokens,
                tool_choice: true,
                parallel_tool_calls: false,
                updated: None,
                last_test,
                demo_endpoint,
            },
            Some(r) => BrainSettingsView {
                kind: r.kind,
                base_url: r.base_url,
                model: r.model,
                key_masked: r.api_key_enc.map(|_| KEY_MASK.to_string()),
                token_param: r.token_param,
                tool_choice: r.tool_choice,
                parallel_tool_calls: r.parallel_tool_calls,
                updated: Some(match by {
                    Some(name) => format!("by {name}, {}", fmt_utc(r.updated_at)),
                    None => fmt_utc(r.updated_at),
                }),
                last_test,
                demo_endpoint,
            },
        }
    }

    /// The name of whoever saved last (an MSP has a handful of admins).
    async fn saved_by(
        &self,
        msp: MspId,
        record: &Option<BrainSettingsRecord>,
    ) -> Result<Option<String>, AppError> {
        let Some(user) = record.as_ref().and_then(|r| r.updated_by) else {
            return Ok(None);
        };
        let users = self.store.list_users(msp).await?;
        Ok(users.into_iter().find(|u| u.id == user).map(|u| u.name))
    }
}

#[async_trait]
impl BrainSettingsService for AgentBrains {
    async fn brain_settings(&self, user: &CurrentUser) -> Result<BrainSettingsView, AppError> {
        let record = self.store.brain_settings(user.msp_id).await?;
        let by = self.saved_by(user.msp_id, &record).await?;
        Ok(self.view(user.msp_id, record, by))
    }

    async fn save_brain_settings(
        &self,
        user: &CurrentUser,
        input: BrainSettingsInput,
    ) -> Result<BrainSettingsView, AppError> {
        let input = validate::validate(input)?;
        let api_key = if input.clear_key {
            KeyChange::Clear
        } else if input.api_key.is_empty() {
            KeyChange::Keep
        } else {
            KeyChange::Set(
                self.cipher
                    .encrypt_str(&input.api_key, key_aad(user.msp_id).as_bytes()),
            )
        };
        let update = BrainSettingsUpdate {
            kind: input.kind,
            base_url: input.base_url,
            model: input.model,
            api_key,
            token_param: input.token_param,
            tool_choice: input.tool_choice,
            parallel_tool_calls: input.parallel_tool_calls,
            updated_by: user.user_id,
            now: now_ms(),
        };
        let record = self.store.save_brain_settings(user.msp_id, update).await?;
        self.cache.invalidate(user.msp_id);
        // A report about the settings just replaced would mislead.
        self.tests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&user.msp_id);
        tracing::info!(msp = %user.msp_id, kind = %record.kind, "agent brain settings saved");
        Ok(self.view(user.msp_id, Some(record), Some(user.name.clone())))
    }

    async fn test_brain(&self, user: &CurrentUser) -> Result<BrainTestView, AppError> {
        let record = self.store.brain_settings(user.msp_id).await?;
        let Some(record) = record.filter(|r| !r.base_url.is_empty()) else {
            return Err(AppError::validation(
                "base_url",
                "Save an endpoint (base URL and model) before testing it.",
            ));
        };
        let config = openai_config(&record, &self.cipher).map_err(internal)?;
        let probe = OpenAiBrain::new(self.http.clone(), config).probe().await;
        let view = report::view(&probe, &record, fmt_utc(now_ms()));
        self.tests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(user.msp_id, view.clone());
        Ok(view)
    }
}
