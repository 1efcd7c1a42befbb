//! The client page's list of identity verifications: the store's rows in the caller's MSP,
//! worded for technicians (the e-mail only ever masked).

use crate::clock::fmt_utc;
use crate::pipeline::ticket_url;
use crate::store::{Store, VerificationRecord};
use app::error::AppError;
use app::ids::ClientId;
use app::wire::{ClientVerificationView, CurrentUser};

/// How many the page lists.
const SHOWN: i64 = 20;

pub(super) async fn list(
    store: &Store,
    user: &CurrentUser,
    client: ClientId,
) -> Result<Vec<ClientVerificationView>, AppError> {
    store
        .client_detail(user.msp_id, client)
        .await?
        .ok_or_else(|| AppError::not_found("That client"))?;
    let web_url = store
        .active_integration(user.msp_id)
        .await?
        .map(|i| i.web_url);
    let rows = store.client_verifications(client, SHOWN).await?;
    Ok(rows
        .into_iter()
        .filter(|v| v.msp_id == user.msp_id)
        .map(|v| view(v, web_url.as_deref()))
        .collect())
}

fn view(v: VerificationRecord, web_url: Option<&str>) -> ClientVerificationView {
    let challenge = match (&v.provider, &v.push_method, &v.email_masked) {
        (Some(provider), Some(method), Some(email)) => {
            Some(format!("{provider}, {method} to {email}"))
        }
        _ => None,
    };
    ClientVerificationView {
        id: v.id,
        session_id: v.session_id,
        ticket_id: v.ticket_id,
        ticket_url: web_url.and_then(|w| ticket_url(w, v.ticket_id)),
        state: v.state,
        reason: v.reason,
        state_reason: v.state_reason,
        challenge,
        created_at: fmt_utc(v.created_at),
        decided_at: v.decided_at.map(fmt_utc),
    }
}
