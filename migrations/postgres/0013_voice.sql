-- The voice agent: its settings per integration, the local contact index callers are matched
-- against (so a live call never waits on Autotask's rate limits), and every call with its
-- ticket, transcript and retry state. Times are BIGINT Unix milliseconds.

CREATE TABLE voice_settings (
    integration_id BIGINT PRIMARY KEY REFERENCES integrations (id) ON DELETE CASCADE,
    msp_id BIGINT NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    enabled BOOLEAN NOT NULL DEFAULT FALSE,
    -- Sealed with AAD `voice:{integration}:secret`; the x-vapi-secret value and the HMAC key.
    secret_enc TEXT NOT NULL,
    -- Ticket defaults when nothing matched (NULL: Autotask's own default or none).
    default_queue_id BIGINT,
    default_status BIGINT,
    default_priority BIGINT,
    default_issue_type BIGINT,
    -- The company unknown callers are filed under (Autotask company 0 when NULL).
    default_company_id BIGINT,
    default_contact_id BIGINT,
    -- When the contact index was last filled from Autotask, and the newest lastModifiedDate seen.
    index_synced_at BIGINT,
    index_watermark TEXT,
    updated_at BIGINT NOT NULL
);

CREATE TABLE voice_companies (
    integration_id BIGINT NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    company_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    -- Normalised phone numbers (national digits), space separated.
    phones TEXT NOT NULL DEFAULT '',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    PRIMARY KEY (integration_id, company_id)
);

CREATE TABLE voice_contacts (
    integration_id BIGINT NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    contact_id BIGINT NOT NULL,
    company_id BIGINT NOT NULL,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phones TEXT NOT NULL DEFAULT '',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    last_modified TEXT,
    PRIMARY KEY (integration_id, contact_id)
);

CREATE TABLE voice_calls (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    integration_id BIGINT NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    msp_id BIGINT NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    -- The platform's call id: the dedupe key of every message about this call.
    call_id TEXT NOT NULL,
    caller TEXT,
    state TEXT NOT NULL DEFAULT 'in_progress'
        CHECK (state IN ('in_progress', 'pending', 'done', 'failed')),
    contact_id BIGINT,
    company_id BIGINT,
    match_label TEXT,
    confidence DOUBLE PRECISION,
    ticket_id BIGINT,
    ticket_number TEXT,
    -- Transcript note parts already in Autotask, so a retry continues where it stopped.
    notes_posted BIGINT NOT NULL DEFAULT 0,
    last_status TEXT,
    ended_reason TEXT,
    started_at BIGINT,
    ended_at BIGINT,
    transcript TEXT,
    recording_url TEXT,
    -- The end-of-call report as received (summary, structured data), JSON.
    report TEXT,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT,
    lease_until BIGINT,
    last_error TEXT,
    transcript_events BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (integration_id, call_id)
);
CREATE INDEX voice_calls_msp ON voice_calls (msp_id, created_at DESC, id DESC);
CREATE INDEX voice_calls_due ON voice_calls (next_attempt_at) WHERE state = 'pending';
