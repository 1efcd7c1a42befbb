-- Approval plans (issue 11): the steps of one agent turn that wait for one technician's
-- decision, the internal note that asks for it, the decision and what came of it.
-- Times are INTEGER Unix milliseconds.
CREATE TABLE approval_plans (
    id INTEGER PRIMARY KEY,
    msp_id INTEGER NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    session_id INTEGER NOT NULL REFERENCES agent_sessions (id) ON DELETE CASCADE,
    integration_id INTEGER NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    ticket_id INTEGER NOT NULL,
    -- The session turn whose calls wait (several plans of one session have distinct turns).
    turn INTEGER NOT NULL,
    -- What the agent said it wants and why (the brain's text of that turn).
    intent TEXT NOT NULL,
    -- The exact steps: [{tool_call_id, tool, arguments, changes: [{field, before, after}]}].
    steps TEXT NOT NULL CHECK (json_valid(steps)),
    -- SHA-256 hex over the canonical form of the steps (tools and arguments).
    plan_hash TEXT NOT NULL,
    -- `R-` and four characters a person can type; unique among the MSP's pending plans.
    code TEXT NOT NULL,
    -- The ticket's assigned resource when the plan was issued; NULL: nobody assigned yet, the
    -- plan waits and is re-issued when someone is.
    approver_resource_id INTEGER,
    approver_name TEXT,
    approver_email TEXT,
    -- SHA-256 hex of the 256-bit link token; the token itself is only in the note.
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'approved', 'denied', 'expired', 'superseded', 'cancelled')),
    -- The plan this one replaced (its code is named in this plan's note).
    replaces_plan_id INTEGER REFERENCES approval_plans (id) ON DELETE SET NULL,
    -- The Autotask note that asks for the decision; NULL until it is posted.
    note_id INTEGER,
    decided_at INTEGER,
    decision_channel TEXT CHECK (decision_channel IN ('reply', 'link', 'admin', 'sweeper')),
    decider_resource_id INTEGER,
    decider_name TEXT,
    -- An admin's e-mail (channel admin) or the approver's address that received a code.
    decider_email TEXT,
    decision_reason TEXT,
    -- Where the decision came from: the client IP of a link or admin decision, the note id of a reply.
    decision_address TEXT,
    -- Set once the runner has executed the approved steps or noted the result.
    settled_at INTEGER,
    outcome TEXT CHECK (outcome IS NULL OR json_valid(outcome))
);
CREATE UNIQUE INDEX approval_plans_one_pending ON approval_plans (session_id) WHERE state = 'pending';
CREATE UNIQUE INDEX approval_plans_pending_code ON approval_plans (msp_id, code) WHERE state = 'pending';
CREATE INDEX approval_plans_msp_state ON approval_plans (msp_id, state, expires_at);
CREATE INDEX approval_plans_ticket ON approval_plans (msp_id, ticket_id, state);
CREATE INDEX approval_plans_unsettled ON approval_plans (session_id) WHERE settled_at IS NULL;
CREATE INDEX approval_plans_due ON approval_plans (expires_at) WHERE state = 'pending';

-- The per-call requests learn their plan and the `cancelled` state. SQLite cannot change a
-- CHECK in place, so the table is rebuilt (nothing references it).
CREATE TABLE approval_requests_new (
    id INTEGER PRIMARY KEY,
    msp_id INTEGER NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    session_id INTEGER NOT NULL REFERENCES agent_sessions (id) ON DELETE CASCADE,
    tool_call_id INTEGER NOT NULL UNIQUE REFERENCES tool_calls (id) ON DELETE CASCADE,
    ticket_id INTEGER NOT NULL,
    tool TEXT NOT NULL,
    arguments TEXT NOT NULL CHECK (json_valid(arguments)),
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'approved', 'denied', 'expired', 'superseded', 'cancelled')),
    created_at INTEGER NOT NULL,
    decided_at INTEGER,
    plan_id INTEGER REFERENCES approval_plans (id) ON DELETE SET NULL
);
INSERT INTO approval_requests_new (id, msp_id, client_id, session_id, tool_call_id, ticket_id,
    tool, arguments, state, created_at, decided_at)
SELECT id, msp_id, client_id, session_id, tool_call_id, ticket_id, tool, arguments, state,
    created_at, decided_at FROM approval_requests;
DROP TABLE approval_requests;
ALTER TABLE approval_requests_new RENAME TO approval_requests;
CREATE INDEX approval_requests_session ON approval_requests (session_id, state);
CREATE INDEX approval_requests_plan ON approval_requests (plan_id);
