-- Integrations: one row per connection of an MSP to Autotask. Disconnecting keeps the row (history,
-- stored events keep their integration id); a later connect creates a new one.

CREATE TABLE integrations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    msp_id BIGINT NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('autotask')),
    username TEXT NOT NULL,
    -- Sealed by the server's Cipher with AAD `integration:{id}:secret`; never stored in clear.
    secret_enc TEXT NOT NULL,
    tracking_id TEXT NOT NULL,
    zone_url TEXT NOT NULL,
    web_url TEXT NOT NULL,
    -- The API user's own resource id: events it authored are skipped (loop prevention).
    api_user_resource_id BIGINT NOT NULL,
    -- Autotask companyType picklist values chosen for import, as a JSON array of integers.
    company_types JSONB NOT NULL DEFAULT '[]',
    -- Sealed with AAD `integration:{id}:webhook` and `integration:{id}:webhook-prev`.
    webhook_secret_enc TEXT NOT NULL,
    webhook_prev_secret_enc TEXT,
    webhook_prev_expires_at BIGINT,
    webhook_connected_at BIGINT,
    last_event_at BIGINT,
    -- Autotask deactivated the outbound webhook (too many failed deliveries).
    deactivated_at BIGINT,
    disconnected_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
-- One active integration of each kind per MSP; disconnected ones stay as history.
CREATE UNIQUE INDEX integrations_active ON integrations (msp_id, kind) WHERE disconnected_at IS NULL;
