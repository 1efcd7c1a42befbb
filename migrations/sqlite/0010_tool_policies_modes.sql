-- Tool policies per integration (a row only where the admin's choice differs from the catalog
-- default), the log of who changed them, and the MSP's mode for newly imported clients.
-- Times are INTEGER Unix milliseconds.

ALTER TABLE msps ADD COLUMN default_mode TEXT NOT NULL DEFAULT 'plan'
    CHECK (default_mode IN ('plan', 'execute'));

CREATE TABLE tool_policies (
    integration_id INTEGER NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    tool TEXT NOT NULL,
    policy TEXT NOT NULL CHECK (policy IN ('auto', 'approval_needed', 'disabled')),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (integration_id, tool)
);

-- History: the user's id goes when the user is deleted, their e-mail stays with the change.
CREATE TABLE tool_policy_changes (
    id INTEGER PRIMARY KEY,
    integration_id INTEGER NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    user_email TEXT NOT NULL,
    -- set: one tool from old_policy to new_policy; reset: every tool back to its default
    -- (tool and policies NULL, reverted = how many tools had been overridden).
    kind TEXT NOT NULL CHECK (kind IN ('set', 'reset')),
    tool TEXT,
    old_policy TEXT CHECK (old_policy IN ('auto', 'approval_needed', 'disabled')),
    new_policy TEXT CHECK (new_policy IN ('auto', 'approval_needed', 'disabled')),
    reverted INTEGER NOT NULL DEFAULT 0,
    at INTEGER NOT NULL
);
CREATE INDEX tool_policy_changes_integration ON tool_policy_changes (integration_id, at DESC, id DESC);
