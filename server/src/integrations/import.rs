//! The company import: a background task per job that pages Companies 500 at a time and
//! writes each page (clients, their agents, progress) in one store transaction.

use super::tenants::{Purpose, Tenants};
use crate::autotask::{Company, Filter, PicklistField, Query};
use crate::clock::now_ms;
use crate::store::{
    ImportCompany, ImportJobRecord, IntegrationRecord, NewImportJob, Store, StoreError,
};
use app::ids::ImportJobId;
use app::states::ImportState;
use std::collections::HashMap;

/// Autotask's page maximum (reference §4): fewest requests for the whole import.
pub const PAGE_SIZE: u16 = 500;

#[derive(Clone)]
pub struct Importer {
    pub store: Store,
    pub tenants: Tenants,
}

/// The companies of the chosen types that an import brings in.
pub fn import_query(types: &[i64]) -> Query {
    Query::new()
        .filter(Filter::and([
            Filter::eq("isActive", true),
            Filter::is_in("companyType", types.iter().copied()),
        ]))
        .include_fields(["id", "companyName", "companyType"])
        .max_records(PAGE_SIZE)
}

impl Importer {
    /// Records the job and starts it in the background; returns the job as started.
    pub async fn start(
        &self,
        integration: &IntegrationRecord,
        types: Vec<i64>,
        expected: i64,
        resumed_from: Option<ImportJobId>,
    ) -> Result<ImportJobRecord, StoreError> {
        let job = self
            .store
            .create_import_job(NewImportJob {
                msp_id: integration.msp_id,
                integration_id: integration.id,
                company_types: types,
                expected,
                resumed_from,
                now: now_ms(),
            })
            .await?;
        let this = self.clone();
        let (record, started) = (integration.clone(), job.clone());
        tokio::spawn(async move { this.run_to_end(&record, &started).await });
        Ok(job)
    }

    /// Runs the job and records how it ended; never panics the task.
    pub async fn run_to_end(&self, integration: &IntegrationRecord, job: &ImportJobRecord) {
        let outcome = self.run(integration, job).await;
        let (state, error) = match outcome {
            Ok(()) => (ImportState::Done, None),
            Err(message) => {
                tracing::warn!(job = job.id.get(), error = %message, "company import failed");
                (ImportState::Failed, Some(message))
            }
        };
        if let Err(e) = self
            .store
            .finish_import_job(job.id, state, error, now_ms())
            .await
        {
            tracing::error!(job = job.id.get(), error = %e, "could not record the end of an import");
        }
    }

    /// Errors are messages for the admin; details go to the log.
    async fn run(
        &self,
        integration: &IntegrationRecord,
        job: &ImportJobRecord,
    ) -> Result<(), String> {
        // Background: an import may wait, and must leave agents a slot on every endpoint.
        let tenant = self
            .tenants
            .tenant(integration, Purpose::Background)
            .map_err(|e| {
                tracing::error!(error = %e, "cannot open the stored Autotask secret");
                "The stored Autotask secret cannot be read; save the credentials again.".to_string()
            })?;
        let unreachable = |e: crate::autotask::AutotaskError| {
            tracing::warn!(error = %e, "Autotask error during import");
            format!("Autotask stopped answering during the import ({e}). Start it again to continue; nothing is duplicated.")
        };
        // Cached by the client after the company-type step, so usually no request.
        let labels: HashMap<i64, String> = tenant
            .picklist_options(PicklistField::CompanyType)
            .await
            .map_err(unreachable)?
            .into_iter()
            .collect();
        let mut cursor = tenant
            .query_pages::<Company>(&import_query(&job.company_types))
            .map_err(unreachable)?;
        while let Some(page) = cursor.next_page().await.map_err(unreachable)? {
            let companies = page
                .items
                .into_iter()
                .map(|c| ImportCompany {
                    autotask_id: c.id.to_string(),
                    name: c
                        .company_name
                        .filter(|n| !n.trim().is_empty())
                        .unwrap_or_else(|| format!("Company {}", c.id)),
                    company_type_label: c.company_type.and_then(|t| labels.get(&t).cloned()),
                    company_type: c.company_type,
                })
                .collect();
            let now = now_ms();
            self.store
                .import_company_page(job.id, integration.msp_id, companies, now)
                .await
                .map_err(|e| format!("Saving imported clients failed: {e}"))?;
            // The agent runtime needs nothing more than its row to take tickets, so a new
            // client's agent goes live as soon as its page is stored.
            self.store
                .activate_agents(integration.msp_id, now)
                .await
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    }

    /// On start: every job still `running` was cut off by a stop. Each is marked
    /// `interrupted` and, if its integration is still connected, run again from the start
    /// (re-importing is idempotent, so pages already stored create nothing new).
    pub async fn resume_interrupted(&self) -> Result<Vec<ImportJobRecord>, StoreError> {
        let mut resumed = Vec::new();
        for job in self.store.running_import_jobs().await? {
            self.store
                .finish_import_job(
                    job.id,
                    ImportState::Interrupted,
                    Some("The server stopped during this import; it was started again.".into()),
                    now_ms(),
                )
                .await?;
            match self.store.integration(job.integration_id).await? {
                Some(integration) if integration.disconnected_at.is_none() => {
                    let again = self
                        .start(
                            &integration,
                            job.company_types.clone(),
                            job.expected,
                            Some(job.id),
                        )
                        .await?;
                    tracing::info!(
                        old = job.id.get(),
                        new = again.id.get(),
                        "resumed an interrupted import"
                    );
                    resumed.push(again);
                }
                _ => tracing::info!(
                    job = job.id.get(),
                    "interrupted import not resumed: integration disconnected"
                ),
            }
        }
        Ok(resumed)
    }
}
