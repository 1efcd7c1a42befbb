//! From stored settings to a working provider: unseal the secret, parse the Traceless paths,
//! refuse plain-http URLs (except loopback, for the simulated provider), and build the MSP's
//! phrase changes for the classifier. The settings service and the verification flow share it.

use super::duo::{Duo, DuoConfig};
use super::traceless::{Traceless, TracelessConfig, TracelessPaths};
use super::{PhraseChanges, VerificationProvider};
use crate::crypto::Cipher;
use crate::store::{PhraseRecord, VerificationSettingsRecord};
use app::ids::MspId;
use app::states::{PhraseChange, VerifierKind};
use serde::{Deserialize, Serialize};

/// Five minutes: how long a person has to answer, unless the MSP chose otherwise.
pub const DEFAULT_TIMEOUT_SECS: i64 = 300;

/// The associated data sealing an MSP's provider secret, so a sealed value cannot be moved to
/// another MSP's row.
pub fn secret_aad(msp_id: MspId) -> Vec<u8> {
    format!("msp:{}:verification-secret", msp_id.get()).into_bytes()
}

/// Why stored settings cannot produce a provider; each is fixed on the settings page.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConnectError {
    #[error("no secret is stored for the provider")]
    MissingSecret,
    #[error("the stored secret cannot be decrypted with this server's key")]
    Undecryptable,
    #[error("the provider URL is not a valid https URL: {0}")]
    BadUrl(String),
    #[error("the Traceless paths are not valid: {0}")]
    BadPaths(String),
}

/// The Traceless paths as stored (JSON); a missing field keeps its default.
#[derive(Serialize, Deserialize, Default)]
pub struct StoredPaths {
    pub check: Option<String>,
    pub start: Option<String>,
    pub status: Option<String>,
    pub cancel: Option<String>,
}

pub fn paths_from(stored: Option<&str>) -> Result<TracelessPaths, ConnectError> {
    let mut paths = TracelessPaths::default();
    let Some(text) = stored else { return Ok(paths) };
    let s: StoredPaths =
        serde_json::from_str(text).map_err(|e| ConnectError::BadPaths(e.to_string()))?;
    for (slot, given) in [
        (&mut paths.check, s.check),
        (&mut paths.start, s.start),
        (&mut paths.status, s.status),
        (&mut paths.cancel, s.cancel),
    ] {
        if let Some(given) = given {
            if !given.starts_with('/') {
                return Err(ConnectError::BadPaths(format!(
                    "{given:?} must start with /"
                )));
            }
            *slot = given;
        }
    }
    if !paths.status.contains("{id}") || !paths.cancel.contains("{id}") {
        return Err(ConnectError::BadPaths(
            "status and cancel paths need {id}".into(),
        ));
    }
    Ok(paths)
}

/// https, or http on a loopback address (the simulated provider in the demo and tests).
pub fn provider_url(text: &str) -> Result<url::Url, ConnectError> {
    let url = url::Url::parse(text.trim()).map_err(|e| ConnectError::BadUrl(e.to_string()))?;
    let loopback = matches!(url.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        other => Err(ConnectError::BadUrl(format!(
            "scheme {other} is not allowed"
        ))),
    }
}

/// The MSP's provider, or None when none is connected (the unverified-ticket policy applies).
pub fn provider_for(
    record: &VerificationSettingsRecord,
    cipher: &Cipher,
    http: reqwest::Client,
) -> Result<Option<Box<dyn VerificationProvider>>, ConnectError> {
    let Some(kind) = record.provider else {
        return Ok(None);
    };
    let sealed = record
        .secret_enc
        .as_deref()
        .ok_or(ConnectError::MissingSecret)?;
    let secret = cipher
        .decrypt_string(sealed, &secret_aad(record.msp_id))
        .map_err(|_| ConnectError::Undecryptable)?;
    let base_url = provider_url(&record.base_url)?;
    Ok(Some(match kind {
        VerifierKind::Traceless => Box::new(Traceless::new(
            TracelessConfig {
                base_url,
                paths: paths_from(record.paths.as_deref())?,
                organization_id: record.account_id.clone(),
                signing_secret: secret,
                default_push: record.default_push,
            },
            http,
        )),
        VerifierKind::Duo => Box::new(Duo::new(
            DuoConfig {
                base_url,
                integration_key: record.account_id.clone(),
                secret_key: secret,
            },
            http,
        )),
    }))
}

/// The classifier's view of an MSP's stored phrase changes.
pub fn phrase_changes(records: &[PhraseRecord]) -> PhraseChanges {
    let mut changes = PhraseChanges::default();
    for r in records {
        match r.change {
            PhraseChange::Add => changes.added.push(r.phrase.clone()),
            PhraseChange::Remove => changes.removed.push(r.phrase.clone()),
        }
    }
    changes
}
