-- The rule agent's triage mapping as an MSP's admin edited it (category -> priority, queue,
-- issue type, status, assignee), kept as JSON; no row means the built-in defaults.
-- Times are INTEGER Unix milliseconds.
CREATE TABLE rule_agent_mappings (
    msp_id INTEGER PRIMARY KEY REFERENCES msps (id) ON DELETE CASCADE,
    mapping TEXT NOT NULL CHECK (json_valid(mapping)),
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at INTEGER NOT NULL
);
