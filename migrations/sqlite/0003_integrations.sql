-- Integrations: one row per connection of an MSP to Autotask. Disconnecting keeps the row (history,
-- stored events keep their integration id); a later connect creates a new one.

CREATE TABLE integrations (
    id INTEGER PRIMARY KEY,
    msp_id INTEGER NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('autotask')),
    username TEXT NOT NULL,
    -- Sealed by the server's Cipher with AAD `integration:{id}:secret`; never stored in clear.
    secret_enc TEXT NOT NULL,
    tracking_id TEXT NOT NULL,
    zone_url TEXT NOT NULL,
    web_url TEXT NOT NULL,
    -- The API user's own resource id: events it authored are skipped (loop prevention).
    api_user_resource_id INTEGER NOT NULL,
    -- Autotask companyType picklist values chosen for import, as a JSON array of integers.
    company_types TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(company_types)),
    -- Sealed with AAD `integration:{id}:webhook` and `integration:{id}:webhook-prev`.
    webhook_secret_enc TEXT NOT NULL,
    webhook_prev_secret_enc TEXT,
    webhook_prev_expires_at INTEGER,
    webhook_connected_at INTEGER,
    last_event_at INTEGER,
    -- Autotask deactivated the outbound webhook (too many failed deliveries).
    deactivated_at INTEGER,
    disconnected_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
-- One active integration of each kind per MSP; disconnected ones stay as history.
CREATE UNIQUE INDEX integrations_active ON integrations (msp_id, kind) WHERE disconnected_at IS NULL;
