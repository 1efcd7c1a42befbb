//! Authenticated encryption of secrets at rest: XChaCha20-Poly1305 under the master key, stored
//! as `v1:` followed by URL-safe base64 of the 24-byte random nonce and the ciphertext.

use std::fmt;
use std::sync::Arc;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::rngs::OsRng;
use sha2::Sha256;

use super::{AuditKey, CryptoError, MasterKey};

/// The prefix names the format, so a later scheme (another algorithm, key rotation) can be told
/// apart from values already stored.
const V1: &str = "v1:";
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

/// Cheap to clone (one `Arc`); `Debug` never shows the key.
#[derive(Clone)]
pub struct Cipher {
    aead: Arc<XChaCha20Poly1305>,
    /// Derived from the same master key; signs audit checkpoints.
    audit: AuditKey,
    /// Derived from the same master key; keys `mac` (one-time codes, form anti-forgery values).
    mac_key: Arc<[u8; 32]>,
}

impl Cipher {
    pub fn new(key: &MasterKey) -> Self {
        Cipher {
            aead: Arc::new(XChaCha20Poly1305::new(Key::from_slice(key.bytes()))),
            audit: AuditKey::derive(key),
            mac_key: Arc::new(derive_mac_key(key)),
        }
    }

    /// HMAC-SHA256 under a key derived from the master key, as lower-case hex. `label` keeps
    /// the uses apart (a code's hash can never pass as a form's anti-forgery value).
    pub fn mac(&self, label: &str, message: &[u8]) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.mac_key.as_slice())
            .expect("HMAC takes a key of any length");
        mac.update(label.as_bytes());
        mac.update(&[0]);
        mac.update(message);
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// The checkpoint signing key derived from this cipher's master key.
    pub fn audit_key(&self) -> &AuditKey {
        &self.audit
    }

    /// `aad` binds the value to its place (e.g. `b"integration:42:secret"`), so a sealed value
    /// copied into another row or column fails to decrypt.
    pub fn encrypt(&self, plaintext: &[u8], aad: &[u8]) -> String {
        // A random 192-bit nonce never repeats in practice, so no counter has to be stored.
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .aead
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad,
                },
            )
            // Fails only for plaintexts beyond ~256 GiB, far past anything stored here.
            .expect("plaintext within XChaCha20-Poly1305 limits");
        let mut bytes = Vec::with_capacity(NONCE_LEN + sealed.len());
        bytes.extend_from_slice(&nonce);
        bytes.extend_from_slice(&sealed);
        format!("{V1}{}", URL_SAFE_NO_PAD.encode(bytes))
    }

    pub fn decrypt(&self, sealed: &str, aad: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let encoded = sealed
            .strip_prefix(V1)
            .ok_or(CryptoError::MalformedCiphertext)?;
        let bytes = URL_SAFE_NO_PAD
            .decode(encoded)
            .map_err(|_| CryptoError::MalformedCiphertext)?;
        if bytes.len() < NONCE_LEN + TAG_LEN {
            return Err(CryptoError::MalformedCiphertext);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        self.aead
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad,
                },
            )
            .map_err(|_| CryptoError::Authentication)
    }

    pub fn encrypt_str(&self, plaintext: &str, aad: &[u8]) -> String {
        self.encrypt(plaintext.as_bytes(), aad)
    }

    pub fn decrypt_string(&self, sealed: &str, aad: &[u8]) -> Result<String, CryptoError> {
        String::from_utf8(self.decrypt(sealed, aad)?).map_err(|_| CryptoError::NotUtf8)
    }
}

/// A separate key for MACs, so no MAC ever shares a key with the encryption.
fn derive_mac_key(master: &MasterKey) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(master.bytes())
        .expect("HMAC takes a key of any length");
    mac.update(b"relay-mac-key-v1");
    mac.finalize().into_bytes().into()
}

impl fmt::Debug for Cipher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Cipher(XChaCha20-Poly1305, key ***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AAD: &[u8] = b"integration:1:autotask_secret";

    fn cipher() -> Cipher {
        Cipher::new(&MasterKey::generate())
    }

    #[test]
    fn round_trips_and_is_versioned() {
        let cipher = cipher();
        let sealed = cipher.encrypt(b"fake-secret-for-tests", AAD);
        assert!(sealed.starts_with("v1:"), "{sealed}");
        assert!(!sealed.contains("fake-secret"));
        assert_eq!(
            cipher.decrypt(&sealed, AAD).unwrap(),
            b"fake-secret-for-tests"
        );
        let empty = cipher.encrypt(b"", AAD);
        assert_eq!(cipher.decrypt(&empty, AAD).unwrap(), b"");
        let text = cipher.encrypt_str("fake-password", AAD);
        assert_eq!(cipher.decrypt_string(&text, AAD).unwrap(), "fake-password");
    }

    #[test]
    fn nonces_are_fresh_each_time() {
        let cipher = cipher();
        assert_ne!(cipher.encrypt(b"same", AAD), cipher.encrypt(b"same", AAD));
    }

    #[test]
    fn macs_are_keyed_and_labelled() {
        let cipher = cipher();
        let one = cipher.mac("approval-code", b"1:approve:123456");
        assert_eq!(one.len(), 64);
        assert_eq!(
            one,
            cipher.clone().mac("approval-code", b"1:approve:123456")
        );
        assert_ne!(one, cipher.mac("approval-form", b"1:approve:123456"));
        assert_ne!(
            one,
            self::cipher().mac("approval-code", b"1:approve:123456")
        );
    }

    #[test]
    fn clones_share_the_key() {
        let cipher = cipher();
        let sealed = cipher.clone().encrypt(b"fake", AAD);
        assert_eq!(cipher.decrypt(&sealed, AAD).unwrap(), b"fake");
    }

    #[test]
    fn tampering_fails() {
        let cipher = cipher();
        let sealed = cipher.encrypt(b"fake-secret", AAD);
        let mut bytes = URL_SAFE_NO_PAD.decode(&sealed[3..]).unwrap();
        for index in [0, NONCE_LEN, bytes.len() - 1] {
            bytes[index] ^= 1;
            let tampered = format!("v1:{}", URL_SAFE_NO_PAD.encode(&bytes));
            assert!(matches!(
                cipher.decrypt(&tampered, AAD),
                Err(CryptoError::Authentication)
            ));
            bytes[index] ^= 1;
        }
        let truncated = &sealed[..sealed.len() - 4];
        assert!(cipher.decrypt(truncated, AAD).is_err());
    }

    #[test]
    fn wrong_aad_or_key_fails() {
        let cipher = cipher();
        let sealed = cipher.encrypt(b"fake-secret", AAD);
        assert!(matches!(
            cipher.decrypt(&sealed, b"integration:2:autotask_secret"),
            Err(CryptoError::Authentication)
        ));
        assert!(matches!(
            self::cipher().decrypt(&sealed, AAD),
            Err(CryptoError::Authentication)
        ));
    }

    #[test]
    fn malformed_input_is_refused() {
        let cipher = cipher();
        for bad in ["", "v2:AAAA", "plain text", "v1:!!!", "v1:AAAA"] {
            assert!(
                matches!(
                    cipher.decrypt(bad, AAD),
                    Err(CryptoError::MalformedCiphertext)
                ),
                "{bad}"
            );
        }
        let not_utf8 = cipher.encrypt(&[0xff, 0xfe], AAD);
        assert!(matches!(
            cipher.decrypt_string(&not_utf8, AAD),
            Err(CryptoError::NotUtf8)
        ));
    }

    #[test]
    fn debug_never_shows_the_key() {
        let key = MasterKey::from_base64("QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI=").unwrap();
        let debug = format!("{:?}", Cipher::new(&key));
        assert!(!debug.contains("QkJC") && !debug.contains("66"), "{debug}");
    }
}
