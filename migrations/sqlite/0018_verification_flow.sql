-- The identity-verification flow: one verification per agent session (the classifier's verdict,
-- then the challenge and its outcome), and the durable timer that starts and polls a challenge
-- so a restart or a second replica neither loses nor duplicates one. Times are INTEGER Unix ms.
CREATE TABLE verifications (
    id INTEGER PRIMARY KEY,
    msp_id INTEGER NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    client_id INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    -- The Autotask integration the session's ticket lives in (for the requester and the notes).
    integration_id INTEGER NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    session_id INTEGER NOT NULL UNIQUE REFERENCES agent_sessions (id) ON DELETE CASCADE,
    ticket_id INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('not_sensitive', 'starting', 'pending', 'approved',
        'denied', 'expired', 'error', 'impossible', 'flagged', 'left_alone')),
    -- Why the ticket is sensitive, in words (the classifier's first finding); NULL when not.
    reason TEXT,
    -- Every finding of the classifier (rule, reason, matched words).
    findings TEXT NOT NULL CHECK (json_valid(findings)),
    -- The last session message classified: later notes are classified once each.
    classified_through INTEGER NOT NULL DEFAULT 0,
    -- The outcome in words (an error's cause, why verification was impossible).
    state_reason TEXT,
    provider TEXT,
    push_method TEXT,
    -- The requester's e-mail masked as in the notes (j***@example.com); never the full address.
    email_masked TEXT,
    -- The provider's handle for the challenge (Duo txid, Traceless challenge id).
    provider_ref TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    decided_at INTEGER
);
CREATE INDEX verifications_client ON verifications (client_id, created_at DESC, id DESC);

-- The timer of a verification that still has work: start it, poll it, report its outcome. The
-- session it holds is not claimed by the agent runner while the row exists.
CREATE TABLE verification_timers (
    verification_id INTEGER PRIMARY KEY REFERENCES verifications (id) ON DELETE CASCADE,
    session_id INTEGER NOT NULL REFERENCES agent_sessions (id) ON DELETE CASCADE,
    stage TEXT NOT NULL CHECK (stage IN ('start', 'poll', 'report')),
    provider_ref TEXT,
    next_poll_at INTEGER NOT NULL,
    -- Set when the challenge is sent: the MSP's timeout after that; the outcome is `expired`.
    deadline INTEGER,
    lease_owner TEXT,
    lease_expires_at INTEGER,
    -- Failed attempts in a row (provider or Autotask unavailable); reset by a good answer.
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX verification_timers_due ON verification_timers (next_poll_at);
CREATE INDEX verification_timers_session ON verification_timers (session_id);
