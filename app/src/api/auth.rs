//! Sign-in, first-admin setup and sign-out.

use crate::error::AppError;
use crate::wire::CurrentUser;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::ctx;

#[server(endpoint = "auth/setup")]
pub async fn setup(
    msp_name: String,
    name: String,
    email: String,
    password: String,
    password_confirm: String,
) -> Result<(), AppError> {
    let input = crate::wire::SetupInput {
        msp_name,
        name,
        email,
        password,
        password_confirm,
    };
    let keep = [
        ("msp_name", input.msp_name.clone()),
        ("name", input.name.clone()),
        ("email", input.email.clone()),
    ];
    let keep: Vec<(&str, &str)> = keep.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let result = async {
        ctx::services()?
            .auth
            .setup(input.clone(), &ctx::meta())
            .await
    }
    .await;
    match result {
        Ok(session) => {
            ctx::set_session_cookie(&session.token, session.max_age_secs);
            leptos_axum::redirect("/settings/integrations");
            Ok(())
        }
        Err(e) => ctx::fail(e, "/setup", &keep),
    }
}

#[server(endpoint = "auth/sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    let next = super::safe_next(next.as_deref().unwrap_or("/clients"));
    let input = crate::wire::SignInInput {
        email: email.clone(),
        password,
    };
    let result = async { ctx::services()?.auth.sign_in(input, &ctx::meta()).await }.await;
    match result {
        Ok(session) => {
            ctx::set_session_cookie(&session.token, session.max_age_secs);
            super::redirect(&next);
            Ok(())
        }
        Err(e) => ctx::fail(e, "/login", &[("email", &email), ("next", &next)]),
    }
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
