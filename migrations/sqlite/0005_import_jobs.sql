-- Company import jobs (one row per run, progress written after every page) and the Autotask
-- company type each imported client came from.

CREATE TABLE import_jobs (
    id INTEGER PRIMARY KEY,
    msp_id INTEGER NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    integration_id INTEGER NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    -- The companyType values this run imports, as a JSON array of integers.
    company_types TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(company_types)),
    -- running -> done | failed | interrupted (the server stopped while it ran).
    state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed', 'interrupted')),
    -- Companies Autotask counted for these types when the run started.
    expected INTEGER NOT NULL DEFAULT 0,
    pages_done INTEGER NOT NULL DEFAULT 0,
    companies_seen INTEGER NOT NULL DEFAULT 0,
    clients_created INTEGER NOT NULL DEFAULT 0,
    -- Set when the run replaced one a restart interrupted.
    resumed_from INTEGER,
    error TEXT,
    started_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    finished_at INTEGER
);
-- At most one running import per integration: a second start is refused, not run twice.
CREATE UNIQUE INDEX import_jobs_running ON import_jobs (integration_id) WHERE state = 'running';
CREATE INDEX import_jobs_integration ON import_jobs (integration_id, id DESC);

-- The Autotask companyType (value and label) a client was last imported as; clients of types
-- no longer selected are kept and shown as such.
ALTER TABLE clients ADD COLUMN company_type INTEGER;
ALTER TABLE clients ADD COLUMN company_type_label TEXT;
