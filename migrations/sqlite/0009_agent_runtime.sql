-- The agent runtime: session leases and unread input, the conversation each session keeps, the
-- gateway's journal of tool calls (idempotency key = session, turn, call index), and requests
-- for a technician's approval. Times are INTEGER Unix milliseconds.

-- Every wake or message bumps input_seq; a run reads through read_seq. A session with
-- input_seq > read_seq has unread input and is work for the runner.
ALTER TABLE agent_sessions ADD COLUMN integration_id INTEGER REFERENCES integrations (id) ON DELETE CASCADE;
ALTER TABLE agent_sessions ADD COLUMN status TEXT NOT NULL DEFAULT 'idle'
    CHECK (status IN ('idle', 'ready', 'working', 'waiting_approval', 'budget_exhausted', 'failed'));
-- Why the last run stopped when it did not simply finish (budget, brain error, ...).
ALTER TABLE agent_sessions ADD COLUMN status_reason TEXT;
ALTER TABLE agent_sessions ADD COLUMN input_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE agent_sessions ADD COLUMN read_seq INTEGER NOT NULL DEFAULT 0;
-- Turns are numbered across the whole session so (session, turn, call index) is unique forever.
ALTER TABLE agent_sessions ADD COLUMN turns INTEGER NOT NULL DEFAULT 0;
ALTER TABLE agent_sessions ADD COLUMN lease_owner TEXT;
ALTER TABLE agent_sessions ADD COLUMN lease_expires_at INTEGER;
ALTER TABLE agent_sessions ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX agent_sessions_unread ON agent_sessions (updated_at, id) WHERE input_seq > read_seq;
CREATE INDEX agent_sessions_client ON agent_sessions (client_id, created_at DESC, id DESC);

-- The conversation as the brain sees it and the session page shows it, in order.
CREATE TABLE session_entries (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES agent_sessions (id) ON DELETE CASCADE,
    turn INTEGER NOT NULL,
    -- context (the wake), message (a later event), brain (one brain reply with its tool calls),
    -- tool (one tool result as the brain saw it), stop (why a run ended)
    kind TEXT NOT NULL CHECK (kind IN ('context', 'message', 'brain', 'tool', 'stop')),
    body TEXT NOT NULL CHECK (json_valid(body)),
    created_at INTEGER NOT NULL
);
CREATE INDEX session_entries_session ON session_entries (session_id, id);

CREATE TABLE tool_calls (
    id INTEGER PRIMARY KEY,
    msp_id INTEGER NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    client_id INTEGER REFERENCES clients (id) ON DELETE SET NULL,
    session_id INTEGER REFERENCES agent_sessions (id) ON DELETE SET NULL,
    turn INTEGER NOT NULL,
    call_index INTEGER NOT NULL,
    -- The brain's own id for the call (echoed back with the result).
    brain_call_id TEXT NOT NULL,
    tool TEXT NOT NULL,
    arguments TEXT NOT NULL CHECK (json_valid(arguments)),
    state TEXT NOT NULL
        CHECK (state IN ('started', 'done', 'failed', 'refused', 'waiting_approval', 'outcome_unknown')),
    -- The policy decision in words (ran, waiting for approval, refused and why).
    decision TEXT NOT NULL,
    -- The short reference a write carries into Autotask so a crash can find it again.
    relay_ref TEXT NOT NULL,
    -- The full result (kept whole here; the brain saw a trimmed copy).
    result TEXT CHECK (result IS NULL OR json_valid(result)),
    error TEXT,
    requests INTEGER NOT NULL DEFAULT 0,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    UNIQUE (session_id, turn, call_index)
);
CREATE INDEX tool_calls_session ON tool_calls (session_id, id);
CREATE INDEX tool_calls_msp ON tool_calls (msp_id, started_at DESC, id DESC);
CREATE INDEX tool_calls_unfinished ON tool_calls (state) WHERE state = 'started';

-- A step the agent may not take until a technician decides (the approvals issue adds the note,
-- links, approver binding and expiry).
CREATE TABLE approval_requests (
    id INTEGER PRIMARY KEY,
    msp_id INTEGER NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    session_id INTEGER NOT NULL REFERENCES agent_sessions (id) ON DELETE CASCADE,
    tool_call_id INTEGER NOT NULL UNIQUE REFERENCES tool_calls (id) ON DELETE CASCADE,
    ticket_id INTEGER NOT NULL,
    tool TEXT NOT NULL,
    arguments TEXT NOT NULL CHECK (json_valid(arguments)),
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'approved', 'denied', 'expired', 'superseded')),
    created_at INTEGER NOT NULL,
    decided_at INTEGER
);
CREATE INDEX approval_requests_session ON approval_requests (session_id, state);
