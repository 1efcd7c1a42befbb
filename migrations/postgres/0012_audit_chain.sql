-- The tamper-evident activity trail: every entry is chained to the previous entry of its MSP
-- (per-MSP seq, prev_hash, hash over a payload hash), each MSP's chain head, and signed
-- checkpoints of that head. Hashes are lowercase hex of SHA-256. Rows that exist before this
-- migration (and rows a not yet upgraded replica writes) have seq NULL and are chained in id
-- order by the next append of their MSP.
--
-- The client foreign key goes: ON DELETE SET NULL would rewrite a chained row when a client is
-- deleted and so break the chain. The page's client name comes from a LEFT JOIN that also
-- checks the MSP, so an id of a deleted client simply shows no name.
ALTER TABLE activity DROP CONSTRAINT IF EXISTS activity_client_id_fkey;
ALTER TABLE activity ADD COLUMN seq BIGINT;
ALTER TABLE activity ADD COLUMN payload_hash TEXT;
ALTER TABLE activity ADD COLUMN prev_hash TEXT;
ALTER TABLE activity ADD COLUMN hash TEXT;
ALTER TABLE activity ADD CONSTRAINT activity_msp_seq UNIQUE (msp_id, seq);
CREATE INDEX activity_unchained ON activity (msp_id, id) WHERE seq IS NULL;
-- The Activity page's filter choices and tool filter; queries spell the expression like this.
CREATE INDEX activity_msp_outcome ON activity (msp_id, outcome);
CREATE INDEX activity_msp_tool ON activity (msp_id, (detail->>'tool')) WHERE kind = 'tool_call';

-- One row per MSP with a chain: the last seq and its hash. Appends of one MSP lock this row.
CREATE TABLE activity_heads (
    msp_id BIGINT PRIMARY KEY REFERENCES msps (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Signed statements "the chain of this MSP had this hash at this seq at this time". The key is
-- derived from the master key, which is not in the database.
CREATE TABLE activity_checkpoints (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    msp_id BIGINT NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    at BIGINT NOT NULL,
    -- Ed25519 public key and signature, hex; the key is informative, verify derives its own.
    public_key TEXT NOT NULL,
    signature TEXT NOT NULL
);
CREATE INDEX activity_checkpoints_msp ON activity_checkpoints (msp_id, seq DESC, id DESC);
