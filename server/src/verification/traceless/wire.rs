//! Traceless request and answer bodies, and how HTTP failures map to provider errors.

use crate::verification::provider::{ChallengeError, ChallengeStatus, ProviderError};
use app::states::PushMethod;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
pub struct StartBody<'a> {
    pub organization_id: &'a str,
    pub email: &'a str,
    pub push_method: PushMethod,
    pub message: &'a str,
}

#[derive(Deserialize)]
pub struct Challenge {
    pub id: String,
    pub status: String,
    #[serde(default)]
    pub reason: Option<String>,
}

impl Challenge {
    pub fn status(&self) -> Result<ChallengeStatus, ProviderError> {
        Ok(match self.status.as_str() {
            "pending" => ChallengeStatus::Pending,
            "approved" => ChallengeStatus::Approved,
            "denied" => ChallengeStatus::Denied,
            "expired" => ChallengeStatus::Expired,
            "cancelled" => ChallengeStatus::Cancelled,
            "failed" => ChallengeStatus::Failed(failure(self.reason.as_deref())),
            other => return Err(ProviderError::Protocol(format!("status {other:?}"))),
        })
    }
}

fn failure(reason: Option<&str>) -> ChallengeError {
    match reason {
        Some("no_device") => ChallengeError::NoDevice,
        Some(other) => ChallengeError::Provider(other.to_string()),
        None => ChallengeError::Provider("no reason given".into()),
    }
}

#[derive(Deserialize, Default)]
struct Failure {
    #[serde(default)]
    error: Option<String>,
}

/// Passes 2xx answers on; turns the rest into the error an MSP or the retry logic can act on.
pub async fn check_status(response: reqwest::Response) -> Result<reqwest::Response, ProviderError> {
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let failure: Failure = response.json().await.unwrap_or_default();
    let what = failure.error.clone().unwrap_or_else(|| "no detail".into());
    Err(match status.as_u16() {
        401 | 403 => ProviderError::Auth(format!("HTTP {status}: {what}")),
        404 | 422 if failure.error.is_some() => {
            ProviderError::Refused(self::failure(failure.error.as_deref()))
        }
        429 | 500.. => ProviderError::Unavailable(format!("HTTP {status}: {what}")),
        _ => ProviderError::Protocol(format!("HTTP {status}: {what}")),
    })
}

pub async fn json<T: for<'de> Deserialize<'de>>(
    response: reqwest::Response,
) -> Result<T, ProviderError> {
    response
        .json()
        .await
        .map_err(|e| ProviderError::Protocol(format!("not the expected JSON: {e}")))
}
