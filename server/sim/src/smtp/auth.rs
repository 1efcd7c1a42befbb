//! AUTH for the sink: PLAIN (with or without an initial response) and LOGIN. Any user name is
//! accepted; the password only matters once a test asks for one (`require_password`).

use super::session::Conn;
use super::Shared;
use base64::Engine;

/// AUTH PLAIN (with or without an initial response) or LOGIN; the user name when accepted.
pub(super) async fn authenticate(
    c: &mut Conn,
    shared: &Shared,
    arg: &str,
) -> std::io::Result<Option<String>> {
    let (mechanism, initial) = match arg.split_once(' ') {
        Some((m, i)) => (m.to_ascii_uppercase(), Some(i.trim().to_string())),
        None => (arg.to_ascii_uppercase(), None),
    };
    let (user, password) = match mechanism.as_str() {
        "PLAIN" => {
            let response = match initial {
                Some(i) => i,
                None => {
                    c.reply("334 ").await?;
                    c.line().await?.unwrap_or_default()
                }
            };
            let Some(text) = b64(&response) else {
                return Ok(None);
            };
            let mut parts = text.split('\0');
            let _authzid = parts.next();
            match (parts.next(), parts.next()) {
                (Some(u), Some(p)) => (u.to_string(), p.to_string()),
                _ => return Ok(None),
            }
        }
        "LOGIN" => {
            c.reply("334 VXNlcm5hbWU6").await?;
            let user = c.line().await?.and_then(|l| b64(&l)).unwrap_or_default();
            c.reply("334 UGFzc3dvcmQ6").await?;
            let password = c.line().await?.and_then(|l| b64(&l)).unwrap_or_default();
            (user, password)
        }
        _ => return Ok(None),
    };
    let wanted = shared.lock().password.clone();
    Ok(match wanted {
        Some(w) if w != password => None,
        _ => Some(user),
    })
}

fn b64(text: &str) -> Option<String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .ok()?;
    String::from_utf8(bytes).ok()
}
