-- Company import jobs (one row per run, progress written after every page) and the Autotask
-- company type each imported client came from.

CREATE TABLE import_jobs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    msp_id BIGINT NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    integration_id BIGINT NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    -- The companyType values this run imports, as a JSON array of integers.
    company_types JSONB NOT NULL DEFAULT '[]',
    -- running -> done | failed | interrupted (the server stopped while it ran).
    state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed', 'interrupted')),
    -- Companies Autotask counted for these types when the run started.
    expected BIGINT NOT NULL DEFAULT 0,
    pages_done BIGINT NOT NULL DEFAULT 0,
    companies_seen BIGINT NOT NULL DEFAULT 0,
    clients_created BIGINT NOT NULL DEFAULT 0,
    -- Set when the run replaced one a restart interrupted.
    resumed_from BIGINT,
    error TEXT,
    started_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    finished_at BIGINT
);
-- At most one running import per integration: a second start is refused, not run twice.
CREATE UNIQUE INDEX import_jobs_running ON import_jobs (integration_id) WHERE state = 'running';
CREATE INDEX import_jobs_integration ON import_jobs (integration_id, id DESC);

-- The Autotask companyType (value and label) a client was last imported as; clients of types
-- no longer selected are kept and shown as such.
ALTER TABLE clients ADD COLUMN company_type BIGINT;
ALTER TABLE clients ADD COLUMN company_type_label TEXT;
