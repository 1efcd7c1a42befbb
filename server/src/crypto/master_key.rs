//! The 32-byte master key: taken from settings, or read from (or generated once into)
//! `<data_dir>/master.key` with owner-only permissions.

use std::fmt;
use std::fs::{self, DirBuilder, OpenOptions};
use std::io::{ErrorKind, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use base64::Engine;
use rand::rngs::OsRng;
use rand::RngCore;
use subtle::ConstantTimeEq;

use super::CryptoError;
use crate::config::Settings;

pub const KEY_FILE_NAME: &str = "master.key";

/// `Debug` never shows the key; equality is constant-time.
#[derive(Clone)]
pub struct MasterKey([u8; 32]);

impl MasterKey {
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        OsRng.fill_bytes(&mut bytes);
        MasterKey(bytes)
    }

    /// Standard base64, padding optional (`openssl rand -base64 32` output works as is).
    pub fn from_base64(text: &str) -> Result<Self, CryptoError> {
        let bytes = STANDARD_NO_PAD
            .decode(text.trim().trim_end_matches('='))
            .map_err(|_| CryptoError::MalformedKey)?;
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| CryptoError::MalformedKey)?;
        Ok(MasterKey(bytes))
    }

    /// The key from `settings.master_key`, else the data directory's key file (created if absent).
    pub fn from_settings(settings: &Settings) -> Result<Self, CryptoError> {
        Self::load_or_create(settings.master_key.as_ref(), &settings.data_dir)
    }

    pub fn load_or_create(
        configured: Option<&MasterKey>,
        data_dir: &Path,
    ) -> Result<Self, CryptoError> {
        let path = data_dir.join(KEY_FILE_NAME);
        if let Some(key) = configured {
            // Secrets sealed under the file's key would no longer open; say so while it is cheap.
            if matches!(read_key_file(&path), Ok(file_key) if file_key != *key) {
                tracing::warn!(
                    path = %path.display(),
                    "master_key is configured and differs from the key file, which is ignored; \
                     secrets encrypted under the file's key will not decrypt"
                );
            }
            return Ok(key.clone());
        }
        match read_key_file(&path) {
            Err(CryptoError::KeyFile { error, .. }) if error.kind() == ErrorKind::NotFound => {
                create_key_file(&path, data_dir)
            }
            other => other,
        }
    }

    pub(super) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    fn to_base64(&self) -> String {
        STANDARD.encode(self.0)
    }
}

impl PartialEq for MasterKey {
    fn eq(&self, other: &Self) -> bool {
        self.0.ct_eq(&other.0).into()
    }
}

impl Eq for MasterKey {}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey(***)")
    }
}

fn read_key_file(path: &Path) -> Result<MasterKey, CryptoError> {
    let io = |error| CryptoError::KeyFile {
        path: path.to_owned(),
        error,
    };
    let meta = fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(io(std::io::Error::other("not a regular file")));
    }
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(CryptoError::KeyFilePermissions {
            path: path.to_owned(),
            mode,
        });
    }
    let text = fs::read_to_string(path).map_err(io)?;
    MasterKey::from_base64(&text).map_err(|_| CryptoError::MalformedKeyFile {
        path: path.to_owned(),
    })
}

fn create_key_file(path: &Path, data_dir: &Path) -> Result<MasterKey, CryptoError> {
    let io = |error| CryptoError::KeyFile {
        path: path.to_owned(),
        error,
    };
    // Owner-only when we create it: the directory also holds the SQLite database.
    DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(data_dir)
        .map_err(io)?;
    let key = MasterKey::generate();
    // create_new: never overwrite a key that data may already be sealed under.
    let mut file = match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(file) => file,
        // Another process sharing the data directory created it first; use that key.
        Err(error) if error.kind() == ErrorKind::AlreadyExists => return read_key_file(path),
        Err(error) => return Err(io(error)),
    };
    let written = file
        .write_all(format!("{}\n", key.to_base64()).as_bytes())
        .and_then(|()| file.sync_all());
    if let Err(error) = written {
        // A half-written key file would stop every later start; leave nothing behind.
        let _ = fs::remove_file(path);
        return Err(io(error));
    }
    tracing::info!(
        path = %path.display(),
        "generated a new master key; back it up together with the database"
    );
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An obviously fake key: base64 of 32 bytes of 0x42.
    const FAKE_KEY: &str = "QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI=";

    fn mode_of(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn parses_base64_with_or_without_padding() {
        let key = MasterKey::from_base64(FAKE_KEY).unwrap();
        assert_eq!(key.bytes(), &[0x42; 32]);
        assert_eq!(
            MasterKey::from_base64(FAKE_KEY.trim_end_matches('=')).unwrap(),
            key
        );
        assert_eq!(key.to_base64(), FAKE_KEY);
        assert!(MasterKey::from_base64("c2hvcnQ=").is_err(), "too short");
        assert!(MasterKey::from_base64("not base64!").is_err());
        assert!(
            MasterKey::from_base64(&STANDARD.encode([1u8; 33])).is_err(),
            "too long"
        );
    }

    #[test]
    fn debug_never_shows_the_key() {
        let key = MasterKey::from_base64(FAKE_KEY).unwrap();
        let debug = format!("{key:?} {:?}", Some(&key));
        assert!(!debug.contains("QkJC") && !debug.contains("66"), "{debug}");
        assert_eq!(format!("{key:?}"), "MasterKey(***)");
    }

    #[test]
    fn generates_once_with_owner_only_permissions_and_reuses_it() {
        let tmp = tempfile::tempdir().unwrap();
        let data_dir = tmp.path().join("nested").join("data");
        let first = MasterKey::load_or_create(None, &data_dir).unwrap();
        let path = data_dir.join(KEY_FILE_NAME);
        assert_eq!(mode_of(&path), 0o600);
        assert_eq!(mode_of(&data_dir), 0o700);
        let second = MasterKey::load_or_create(None, &data_dir).unwrap();
        assert_eq!(first, second, "the stored key is reused");
        assert_ne!(first, MasterKey::generate());
    }

    #[test]
    fn configured_key_wins_over_the_file() {
        let tmp = tempfile::tempdir().unwrap();
        MasterKey::load_or_create(None, tmp.path()).unwrap();
        let configured = MasterKey::from_base64(FAKE_KEY).unwrap();
        let key = MasterKey::load_or_create(Some(&configured), tmp.path()).unwrap();
        assert_eq!(key, configured);
    }

    #[test]
    fn configured_key_creates_no_file() {
        let tmp = tempfile::tempdir().unwrap();
        let configured = MasterKey::from_base64(FAKE_KEY).unwrap();
        MasterKey::load_or_create(Some(&configured), tmp.path()).unwrap();
        assert!(!tmp.path().join(KEY_FILE_NAME).exists());
    }

    #[test]
    fn refuses_a_key_file_readable_by_others() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(KEY_FILE_NAME);
        fs::write(&path, FAKE_KEY).unwrap();
        for mode in [0o644, 0o640, 0o604, 0o660] {
            fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
            let err = MasterKey::load_or_create(None, tmp.path()).unwrap_err();
            assert!(
                matches!(err, CryptoError::KeyFilePermissions { .. }),
                "{mode:o}"
            );
            let message = err.to_string();
            assert!(message.contains(&format!("mode {mode:o}")), "{message}");
            assert!(message.contains("chmod 600"), "{message}");
        }
        fs::set_permissions(&path, fs::Permissions::from_mode(0o400)).unwrap();
        let key = MasterKey::load_or_create(None, tmp.path()).unwrap();
        assert_eq!(key, MasterKey::from_base64(FAKE_KEY).unwrap());
    }

    #[test]
    fn refuses_a_malformed_key_file_without_replacing_it() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(KEY_FILE_NAME);
        fs::write(&path, "not a key\n").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
        let err = MasterKey::load_or_create(None, tmp.path()).unwrap_err();
        assert!(matches!(err, CryptoError::MalformedKeyFile { .. }), "{err}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "not a key\n");
    }

    #[test]
    fn from_settings_uses_the_data_dir() {
        let tmp = tempfile::tempdir().unwrap();
        let settings = Settings {
            data_dir: tmp.path().to_owned(),
            ..Settings::default()
        };
        let key = MasterKey::from_settings(&settings).unwrap();
        assert_eq!(MasterKey::load_or_create(None, tmp.path()).unwrap(), key);
    }
}
