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
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// Autotask's page maximum (reference §4): fewest requests for the whole import.
pub const PAGE_SIZE: u16 = 500;

/// How long a running import stays leased to its replica without a renewal; it is renewed
/// every third of that, so only a dead (or cut-off) replica lets it run out.
pub const IMPORT_LEASE: Duration = Duration::from_secs(60);

#[derive(Clone)]
pub struct Importer {
    pub store: Store,
    pub tenants: Tenants,
    /// Names this replica's import leases; unique per process.
    pub owner: String,
    pub lease: Duration,
    pub running: RunningImports,
}

/// The import tasks this replica runs. Owned rather than detached, so that stopping the
/// application ends them at a page boundary and waits for them (the graceful drain).
#[derive(Clone, Default)]
pub struct RunningImports {
    tracker: TaskTracker,
    stop: CancellationToken,
}

/// Autotask's company 0 is the MSP's own organisation, not a client: imported only on request.
pub const OWN_COMPANY_ID: i64 = 0;

/// The companies of the chosen types that an import brings in; the MSP's own company only
/// when `include_own` (then whatever its type).
pub fn import_query(types: &[i64], include_own: bool) -> Query {
    let of_types = Filter::is_in("companyType", types.iter().copied());
    let which = if include_own {
        Filter::or([of_types, Filter::eq("id", OWN_COMPANY_ID)])
    } else {
        Filter::and([of_types, Filter::noteq("id", OWN_COMPANY_ID)])
    };
    Query::new()
        .filter(Filter::and([Filter::eq("isActive", true), which]))
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
        include_own_company: bool,
    ) -> Result<ImportJobRecord, StoreError> {
        let now = now_ms();
        let job = self
            .store
            .create_import_job(NewImportJob {
                msp_id: integration.msp_id,
                integration_id: integration.id,
                company_types: types,
                expected,
                resumed_from,
                now,
                include_own_company,
                lease_owner: Some(self.owner.clone()),
                lease_expires_at: Some(now + self.lease_ms()),
            })
            .await?;
        let this = self.clone();
        let (record, started) = (integration.clone(), job.clone());
        let stop = self.running.stop.clone();
        self.running.tracker.spawn(async move {
            tokio::select! {
                () = this.run_to_end(&record, &started) => {}
                // Dropping the run rolls back the page in flight (each page is one transaction);
                // handing the lease back lets the next start resume the job at once.
                () = stop.cancelled() => this.hand_back(started.id).await,
            }
        });
        Ok(job)
    }

    /// Ends every running import and waits for them; the jobs stay resumable.
    pub async fn shutdown(&self) {
        self.running.stop.cancel();
        self.running.tracker.close();
        self.running.tracker.wait().await;
    }

    async fn hand_back(&self, job_id: ImportJobId) {
        if let Err(e) = self
            .store
            .renew_import_lease(job_id, &self.owner, now_ms())
            .await
        {
            tracing::warn!(job = job_id.get(), error = %e, "could not hand back an import lease on stop");
        }
        tracing::info!(
            job = job_id.get(),
            "import stopped with the server; it resumes on the next start"
        );
    }

    fn lease_ms(&self) -> i64 {
        self.lease.as_millis() as i64
    }

    /// Renews the job's lease every third of its length; returns once it is lost (another
    /// replica took the job over, or it stopped running).
    async fn hold_lease(&self, job_id: ImportJobId) {
        let mut tick = tokio::time::interval(self.lease / 3);
        tick.tick().await;
        loop {
            tick.tick().await;
            let until = now_ms() + self.lease_ms();
            match self
                .store
                .renew_import_lease(job_id, &self.owner, until)
                .await
            {
                Ok(true) => {}
                Ok(false) => return,
                // A database hiccup: try again next tick; the lease outlasts two misses.
                Err(e) => {
                    tracing::warn!(job = job_id.get(), error = %e, "could not renew the import lease")
                }
            }
        }
    }

    /// Runs the job and records how it ended; never panics the task. Stops without recording
    /// anything if the job's lease is lost, since another replica then owns it.
    pub async fn run_to_end(&self, integration: &IntegrationRecord, job: &ImportJobRecord) {
        let outcome = tokio::select! {
            outcome = self.run(integration, job) => outcome,
            () = self.hold_lease(job.id) => {
                tracing::warn!(job = job.id.get(), "import lease lost; another replica owns the job");
                return;
            }
        };
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
            .tenant(integration, Purpose::Import)
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
            .query_pages::<Company>(&import_query(&job.company_types, job.include_own_company))
            .map_err(unreachable)?;
        loop {
            // Background work yields to the tenant's budget before every page.
            let ceiling = self
                .store
                .autotask_budget(integration.id)
                .await
                .map_err(|e| e.to_string())?
                .relay_hourly_ceiling;
            self.tenants
                .governor()
                .wait_turn(integration.id, &tenant, ceiling)
                .await;
            let Some(page) = cursor.next_page().await.map_err(unreachable)? else {
                break;
            };
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

    /// On start and then periodically: a job still `running` whose lease ran out was cut off
    /// (its replica stopped or died). Exactly one replica takes each over, marks it
    /// `interrupted` and, if its integration is still connected, runs it again from the start
    /// (re-importing is idempotent, so pages already stored create nothing new).
    pub async fn resume_interrupted(&self) -> Result<Vec<ImportJobRecord>, StoreError> {
        let mut resumed = Vec::new();
        for job in self.store.running_import_jobs().await? {
            let taken = self
                .store
                .take_over_import_job(job.id, &self.owner, now_ms(), self.lease_ms())
                .await?;
            let Some(job) = taken else {
                // Still leased to a live replica, or another one took it just now.
                continue;
            };
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
                            job.include_own_company,
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

/// Resumes interrupted imports now and every lease period until `stop`, so a job whose replica
/// died is picked up by a live one without waiting for a restart.
pub async fn resume_loop(importer: Importer, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut tick = tokio::time::interval(importer.lease);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.wait_for(|stopped| *stopped) => return,
        }
        if let Err(e) = importer.resume_interrupted().await {
            tracing::error!(error = %e, "could not resume interrupted imports");
        }
    }
}
