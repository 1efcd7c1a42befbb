-- Webhook intake and the ticket pipeline: the durable event log, agent sessions woken by it,
-- their messages, and per-ticket wake budgets. Times are INTEGER Unix milliseconds.

-- An integration may insist that every callout carries a valid X-Hook-Signature.
ALTER TABLE integrations ADD COLUMN webhook_require_signature BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE webhook_events (
    id INTEGER PRIMARY KEY,
    integration_id INTEGER NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    msp_id INTEGER NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    -- Guid:EntityType:Id:SequenceNumber (reference §10.8); a redelivery hits the unique index.
    dedupe_key TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    person_id INTEGER,
    -- Events with the same key are processed strictly in arrival order (`ticket:<id>` when the
    -- ticket is known at intake, otherwise `<EntityType>:<id>`).
    order_key TEXT NOT NULL,
    -- The body exactly as received (verified, valid UTF-8 JSON).
    raw_body TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'processing', 'done', 'skipped', 'failed', 'parked')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_owner TEXT,
    lease_expires_at INTEGER,
    outcome TEXT,
    error TEXT,
    finished_at INTEGER,
    UNIQUE (integration_id, dedupe_key)
);
-- The claim scans unfinished events by due time; finished ones leave this partial index.
CREATE INDEX webhook_events_due ON webhook_events (next_attempt_at, id)
    WHERE state IN ('pending', 'processing', 'failed');
-- "Is an earlier event of this ticket unfinished?"
CREATE INDEX webhook_events_order ON webhook_events (integration_id, order_key, id)
    WHERE state IN ('pending', 'processing', 'failed');

CREATE TABLE agent_sessions (
    id INTEGER PRIMARY KEY,
    msp_id INTEGER NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    ticket_id INTEGER NOT NULL,
    -- The event that woke it; a replay of that event finds the session instead of a new wake.
    source_event_id INTEGER NOT NULL,
    context TEXT NOT NULL CHECK (json_valid(context)),
    created_at INTEGER NOT NULL,
    UNIQUE (client_id, ticket_id)
);

CREATE TABLE session_messages (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES agent_sessions (id) ON DELETE CASCADE,
    -- One message per event, however often the event is processed.
    source_event_id INTEGER NOT NULL UNIQUE,
    body TEXT NOT NULL CHECK (json_valid(body)),
    created_at INTEGER NOT NULL
);
CREATE INDEX session_messages_session ON session_messages (session_id, id);

-- Wakes and messages per ticket in the current window; a runaway loop exhausts it.
CREATE TABLE ticket_wake_budgets (
    integration_id INTEGER NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    ticket_id INTEGER NOT NULL,
    window_start INTEGER NOT NULL,
    used INTEGER NOT NULL,
    PRIMARY KEY (integration_id, ticket_id)
);
