//! SQL of the mail settings and alert-mail claims, written once for both databases.

macro_rules! mail_cols {
    () => {
        "msp_id, host, port, tls, username, password_enc, from_address, from_name, alert_to, \
         updated_by, updated_at"
    };
}

pub(super) const MAIL_SETTINGS: &str = concat!(
    "SELECT ",
    mail_cols!(),
    " FROM mail_settings WHERE msp_id = $1"
);

/// One row per MSP. `$7` says whether the password column changes (`$6` is the new sealed
/// value, NULL to clear); otherwise the stored password stays (none on a first insert).
pub(super) const SAVE_MAIL_SETTINGS: &str = concat!(
    "INSERT INTO mail_settings (msp_id, host, port, tls, username, password_enc, from_address, \
     from_name, alert_to, updated_by, updated_at) \
     VALUES ($1, $2, $3, $4, $5, CASE WHEN $7 THEN $6 ELSE NULL END, $8, $9, $10, $11, $12) \
     ON CONFLICT (msp_id) DO UPDATE SET host = excluded.host, port = excluded.port, \
     tls = excluded.tls, username = excluded.username, password_enc = CASE WHEN $7 \
     THEN excluded.password_enc ELSE mail_settings.password_enc END, \
     from_address = excluded.from_address, from_name = excluded.from_name, \
     alert_to = excluded.alert_to, updated_by = excluded.updated_by, \
     updated_at = excluded.updated_at RETURNING ",
    mail_cols!()
);

pub(super) const DELETE_MAIL_SETTINGS: &str = "DELETE FROM mail_settings WHERE msp_id = $1";

/// The first caller for an occurrence inserts the row and sends; every later one finds it.
pub(super) const CLAIM_ALERT_MAIL: &str = "INSERT INTO mail_alerts_sent (integration_id, reason, \
     episode, sent_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING";
