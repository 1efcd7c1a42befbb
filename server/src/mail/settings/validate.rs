//! Checking what the outgoing-mail form posted: a clear error naming the field, nothing
//! stored. Plain SMTP is refused unless the host is this machine.

use app::error::AppError;
use app::mail_wire::MailSettingsInput;
use app::states::MailTls;
use std::net::IpAddr;

/// Validated settings; `alert_to` normalised to `a@x, b@y`.
pub(super) struct Valid {
    pub input: MailSettingsInput,
    pub port: u16,
}

pub(super) fn validate(mut input: MailSettingsInput) -> Result<Valid, AppError> {
    input.host = input.host.trim().trim_end_matches('.').to_ascii_lowercase();
    input.username = input.username.trim().to_string();
    input.from_address = input.from_address.trim().to_string();
    input.from_name = input.from_name.trim().to_string();
    host(&input.host)?;
    let port = input
        .port
        .trim()
        .parse::<u16>()
        .ok()
        .filter(|p| *p > 0)
        .ok_or_else(|| {
            AppError::validation("port", "Enter a port from 1 to 65535 (usually 587 or 465).")
        })?;
    if input.tls == MailTls::Plain && !is_loopback(&input.host) {
        return Err(AppError::validation(
            "tls",
            "Mail without encryption is allowed only to a server on this machine (localhost); choose STARTTLS or TLS.",
        ));
    }
    if input.username.chars().count() > 256 || input.username.chars().any(char::is_control) {
        return Err(AppError::validation(
            "username",
            "The user name must be at most 256 characters, without control characters.",
        ));
    }
    if input.password.chars().count() > 1000 || input.password.chars().any(char::is_control) {
        return Err(AppError::validation(
            "password",
            "The password must be at most 1,000 characters, without control characters.",
        ));
    }
    if !input.password.is_empty() && input.clear_password {
        return Err(AppError::validation(
            "password",
            "Either enter a new password or tick \"Remove the stored password\", not both.",
        ));
    }
    if !input.password.is_empty() && input.username.is_empty() {
        return Err(AppError::validation(
            "username",
            "Enter the user name the password belongs to.",
        ));
    }
    if input.from_address.is_empty() {
        return Err(AppError::validation(
            "from_address",
            "Enter the address Relay's mails come from, e.g. relay@your-msp.example.",
        ));
    }
    address(&input.from_address, "from_address")?;
    if input.from_name.is_empty() {
        input.from_name = "Relay".into();
    }
    if input.from_name.chars().count() > 100 || input.from_name.chars().any(char::is_control) {
        return Err(AppError::validation(
            "from_name",
            "The sender name must be at most 100 characters, without control characters.",
        ));
    }
    input.alert_to = alert_list(&input.alert_to)?;
    Ok(Valid { input, port })
}

/// One address, as a mail server will take it.
pub(super) fn address(text: &str, field: &str) -> Result<(), AppError> {
    let ok = text.len() <= 254 && text.parse::<lettre::Address>().is_ok();
    if ok {
        Ok(())
    } else {
        Err(AppError::validation(
            field,
            format!("{text:?} is not an e-mail address (name@domain)."),
        ))
    }
}

fn alert_list(text: &str) -> Result<String, AppError> {
    let list: Vec<&str> = text
        .split([',', ';'])
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .collect();
    if list.len() > 10 {
        return Err(AppError::validation(
            "alert_to",
            "Enter at most 10 addresses for alerts.",
        ));
    }
    for a in &list {
        address(a, "alert_to")?;
    }
    Ok(list.join(", "))
}

fn host(host: &str) -> Result<(), AppError> {
    let bad = |why: &str| Err(AppError::validation("host", why));
    if host.is_empty() {
        return bad("Enter the mail server's host name, e.g. smtp.office365.com.");
    }
    if host.contains("://") || host.contains(['/', '@', ' ']) {
        return bad(
            "Enter only the host name (e.g. smtp.example.com), without smtp://, a path or a user.",
        );
    }
    if host.parse::<IpAddr>().is_ok() {
        return Ok(());
    }
    let labels_ok = host.len() <= 253
        && host.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if labels_ok {
        Ok(())
    } else {
        bad("The host name may hold only letters, digits, dots and hyphens (a port goes in the Port field).")
    }
}

/// This machine: `localhost`, 127.0.0.0/8 or ::1. Names other than `localhost` are not
/// resolved here, so a name that happens to point at loopback still needs TLS.
pub fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(host: &str, tls: MailTls) -> MailSettingsInput {
        MailSettingsInput {
            host: host.into(),
            port: "587".into(),
            tls,
            username: "relay@msp.example".into(),
            password: "fake-smtp-password".into(),
            clear_password: false,
            from_address: "relay@msp.example".into(),
            from_name: String::new(),
            alert_to: " noc@msp.example ; ops@msp.example ".into(),
        }
    }

    fn field(r: Result<Valid, AppError>) -> String {
        r.err().and_then(|e| e.field).unwrap_or_default()
    }

    #[test]
    fn hosts_ports_and_plain_smtp() {
        let ok = validate(input(" SMTP.Example.com ", MailTls::StartTls)).unwrap();
        assert_eq!(ok.input.host, "smtp.example.com");
        assert_eq!(ok.port, 587);
        assert_eq!(ok.input.from_name, "Relay");
        assert_eq!(ok.input.alert_to, "noc@msp.example, ops@msp.example");
        for bad in ["", "smtp://x.example", "x.example:587", "a b", "-x.example"] {
            assert_eq!(field(validate(input(bad, MailTls::Tls))), "host", "{bad}");
        }
        assert_eq!(
            field(validate(input("smtp.example.com", MailTls::Plain))),
            "tls"
        );
        for local in ["localhost", "127.0.0.1", "::1"] {
            assert!(validate(input(local, MailTls::Plain)).is_ok(), "{local}");
        }
        let mut port = input("smtp.example.com", MailTls::Tls);
        port.port = "70000".into();
        assert_eq!(field(validate(port)), "port");
    }

    #[test]
    fn addresses_and_password_rules() {
        let mut from = input("smtp.example.com", MailTls::Tls);
        from.from_address = "not an address".into();
        assert_eq!(field(validate(from)), "from_address");
        let mut alerts = input("smtp.example.com", MailTls::Tls);
        alerts.alert_to = "noc@msp.example, nope".into();
        assert_eq!(field(validate(alerts)), "alert_to");
        let mut both = input("smtp.example.com", MailTls::Tls);
        both.clear_password = true;
        assert_eq!(field(validate(both)), "password");
        let mut nobody = input("smtp.example.com", MailTls::Tls);
        nobody.username = String::new();
        assert_eq!(field(validate(nobody)), "username");
    }
}
