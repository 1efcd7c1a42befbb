//! Filling the contact index from Autotask, like the company import: every active company's
//! name and phone, every contact's names, e-mail and numbers, 500 per page on the background
//! lane. After the first full sync only contacts modified since the watermark are fetched.

use super::matching::phone;
use super::service::{now_ms, VoiceService};
use crate::autotask::{Company, Contact, Filter, Query};
use crate::integrations::Purpose;
use crate::store::{VoiceCompanyRow, VoiceContactRow};
use app::ids::IntegrationId;
use std::time::Duration;
use tokio::sync::watch;

/// How often a running server pulls contact changes (Autotask's `lastModifiedDate`).
pub const DELTA_EVERY: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncOutcome {
    pub companies: usize,
    pub contacts: usize,
}

impl VoiceService {
    /// Syncs the index of `integration` (full when `full` or never synced, else a delta) and
    /// rebuilds the in-memory index.
    pub async fn sync_index(
        &self,
        integration: IntegrationId,
        full: bool,
    ) -> Result<SyncOutcome, String> {
        let record = self
            .store
            .integration(integration)
            .await
            .map_err(|e| e.to_string())?
            .filter(|r| r.disconnected_at.is_none())
            .ok_or("no connected integration")?;
        let settings = self
            .store
            .voice_settings(integration)
            .await
            .map_err(|e| e.to_string())?;
        let watermark = settings
            .as_ref()
            .and_then(|s| s.index_watermark.clone())
            .filter(|_| !full);
        let tenant = self
            .tenants
            .tenant(&record, Purpose::VoiceSync)
            .map_err(|e| e.to_string())?;
        let started = now_ms();
        let mut outcome = SyncOutcome {
            companies: 0,
            contacts: 0,
        };
        if watermark.is_none() {
            let query = Query::new().filter(Filter::gte("id", 0)).include_fields([
                "id",
                "companyName",
                "phone",
                "isActive",
            ]);
            let mut cursor = tenant
                .query_pages::<Company>(&query)
                .map_err(|e| e.to_string())?;
            while let Some(page) = cursor.next_page().await.map_err(|e| e.to_string())? {
                let rows: Vec<VoiceCompanyRow> = page
                    .items
                    .iter()
                    .map(|c| VoiceCompanyRow {
                        company_id: c.id.get(),
                        name: c.company_name.clone().unwrap_or_default(),
                        phones: phone::join(c.phone.as_deref()),
                        active: c.is_active.unwrap_or(true),
                    })
                    .collect();
                outcome.companies += rows.len();
                self.store
                    .upsert_voice_companies(integration, &rows)
                    .await
                    .map_err(|e| e.to_string())?;
            }
        }
        let filter = match &watermark {
            Some(since) => Filter::gt("lastModifiedDate", since.as_str()),
            None => Filter::gte("id", 0),
        };
        let query = Query::new().filter(filter).include_fields([
            "id",
            "companyID",
            "firstName",
            "lastName",
            "emailAddress",
            "phone",
            "alternatePhone",
            "mobilePhone",
            "isActive",
            "lastModifiedDate",
        ]);
        let mut newest = watermark.clone();
        let mut cursor = tenant
            .query_pages::<Contact>(&query)
            .map_err(|e| e.to_string())?;
        while let Some(page) = cursor.next_page().await.map_err(|e| e.to_string())? {
            let rows: Vec<VoiceContactRow> = page
                .items
                .iter()
                .filter_map(|c| {
                    let numbers = [
                        c.phone.as_deref(),
                        c.alternate_phone.as_deref(),
                        c.mobile_phone.as_deref(),
                    ];
                    if let Some(modified) = &c.last_modified_date {
                        if newest.as_ref().is_none_or(|n| modified > n) {
                            newest = Some(modified.clone());
                        }
                    }
                    Some(VoiceContactRow {
                        contact_id: c.id.get(),
                        company_id: c.company_id?.get(),
                        first_name: c.first_name.clone().unwrap_or_default(),
                        last_name: c.last_name.clone().unwrap_or_default(),
                        email: c.email_address.clone().unwrap_or_default(),
                        phones: phone::join(numbers.into_iter().flatten()),
                        active: c.active(),
                        last_modified: c.last_modified_date.clone(),
                    })
                })
                .collect();
            outcome.contacts += rows.len();
            self.store
                .upsert_voice_contacts(integration, &rows)
                .await
                .map_err(|e| e.to_string())?;
        }
        self.store
            .mark_voice_index_synced(integration, started, newest.as_deref())
            .await
            .map_err(|e| e.to_string())?;
        self.reload_index(integration)
            .await
            .map_err(|e| e.to_string())?;
        Ok(outcome)
    }

    /// Runs until `stop`: a delta sync of every enabled voice agent every `every`.
    pub async fn run_delta_sync(self, every: Duration, mut stop: watch::Receiver<bool>) {
        loop {
            tokio::select! {
                _ = tokio::time::sleep(every) => {}
                _ = stop.changed() => {}
            }
            if *stop.borrow() {
                return;
            }
            for integration in self
                .store
                .enabled_voice_integrations()
                .await
                .unwrap_or_default()
            {
                if let Err(err) = self.sync_index(integration, false).await {
                    tracing::warn!(
                        integration = integration.get(),
                        error = err,
                        "voice contact delta sync failed"
                    );
                }
            }
        }
    }
}
