-- The tamper-evident activity trail: every entry is chained to the previous entry of its MSP
-- (per-MSP seq, prev_hash, hash over a payload hash), each MSP's chain head, and signed
-- checkpoints of that head. Hashes are lowercase hex of SHA-256. Rows that exist before this
-- migration (and rows a not yet upgraded replica writes) have seq NULL and are chained in id
-- order by the next append of their MSP.
--
-- The table is rebuilt to drop the client foreign key: ON DELETE SET NULL would rewrite a
-- chained row when a client is deleted and so break the chain. The page's client name comes
-- from a LEFT JOIN that also checks the MSP, so an id of a deleted client simply shows no name.
CREATE TABLE activity_chained (
    id INTEGER PRIMARY KEY,
    msp_id INTEGER NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    client_id INTEGER,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    summary TEXT NOT NULL,
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail)),
    seq INTEGER,
    payload_hash TEXT,
    prev_hash TEXT,
    hash TEXT,
    UNIQUE (msp_id, seq)
);
INSERT INTO activity_chained (id, msp_id, client_id, at, kind, summary, outcome, detail)
    SELECT id, msp_id, client_id, at, kind, summary, outcome, detail FROM activity;
DROP TABLE activity;
ALTER TABLE activity_chained RENAME TO activity;
CREATE INDEX activity_msp_at ON activity (msp_id, at DESC, id DESC);
CREATE INDEX activity_client_at ON activity (client_id, at DESC, id DESC);
CREATE INDEX activity_unchained ON activity (msp_id, id) WHERE seq IS NULL;
-- The Activity page's filter choices and tool filter; queries spell the expression like this.
CREATE INDEX activity_msp_outcome ON activity (msp_id, outcome);
CREATE INDEX activity_msp_tool ON activity (msp_id, (detail->>'tool')) WHERE kind = 'tool_call';

-- One row per MSP with a chain: the last seq and its hash. Appends of one MSP lock this row.
CREATE TABLE activity_heads (
    msp_id INTEGER PRIMARY KEY REFERENCES msps (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Signed statements "the chain of this MSP had this hash at this seq at this time". The key is
-- derived from the master key, which is not in the database.
CREATE TABLE activity_checkpoints (
    id INTEGER PRIMARY KEY,
    msp_id INTEGER NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL,
    at INTEGER NOT NULL,
    -- Ed25519 public key and signature, hex; the key is informative, verify derives its own.
    public_key TEXT NOT NULL,
    signature TEXT NOT NULL
);
CREATE INDEX activity_checkpoints_msp ON activity_checkpoints (msp_id, seq DESC, id DESC);
