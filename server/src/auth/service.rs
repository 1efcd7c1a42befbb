//! `AuthService` over the store: setup, sign-in with rate limits, sessions, and the MSP's
//! administrators for the Settings page.

use super::password::{dummy_verify, hash_password, verify_password};
use super::validate::{normalise_email, validate_setup};
use crate::clock::{fmt_utc, now_ms};
use crate::errors::internal;
use crate::store::{NewMspAdmin, NewSession, Store, StoreError};
use app::error::{AppError, ErrorCode};
use app::service::AuthService;
use app::wire::{
    AdminRow, CurrentUser, IssuedSession, MspSettingsView, RequestMeta, SetupInput, SignInInput,
};
use std::time::Duration;

#[derive(Clone)]
pub struct Auth {
    store: Store,
    session_ttl: Duration,
    max_failures: i64,
    window: Duration,
}

impl Auth {
    pub fn new(store: Store, session_ttl: Duration, max_failures: u32, window: Duration) -> Self {
        Self {
            store,
            session_ttl,
            max_failures: i64::from(max_failures),
            window,
        }
    }

    async fn issue_session(&self, user_id: app::ids::UserId) -> Result<IssuedSession, AppError> {
        let token = crate::crypto::random_token(32);
        let now = now_ms();
        let ttl = self.session_ttl.as_millis() as i64;
        let session = NewSession {
            token_hash: crate::crypto::sha256_hex(&token),
            user_id,
            created_at: now,
            expires_at: now + ttl,
        };
        self.store.create_session(session).await?;
        Ok(IssuedSession {
            token,
            max_age_secs: ttl / 1000,
        })
    }

    /// Both the account and the address get a budget, so neither guessing one password
    /// across many accounts nor many passwords against one account gets far.
    fn scopes(email: &str, meta: &RequestMeta) -> Vec<String> {
        let mut scopes = vec![format!("acct:{email}")];
        if let Some(ip) = &meta.client_ip {
            scopes.push(format!("ip:{ip}"));
        }
        scopes
    }

    async fn check_limit(&self, scopes: &[String]) -> Result<(), AppError> {
        let since = now_ms() - self.window.as_millis() as i64;
        for scope in scopes {
            let failures = self.store.count_sign_in_failures(scope, since).await?;
            if failures >= self.max_failures {
                let minutes = self.window.as_secs().div_ceil(60);
                return Err(AppError::new(
                    ErrorCode::RateLimited,
                    format!("Too many failed sign-ins. Wait {minutes} minutes and try again."),
                ));
            }
        }
        Ok(())
    }
}

#[async_trait::async_trait]
impl AuthService for Auth {
    async fn needs_setup(&self) -> Result<bool, AppError> {
        Ok(self.store.count_users().await? == 0)
    }

    async fn setup(
        &self,
        input: SetupInput,
        _meta: &RequestMeta,
    ) -> Result<IssuedSession, AppError> {
        let email = validate_setup(&input)?;
        let password = input.password.clone();
        let password_hash = tokio::task::spawn_blocking(move || hash_password(&password))
            .await
            .map_err(internal)?
            .map_err(internal)?;
        let new = NewMspAdmin {
            msp_name: input.msp_name.trim().to_string(),
            name: input.name.trim().to_string(),
            email,
            password_hash,
            now: now_ms(),
        };
        let user = match self.store.create_msp_with_admin(new).await {
            Ok(u) => u,
            Err(StoreError::Conflict(_)) => {
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    "Relay is already set up. Sign in with an existing administrator account.",
                ))
            }
            Err(e) => return Err(e.into()),
        };
        self.issue_session(user.id).await
    }

    async fn sign_in(
        &self,
        input: SignInInput,
        meta: &RequestMeta,
    ) -> Result<IssuedSession, AppError> {
        let email = normalise_email(&input.email)?;
        if input.password.is_empty() {
            return Err(AppError::validation("password", "Enter your password."));
        }
        let scopes = Self::scopes(&email, meta);
        self.check_limit(&scopes).await?;
        let user = self.store.user_by_email(&email).await?;
        let password = input.password.clone();
        let (ok, user) = tokio::task::spawn_blocking(move || match user {
            Some(u) => (verify_password(&password, &u.password_hash), Some(u)),
            None => {
                dummy_verify(&password);
                (false, None)
            }
        })
        .await
        .map_err(internal)?;
        match (ok, user) {
            (true, Some(user)) => {
                self.store.clear_sign_in_failures(&scopes[0]).await?;
                self.issue_session(user.id).await
            }
            (_, user) => {
                for scope in &scopes {
                    self.store.record_sign_in_failure(scope, now_ms()).await?;
                }
                // The admin asked for distinct messages; the rate limit keeps enumeration slow.
                Err(if user.is_some() {
                    AppError::validation(
                        "password",
                        "That password is not right. Check it and try again.",
                    )
                } else {
                    AppError::validation(
                        "email",
                        "No administrator account uses that email address.",
                    )
                })
            }
        }
    }

    async fn sign_out(&self, token: &str) -> Result<(), AppError> {
        self.store
            .delete_session(&crate::crypto::sha256_hex(token))
            .await
            .map_err(AppError::from)
    }

    async fn session_user(&self, token: &str) -> Result<Option<CurrentUser>, AppError> {
        let found = self
            .store
            .session_user(&crate::crypto::sha256_hex(token), now_ms())
            .await?;
        Ok(found.map(|s| CurrentUser {
            user_id: s.user_id,
            msp_id: s.msp_id,
            msp_name: s.msp_name,
            name: s.name,
            email: s.email,
        }))
    }

    async fn msp_settings(&self, user: &CurrentUser) -> Result<MspSettingsView, AppError> {
        let msp = self
            .store
            .msp(user.msp_id)
            .await?
            .ok_or_else(|| AppError::not_found("Your MSP"))?;
        let admins = self.store.list_users(user.msp_id).await?;
        Ok(MspSettingsView {
            msp_name: msp.name,
            admins: admins
                .into_iter()
                .map(|u| AdminRow {
                    name: u.name,
                    email: u.email,
                    created_at: fmt_utc(u.created_at),
                })
                .collect(),
        })
    }
}
