-- Identity verification for sensitive tickets: the MSP's provider (none, Traceless or Duo),
-- its timeout and what happens without one. One row per MSP; saving replaces it.
CREATE TABLE verification_settings (
    msp_id INTEGER PRIMARY KEY REFERENCES msps (id) ON DELETE CASCADE,
    -- NULL: no provider connected; `without_provider` decides.
    provider TEXT CHECK (provider IN ('traceless', 'duo')),
    -- Traceless: configured (no public API reference); Duo: https://api-XXXXXXXX.duosecurity.com.
    base_url TEXT NOT NULL,
    -- Traceless organisation UUID or Duo integration key (not secret).
    account_id TEXT NOT NULL,
    -- Traceless signing secret or Duo secret key, sealed by the server's Cipher with AAD
    -- `msp:{id}:verification-secret`. Never stored in clear, never sent back to the browser.
    secret_enc TEXT,
    -- Traceless paths as JSON ({check,start,status,cancel}); NULL for the defaults.
    paths TEXT,
    default_push TEXT NOT NULL CHECK (default_push IN ('microsoft_authenticator', 'duo')),
    timeout_secs INTEGER NOT NULL CHECK (timeout_secs BETWEEN 30 AND 3600),
    without_provider TEXT NOT NULL CHECK (without_provider IN ('flag_for_technician', 'leave_alone')),
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at INTEGER NOT NULL
);

-- The MSP's changes to the built-in classifier: phrases added, built-in terms removed.
CREATE TABLE verification_phrases (
    msp_id INTEGER NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    -- Stored as typed; the classifier normalises when it loads them.
    phrase TEXT NOT NULL,
    change TEXT NOT NULL CHECK (change IN ('add', 'remove')),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (msp_id, phrase)
);
