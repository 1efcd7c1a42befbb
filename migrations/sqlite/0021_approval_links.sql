-- Approval links (issue 11): the one-time codes mailed to the approver before a link decides,
-- and the admin's per-integration switch that lets a link decide without a code when no mail
-- server is configured.

-- A code is mailed when the approver presses Approve or Deny; only its keyed hash is stored.
-- A newer code for the same plan voids the older one; wrong attempts count per plan (a sum over
-- its codes) so asking for a new code does not reset the lock.
CREATE TABLE approval_link_codes (
    id INTEGER PRIMARY KEY,
    msp_id INTEGER NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    plan_id INTEGER NOT NULL REFERENCES approval_plans (id) ON DELETE CASCADE,
    decision TEXT NOT NULL CHECK (decision IN ('approve', 'deny')),
    -- HMAC-SHA-256 (server key) over plan, decision and code, lower-case hex: six digits are
    -- too few for a plain hash to hide them.
    code_hash TEXT NOT NULL,
    -- Where it was sent, masked as the page shows it (never the whole address).
    sent_to_masked TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    used_at INTEGER,
    voided_at INTEGER
);
CREATE INDEX approval_link_codes_plan ON approval_link_codes (plan_id, created_at);

-- Without outgoing mail, a link decides only where the admin said so (default: it does not).
CREATE TABLE approval_link_settings (
    integration_id INTEGER PRIMARY KEY REFERENCES integrations (id) ON DELETE CASCADE,
    msp_id INTEGER NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    link_only BOOLEAN NOT NULL DEFAULT FALSE,
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at INTEGER NOT NULL
);
