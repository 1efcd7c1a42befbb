//! The form's input → the row to store: validated field by field, the secret sealed, and a
//! stored secret kept only for the provider it belongs to.

use super::validate;
use crate::crypto::Cipher;
use crate::store::{KeyChange, Millis, VerificationSettingsRecord, VerificationSettingsUpdate};
use app::error::AppError;
use app::states::VerifierKind;
use app::verification::VerificationSettingsInput;
use app::wire::CurrentUser;

use super::super::connect::secret_aad;

pub(super) fn update(
    input: &VerificationSettingsInput,
    stored: Option<&VerificationSettingsRecord>,
    cipher: &Cipher,
    user: &CurrentUser,
    now: Millis,
) -> Result<VerificationSettingsUpdate, AppError> {
    let provider = validate::provider(&input.provider)?;
    let (base_url, account_id, typed, paths) = match provider {
        // Disconnecting forgets the provider's address, account and secret.
        None => (String::new(), String::new(), None, None),
        Some(VerifierKind::Traceless) => (
            validate::traceless_url(&input.traceless_url)?,
            validate::token(&input.organization_id, "organization_id", "organisation id")?,
            validate::secret(&input.traceless_secret, "traceless_secret")?,
            validate::paths(input)?,
        ),
        Some(VerifierKind::Duo) => (
            validate::duo_url(&input.duo_host)?,
            validate::token(&input.integration_key, "integration_key", "integration key")?,
            validate::secret(&input.duo_secret, "duo_secret")?,
            None,
        ),
    };
    let timeout_secs = validate::timeout_secs(&input.timeout_secs)?;
    let secret = match (provider, typed) {
        (None, _) => KeyChange::Clear,
        (Some(_), Some(typed)) => {
            KeyChange::Set(cipher.encrypt_str(&typed, &secret_aad(user.msp_id)))
        }
        (Some(kind), None) => {
            // A Traceless secret means nothing to Duo: switching needs the new one.
            let same = stored.is_some_and(|r| r.provider == Some(kind) && r.secret_enc.is_some());
            if !same {
                let (field, what) = match kind {
                    VerifierKind::Traceless => ("traceless_secret", "signing secret"),
                    VerifierKind::Duo => ("duo_secret", "secret key"),
                };
                return Err(AppError::validation(
                    field,
                    format!("Enter the {what}: none is stored for this provider yet."),
                ));
            }
            KeyChange::Keep
        }
    };
    Ok(VerificationSettingsUpdate {
        provider,
        base_url,
        account_id,
        secret,
        paths,
        default_push: input.default_push,
        timeout_secs,
        without_provider: input.without_provider,
        updated_by: user.user_id,
        now,
    })
}
