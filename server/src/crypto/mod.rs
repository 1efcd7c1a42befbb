//! Secrets at rest and tokens: the master key, the XChaCha20-Poly1305 cipher built from it, and
//! helpers for random tokens, token hashes and constant-time comparison.

mod audit_key;
mod cipher;
mod master_key;
mod tokens;

pub use audit_key::AuditKey;
pub use cipher::Cipher;
pub use master_key::{MasterKey, KEY_FILE_NAME};
pub use tokens::{constant_time_eq, random_token, sha256_hex};

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("master key is not base64 of exactly 32 bytes")]
    MalformedKey,
    #[error("master key file {}: {error}", path.display())]
    KeyFile {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("master key file {} is not base64 of exactly 32 bytes", path.display())]
    MalformedKeyFile { path: PathBuf },
    #[error(
        "master key file {} is accessible by group or others (mode {mode:o}); \
         run `chmod 600 {}` and start again",
        path.display(),
        path.display()
    )]
    KeyFilePermissions { path: PathBuf, mode: u32 },
    /// Not produced by this cipher: wrong prefix or broken encoding.
    #[error("encrypted value is malformed")]
    MalformedCiphertext,
    /// Tampered with, bound to different associated data, or sealed under another key.
    #[error("encrypted value failed authentication")]
    Authentication,
    #[error("decrypted value is not UTF-8")]
    NotUtf8,
}
