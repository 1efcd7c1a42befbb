-- A webhook that went silent during business hours while tickets kept changing in Autotask:
-- raised by the periodic check, shown on the webhook card until an event arrives again (the
-- card compares last_event_at with silent_since, so it clears at once; the check then deletes
-- the row). One row per integration: a new silence replaces the old one.
CREATE TABLE webhook_silence_alerts (
    integration_id BIGINT PRIMARY KEY REFERENCES integrations (id) ON DELETE CASCADE,
    -- The last event (or the connection, when no event came yet) before the silence.
    silent_since BIGINT NOT NULL,
    -- When the check first raised this silence.
    raised_at BIGINT NOT NULL,
    -- Tickets Autotask reported changed since silent_since, at the last check.
    tickets_changed BIGINT NOT NULL CHECK (tickets_changed > 0),
    checked_at BIGINT NOT NULL
);
