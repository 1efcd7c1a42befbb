-- The Autotask webhook definitions (TicketWebhooks, TicketNoteWebhooks) that point at an
-- integration's webhook URL, as Relay last saw them: registered by Relay ("Register in
-- Autotask for me") or found by their URL (set up by hand). Refreshed by registration, by the
-- periodic health check and by the deactivation URL; the card reads only this table, so a page
-- poll never spends an Autotask request.
CREATE TABLE webhook_definitions (
    integration_id BIGINT NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    entity TEXT NOT NULL CHECK (entity IN ('TicketWebhooks', 'TicketNoteWebhooks')),
    autotask_id BIGINT NOT NULL,
    registered_by_relay BOOLEAN NOT NULL,
    is_active BOOLEAN NOT NULL,
    is_ready BOOLEAN NOT NULL,
    -- Field names configured on the definition, as a JSON array of strings.
    fields JSONB NOT NULL DEFAULT '[]',
    -- Excluded resource ids, as a JSON array of integers.
    excluded_resources JSONB NOT NULL DEFAULT '[]',
    -- Why it is inactive (the deactivation URL was called, or a check found it so).
    inactive_reason TEXT,
    checked_at BIGINT NOT NULL,
    PRIMARY KEY (integration_id, entity)
);
