-- Clients (one per customer company), their agents, and the activity log.

CREATE TABLE clients (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    msp_id BIGINT NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    slug TEXT NOT NULL,
    -- {"autotask": {"id": "<company id as a string>"}}
    sources JSONB NOT NULL DEFAULT '{}',
    mode TEXT NOT NULL DEFAULT 'plan' CHECK (mode IN ('plan', 'execute')),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (msp_id, slug)
);
-- Webhook routing and import look clients up by Autotask company id; unique so a re-import
-- can never duplicate a client. Queries must spell the expression exactly like this to use it.
CREATE UNIQUE INDEX clients_autotask_id ON clients (msp_id, (sources->'autotask'->>'id'));
-- The Clients page orders by name case-insensitively and pages through up to ~20,000 rows.
CREATE INDEX clients_msp_name ON clients (msp_id, lower(name), id);

CREATE TABLE agents (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_id BIGINT NOT NULL UNIQUE REFERENCES clients (id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'provisioning',
    updated_at BIGINT NOT NULL
);

CREATE TABLE activity (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    msp_id BIGINT NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    -- Kept when a client is deleted: the log is history.
    client_id BIGINT REFERENCES clients (id) ON DELETE SET NULL,
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    summary TEXT NOT NULL,
    outcome TEXT NOT NULL,
    detail JSONB NOT NULL DEFAULT '{}'
);
CREATE INDEX activity_msp_at ON activity (msp_id, at DESC, id DESC);
CREATE INDEX activity_client_at ON activity (client_id, at DESC, id DESC);
