//! The per-page anti-forgery value on link forms: an HMAC (server key) over the token's hash
//! and the time the page was served. A page from another site cannot know it, and an old
//! copy of the page stops working. (Cross-site browser posts are also refused by `Origin` /
//! `Sec-Fetch-Site` in the web layer before they get here.)

use crate::crypto::{constant_time_eq, Cipher};

const LABEL: &str = "approval-link-form-v1";
/// A page left open longer than this must be reloaded before it can decide.
pub const FORM_TTL_MS: i64 = 60 * 60 * 1000;

pub fn form_mac(cipher: &Cipher, token_hash: &str, issued_at: i64) -> String {
    cipher.mac(LABEL, format!("{token_hash}:{issued_at}").as_bytes())
}

/// True when `mac` was made by this server for this token within the last hour.
pub fn form_ok(cipher: &Cipher, token_hash: &str, issued_at: i64, mac: &str, now: i64) -> bool {
    let fresh = issued_at <= now + 60_000 && now - issued_at <= FORM_TTL_MS;
    // Compare even when stale, so the answer takes the same time either way.
    let same = constant_time_eq(form_mac(cipher, token_hash, issued_at), mac);
    fresh && same
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::MasterKey;

    #[test]
    fn only_fresh_values_for_this_token_pass() {
        let cipher = Cipher::new(&MasterKey::generate());
        let mac = form_mac(&cipher, "hash-a", 1_000);
        assert!(form_ok(&cipher, "hash-a", 1_000, &mac, 2_000));
        assert!(
            !form_ok(&cipher, "hash-b", 1_000, &mac, 2_000),
            "another token"
        );
        assert!(
            !form_ok(&cipher, "hash-a", 1_001, &mac, 2_000),
            "another time"
        );
        assert!(
            !form_ok(&cipher, "hash-a", 1_000, &mac, 1_000 + FORM_TTL_MS + 1),
            "stale"
        );
        assert!(!form_ok(&cipher, "hash-a", 1_000, "", 2_000));
        let other = Cipher::new(&MasterKey::generate());
        assert!(
            !form_ok(&other, "hash-a", 1_000, &mac, 2_000),
            "another server key"
        );
    }
}
