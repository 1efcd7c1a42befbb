//! The budget panel's form: Relay's own hourly ceiling of Autotask requests.

use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{form::Form, integrations::AUTOTASK_PAGE};

/// `ceiling` is the form's text; empty removes the ceiling.
#[server(endpoint = "integrations/autotask/budget")]
pub async fn set_relay_ceiling(ceiling: String) -> Result<(), AppError> {
    let user = super::ctx::user()?;
    let form = Form::back_to(AUTOTASK_PAGE)
        .keep("ceiling", &ceiling)
        .then_plain(AUTOTASK_PAGE);
    let parsed = match ceiling.trim() {
        "" => Ok(None),
        text => text.parse::<u64>().map(Some).map_err(|_| {
            AppError::validation(
                "ceiling",
                "Enter a whole number of requests per hour, or leave it empty.",
            )
        }),
    };
    form.run(|s| async move {
        s.integrations
            .set_relay_hourly_ceiling(&user, parsed?)
            .await
    })
    .await
    .map(drop)
}
