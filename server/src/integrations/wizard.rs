//! The credential checks a save runs, in order, and the field each failure belongs to.

use super::tenants::Tenants;
use crate::autotask::{AutotaskError, Company, Credentials, Filter, Query, Zone};
use crate::errors::internal;
use app::error::{AppError, ErrorCode};
use app::ids::{ResourceId, UserId};
use app::wire::{AutotaskCredentialsInput, ConnectStep};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// What the checks found out, ready to store.
pub struct Validated {
    pub zone: Zone,
    pub api_user_resource_id: ResourceId,
}

/// The step each user's save is on, for the page to poll while the save runs.
#[derive(Clone, Default)]
pub struct StepBoard(Arc<Mutex<HashMap<UserId, ConnectStep>>>);

impl StepBoard {
    pub fn set(&self, user_id: UserId, step: Option<ConnectStep>) {
        let mut board = self.0.lock().unwrap_or_else(|p| p.into_inner());
        match step {
            Some(step) => board.insert(user_id, step),
            None => board.remove(&user_id),
        };
    }

    pub fn get(&self, user_id: UserId) -> Option<ConnectStep> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&user_id)
            .copied()
    }
}

/// Trims and checks the form; the tracking identifier's length is not enforced because
/// sources disagree (26 or 27 characters).
pub fn clean(input: AutotaskCredentialsInput) -> Result<AutotaskCredentialsInput, AppError> {
    let username = input.username.trim().to_string();
    let tracking_id = input.tracking_id.trim().to_string();
    let secret = input.secret.trim().to_string();
    if username.is_empty() || !username.contains('@') || username.len() > 254 {
        return Err(AppError::validation(
            "username",
            "Enter the API user's username; it looks like an e-mail address.",
        ));
    }
    if secret.is_empty() || secret.len() > 512 {
        return Err(AppError::validation(
            "secret",
            "Enter the API user's secret.",
        ));
    }
    if tracking_id.is_empty() || tracking_id.len() > 128 {
        return Err(AppError::validation(
            "tracking_id",
            "Enter the API Tracking Identifier from the API user's page.",
        ));
    }
    Ok(AutotaskCredentialsInput {
        username,
        secret,
        tracking_id,
    })
}

/// Zone lookup, a Companies query, then the API user's resource id; `on_step` is told before
/// each. Spends three or four requests.
pub async fn validate(
    tenants: &Tenants,
    input: &AutotaskCredentialsInput,
    on_step: impl Fn(ConnectStep),
) -> Result<Validated, AppError> {
    on_step(ConnectStep::FindZone);
    let zone = tenants
        .client()
        .resolve_zone(&input.username)
        .await
        .map_err(|e| map_error(ConnectStep::FindZone, e))?;
    let tenant = tenants.unsaved(Credentials::new(
        &input.username,
        input.secret.as_str(),
        &input.tracking_id,
    ));
    on_step(ConnectStep::CheckCredentials);
    let probe = Query::new()
        .filter(Filter::gte("id", 0))
        .include_fields(["id"])
        .max_records(1);
    tenant
        .query_page::<Company>(&probe)
        .await
        .map_err(|e| map_error(ConnectStep::CheckCredentials, e))?;
    on_step(ConnectStep::FindApiUser);
    let api_user_resource_id = tenant
        .api_user_resource_id()
        .await
        .map_err(|e| map_error(ConnectStep::FindApiUser, e))?;
    Ok(Validated {
        zone,
        api_user_resource_id,
    })
}

/// Every failure an admin can fix lands on the field to fix; the rest is a banner.
pub fn map_error(step: ConnectStep, err: AutotaskError) -> AppError {
    use AutotaskError as E;
    match err {
        E::ZoneNotFound { .. } => AppError::validation(
            "username",
            "Autotask does not know this API user. Copy the username from Admin → Resources/Users → \
             API Users (it looks like an e-mail address).",
        ),
        E::Unauthorized { .. } => AppError::validation(
            "secret",
            // Autotask answers 401 for a wrong tracking identifier too; the secret is the
            // likelier culprit, so the error sits there and names both.
            "Autotask rejected this username and secret (401). Enter the secret again (if it is \
             lost, generate a new one on the API user's page) and check the API Tracking \
             Identifier.",
        ),
        E::Validation { ref messages } if messages.iter().any(|m| m.to_ascii_lowercase().contains("integrationcode")) => {
            AppError::validation(
                "tracking_id",
                "Autotask refused this API Tracking Identifier. Copy it from the API user's page \
                 (API Tracking Identifier section).",
            )
        }
        // Autotask's own business-rule messages say what it refused; show them as they are.
        E::Validation { messages } => AppError::new(
            ErrorCode::Upstream,
            format!("Autotask refused the check: {}", messages.join("; ")),
        ),
        E::ApiUserNotFound { .. } => AppError::validation(
            "username",
            "No Autotask resource matches this API user. Check that the username belongs to an \
             API-only user (Security Level: API User).",
        ),
        E::ApiUserAmbiguous { candidates, .. } => AppError::validation(
            "username",
            format!(
                "Several Autotask resources match this API user ({}). Give the API user a unique \
                 username.",
                candidates.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
            ),
        ),
        E::PermissionDenied { .. } => AppError::validation(
            "username",
            "This API user may not read Companies. Give it the API User (API-only) security level.",
        ),
        E::InsecureUrl { url } => AppError::new(
            ErrorCode::Upstream,
            format!(
                "Autotask pointed to {url}, which is not https. Relay sends the API user's secret \
                 only over https, so nothing was sent or saved."
            ),
        ),
        E::Redirected { .. } => AppError::new(
            ErrorCode::Upstream,
            "Autotask answered with a redirect. Relay does not forward the API user's secret to \
             another address, so nothing was saved; check the Autotask zone lookup URL setting.",
        ),
        e if e.is_transient() => {
            tracing::warn!(step = ?step, error = %e, "Autotask unavailable during connect");
            AppError::new(
                ErrorCode::UpstreamUnavailable,
                format!(
                    "Autotask could not be reached or answered too slowly while {}. Nothing was \
                     saved; try again in a moment.",
                    step.label().to_lowercase()
                ),
            )
        }
        e => {
            let mut app = internal(e);
            app.code = ErrorCode::Upstream;
            app
        }
    }
}
