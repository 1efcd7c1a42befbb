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
    -- Set when Relay removed it from Autotask: kept so the deactivation notice Autotask sends
    -- for a deleted definition is recognised and ignored; registering again clears it.
    removed_at BIGINT,
    PRIMARY KEY (integration_id, entity)
);

-- The budget governor: the admin's own hourly ceiling for Relay's Autotask requests (NULL: only
-- the tenant's threshold applies), per integration.
CREATE TABLE autotask_budgets (
    integration_id BIGINT PRIMARY KEY REFERENCES integrations (id) ON DELETE CASCADE,
    relay_hourly_ceiling BIGINT CHECK (relay_hourly_ceiling IS NULL OR relay_hourly_ceiling > 0),
    updated_at BIGINT NOT NULL
);

-- ThresholdInformation readings with Relay's own rolling-hour count at the time, for the
-- integration page's last-24-hours chart; older samples are pruned as new ones arrive.
CREATE TABLE autotask_usage_samples (
    integration_id BIGINT NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    tenant_used BIGINT NOT NULL,
    tenant_threshold BIGINT NOT NULL,
    relay_used BIGINT NOT NULL,
    PRIMARY KEY (integration_id, at)
);
