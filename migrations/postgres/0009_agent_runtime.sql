-- The agent runtime: session leases and unread input, the conversation each session keeps, the
-- gateway's journal of tool calls (idempotency key = session, turn, call index), and requests
-- for a technician's approval. Times are BIGINT Unix milliseconds.

-- Every wake or message bumps input_seq; a run reads through read_seq. A session with
-- input_seq > read_seq has unread input and is work for the runner.
ALTER TABLE agent_sessions ADD COLUMN integration_id BIGINT REFERENCES integrations (id) ON DELETE CASCADE;
ALTER TABLE agent_sessions ADD COLUMN status TEXT NOT NULL DEFAULT 'idle'
    CHECK (status IN ('idle', 'ready', 'working', 'waiting_approval', 'budget_exhausted', 'failed'));
-- Why the last run stopped when it did not simply finish (budget, brain error, ...).
ALTER TABLE agent_sessions ADD COLUMN status_reason TEXT;
ALTER TABLE agent_sessions ADD COLUMN input_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE agent_sessions ADD COLUMN read_seq BIGINT NOT NULL DEFAULT 0;
-- Turns are numbered across the whole session so (session, turn, call index) is unique forever.
ALTER TABLE agent_sessions ADD COLUMN turns BIGINT NOT NULL DEFAULT 0;
ALTER TABLE agent_sessions ADD COLUMN lease_owner TEXT;
ALTER TABLE agent_sessions ADD COLUMN lease_expires_at BIGINT;
ALTER TABLE agent_sessions ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX agent_sessions_unread ON agent_sessions (updated_at, id) WHERE input_seq > read_seq;
CREATE INDEX agent_sessions_client ON agent_sessions (client_id, created_at DESC, id DESC);

-- The conversation as the brain sees it and the session page shows it, in order.
CREATE TABLE session_entries (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    session_id BIGINT NOT NULL REFERENCES agent_sessions (id) ON DELETE CASCADE,
    turn BIGINT NOT NULL,
    -- context (the wake), message (a later event), brain (one brain reply with its tool calls),
    -- tool (one tool result as the brain saw it), stop (why a run ended)
    kind TEXT NOT NULL CHECK (kind IN ('context', 'message', 'brain', 'tool', 'stop')),
    body JSONB NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX session_entries_session ON session_entries (session_id, id);

CREATE TABLE tool_calls (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    msp_id BIGINT NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    client_id BIGINT REFERENCES clients (id) ON DELETE SET NULL,
    session_id BIGINT REFERENCES agent_sessions (id) ON DELETE SET NULL,
    turn BIGINT NOT NULL,
    call_index BIGINT NOT NULL,
    -- The brain's own id for the call (echoed back with the result).
    brain_call_id TEXT NOT NULL,
    tool TEXT NOT NULL,
    arguments JSONB NOT NULL,
    state TEXT NOT NULL
        CHECK (state IN ('started', 'done', 'failed', 'refused', 'waiting_approval', 'outcome_unknown')),
    -- The policy decision in words (ran, waiting for approval, refused and why).
    decision TEXT NOT NULL,
    -- The short reference a write carries into Autotask so a crash can find it again.
    relay_ref TEXT NOT NULL,
    -- The full result (kept whole here; the brain saw a trimmed copy).
    result JSONB,
    error TEXT,
    requests BIGINT NOT NULL DEFAULT 0,
    started_at BIGINT NOT NULL,
    finished_at BIGINT,
    UNIQUE (session_id, turn, call_index)
);
CREATE INDEX tool_calls_session ON tool_calls (session_id, id);
CREATE INDEX tool_calls_msp ON tool_calls (msp_id, started_at DESC, id DESC);
CREATE INDEX tool_calls_unfinished ON tool_calls (state) WHERE state = 'started';

-- A step the agent may not take until a technician decides (the approvals issue adds the note,
-- links, approver binding and expiry).
CREATE TABLE approval_requests (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    msp_id BIGINT NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    client_id BIGINT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    session_id BIGINT NOT NULL REFERENCES agent_sessions (id) ON DELETE CASCADE,
    tool_call_id BIGINT NOT NULL UNIQUE REFERENCES tool_calls (id) ON DELETE CASCADE,
    ticket_id BIGINT NOT NULL,
    tool TEXT NOT NULL,
    arguments JSONB NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'approved', 'denied', 'expired', 'superseded')),
    created_at BIGINT NOT NULL,
    decided_at BIGINT
);
CREATE INDEX approval_requests_session ON approval_requests (session_id, state);
