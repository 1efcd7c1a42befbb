-- The rule agent's triage mapping as an MSP's admin edited it (category -> priority, queue,
-- issue type, status, assignee), kept as JSON; no row means the built-in defaults.
-- Times are BIGINT Unix milliseconds.
CREATE TABLE rule_agent_mappings (
    msp_id BIGINT PRIMARY KEY REFERENCES msps (id) ON DELETE CASCADE,
    mapping JSONB NOT NULL,
    updated_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    updated_at BIGINT NOT NULL
);
