//! The request signature Relay sends Traceless (an assumption, see the module docs):
//! hex HMAC-SHA256 of `timestamp \n METHOD \n path \n body` under the API signing secret.

use hmac::{Hmac, Mac};
use sha2::Sha256;

pub fn signature(secret: &str, timestamp: &str, method: &str, path: &str, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(
        format!(
            "{timestamp}\n{}\n{path}\n{body}",
            method.to_ascii_uppercase()
        )
        .as_bytes(),
    );
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
