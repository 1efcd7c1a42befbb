-- The voice agent: its settings per integration, the local contact index callers are matched
-- against (so a live call never waits on Autotask's rate limits), and every call with its
-- ticket, transcript and retry state. Times are INTEGER Unix milliseconds.

CREATE TABLE voice_settings (
    integration_id INTEGER PRIMARY KEY REFERENCES integrations (id) ON DELETE CASCADE,
    msp_id INTEGER NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    enabled BOOLEAN NOT NULL DEFAULT FALSE,
    -- Sealed with AAD `voice:{integration}:secret`; the x-vapi-secret value and the HMAC key.
    secret_enc TEXT NOT NULL,
    -- Ticket defaults when nothing matched (NULL: Autotask's own default or none).
    default_queue_id INTEGER,
    default_status INTEGER,
    default_priority INTEGER,
    default_issue_type INTEGER,
    -- The company unknown callers are filed under (Autotask company 0 when NULL).
    default_company_id INTEGER,
    default_contact_id INTEGER,
    -- When the contact index was last filled from Autotask, and the newest lastModifiedDate seen.
    index_synced_at INTEGER,
    index_watermark TEXT,
    updated_at INTEGER NOT NULL
);

CREATE TABLE voice_companies (
    integration_id INTEGER NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    company_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    -- Normalised phone numbers (national digits), space separated.
    phones TEXT NOT NULL DEFAULT '',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    PRIMARY KEY (integration_id, company_id)
);

CREATE TABLE voice_contacts (
    integration_id INTEGER NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL,
    company_id INTEGER NOT NULL,
    first_name TEXT NOT NULL DEFAULT '',
    last_name TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phones TEXT NOT NULL DEFAULT '',
    active BOOLEAN NOT NULL DEFAULT TRUE,
    last_modified TEXT,
    PRIMARY KEY (integration_id, contact_id)
);

CREATE TABLE voice_calls (
    id INTEGER PRIMARY KEY,
    integration_id INTEGER NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    msp_id INTEGER NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    -- The platform's call id: the dedupe key of every message about this call.
    call_id TEXT NOT NULL,
    caller TEXT,
    state TEXT NOT NULL DEFAULT 'in_progress'
        CHECK (state IN ('in_progress', 'pending', 'done', 'failed')),
    contact_id INTEGER,
    company_id INTEGER,
    match_label TEXT,
    confidence REAL,
    ticket_id INTEGER,
    ticket_number TEXT,
    -- Transcript note parts already in Autotask, so a retry continues where it stopped.
    notes_posted INTEGER NOT NULL DEFAULT 0,
    last_status TEXT,
    ended_reason TEXT,
    started_at INTEGER,
    ended_at INTEGER,
    transcript TEXT,
    recording_url TEXT,
    -- The end-of-call report as received (summary, structured data), JSON.
    report TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    lease_until INTEGER,
    last_error TEXT,
    transcript_events INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (integration_id, call_id)
);
CREATE INDEX voice_calls_msp ON voice_calls (msp_id, created_at DESC, id DESC);
CREATE INDEX voice_calls_due ON voice_calls (next_attempt_at) WHERE state = 'pending';
