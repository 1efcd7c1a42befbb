//! Sign-in, first-admin setup and sign-out.

use crate::error::AppError;
use crate::wire::CurrentUser;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{ctx, form::Form};

#[server(endpoint = "auth/setup")]
pub async fn setup(
    msp_name: String,
    name: String,
    email: String,
    password: String,
    password_confirm: String,
) -> Result<(), AppError> {
    let form = Form::back_to("/setup")
        .keep("msp_name", &msp_name)
        .keep("name", &name)
        .keep("email", &email)
        .then_go("/settings/integrations");
    let input = crate::wire::SetupInput {
        msp_name,
        name,
        email,
        password,
        password_confirm,
    };
    let session = form
        .run(|s| async move { s.auth.setup(input, &ctx::meta()).await })
        .await?;
    ctx::set_session_cookie(&session.token, session.max_age_secs);
    Ok(())
}

#[server(endpoint = "auth/sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    let next = super::safe_next(next.as_deref().unwrap_or("/clients"));
    let form = Form::back_to("/login")
        .keep("email", &email)
        .keep("next", &next)
        .then_go(&next);
    let input = crate::wire::SignInInput { email, password };
    let session = form
        .run(|s| async move { s.auth.sign_in(input, &ctx::meta()).await })
        .await?;
    ctx::set_session_cookie(&session.token, session.max_age_secs);
    Ok(())
}

#[server(endpoint = "auth/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    if let Some(token) = ctx::session_token() {
        ctx::services()?.auth.sign_out(&token).await?;
    }
    ctx::clear_session_cookie();
    leptos_axum::redirect("/login");
    Ok(())
}

#[server(endpoint = "auth/me")]
pub async fn me() -> Result<CurrentUser, AppError> {
    ctx::user()
}
