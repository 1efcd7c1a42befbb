//! Random tokens for sessions and approval links, the hashes they are stored as, and
//! constant-time comparison for secrets presented by clients.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// `bytes` random bytes from the OS, as URL-safe base64 without padding (fits in a URL or cookie).
/// Use at least 32 bytes for anything that grants access.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    OsRng.fill_bytes(&mut buf);
    URL_SAFE_NO_PAD.encode(buf)
}

/// Lower-case hex SHA-256. Tokens are high-entropy, so a plain hash (no salt, no slow KDF) is
/// enough to make a leaked table of session or approval hashes useless.
pub fn sha256_hex(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(64);
    for byte in digest {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Equality whose time does not depend on where the inputs differ (only on their lengths,
/// which are not secret for fixed-size tokens and hashes).
pub fn constant_time_eq(a: impl AsRef<[u8]>, b: impl AsRef<[u8]>) -> bool {
    a.as_ref().ct_eq(b.as_ref()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_tokens_are_url_safe_sized_and_distinct() {
        let token = random_token(32);
        assert_eq!(token.len(), 43, "32 bytes is 43 unpadded base64 characters");
        assert!(token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_eq!(URL_SAFE_NO_PAD.decode(&token).unwrap().len(), 32);
        assert_ne!(random_token(32), random_token(32));
        assert_eq!(random_token(0), "");
    }

    #[test]
    fn sha256_hex_matches_known_vectors() {
        assert_eq!(
            sha256_hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn constant_time_eq_compares_content_and_length() {
        assert!(constant_time_eq("fake-token", "fake-token"));
        assert!(constant_time_eq(b"", b""));
        assert!(!constant_time_eq("fake-token", "fake-tokem"));
        assert!(!constant_time_eq("fake-token", "fake-token-longer"));
        assert!(!constant_time_eq(vec![1u8, 2], [1u8]));
    }
}
