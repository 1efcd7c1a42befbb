-- Outgoing mail: one SMTP server per MSP (one-time approval codes, webhook alerts), and the
-- alert e-mails already sent, so each alert occurrence is mailed once across checks and replicas.
CREATE TABLE mail_settings (
    msp_id INTEGER PRIMARY KEY REFERENCES msps (id) ON DELETE CASCADE,
    host TEXT NOT NULL,
    port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    -- 'tls': implicit TLS (port 465); 'starttls': STARTTLS required (587); 'none': plain SMTP,
    -- which the service accepts only for loopback hosts.
    tls TEXT NOT NULL CHECK (tls IN ('tls', 'starttls', 'none')),
    -- Empty: the server takes no authentication.
    username TEXT NOT NULL,
    -- Sealed by the server's Cipher with AAD `msp:{id}:smtp-password`; NULL when none is stored.
    -- Never stored in clear, never sent back to the browser.
    password_enc TEXT,
    from_address TEXT NOT NULL,
    from_name TEXT NOT NULL,
    -- Where webhook alerts go; empty: every user of the MSP.
    alert_to TEXT NOT NULL,
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at INTEGER NOT NULL
);

-- One row per alert occurrence mailed: `episode` names the occurrence (for a deactivation the
-- last sign of life before it, for a silence when the silence began).
CREATE TABLE mail_alerts_sent (
    integration_id INTEGER NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    reason TEXT NOT NULL CHECK (reason IN ('deactivated', 'silent')),
    episode INTEGER NOT NULL,
    sent_at INTEGER NOT NULL,
    PRIMARY KEY (integration_id, reason, episode)
);
