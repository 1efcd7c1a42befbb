//! SQL of company imports, written once for both databases.

macro_rules! job_cols {
    () => {
        "id, msp_id, integration_id, company_types, state, expected, pages_done, \
         companies_seen, clients_created, resumed_from, error, started_at, updated_at, \
         finished_at, include_own_company, lease_owner, lease_expires_at"
    };
}

pub(super) const INSERT_JOB: &str = concat!(
    "INSERT INTO import_jobs (msp_id, integration_id, company_types, state, expected, \
     resumed_from, started_at, updated_at, include_own_company, lease_owner, lease_expires_at) \
     VALUES ($1, $2, $3, 'running', $4, $5, $6, $6, $7, $8, $9) RETURNING ",
    job_cols!()
);
pub(super) const LATEST_JOB: &str = concat!(
    "SELECT ",
    job_cols!(),
    " FROM import_jobs WHERE integration_id = $1 ORDER BY id DESC LIMIT 1"
);
pub(super) const RUNNING_JOBS: &str = concat!(
    "SELECT ",
    job_cols!(),
    " FROM import_jobs WHERE state = 'running' ORDER BY id"
);
/// The first statement of each page's transaction: a write, so SQLite takes the write lock up
/// front, and the progress lands atomically with the clients it counts.
pub(super) const ADD_PAGE: &str = "UPDATE import_jobs SET pages_done = pages_done + 1, \
     companies_seen = companies_seen + $2, updated_at = $3 WHERE id = $1 AND state = 'running'";
pub(super) const ADD_CREATED: &str =
    "UPDATE import_jobs SET clients_created = clients_created + $2 WHERE id = $1";
pub(super) const FINISH_JOB: &str = "UPDATE import_jobs SET state = $2, error = $3, \
     updated_at = $4, finished_at = $4 WHERE id = $1 AND state = 'running'";

pub(super) const CLIENT_ID_BY_AUTOTASK_ID: &str =
    "SELECT id FROM clients WHERE msp_id = $1 AND sources->'autotask'->>'id' = $2";
pub(super) const UPDATE_IMPORTED_CLIENT: &str = "UPDATE clients SET name = $2, company_type = $3, \
     company_type_label = $4, updated_at = $5 WHERE id = $1 AND (name <> $2 \
     OR company_type IS DISTINCT FROM $3 OR company_type_label IS DISTINCT FROM $4)";
/// A new client starts in the MSP's default mode.
pub(super) const INSERT_IMPORTED_CLIENT: &str =
    "INSERT INTO clients (msp_id, name, slug, sources, \
     company_type, company_type_label, created_at, updated_at, mode) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7, (SELECT default_mode FROM msps WHERE id = $1)) \
     RETURNING id";
pub(super) const INSERT_AGENT: &str = "INSERT INTO agents (client_id, status, updated_at) \
     VALUES ($1, 'provisioning', $2) ON CONFLICT (client_id) DO NOTHING";
pub(super) const ACTIVATE_AGENTS: &str = "UPDATE agents SET status = 'active', updated_at = $2 \
     WHERE status = 'provisioning' AND client_id IN (SELECT id FROM clients WHERE msp_id = $1)";
/// Only a running job whose lease ran out (or that never had one) can be taken over; the
/// conditional UPDATE lets exactly one of several concurrent takers win.
pub(super) const TAKE_OVER_JOB: &str = concat!(
    "UPDATE import_jobs SET lease_owner = $2, lease_expires_at = $4 ",
    "WHERE id = $1 AND state = 'running' ",
    "AND (lease_expires_at IS NULL OR lease_expires_at <= $3) RETURNING ",
    job_cols!()
);
pub(super) const RENEW_LEASE: &str = "UPDATE import_jobs SET lease_expires_at = $3 \
     WHERE id = $1 AND lease_owner = $2 AND state = 'running'";
