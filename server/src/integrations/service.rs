//! `IntegrationService`: connect, re-check and disconnect Autotask, pick company types and
//! import them, and the webhook card. Every call is scoped to the caller's MSP.

use super::import::Importer;
use super::reveals::RevealBoard;
use super::secrets::{
    api_secret_aad, hmac_aad, hmac_prev_aad, new_hmac_key, new_webhook_secret, open_api_secret,
    open_hmac_key, open_webhook_secret, seal_new, webhook_aad, webhook_prev_aad, NewWebhookSecrets,
};
use super::tenants::{Purpose, Tenants};
use super::views::{autotask_card, import_progress, integration_view, webhook_card, WebhookHealth};
use super::webhooks::WebhookRegistrar;
use super::wizard::{clean, map_error, validate, StepBoard};
use crate::autotask::{Company, Filter, PicklistField, Query};
use crate::clock::now_ms;
use crate::crypto::Cipher;
use crate::errors::internal;
use crate::store::{
    CredentialsUpdate, IntegrationRecord, NewIntegration, Store, StoreError, WebhookRotation,
};
use app::error::{AppError, ErrorCode};
use app::ids::IntegrationId;
use app::service::IntegrationService;
use app::states::ImportState;
use app::wire::*;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct Integrations {
    store: Store,
    cipher: Cipher,
    tenants: Tenants,
    importer: Importer,
    steps: StepBoard,
    reveals: RevealBoard,
    registrar: WebhookRegistrar,
    public_base_url: String,
    grace_hours: u32,
    /// Active companies per type from the last company-type listing, per integration: the
    /// import's expected total without spending another request.
    counts: Arc<Mutex<HashMap<IntegrationId, HashMap<i64, u64>>>>,
}

impl Integrations {
    pub fn new(
        store: Store,
        cipher: Cipher,
        tenants: Tenants,
        public_base_url: String,
        grace_hours: u32,
    ) -> Self {
        let importer = Importer {
            store: store.clone(),
            tenants: tenants.clone(),
            owner: format!("importer-{}", uuid::Uuid::new_v4().simple()),
            lease: super::import::IMPORT_LEASE,
            running: Default::default(),
        };
        let registrar = WebhookRegistrar::new(
            store.clone(),
            cipher.clone(),
            tenants.clone(),
            public_base_url.clone(),
        );
        Self {
            store,
            cipher,
            tenants,
            importer,
            steps: StepBoard::default(),
            reveals: RevealBoard::default(),
            registrar,
            public_base_url,
            grace_hours,
            counts: Default::default(),
        }
    }

    pub fn importer(&self) -> &Importer {
        &self.importer
    }

    /// Webhook registration and health checks, for the periodic check task.
    pub fn registrar(&self) -> &WebhookRegistrar {
        &self.registrar
    }

    async fn active(&self, user: &CurrentUser) -> Result<IntegrationRecord, AppError> {
        self.store
            .active_integration(user.msp_id)
            .await?
            .ok_or_else(|| {
                AppError::new(ErrorCode::NotFound, "Autotask is not connected yet.")
                    .on_field("username")
            })
    }

    /// `reveal`: this answer is the secrets' one showing.
    async fn view(
        &self,
        record: &IntegrationRecord,
        reveal: bool,
    ) -> Result<IntegrationView, AppError> {
        Ok(integration_view(record, self.card(record, reveal).await?))
    }

    async fn card(
        &self,
        record: &IntegrationRecord,
        reveal: bool,
    ) -> Result<WebhookCardView, AppError> {
        let now = now_ms();
        let health = WebhookHealth {
            definitions: self.store.webhook_definitions(record.id).await?,
            events_last_hour: self
                .store
                .count_webhook_events_since(record.id, now - 3_600_000)
                .await?,
            events_last_day: self
                .store
                .count_webhook_events_since(record.id, now - 86_400_000)
                .await?,
            silence: super::webhooks::silence::current(&self.store, record).await?,
        };
        webhook_card(
            record,
            &self.cipher,
            &self.public_base_url,
            self.grace_hours,
            now,
            reveal,
            &health,
        )
    }

    /// Shows the secrets in this answer and in the user's next page view (for a plain form,
    /// which only sees the page it is sent back to).
    async fn reveal_card(
        &self,
        user: &CurrentUser,
        record: &IntegrationRecord,
    ) -> Result<WebhookCardView, AppError> {
        self.reveals.grant(user.user_id, record.id);
        self.card(record, true).await
    }

    /// Adding types to a completed import fetches only the added ones (no Autotask calls for
    /// companies already in); the same selection again, or any after an unfinished import,
    /// fetches everything selected, which also picks up renames and new companies.
    async fn types_to_fetch(
        &self,
        record: &IntegrationRecord,
        selected: &[i64],
    ) -> Result<Vec<i64>, AppError> {
        let last = self.store.latest_import_job(record.id).await?;
        let covered: &[i64] = match &last {
            Some(job) if job.state == ImportState::Done => &record.company_types,
            _ => &[],
        };
        let added: Vec<i64> = selected
            .iter()
            .copied()
            .filter(|t| !covered.contains(t))
            .collect();
        Ok(if added.is_empty() {
            selected.to_vec()
        } else {
            added
        })
    }

    /// An admin is waiting on the page: interactive.
    fn tenant(
        &self,
        record: &IntegrationRecord,
    ) -> Result<crate::autotask::TenantClient, AppError> {
        self.tenants
            .tenant(record, Purpose::Wizard)
            .map_err(internal)
    }
}

#[async_trait::async_trait]
impl IntegrationService for Integrations {
    async fn autotask_card(&self, user: &CurrentUser) -> Result<AutotaskCardView, AppError> {
        let record = self.store.active_integration(user.msp_id).await?;
        Ok(autotask_card(record.as_ref()))
    }

    async fn autotask_page(&self, user: &CurrentUser) -> Result<AutotaskPageView, AppError> {
        let Some(record) = self.store.active_integration(user.msp_id).await? else {
            return Ok(AutotaskPageView {
                integration: None,
                import: None,
                budget: None,
            });
        };
        let job = self.store.latest_import_job(record.id).await?;
        let reveal = self.reveals.take(user.user_id, record.id);
        Ok(AutotaskPageView {
            integration: Some(self.view(&record, reveal).await?),
            import: job.as_ref().map(import_progress),
            budget: Some(
                super::budget_view::budget_view(&self.store, &self.tenants, &record, now_ms())
                    .await?,
            ),
        })
    }

    async fn save_credentials(
        &self,
        user: &CurrentUser,
        input: AutotaskCredentialsInput,
    ) -> Result<IntegrationView, AppError> {
        let input = clean(input)?;
        let steps = self.steps.clone();
        let user_id = user.user_id;
        let checked = validate(&self.tenants, &input, |step| steps.set(user_id, Some(step))).await;
        let checked = match checked {
            Ok(v) => v,
            Err(e) => {
                self.steps.set(user_id, None);
                return Err(e);
            }
        };
        self.steps.set(user_id, Some(ConnectStep::Save));
        let now = now_ms();
        let existing = self
            .store
            .active_integration(user.msp_id)
            .await
            .map_err(AppError::from);
        let saved = match existing {
            Ok(Some(record)) => {
                let update = CredentialsUpdate {
                    username: input.username.clone(),
                    secret_enc: self
                        .cipher
                        .encrypt_str(&input.secret, api_secret_aad(record.id).as_bytes()),
                    tracking_id: input.tracking_id.clone(),
                    zone_url: checked.zone.info.url.clone(),
                    web_url: checked.zone.info.web_url.clone(),
                    api_user_resource_id: checked.api_user_resource_id,
                    now,
                };
                self.store
                    .update_integration_credentials(record.id, update)
                    .await
                    .map_err(AppError::from)
                    .map(|_| (record.id, false))
            }
            Ok(None) => {
                let new = NewIntegration {
                    msp_id: user.msp_id,
                    username: input.username.clone(),
                    tracking_id: input.tracking_id.clone(),
                    zone_url: checked.zone.info.url.clone(),
                    web_url: checked.zone.info.web_url.clone(),
                    api_user_resource_id: checked.api_user_resource_id,
                    now,
                };
                let (cipher, webhook) = (self.cipher.clone(), NewWebhookSecrets::generate());
                let seal = move |id: IntegrationId| seal_new(&cipher, &input.secret, &webhook, id);
                match self.store.create_integration(new, &seal).await {
                    Ok(record) => {
                        // A new integration's secrets: shown with this answer and next view.
                        self.reveals.grant(user_id, record.id);
                        Ok((record.id, true))
                    }
                    Err(StoreError::Conflict(_)) => Err(AppError::new(
                        ErrorCode::Conflict,
                        "Autotask was connected from another tab meanwhile; reload the page.",
                    )),
                    Err(e) => Err(e.into()),
                }
            }
            Err(e) => Err(e),
        };
        self.steps.set(user_id, None);
        let (id, created) = saved?;
        let record = self
            .store
            .integration(id)
            .await?
            .ok_or_else(|| AppError::not_found("The integration"))?;
        tracing::info!(
            msp = user.msp_id.get(),
            integration = id.get(),
            "Autotask credentials saved"
        );
        self.view(&record, created).await
    }

    async fn connect_step(&self, user: &CurrentUser) -> Result<Option<ConnectStep>, AppError> {
        Ok(self.steps.get(user.user_id))
    }

    async fn recheck(&self, user: &CurrentUser) -> Result<IntegrationView, AppError> {
        let record = self.active(user).await?;
        let secret = open_api_secret(&self.cipher, &record).map_err(internal)?;
        let input = AutotaskCredentialsInput {
            username: record.username.clone(),
            secret,
            tracking_id: record.tracking_id.clone(),
        };
        self.save_credentials(user, input).await
    }

    async fn disconnect(&self, user: &CurrentUser) -> Result<(), AppError> {
        let record = self.active(user).await?;
        self.store
            .disconnect_integration(record.id, now_ms())
            .await?;
        tracing::info!(
            msp = user.msp_id.get(),
            integration = record.id.get(),
            "Autotask disconnected"
        );
        Ok(())
    }

    async fn company_types(&self, user: &CurrentUser) -> Result<Vec<CompanyTypeOption>, AppError> {
        let record = self.active(user).await?;
        let tenant = self.tenant(&record)?;
        let step = ConnectStep::CheckCredentials;
        let options = tenant
            .picklist_options(PicklistField::CompanyType)
            .await
            .map_err(|e| map_error(step, e))?;
        let mut counts = HashMap::new();
        let mut out = Vec::with_capacity(options.len());
        for (value, label) in options {
            // The MSP's own company is not a client: counted apart (see the own-company box).
            let query = Query::new().filter(Filter::and([
                Filter::eq("isActive", true),
                Filter::eq("companyType", value),
                Filter::noteq("id", super::import::OWN_COMPANY_ID),
            ]));
            let count = tenant
                .count::<Company>(&query)
                .await
                .map_err(|e| map_error(step, e))?;
            counts.insert(value, count);
            // Before any choice, Customer is what an MSP imports.
            let selected = if record.company_types.is_empty() {
                label.eq_ignore_ascii_case("customer")
            } else {
                record.company_types.contains(&value)
            };
            out.push(CompanyTypeOption {
                value,
                label,
                active_companies: count,
                selected,
            });
        }
        self.counts
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(record.id, counts);
        Ok(out)
    }

    async fn start_import(
        &self,
        user: &CurrentUser,
        types: Vec<i64>,
        include_own_company: bool,
    ) -> Result<ImportProgress, AppError> {
        let mut types = types;
        types.sort_unstable();
        types.dedup();
        if types.is_empty() {
            return Err(AppError::validation(
                "types",
                "Pick at least one company type to import.",
            ));
        }
        let record = self.active(user).await?;
        let fetch = self.types_to_fetch(&record, &types).await?;
        let expected = {
            let counts = self.counts.lock().unwrap_or_else(|p| p.into_inner());
            counts
                .get(&record.id)
                .map(|c| fetch.iter().filter_map(|t| c.get(t)).sum::<u64>() as i64)
                .unwrap_or(0)
        };
        self.store
            .set_integration_company_types(record.id, types, now_ms())
            .await?;
        let expected = expected + i64::from(include_own_company);
        match self
            .importer
            .start(&record, fetch, expected, None, include_own_company)
            .await
        {
            Ok(job) => Ok(import_progress(&job)),
            Err(StoreError::Conflict(_)) => Err(AppError::new(
                ErrorCode::Conflict,
                "An import is already running; watch its progress below.",
            )),
            Err(e) => Err(e.into()),
        }
    }

    async fn rotate_webhook_secret(&self, user: &CurrentUser) -> Result<WebhookCardView, AppError> {
        let record = self.active(user).await?;
        let id = record.id;
        let current = open_webhook_secret(&self.cipher, &record).map_err(internal)?;
        let current_key = open_hmac_key(&self.cipher, &record).map_err(internal)?;
        let seal = |value: &str, aad: String| self.cipher.encrypt_str(value, aad.as_bytes());
        let now = now_ms();
        let rotation = WebhookRotation {
            secret_enc: seal(&new_webhook_secret(), webhook_aad(id)),
            prev_secret_enc: seal(&current, webhook_prev_aad(id)),
            hmac_key_enc: seal(&new_hmac_key(), hmac_aad(id)),
            prev_hmac_key_enc: current_key.map(|key| seal(&key, hmac_prev_aad(id))),
            prev_expires_at: now + i64::from(self.grace_hours) * 3_600_000,
            now,
        };
        self.store.rotate_webhook_secret(id, rotation).await?;
        tracing::info!(
            msp = user.msp_id.get(),
            integration = id.get(),
            "webhook secrets rotated"
        );
        let record = self.active(user).await?;
        self.reveal_card(user, &record).await
    }

    async fn reveal_webhook_secrets(
        &self,
        user: &CurrentUser,
    ) -> Result<WebhookCardView, AppError> {
        let record = self.active(user).await?;
        tracing::info!(
            msp = user.msp_id.get(),
            integration = record.id.get(),
            user = user.user_id.get(),
            "webhook secrets revealed"
        );
        self.reveal_card(user, &record).await
    }

    async fn set_signature_required(
        &self,
        user: &CurrentUser,
        required: bool,
    ) -> Result<WebhookCardView, AppError> {
        let record = self.active(user).await?;
        self.store
            .set_signature_required(record.id, required, now_ms())
            .await?;
        tracing::info!(
            msp = user.msp_id.get(),
            integration = record.id.get(),
            required,
            "webhook signature requirement changed"
        );
        let record = self.active(user).await?;
        self.card(&record, false).await
    }

    async fn register_webhooks(&self, user: &CurrentUser) -> Result<WebhookCardView, AppError> {
        let record = self.active(user).await?;
        self.registrar
            .register(&record)
            .await
            .map_err(super::webhooks::app_error)?;
        let record = self.active(user).await?;
        self.card(&record, false).await
    }

    async fn unregister_webhooks(&self, user: &CurrentUser) -> Result<WebhookCardView, AppError> {
        let record = self.active(user).await?;
        self.registrar
            .unregister(&record)
            .await
            .map_err(super::webhooks::app_error)?;
        let record = self.active(user).await?;
        self.card(&record, false).await
    }

    async fn reactivate_webhooks(&self, user: &CurrentUser) -> Result<WebhookCardView, AppError> {
        let record = self.active(user).await?;
        let done = self
            .registrar
            .reactivate(&record)
            .await
            .map_err(super::webhooks::app_error)?;
        if done == 0 {
            return Err(AppError::new(
                ErrorCode::Conflict,
                "No webhook registered by Relay is inactive. A webhook set up by hand is turned \
                 back on by whoever owns it (PATCH isActive: true), or press Register in \
                 Autotask for me to let Relay repair it.",
            ));
        }
        // What Autotask could not deliver while the webhook was off is caught up in the
        // background; the admin's answer does not wait for it.
        let registrar = self.registrar.clone();
        let caught_up = record.clone();
        tokio::spawn(async move {
            if let Err(e) = registrar.backfill(&caught_up).await {
                tracing::warn!(integration = caught_up.id.get(), error = %e, "backfill after reactivation failed");
            }
        });
        let record = self.active(user).await?;
        self.card(&record, false).await
    }

    async fn set_relay_hourly_ceiling(
        &self,
        user: &CurrentUser,
        ceiling: Option<u64>,
    ) -> Result<BudgetView, AppError> {
        if ceiling.is_some_and(|c| !(100..=100_000).contains(&c)) {
            return Err(AppError::validation(
                "ceiling",
                "Enter a number of requests per hour from 100 to 100000, or leave it empty for no ceiling.",
            ));
        }
        let record = self.active(user).await?;
        self.store
            .set_relay_hourly_ceiling(record.id, ceiling, now_ms())
            .await?;
        tracing::info!(
            integration = record.id.get(),
            ?ceiling,
            "Relay's hourly Autotask ceiling set"
        );
        Ok(super::budget_view::budget_view(&self.store, &self.tenants, &record, now_ms()).await?)
    }
}
